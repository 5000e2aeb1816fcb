"""The confirmation dialog every operation goes through, naming its targets.

Nothing is sent until the dialog is dismissed with parameters: ``esc`` and Cancel
dismiss with None. A dangerous operation (``typed`` set) keeps Confirm disabled
until the object's name, or for a bulk operation the number of objects, is typed.
Subclasses add their options in ``compose_options`` and return them from ``params``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from console.ui.dialogs.validation import typed_matches

__all__ = ["MAX_LISTED", "ConfirmDialog", "Request", "Target"]

MAX_LISTED = 12  # targets listed by name; the rest are counted


@dataclass(frozen=True, slots=True)
class Target:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Request:
    """What the user is asked to confirm.

    ``noun`` is the kind in words ("VM", "host"); ``skipped`` are marked objects whose
    status refuses the operation, with the reason: listed, never sent.
    """

    title: str
    noun: str
    targets: tuple[Target, ...]
    skipped: tuple[tuple[str, str], ...] = ()
    dangerous: bool = False
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def typed(self) -> str | None:
        """What must be typed to confirm: the name, or the count for a bulk operation."""
        if not self.dangerous:
            return None
        return self.targets[0].name if len(self.targets) == 1 else str(len(self.targets))

    def heading(self) -> str:
        count = len(self.targets)
        noun = self.noun if count == 1 else f"{self.noun}s"
        return f"{self.title.rstrip('…')} {count} {noun}?"


def target_lines(targets: Sequence[Target], skipped: Sequence[tuple[str, str]] = ()) -> Text:
    """The targets by name (literal: engine names may contain markup), then the skipped ones."""
    text = Text(end="")
    for target in targets[:MAX_LISTED]:
        text.append("  • ")
        text.append(target.name, style="bold")
        text.append("\n")
    if len(targets) > MAX_LISTED:
        text.append(f"  … and {len(targets) - MAX_LISTED} more\n", style="dim")
    for name, reason in skipped[:MAX_LISTED]:
        text.append("  skipped: ", style="yellow")
        text.append(name)
        text.append(f" ({reason})\n", style="dim")
    if len(skipped) > MAX_LISTED:
        text.append(f"  … and {len(skipped) - MAX_LISTED} more skipped\n", style="dim")
    text.rstrip()
    return text


class ConfirmDialog(ModalScreen[dict[str, Any] | None]):
    """Confirm (or type to confirm) an operation; dismisses with its parameters or None."""

    BINDINGS: ClassVar = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def __init__(self, request: Request) -> None:
        super().__init__(classes="operation-dialog")
        self.request = request

    # -- layout ----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        request = self.request
        with Vertical(id="op-box", classes="dangerous" if request.dangerous else ""):
            yield Static(Text(request.heading(), style="bold"), id="op-title")
            with VerticalScroll(id="op-targets"):
                yield Static(target_lines(request.targets, request.skipped))
            if request.note:
                yield Static(Text(request.note), id="op-note")
            yield from self.compose_options()
            if request.typed is not None:
                what = "the name" if len(request.targets) == 1 else "the number of objects"
                prompt = Text(f"Dangerous: type {what} to confirm: ", end="")
                prompt.append(request.typed, style="bold")
                yield Static(prompt, id="op-typed-prompt")
                yield Input(id="op-typed")
            yield Static("", id="op-error")
            with Horizontal(id="op-buttons"):
                yield Button(request.title.rstrip("…"), id="op-confirm",
                             variant="error" if request.dangerous else "primary",
                             disabled=request.typed is not None)
                yield Button("Cancel (esc)", id="op-cancel")

    def compose_options(self) -> ComposeResult:
        """Subclasses yield their option widgets here."""
        return
        yield

    def on_mount(self) -> None:
        if self.request.typed is not None:
            self.query_one("#op-typed", Input).focus()
        else:
            self.focus_first_option()

    def focus_first_option(self) -> None:
        self.query_one("#op-confirm", Button).focus()

    # -- behaviour -------------------------------------------------------------------------
    def params(self) -> dict[str, Any] | None:
        """The operation's parameters, or None after showing why they are not valid."""
        return {}

    def show_error(self, message: str) -> None:
        self.query_one("#op-error", Static).update(Text(message, style="bold red"))

    @property
    def typed_ok(self) -> bool:
        expected = self.request.typed
        if expected is None:
            return True
        return typed_matches(expected, self.query_one("#op-typed", Input).value)

    @on(Input.Changed, "#op-typed")
    def _typed_changed(self, event: Input.Changed) -> None:
        self.query_one("#op-confirm", Button).disabled = not self.typed_ok
        self.show_error("")

    @on(Input.Submitted, "#op-typed")
    def _typed_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.confirm()

    @on(Button.Pressed, "#op-confirm")
    def _confirm_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.confirm()

    @on(Button.Pressed, "#op-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def confirm(self) -> None:
        if not self.typed_ok:
            self.show_error(f"type {self.request.typed} exactly to confirm")
            return
        params = self.params()
        if params is not None:
            self.dismiss(params)

    def action_cancel(self) -> None:
        self.dismiss(None)
