"""The distance converter in tkinter, with the themed ttk widgets."""

from __future__ import annotations

import tkinter as tk
from tkinter import ttk

from gui_units import Direction, convert


class ConverterFrame(ttk.Frame):
    def __init__(self, master: tk.Misc) -> None:
        super().__init__(master, padding=12)
        # Variables hold what the widgets show: set one and its widget follows.
        self.distance = tk.StringVar()
        self.direction = tk.StringVar(value=Direction.KM_TO_MILES.name)
        self.answer = tk.StringVar(value="Type a distance and press Enter")

        self.entry = ttk.Entry(self, textvariable=self.distance, width=16)
        self.choices = [
            ttk.Radiobutton(self, text=d.value, value=d.name, variable=self.direction)
            for d in Direction
        ]
        self.button = ttk.Button(self, text="Convert", command=self.convert)
        self.result = ttk.Label(self, textvariable=self.answer, width=32)

        self.entry.grid(row=0, column=0, sticky="we", pady=(0, 8))
        self.button.grid(row=0, column=1, padx=(8, 0), pady=(0, 8))
        for row, choice in enumerate(self.choices, start=1):
            choice.grid(row=row, column=0, columnspan=2, sticky="w")
        self.result.grid(row=3, column=0, columnspan=2, sticky="w", pady=(8, 0))

        self.entry.bind("<Return>", lambda event: self.convert())
        self.entry.focus_set()

    def convert(self) -> None:
        try:
            self.answer.set(convert(self.distance.get(), Direction[self.direction.get()]))
        except ValueError as error:
            self.answer.set(str(error))


def make_window() -> tuple[tk.Tk, ConverterFrame]:
    root = tk.Tk()
    root.title("Distance converter")
    ttk.Style(root).theme_use("clam")  # the built-in theme that looks best on Linux
    frame = ConverterFrame(root)
    frame.pack(fill="both", expand=True)
    return root, frame


if __name__ == "__main__":
    root, _ = make_window()
    root.mainloop()
