"""The ``:`` command and ``/`` filter prompt: one Input with completion and per-mode history."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import Input

from console.ui.commands import completions


class History:
    """Up/down recall like a shell; duplicates collapse to the newest use."""

    def __init__(self, limit: int = 100) -> None:
        self.items: list[str] = []
        self.limit = limit
        self._pos = 0

    def add(self, line: str) -> None:
        if not line:
            return
        if line in self.items:
            self.items.remove(line)
        self.items.append(line)
        del self.items[: -self.limit]
        self.reset()

    def reset(self) -> None:
        self._pos = len(self.items)

    def older(self) -> str | None:
        if not self.items:
            return None
        self._pos = max(0, self._pos - 1)
        return self.items[self._pos]

    def newer(self) -> str:
        self._pos = min(len(self.items), self._pos + 1)
        return self.items[self._pos] if self._pos < len(self.items) else ""


class CommandPrompt(Input):
    """Hidden until ``:`` or ``/``; enter submits, esc cancels (never does anything else)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", show=False, id="prompt.cancel"),
        Binding("up", "history(-1)", "Older", show=False, id="prompt.older"),
        Binding("down", "history(1)", "Newer", show=False, id="prompt.newer"),
        Binding("tab", "complete", "Complete", show=False, id="prompt.complete"),
    ]

    class PromptSubmitted(Message):
        def __init__(self, mode: str, value: str) -> None:
            super().__init__()
            self.mode = mode
            self.value = value

    class PromptCancelled(Message):
        def __init__(self, mode: str) -> None:
            super().__init__()
            self.mode = mode

    class PromptChanged(Message):
        """The filter text changed while typing (the table filters live)."""

        def __init__(self, mode: str, value: str) -> None:
            super().__init__()
            self.mode = mode
            self.value = value

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, suggester=SuggestFromList(completions(), case_sensitive=False))
        self.mode = "command"
        self.histories = {"command": History(), "filter": History()}

    def open(self, mode: str, value: str = "") -> None:
        self.mode = mode
        self.histories[mode].reset()
        # Completion is only for commands; a filter is free text.
        self.suggester = SuggestFromList(completions(), case_sensitive=False) if mode == "command" else None
        self.value = value
        self.cursor_position = len(value)
        self.display = True
        self.focus()

    def close(self) -> None:
        self.display = False

    @property
    def glyph(self) -> str:
        return ":" if self.mode == "command" else "/"

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # Re-posted with the mode so the screen knows a filter from a command.
        event.stop()
        self.histories[self.mode].add(self.value.strip())
        self.post_message(self.PromptSubmitted(self.mode, self.value.strip()))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.PromptChanged(self.mode, event.value))

    def action_cancel(self) -> None:
        self.post_message(self.PromptCancelled(self.mode))

    def action_history(self, direction: int) -> None:
        history = self.histories[self.mode]
        line = history.older() if direction < 0 else history.newer()
        if line is not None:
            self.value = line
            self.cursor_position = len(line)

    def action_complete(self) -> None:
        if self._suggestion:
            self.value = self._suggestion
            self.cursor_position = len(self.value)
