"""Python 3.15: lazy imports, frozendict and unpacking in comprehensions."""

lazy import json

DEFAULTS = frozendict(colour="auto", retries=3)


def settings_json(overrides: dict[str, object]) -> str:
    # json is loaded here, on first use, not when this module is imported.
    return json.dumps(DEFAULTS | overrides, sort_keys=True)


def flatten(rows: list[list[int]]) -> list[int]:
    return [*row for row in rows]
