"""A Qt window that stays responsive while a slow job runs in a QThread.

The thread emits signals; Qt delivers them to the window's slots on the GUI thread, so
the slots may touch widgets and the thread never does.
"""

from __future__ import annotations

import sys

from gui_primes import count_primes
from PySide6.QtCore import QThread, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QWidget,
)


class PrimeJob(QThread):
    progressed = Signal(int)
    counted = Signal(object)  # the count, or None when cancelled

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def run(self) -> None:  # the only method that runs in the new thread
        total = count_primes(self.limit, self.progressed.emit, self.isInterruptionRequested)
        self.counted.emit(total)


class PrimeCounter(QWidget):
    def __init__(self, limit: int) -> None:
        super().__init__()
        self.setWindowTitle("Prime counter")
        self.job = PrimeJob(limit)
        self.status = QLabel(f"Count the primes below {limit:,}")
        self.bar = QProgressBar()
        self.start_button = QPushButton("Start")
        self.cancel_button = QPushButton("Cancel", enabled=False)
        layout = QGridLayout(self)
        layout.addWidget(self.status, 0, 0, 1, 2)
        layout.addWidget(self.bar, 1, 0, 1, 2)
        layout.addWidget(self.start_button, 2, 0)
        layout.addWidget(self.cancel_button, 2, 1)

        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.job.requestInterruption)
        self.job.progressed.connect(self.bar.setValue)
        self.job.counted.connect(self.finish)

    def start(self) -> None:
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.status.setText("Counting…")
        self.job.start()

    def finish(self, total: int | None) -> None:
        self.status.setText("Cancelled" if total is None else f"{total:,} primes")
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.job.requestInterruption()  # a QThread destroyed while running aborts Python
        self.job.wait()
        super().closeEvent(event)


if __name__ == "__main__":
    app = QApplication(sys.argv)
    window = PrimeCounter(limit=3_000_000)
    window.show()
    sys.exit(app.exec())
