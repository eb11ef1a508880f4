"""Describe webhook events from a code-hosting service, with structural pattern matching.

Each ``case`` states the shape of one kind of event and binds the parts it needs, so the
checks ("is it a dict, has it this key, is that an int") and the unpacking happen together.
"""

from __future__ import annotations

from typing import Any


def describe(event: Any) -> str:
    match event:
        case {"type": "push", "branch": str(branch), "commits": [_, *_] as commits}:
            return f"{len(commits)} commit(s) pushed to {branch}"
        case {"type": "push", "branch": str(branch)}:
            return f"empty push to {branch}"
        case {"type": "issue", "action": "opened" | "reopened" as action, "number": int(number)}:
            return f"issue #{number} {action}"
        case {"type": "issue", "action": str(action)}:
            return f"issue event {action!r} ignored"
        case {"type": str(kind)}:
            return f"unknown event type {kind!r}"
        case _:
            raise ValueError(f"not an event: {event!r}")
