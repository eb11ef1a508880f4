"""The Python support table and release calendar, both drawn from one data file.

``.. python-support-table:: python-releases.toml`` is a table of every release in the file:
version, first release, status on the file's ``status-on`` day, end of bug fixes, end of life.
``.. python-release-calendar:: python-releases.toml`` (with ``:alt:``, ``:caption:`` and
``:name:``) is a graphviz diagram of the same rows: one bar per version, quarter by quarter,
green while it gets bug fixes, amber while it gets security fixes only. fieldguide.diagrams
draws it like every other diagram. A page that uses either is rebuilt when the file changes.

A file that is not valid TOML, a release without one of the keys, or a date that is not
YYYY-MM or YYYY-MM-DD is a build error naming the file (and the line, where TOML knows it).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.errors import ExtensionError
from sphinx.ext.graphviz import figure_wrapper, graphviz
from sphinx.util.docutils import SphinxDirective

KEYS = ("version", "schedule-pep", "released", "bugfix-until", "end-of-life")
HEADERS = ("Version", "Released", "Status", "Bug fixes to", "End of life")
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


@dataclass(frozen=True)
class Release:
    version: str
    schedule_pep: int
    released: str
    bugfix_until: str
    end_of_life: str

    def status(self, on: tuple[int, int]) -> str:
        """The status in the month ``on``: bugfix, security, end of life or planned."""
        if on < month(self.released):
            return "planned"
        if on <= month(self.bugfix_until):
            return "bugfix"
        if on <= month(self.end_of_life):
            return "security"
        return "end of life"


def month(text: str) -> tuple[int, int]:
    found = _DATE.match(text)
    if not found:
        raise ValueError(f"{text!r} is not a date of the form YYYY-MM or YYYY-MM-DD")
    return int(found.group(1)), int(found.group(2))


def load(path: Path) -> tuple[date, list[Release]]:
    """The ``status-on`` day and the releases of a data file, newest first as written."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ExtensionError(f"{path}: {error}") from error
    releases = []
    for number, row in enumerate(data.get("release", []), 1):
        missing = [key for key in KEYS if key not in row]
        if missing:
            raise ExtensionError(f"{path}: release {number} has no {', '.join(missing)}")
        try:
            for key in ("released", "bugfix-until", "end-of-life"):
                month(row[key])
        except ValueError as error:
            raise ExtensionError(f"{path}: release {row['version']}: {error}") from error
        releases.append(Release(*(row[key] for key in KEYS)))
    if not releases or "status-on" not in data:
        raise ExtensionError(f"{path}: needs status-on and at least one [[release]]")
    return date.fromisoformat(data["status-on"]), releases


class _ReleasesDirective(SphinxDirective):
    required_arguments = 1

    def releases(self) -> tuple[date, list[Release]]:
        relative, absolute = self.env.relfn2path(self.arguments[0])
        self.env.note_dependency(relative)
        return load(Path(absolute))


class PythonSupportTable(_ReleasesDirective):
    """The support table: one row per release, its status computed for ``status-on``."""

    def run(self) -> list[nodes.Node]:
        status_on, releases = self.releases()
        today = (status_on.year, status_on.month)
        rows = [
            (r.version, r.released, r.status(today), r.bugfix_until, r.end_of_life)
            for r in releases
        ]
        table = nodes.table(classes=["python-support-table"])
        title = f"Status on {status_on.day} {status_on:%B %Y}"
        table += nodes.title(title, title)
        group = nodes.tgroup(cols=len(HEADERS))
        table += group
        group.extend(nodes.colspec(colwidth=1) for _ in HEADERS)
        head, body = nodes.thead(), nodes.tbody()
        group += [head, body]
        for parent, cells in [(head, HEADERS), *((body, row) for row in rows)]:
            row_node = nodes.row()
            for text in cells:
                row_node += nodes.entry("", nodes.paragraph(text, text))
            parent += row_node
        self.set_source_info(table)
        return [table]


