"""The distance converter in Qt, with PySide6's widgets."""

from __future__ import annotations

import sys

from gui_units import Direction, convert
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)


class ConverterWindow(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Distance converter")
        self.distance = QLineEdit(placeholderText="12.5")
        self.button = QPushButton("Convert")
        self.result = QLabel("Type a distance and press Enter")

        layout = QGridLayout(self)
        layout.addWidget(self.distance, 0, 0)
        layout.addWidget(self.button, 0, 1)
        # Radio buttons with the same parent exclude each other: one is always checked.
        self.choices = {direction: QRadioButton(direction.value) for direction in Direction}
        for row, choice in enumerate(self.choices.values(), start=1):
            layout.addWidget(choice, row, 0, 1, 2)
        self.choices[Direction.KM_TO_MILES].setChecked(True)
        layout.addWidget(self.result, 3, 0, 1, 2)

        # Signals and slots: Qt calls convert() when either signal fires.
        self.button.clicked.connect(self.convert)
        self.distance.returnPressed.connect(self.convert)

    def selected(self) -> Direction:
        return next(d for d, choice in self.choices.items() if choice.isChecked())

    def convert(self) -> None:
        try:
            self.result.setText(convert(self.distance.text(), self.selected()))
        except ValueError as error:
            self.result.setText(str(error))


if __name__ == "__main__":
    app = QApplication(sys.argv)
    window = ConverterWindow()
    window.show()
    sys.exit(app.exec())
