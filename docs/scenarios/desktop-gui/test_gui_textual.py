"""The Textual converter, driven by Textual's pilot.

``run_test()`` runs the real app (its message loop, its widgets, its layout) with a
headless driver in place of the terminal; the pilot presses keys and clicks where a user
would, at a given terminal size.
"""

from __future__ import annotations

import asyncio

from gui_textual_converter import ConverterApp
from textual.widgets import Input, Label, RadioSet


def answer(app: ConverterApp) -> str:
    return str(app.query_one("#answer", Label).content)


def test_typing_a_distance_and_pressing_enter() -> None:
    async def scenario() -> None:
        app = ConverterApp()
        async with app.run_test(size=(60, 16)) as pilot:
            assert answer(app) == "Type a distance and press Enter"
            assert isinstance(app.focused, Input)  # the first focusable widget
            await pilot.press("1", "2", ".", "5", "enter")
            assert answer(app) == "7.77 mi"

    asyncio.run(scenario())


def test_keyboard_only_switch_of_direction_and_a_mouse_click() -> None:
    async def scenario() -> None:
        app = ConverterApp()
        async with app.run_test(size=(60, 16)) as pilot:
            await pilot.press(*"12.5")
            await pilot.press("tab", "tab")  # past the Convert button to the radio set
            assert isinstance(app.focused, RadioSet)
            await pilot.press("down", "enter")  # select "Miles to kilometres"
            await pilot.click("#convert")
            assert answer(app) == "20.12 km"

    asyncio.run(scenario())


def test_bad_input_shows_the_message_and_ctrl_q_quits() -> None:
    async def scenario() -> None:
        app = ConverterApp()
        async with app.run_test(size=(60, 16)) as pilot:
            await pilot.press(*"1,5", "enter")
            assert answer(app) == "Use a point for decimals and no thousands separator"
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert app.return_code == 0
        assert not app.is_running

    asyncio.run(scenario())