def quarters(releases: list[Release]) -> list[tuple[int, int]]:
    """(year, first month) of every quarter from the first release's year to the last end
    of life's year."""
    first = min(month(r.released)[0] for r in releases)
    last = max(month(r.end_of_life)[0] for r in releases)
    return [(year, start) for year in range(first, last + 1) for start in (1, 4, 7, 10)]


def calendar_dot(status_on: date, releases: list[Release]) -> str:
    """dot code for the calendar: an HTML-like table, one row per release, one column per
    quarter, coloured by what the release gets in that quarter."""
    columns = quarters(releases)
    years = sorted({year for year, _ in columns})
    today = (status_on.year, status_on.month)
    now = next(n for n, (y, m) in enumerate(columns) if (y, m) <= today < (y, m + 3))
    cell = 'WIDTH="11" HEIGHT="18" FIXEDSIZE="TRUE"'
    fills = {"bugfix": "@green", "security": "@amber"}
    rows = [
        "<TR><TD></TD>"
        + "".join(
            f'<TD COLSPAN="4" BORDER="1" SIDES="L" COLOR="{LINE}" ALIGN="LEFT"> {year}</TD>'
            for year in years
        )
        + "</TR>",
        "<TR><TD></TD>"
        + (f'<TD COLSPAN="{now}"></TD>' if now else "")
        + f'<TD COLSPAN="{len(columns) - now}" ALIGN="LEFT">'
        + f" {status_on.day} {status_on:%b %Y}</TD></TR>",
    ]
    for release in releases:
        cells = []
        for year, start in columns:
            phase = release.status((year, start))
            fill = f' BGCOLOR="{fills[phase]}"' if phase in fills else ""
            border = (
                f' SIDES="L" BORDER="1" COLOR="{LINE}"' if (year, start) == columns[now] else ""
            )
            cells.append(f"<TD {cell}{fill}{border}></TD>")
        rows.append(f'<TR><TD ALIGN="RIGHT">{release.version}  </TD>{"".join(cells)}</TR>')
    table = "\n".join(rows)
    return (
        "digraph calendar {\n"
        "  node [shape=plaintext, margin=0];\n"
        f'  calendar [label=<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0"'
        f' CELLPADDING="0">\n{table}\n</TABLE>>];\n'
        '  legend [label=<<TABLE BORDER="0" CELLSPACING="4"><TR>'
        f'<TD {cell} BGCOLOR="@green"></TD><TD>bug and security fixes   </TD>'
        f'<TD {cell} BGCOLOR="@amber"></TD><TD>security fixes only</TD>'
        "</TR></TABLE>>];\n"
        "  ranksep=0.05;\n  calendar -> legend [style=invis];\n"
        "}\n"
    )


LINE = "#8a939e"  # fieldguide.diagrams.LINE_GREY: the theme's border colour


class PythonReleaseCalendar(_ReleasesDirective):
    """The release calendar as a diagram (a figure when it has a caption)."""

    option_spec: ClassVar[dict[str, object]] = {
        "alt": directives.unchanged_required,
        "caption": directives.unchanged,
        "name": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        status_on, releases = self.releases()
        node = graphviz()
        node["code"] = calendar_dot(status_on, releases)
        node["options"] = {"docname": self.env.current_document.docname}
        node["alt"] = self.options.get("alt", "")
        node["classes"] = ["python-release-calendar"]
        self.set_source_info(node)
        if "caption" not in self.options:
            self.add_name(node)
            return [node]
        figure = figure_wrapper(self, node, self.options["caption"])
        self.add_name(figure)
        return [figure]


def setup(app: object) -> dict[str, object]:
    app.add_directive("python-support-table", PythonSupportTable)  # type: ignore[attr-defined]
    app.add_directive("python-release-calendar", PythonReleaseCalendar)  # type: ignore[attr-defined]
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
