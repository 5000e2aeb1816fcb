"""The operation line above the status line: the running operation, its correlation id, then its result.

Hidden while there is nothing to say, so an idle console draws nothing extra.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

__all__ = ["OperationLine"]


class OperationLine(Widget):
    DEFAULT_CSS = """
    OperationLine { height: 1; display: none; }
    OperationLine.-shown { display: block; }
    """

    content: reactive[Text] = reactive(Text(""), layout=False)

    def show(self, text: Text) -> None:
        self.content = text
        self.set_class(bool(text.plain), "-shown")

    def render(self) -> Text:
        return self.content
