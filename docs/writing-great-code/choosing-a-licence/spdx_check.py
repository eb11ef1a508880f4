"""Check the licence metadata of a pyproject.toml: an SPDX expression (PEP 639) built from
an allow-list of licences, licence files that exist, and no leftover licence classifiers.

Usage: python spdx_check.py [path/to/pyproject.toml]
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

# The licences this project accepts, spelled as SPDX spells them. Extend it deliberately.
ALLOWED = frozenset(
    {
        "0BSD",
        "AGPL-3.0-only",
        "AGPL-3.0-or-later",
        "Apache-2.0",
        "BSD-2-Clause",
        "BSD-3-Clause",
        "CC-BY-4.0",
        "CC-BY-SA-4.0",
        "GPL-3.0-only",
        "GPL-3.0-or-later",
        "LGPL-3.0-only",
        "LGPL-3.0-or-later",
        "MIT",
        "MPL-2.0",
    }
)
EXCEPTIONS = frozenset({"LLVM-exception", "Classpath-exception-2.0"})
# Identifiers SPDX has deprecated because they do not say "only" or "or later".
DEPRECATED = {
    "AGPL-3.0": "AGPL-3.0-only",
    "AGPL-3.0+": "AGPL-3.0-or-later",
    "GPL-3.0": "GPL-3.0-only",
    "GPL-3.0+": "GPL-3.0-or-later",
    "LGPL-3.0": "LGPL-3.0-only",
}
TOKEN = re.compile(r"\s*(\(|\)|[A-Za-z0-9.+-]+)")
OPERATORS = ("AND", "OR", "WITH")


def tokens(expression: str) -> list[str]:
    found, position = [], 0
    while position < len(expression.rstrip()):
        match = TOKEN.match(expression, position)
        if match is None:
            raise ValueError(f"unexpected character {expression[position:].strip()[0]!r}")
        found.append(match[1])
        position = match.end()
    return found


def check_expression(expression: str) -> list[str]:
    """Problems with an SPDX licence expression, or an empty list if it is fine."""
    try:
        parts = tokens(expression)
    except ValueError as error:
        return [f"license: {error}"]
    if not parts:
        return ["license: the expression is empty"]
    problems: list[str] = []
    depth, expect_licence, after_with = 0, True, False
    for part in parts:
        if part == "(" and expect_licence:
            depth += 1
        elif part == ")" and not expect_licence and depth:
            depth -= 1
        elif expect_licence and part not in ("(", ")") and part.upper() not in OPERATORS:
            problems += check_identifier(part, after_with)
            expect_licence, after_with = False, False
        elif not expect_licence and part in OPERATORS:
            expect_licence, after_with = True, part == "WITH"
        elif part.upper() in OPERATORS and part not in OPERATORS:
            return [f"license: write the operator {part!r} in capitals: {part.upper()}"]
        else:
            return [f"license: {expression!r} is not a valid SPDX expression (at {part!r})"]
    if expect_licence or depth:
        return [f"license: {expression!r} is incomplete"]
    return problems


def check_identifier(identifier: str, is_exception: bool) -> list[str]:
    if is_exception:
        return [] if identifier in EXCEPTIONS else [f"license: unknown exception {identifier!r}"]
    if identifier.startswith("LicenseRef-"):
        return []  # a licence of your own, described in a licence file
    if identifier in DEPRECATED:
        return [f"license: {identifier} is deprecated in SPDX; say {DEPRECATED[identifier]}"]
    canonical = {name.casefold(): name for name in ALLOWED}.get(identifier.casefold())
    if canonical is None:
        return [f"license: {identifier!r} is not on this project's allow-list"]
    if canonical != identifier:
        return [f"license: write {identifier!r} as SPDX spells it: {canonical}"]
    return []


def check_pyproject(path: Path) -> list[str]:
    """Every problem with the licence metadata of the pyproject.toml at ``path``."""
    project = tomllib.loads(path.read_text(encoding="utf-8")).get("project", {})
    licence = project.get("license")
    problems: list[str] = []
    if licence is None:
        problems.append('license: missing; add an SPDX expression such as license = "MIT"')
    elif isinstance(licence, dict):
        problems.append(
            "license: the table form ({text = ...} or {file = ...}) is deprecated by PEP 639; "
            "use an SPDX expression string and license-files"
        )
    else:
        problems += check_expression(licence)
    if any(c.startswith("License ::") for c in project.get("classifiers", [])):
        problems.append("classifiers: drop the 'License ::' classifiers; license replaces them")
    patterns = project.get("license-files")
    if not patterns:
        problems.append('license-files: missing; list the licence texts, e.g. ["LICENSE"]')
    for pattern in patterns or []:
        if pattern.startswith("/") or ".." in Path(pattern).parts:
            problems.append(f"license-files: {pattern!r} must be relative, inside the project")
        elif not any(match.is_file() for match in path.parent.glob(pattern)):
            problems.append(f"license-files: {pattern!r} matches no file")
    return problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0] if args else "pyproject.toml")
    problems = check_pyproject(path)
    for problem in problems:
        print(f"{path}: {problem}")
    if not problems:
        print(f"{path}: licence metadata OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
