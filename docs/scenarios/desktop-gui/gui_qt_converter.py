"""The distance converter in Qt, with PySide6's widgets."""

from __future__ import annotations

import sys

from gui_units import Direction, convert
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
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
        self.choices = QButtonGroup(self)
        self.button = QPushButton("Convert")
        self.result = QLabel("Type a distance and press Enter")

        layout = QGridLayout(self)
        layout.addWidget(self.distance, 0, 0)
        layout.addWidget(self.button, 0, 1)
        for row, direction in enumerate(Direction, start=1):
            choice = QRadioButton(direction.value)
            self.choices.addButton(choice, row)
            layout.addWidget(choice, row, 0, 1, 2)
        self.choices.button(1).setChecked(True)
        layout.addWidget(self.result, 3, 0, 1, 2)

        # Signals and slots: Qt calls convert() when either signal fires.
        self.button.clicked.connect(self.convert)
        self.distance.returnPressed.connect(self.convert)

    def selected(self) -> Direction:
        return list(Direction)[self.choices.checkedId() - 1]

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
