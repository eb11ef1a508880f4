"""The distance converter as a terminal UI, with Textual."""

from __future__ import annotations

from gui_units import Direction, convert
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Footer, Input, Label, RadioButton, RadioSet


class ConverterApp(App[None]):
    TITLE = "Distance converter"
    CSS = """
    Screen { padding: 1 2; }
    #row { height: auto; }
    Input { width: 24; }
    RadioSet { margin: 1 0; }
    """
    BINDINGS = [("ctrl+q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        with Horizontal(id="row"):
            yield Input(placeholder="12.5", id="distance")
            yield Button("Convert", id="convert")
        with RadioSet(id="direction"):
            for number, direction in enumerate(Direction):
                yield RadioButton(direction.value, value=number == 0, name=direction.name)
        yield Label("Type a distance and press Enter", id="answer")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.convert()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.convert()

    def convert(self) -> None:
        pressed = self.query_one(RadioSet).pressed_button
        direction = Direction[pressed.name] if pressed and pressed.name else Direction.KM_TO_MILES
        answer = self.query_one("#answer", Label)
        try:
            answer.update(convert(self.query_one(Input).value, direction))
        except ValueError as error:
            answer.update(str(error))


if __name__ == "__main__":
    ConverterApp().run()
