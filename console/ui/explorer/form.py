"""An action's form: one field per ``<action>`` parameter, confirmed like every operation."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Static

from console.backend.action_forms import ActionForm, build_body
from console.ui.dialogs.confirm import ConfirmDialog, Request, Target

__all__ = ["DANGEROUS_VERBS", "ActionFormDialog"]

# Like the typed views: what cannot be taken back needs the object's name typed.
DANGEROUS_VERBS = frozenset({"stop", "reset", "fence", "forceremove", "destroy", "undeploy"})


class ActionFormDialog(ConfirmDialog):
    """Dismisses with the filled parameters (name -> text) once they build a valid body."""

    def __init__(self, form: ActionForm, name: str, noun: str = "object") -> None:
        title = form.method.replace("_", " ").capitalize() + "…"
        note = f"POST {form.path}/{form.verb}"
        if not form.known:
            note += "  (not in the services index: sent as an empty <action/>)"
        request = Request(title, noun, (Target(form.path, name or form.path),), dangerous=form.verb in DANGEROUS_VERBS,
                          note=note)
        super().__init__(request)
        self.form = form

    def compose_options(self) -> ComposeResult:
        with VerticalScroll(id="explorer-form"):
            for param in self.form.params:
                with Horizontal(classes="explorer-field"):
                    yield Static(Text(param.name), classes="explorer-field-name")
                    yield Input(placeholder=param.hint, id=f"param-{param.name}")

    def focus_first_option(self) -> None:
        fields = self.query(Input)
        if fields:
            fields.first().focus()
        else:
            super().focus_first_option()

    def values(self) -> dict[str, str]:
        return {p.name: self.query_one(f"#param-{p.name}", Input).value for p in self.form.params}

    def params(self) -> dict[str, Any] | None:
        values = {k: v for k, v in self.values().items() if v.strip()}
        try:
            build_body(self.form, values)  # the same check the backend makes, shown here first
        except ValueError as error:
            self.show_error(str(error))
            return None
        return values

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id and event.input.id.startswith("param-"):
            event.stop()
            self.confirm()
