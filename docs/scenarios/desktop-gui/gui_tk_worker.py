"""A tkinter window that stays responsive while a slow job runs in a thread.

Only the main thread may touch Tk. The worker thread puts messages on a queue, and the
window reads the queue on the main thread, between other events, through ``after()``.
"""

from __future__ import annotations

import queue
import threading
import tkinter as tk
from tkinter import ttk

from gui_primes import count_primes

POLL_MS = 50  # how often the window reads the queue: 20 times a second


class PrimeCounter(ttk.Frame):
    def __init__(self, master: tk.Misc, limit: int) -> None:
        super().__init__(master, padding=12)
        self.limit = limit
        self.messages: queue.Queue[tuple[str, int | None]] = queue.Queue()
        self.stop = threading.Event()
        self.worker: threading.Thread | None = None

        self.status = tk.StringVar(value=f"Count the primes below {limit:,}")
        self.bar = ttk.Progressbar(self, maximum=100, length=240)
        self.start_button = ttk.Button(self, text="Start", command=self.start)
        self.cancel_button = ttk.Button(self, text="Cancel", command=self.stop.set)
        self.cancel_button.state(["disabled"])
        ttk.Label(self, textvariable=self.status).grid(row=0, column=0, columnspan=2, sticky="w")
        self.bar.grid(row=1, column=0, columnspan=2, pady=8)
        self.start_button.grid(row=2, column=0, sticky="w")
        self.cancel_button.grid(row=2, column=1, sticky="e")

    def start(self) -> None:
        self.stop.clear()
        self.start_button.state(["disabled"])
        self.cancel_button.state(["!disabled"])
        self.status.set("Counting…")
        self.worker = threading.Thread(target=self.work, daemon=True)
        self.worker.start()
        self.after(POLL_MS, self.poll)

    def work(self) -> None:
        """Runs in the worker thread: it talks to the window only through the queue."""
        total = count_primes(
            self.limit, lambda percent: self.messages.put(("progress", percent)), self.stop.is_set
        )
        self.messages.put(("done", total))

    def poll(self) -> None:
        """Runs in the main thread, every POLL_MS, until the worker says it is done."""
        while True:
            try:
                kind, value = self.messages.get_nowait()
            except queue.Empty:
                break
            if kind == "progress":
                self.bar["value"] = value
            else:
                self.finish(value)
                return
        self.after(POLL_MS, self.poll)

    def finish(self, total: int | None) -> None:
        self.status.set("Cancelled" if total is None else f"{total:,} primes")
        self.start_button.state(["!disabled"])
        self.cancel_button.state(["disabled"])


if __name__ == "__main__":
    root = tk.Tk()
    root.title("Prime counter")
    PrimeCounter(root, limit=3_000_000).pack(fill="both", expand=True)
    root.mainloop()
