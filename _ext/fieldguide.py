"""The Field Guide's own Sphinx extension: samples, review dates and the same-origin guard.

What it does (the contract the content and the theme are written against):

``:reviewed-on: YYYY-MM-DD``
    File-wide field before a chapter's title. It must be an ISO date, not in the future.
    Its value (or ``None``) is ``fieldguide_reviewed_on`` in the HTML page context. A page
    that has samples but no review date is a warning (file and line).

``.. good-example:: reason`` / ``.. bad-example:: reason``
    A container with class ``example-good`` / ``example-bad`` holding a label paragraph
    (class ``example-label``: "Good: reason" / "Bad: reason") and then the content.
    Code in a bad example is *marked*: never executed (doctest markup inside it is turned
    into plain display), but it must parse: ruff checks it for syntax errors at build time
    for the target given by the ``:python:`` option (default 3.11).

Sample states
    Every Python code block that is executed gets the class ``sample-run``; every block in
    a bad example gets ``sample-bad``. Executed means:

    * a ``doctest``, ``testcode`` or ``testoutput`` block, or a ``>>>`` doctest block
      (``sphinx.ext.doctest`` runs them on every interpreter in ``sample_pythons``);
    * a ``literalinclude`` of a ``.py`` file that sits in the page's own folder (the chapter
      folder) when that file is a pytest file (``test_*.py``) or a ``test_*.py`` file in the
      same folder imports it (``import name`` / ``from name import ...``, found with ``ast``)
      or names it in a string literal (``"name.py"`` for subprocess/runpy, or ``"name"`` for
      ``importlib.import_module``).

    ``fieldguide_tested_with`` in the page context is ``sample_pythons`` when the page has
    executed samples, else ``[]``. A block with ``:skipif: sys.version_info < (3, N)`` gets a
    short note under it saying which Python it needs.

Same origin
    No request may leave the site's origin: ``raw`` HTML that loads a resource from an
    absolute URL (script, stylesheet, image, frame...) and ``html_js_files`` /
    ``html_css_files`` / ``app.add_js_file`` entries with a URL are build warnings.

Tabs in the PDF and the EPUB
    sphinx-inline-tabs (``.. tab:: Debian``) switches tabs with radio buttons and CSS, which
    only a browser can do. For every builder but html/dirhtml/singlehtml, each tab becomes a
    rubric (class ``tab-label``) with its label, followed by its content, so every tab shows.

Recommendation cards (``.. recommendation::`` and the overview ``.. recommendation-list::``)
live in _ext/fieldguide_cards.py, which this extension loads.

It works with Sphinx 9.0 on Python 3.11 (the oldest sample interpreter) and Sphinx 9.2.
"""

from __future__ import annotations

import ast
import datetime as dt
import doctest
import json
import logging as std_logging
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

DEFAULT_PYTHONS = ["3.11", "3.14", "3.15"]
DEFAULT_BAD_TARGET = "3.11"
PYTHON_LANGUAGES = frozenset(
    {
        "python",
        "python3",
        "py",
        "py3",
        "pycon",
        "pycon3",
        "pytb",
        "python-console",
    }
)
CONSOLE_LANGUAGES = frozenset({"pycon", "pycon3", "python-console"})
TEST_NODE_TYPES = frozenset({"doctest", "testcode", "testoutput"})
RUN_CLASS = "sample-run"
BAD_CLASS = "sample-bad"
REVIEWED_FIELD = "reviewed-on"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PYTHON_VERSION = re.compile(r"3\.(\d{1,2})")
SKIPIF_VERSION = re.compile(r"sys\.version_info\s*<\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)")


# -- Examples ------------------------------------------------------------------------------


class _ExampleDirective(SphinxDirective):
    """Shared body of good-example and bad-example."""

    kind: ClassVar[str]
    label: ClassVar[str]
    has_content = True
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Any]] = {"python": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        if not self.content:
            raise self.error(f"{self.name}: the example has no content (add a code block).")
        container = nodes.container(classes=["example", f"example-{self.kind}"])
        container["fieldguide_example"] = self.kind
        self.set_source_info(container)
        target = self.options.get("python", DEFAULT_BAD_TARGET).strip()
        if not PYTHON_VERSION.fullmatch(target):
            raise self.error(f"{self.name}: :python: must look like 3.11, not {target!r}.")
        container["fieldguide_python"] = target

        label = nodes.paragraph(classes=["example-label"])
        self.set_source_info(label)
        reason = self.arguments[0].strip() if self.arguments else ""
        if reason:
            label += nodes.strong(f"{self.label}:", f"{self.label}:")
            label += nodes.Text(" ")
            inline, messages = self.parse_inline(reason, lineno=self.lineno)
            label.extend(inline)
        else:
            label += nodes.strong(self.label, self.label)
            messages = []
        container += label
        container.extend(self.parse_content_to_nodes())
        return [container, *messages]


class GoodExample(_ExampleDirective):
    kind = "good"
    label = "Good"


class BadExample(_ExampleDirective):
    kind = "bad"
    label = "Bad"


# -- Classifying samples -----------------------------------------------------------------------


def _is_doctest_block(node: nodes.Node) -> bool:
    """A ``>>>`` block (docutils < 1.0: doctest_block; 1.0: literal_block.doctest)."""
    if isinstance(node, nodes.doctest_block):
        return True
    return isinstance(node, nodes.literal_block) and "doctest" in node.get("classes", [])


def _code_nodes(doctree: nodes.Node) -> list[nodes.Element]:
    return [
        node
        for node in doctree.findall(nodes.Element)
        if isinstance(node, (nodes.literal_block, nodes.doctest_block))
    ]


def _bad_example_of(node: nodes.Node) -> nodes.Element | None:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.Element) and parent.get("fieldguide_example") == "bad":
            return parent
        parent = parent.parent
    return None


def _tested_modules(folder: Path) -> set[str]:
    """Names that the pytest files in ``folder`` import or name in a string literal."""
    names: set[str] = set()
    for test in sorted(folder.glob("test_*.py")):
        names.add(test.stem)  # pytest runs the test file itself
        try:
            tree = ast.parse(test.read_text(encoding="utf-8"), filename=str(test))
        except (OSError, SyntaxError, ValueError):
            continue  # pytest reports a broken test file itself
        for item in ast.walk(tree):
            if isinstance(item, ast.Import):
                names.update(alias.name.split(".")[0] for alias in item.names)
            elif isinstance(item, ast.ImportFrom):
                if item.level == 0 and item.module:
                    names.add(item.module.split(".")[0])
                elif item.level == 1 and not item.module:
                    names.update(alias.name for alias in item.names)
                elif item.level == 1 and item.module:
                    names.add(item.module.split(".")[0])
            elif isinstance(item, ast.Constant) and isinstance(item.value, str):
                value = item.value.strip()
                if value.endswith(".py"):
                    names.add(Path(value).stem)
                elif value.isidentifier():
                    names.add(value)
    return names


def _is_executed_include(node: nodes.Element, page_dir: Path, cache: dict[Path, set[str]]) -> bool:
    source = node.get("source")
    if not source or not str(source).endswith(".py"):
        return False
    included = Path(source).resolve()
    if not included.is_relative_to(page_dir):
        return False
    if page_dir not in cache:
        cache[page_dir] = _tested_modules(page_dir)
    if included.parent != page_dir:
        # A file of an example project in a sub-folder: tested when a test beside the page
        # names that sub-folder (and so builds or runs the whole project).
        return included.relative_to(page_dir).parts[0] in cache[page_dir]
    return included.stem in cache[page_dir]


def _note_tests(env: BuildEnvironment, page_dir: Path) -> None:
    """Re-read the page when a pytest file beside it changes (the state may change)."""
    for test in sorted(page_dir.glob("test_*.py")):
        env.note_dependency(str(test))


def _add_class(node: nodes.Element, name: str) -> None:
    if name not in node["classes"]:
        node["classes"].append(name)


def _skipif_note(node: nodes.Element) -> nodes.paragraph | None:
    condition = node.get("skipif")
    if not condition:
        return None
    match = SKIPIF_VERSION.search(condition)
    text = (
        f"Needs Python {match[1]}.{match[2]} or newer: skipped when tested on older versions."
        if match
        else f"Skipped when tested if {condition}."
    )
    note = nodes.paragraph(text, text, classes=["sample-note"])
    note.source, note.line = node.source, node.line
    return note


def classify_samples(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: mark executed and bad samples, check bad ones parse, check the date."""
    env = app.env
    docname = env.docname
    page_path = Path(env.doc2path(docname)).resolve()
    page_dir = page_path.parent
    cache: dict[Path, set[str]] = {}
    bad_blocks: list[tuple[nodes.Element, str]] = []
    samples: list[nodes.Element] = []
    _note_tests(env, page_dir)

    for node in _code_nodes(doctree):
        example = _bad_example_of(node)
        if example is not None:
            # Marked bad: shown, never run (strip doctest markup so the doctest builder
            # skips it), but it must parse.
            if _is_doctest_block(node):
                replacement = nodes.literal_block(node.rawsource, node.astext())
                replacement.source, replacement.line = node.source, node.line
                replacement["language"] = "pycon"
                replacement["classes"] = [c for c in node["classes"] if c != "doctest"]
                node.replace_self(replacement)
                node = replacement
            for key in ("testnodetype", "groups", "skipif"):
                if key in node:
                    del node[key]
            language = node.get("language", "default")
            if language in PYTHON_LANGUAGES or language == "default":
                _add_class(node, BAD_CLASS)
                bad_blocks.append((node, example["fieldguide_python"]))
                samples.append(node)
            continue
        if (
            node.get("testnodetype") in TEST_NODE_TYPES
            or (_is_doctest_block(node) and app.config.doctest_test_doctest_blocks)
            or _is_executed_include(node, page_dir, cache)
        ):
            _add_class(node, RUN_CLASS)
            samples.append(node)
            note = _skipif_note(node)
            if note is not None and node.parent is not None:
                anchor = node.parent if "literal-block-wrapper" in node.parent["classes"] else node
                anchor.parent.insert(anchor.parent.index(anchor) + 1, note)

    # Hidden setup/test code (comments with a testnodetype) also runs.
    for comment in doctree.findall(nodes.comment):
        if comment.get("testnodetype") and _bad_example_of(comment) is None:
            samples.append(comment)

    if bad_blocks:
        check_bad_examples_parse(app, bad_blocks)
    check_review_date(app, doctree, docname, page_path, samples)
    check_raw_html(doctree)


# -- Bad examples must parse -----------------------------------------------------------------


def find_ruff() -> str | None:
    beside = Path(sys.executable).parent / "ruff"
    if beside.is_file():
        return str(beside)
    try:
        from ruff.__main__ import find_ruff_bin  # noqa: PLC0415 (optional helper)

        return str(find_ruff_bin())
    except (ImportError, FileNotFoundError):
        return shutil.which("ruff")


def python_source(node: nodes.Element, text: str | None = None) -> tuple[str, list[int]]:
    """The Python code of a block and, per code line, its line offset inside the block."""
    text = node.astext() if text is None else text
    language = node.get("language", "default")
    if language in CONSOLE_LANGUAGES or text.lstrip().startswith(">>>"):
        code: list[str] = []
        offsets: list[int] = []
        for example in doctest.DocTestParser().get_examples(text):
            for i, line in enumerate(example.source.splitlines()):
                code.append(line)
                offsets.append(example.lineno + i)
        return "\n".join(code) + "\n", offsets
    return text + "\n", list(range(text.count("\n") + 1))


def content_start_line(node: nodes.Element, text: str | None = None) -> int | None:
    """The file line of a block's first text line (node.line is the directive's line)."""
    if not node.source or not node.line:
        return node.line
    try:
        lines = Path(node.source).read_text(encoding="utf-8").splitlines()
    except OSError:
        return node.line
    text = node.astext() if text is None else text
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    start = max(node.line - 2, 0)
    for number in range(start, min(start + 60, len(lines))):
        if first and lines[number].strip() == first:
            skipped = len(text.splitlines()) - len(text.lstrip("\n").splitlines())
            return number + 1 - skipped
    return node.line


def ruff_syntax_errors(code: str, target: str, ruff: str) -> list[tuple[int, str]]:
    """(line, message) for each syntax error ruff finds in ``code`` for Python ``target``."""
    proc = subprocess.run(  # noqa: S603 (fixed argument list, our own ruff)
        [
            ruff,
            "check",
            "--isolated",
            "--no-cache",
            "--output-format",
            "json",
            "--target-version",
            "py3" + target.split(".")[1],
            "--select",
            "E9",
            "--stdin-filename",
            "example.py",
            "-",
        ],
        input=code,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    if proc.returncode not in (0, 1):
        raise RuntimeError(proc.stderr.strip() or f"ruff exited with {proc.returncode}")
    errors = []
    for item in json.loads(proc.stdout or "[]"):
        code = item.get("code")
        if code in (None, "E999", "invalid-syntax") or "syntax" in item["message"].lower():
            errors.append((item["location"]["row"], item["message"]))
    return errors


def check_bad_examples_parse(app: Sphinx, blocks: list[tuple[nodes.Element, str]]) -> None:
    ruff = find_ruff()
    if ruff is None:
        logger.warning(
            "ruff is not installed: bad examples cannot be checked (install the 'test' group)",
            location=blocks[0][0],
            type="fieldguide",
            subtype="ruff",
        )
        return
    for node, target in blocks:
        code, offsets = python_source(node)
        try:
            errors = ruff_syntax_errors(code, target, ruff)
        except (RuntimeError, OSError, subprocess.SubprocessError, ValueError) as err:
            logger.warning(
                "ruff could not check this bad example: %s",
                err,
                location=node,
                type="fieldguide",
                subtype="ruff",
            )
            continue
        if not errors:
            continue
        start = content_start_line(node) or 0
        row, message = errors[0]  # the first error; the rest usually follow from it
        offset = offsets[min(row, len(offsets)) - 1] if offsets else 0
        logger.warning(
            "bad example does not parse as Python %s (bad examples must still parse): %s",
            target,
            message,
            location=(app.env.docname, start + offset),
            type="fieldguide",
            subtype="syntax",
        )


# -- Review date -------------------------------------------------------------------------------


def _first_line(path: Path, wanted: Callable[[str], bool]) -> int | None:
    """The number of the first line of ``path`` for which ``wanted`` is true, if any."""
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if wanted(line):
                return number
    except OSError:
        pass
    return None


def parse_review_date(value: object) -> tuple[str | None, str | None]:
    """(ISO date or None, problem or None)."""
    text = str(value).strip() if value is not None else ""
    if not ISO_DATE.fullmatch(text):
        return None, f"must be an ISO date like 2026-11-26, not {text!r}"
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None, f"{text!r} is not a real date"
    if day > dt.date.today():
        return None, f"{text} is in the future"
    return text, None


def check_review_date(
    app: Sphinx,
    doctree: nodes.document,
    docname: str,
    page_path: Path,
    samples: list[nodes.Element],
) -> None:
    metadata = app.env.metadata.get(docname, {})
    if REVIEWED_FIELD in metadata:
        _, problem = parse_review_date(metadata[REVIEWED_FIELD])
        if problem:
            logger.warning(
                ":%s: %s",
                REVIEWED_FIELD,
                problem,
                location=(
                    docname,
                    _first_line(
                        page_path, lambda line: line.strip().startswith(f":{REVIEWED_FIELD}:")
                    ),
                ),
                type="fieldguide",
                subtype="reviewed_on",
            )
    elif samples:
        first = samples[0]
        logger.warning(
            "this page has code samples but no ':%s: YYYY-MM-DD' field before its title",
            REVIEWED_FIELD,
            location=(docname, first.line or 1),
            type="fieldguide",
            subtype="reviewed_on",
        )


# -- Same origin -------------------------------------------------------------------------------

_TAG = re.compile(r"<\s*([a-zA-Z][\w-]*)\b([^>]*)>", re.DOTALL)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)""", re.I)
_EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
_LOADING_ATTRS = frozenset(
    {
        "src",
        "srcset",
        "data",
        "poster",
        "action",
        "formaction",
        "background",
    }
)
_LOADING_RELS = frozenset(
    {
        "stylesheet",
        "icon",
        "shortcut",
        "apple-touch-icon",
        "preload",
        "modulepreload",
        "prefetch",
        "preconnect",
        "dns-prefetch",
        "manifest",
        "mask-icon",
        "prerender",
    }
)


def is_external(url: str) -> bool:
    """A URL that points at another origin (http:, https:, protocol-relative //)."""
    return bool(_EXTERNAL.match(url)) and not url.strip().lower().startswith("file:")


def external_loads(html: str) -> list[tuple[int, str]]:
    """(line inside ``html``, description) for each resource loaded from another origin."""
    found = []
    for tag in _TAG.finditer(html):
        name = tag[1].lower()
        attrs = {key.lower(): value.strip("'\"") for key, value in _ATTR.findall(tag[2])}
        line = html.count("\n", 0, tag.start())
        for key, value in attrs.items():
            urls = [value]
            if key == "srcset":
                urls = [part.strip().split(" ")[0] for part in value.split(",")]
            if key in _LOADING_ATTRS and any(is_external(url) for url in urls):
                found.append((line, f"<{name} {key}={value!r}>"))
        if name == "link" and "href" in attrs and is_external(attrs["href"]):
            rels = set(attrs.get("rel", "").lower().split())
            if rels & _LOADING_RELS:
                found.append((line, f"<link rel={attrs.get('rel')!r} href={attrs['href']!r}>"))
    for match in _CSS_URL.finditer(html):
        found.append((html.count("\n", 0, match.start()), f"CSS url {match[1]!r}"))
    return found


def check_raw_html(doctree: nodes.document) -> None:
    for raw in doctree.findall(nodes.raw):
        formats = raw.get("format", "").split()
        if "html" not in formats and "epub" not in formats:
            continue
        for offset, what in external_loads(raw.astext()):
            start = content_start_line(raw)
            location = f"{raw.source}:{start + offset}" if raw.source and start else raw
            logger.warning(
                "raw HTML loads %s from another origin; no request may leave the site "
                "(copy the file into _static/ instead)",
                what,
                location=location,
                type="fieldguide",
                subtype="external",
            )


def _conf_location(app: Sphinx, url: str) -> str:
    conf = Path(app.confdir) / "conf.py"
    return f"{conf}:{_first_line(conf, lambda line: url in line) or 1}"


def _file_url(entry: object) -> str:
    if isinstance(entry, (tuple, list)):
        entry = entry[0] if entry else ""
    return str(getattr(entry, "filename", entry) or "")


_reported_urls: set[str] = set()


def check_asset_origins(app: Sphinx, config: Config | None = None) -> None:
    """builder-inited: html_js_files, html_css_files and add_js_file/add_css_file entries."""
    _reported_urls.clear()  # a new build (sphinx-autobuild reuses the process)
    entries = [
        *getattr(app.config, "html_js_files", []),
        *getattr(app.config, "html_css_files", []),
        *(item[0] for item in getattr(app.registry, "js_files", [])),
        *(item[0] for item in getattr(app.registry, "css_files", [])),
    ]
    for entry in entries:
        url = _file_url(entry)
        if url and is_external(url) and url not in _reported_urls:
            _reported_urls.add(url)
            logger.warning(
                "a script or stylesheet is loaded from another origin: %s (no request may "
                "leave the site; put the file in _static/)",
                url,
                location=_conf_location(app, url),
                type="fieldguide",
                subtype="external",
            )


# -- Page context -------------------------------------------------------------------------------


def page_context(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.Node | None,
) -> None:
    value = app.env.metadata.get(pagename, {}).get(REVIEWED_FIELD)
    context["fieldguide_reviewed_on"] = parse_review_date(value)[0] if value is not None else None
    executed = doctree is not None and any(
        RUN_CLASS in node.get("classes", []) for node in _code_nodes(doctree)
    )
    context["fieldguide_tested_with"] = list(app.config.sample_pythons) if executed else []
    for key in ("script_files", "css_files"):
        for entry in context.get(key, []):
            url = _file_url(entry)
            if url and is_external(url) and url not in _reported_urls:
                _reported_urls.add(url)
                logger.warning(
                    "this page loads %s from another origin (no request may leave the site)",
                    url,
                    location=(pagename, None),
                    type="fieldguide",
                    subtype="external",
                )


# -- Tabs off the screen: in the PDF and the EPUB every tab is shown, under its label. ---------


class StaticTabs(SphinxPostTransform):
    """sphinx-inline-tabs' tabs are radio buttons and CSS: only a browser can switch them.

    The LaTeX builder drops a tab's label, and e-readers cannot be trusted with ``:checked``
    CSS. For every builder but the web ones, each tab becomes its label as a rubric followed
    by its content, so the PDF and the EPUB show every tab, in order. Runs before the
    extension's own HTML transform (priority 200).
    """

    default_priority = 150
    WEB_BUILDERS = frozenset({"html", "dirhtml", "singlehtml"})

    def is_supported(self) -> bool:
        return self.app.builder.name not in self.WEB_BUILDERS

    def run(self, **kwargs: Any) -> None:
        for tab in list(self.document.findall(_is_inline_tab)):
            label, content = tab.children[0], tab.children[1]
            rubric = nodes.rubric("", "", *label.children, classes=["tab-label"])
            rubric.source, rubric.line = tab.source, tab.line
            static = nodes.container("", rubric, *content.children, classes=["tab-static"])
            tab.replace_self(static)


class TabAnchors(SphinxPostTransform):
    """A target just before a tab set (an ``.. index::`` or a ``.. _label:``) gives its ids to
    the tab container, and sphinx-inline-tabs drops them when it rebuilds the container, so
    links to the anchor break. Move the ids to an empty inline in front of the tab set, on
    every builder. Runs before StaticTabs (150) and the extension's HTML transform (200)."""

    default_priority = 140

    def run(self, **kwargs: Any) -> None:
        for tab in list(self.document.findall(_is_inline_tab)):
            if not tab["ids"]:
                continue
            anchor = nodes.inline("", "", ids=list(tab["ids"]))
            tab["ids"] = []
            tab.parent.insert(tab.parent.index(tab), anchor)


class ValidTabInputs(SphinxPostTransform):
    """sphinx-inline-tabs writes ``checked="True"`` on the first tab's radio button, which
    the Nu validator rejects; HTML wants ``checked`` (here: ``checked="checked"``)."""

    default_priority = 250  # after the extension's TabHtmlTransform (200)

    def is_supported(self) -> bool:
        return self.app.builder.name in StaticTabs.WEB_BUILDERS

    def run(self, **kwargs: Any) -> None:
        for node in self.document.findall(nodes.Element):
            if type(node).__name__ == "TabInput" and node.get("checked") is True:
                node["checked"] = "checked"


def _is_inline_tab(node: nodes.Node) -> bool:
    return (
        type(node).__name__ == "TabContainer"
        and isinstance(node, nodes.container)
        and len(node.children) == 2
        and isinstance(node.children[0], nodes.label)
    )


def defer_scripts(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.Node | None,
) -> None:
    """Load every script Sphinx and extensions add with ``defer``: none of them needs to run
    before the page is parsed, and in <head> without it each one holds up the first paint
    (Lighthouse, render-blocking). Deferred scripts still run in document order. The theme's
    pre-paint script (fieldguide-init.js, in layout.html) stays blocking on purpose."""
    scripts = context.get("script_files")
    if not scripts:
        return
    deferred = []
    for script in scripts:
        attributes = getattr(script, "attributes", None)
        # Sphinx's script entries (a private class, so rebuilt through type(), not imported)
        # carry filename, priority and attributes; plain strings are left as they are.
        if (
            attributes is not None
            and script.filename
            and not attributes.get("body")
            and not {"async", "defer"} & attributes.keys()
        ):
            script = type(script)(
                script.filename, priority=script.priority, **attributes, defer="defer"
            )
        deferred.append(script)
    context["script_files"] = deferred


# -- Orphan pages: Sphinx names the file but no line; give it line 1 (the whole page). --------


class _OrphanLineFilter(std_logging.Filter):
    def filter(self, record: std_logging.LogRecord) -> bool:
        if (
            getattr(record, "type", None) == "toc"
            and getattr(record, "subtype", None) == "not_included"
            and isinstance(getattr(record, "location", None), str)
        ):
            record.location = (record.location, 1)
            record.msg = (
                f"{record.msg} (add it to a toctree, or mark it ':orphan:' if it is "
                "deliberately reachable only by links)"
            )
        return True


def _install_orphan_filter() -> None:
    target = std_logging.getLogger("sphinx.sphinx.environment")
    if not any(isinstance(f, _OrphanLineFilter) for f in target.filters):
        target.addFilter(_OrphanLineFilter())


def setup(app: Sphinx) -> dict[str, object]:
    app.setup_extension("sphinx.ext.doctest")
    app.setup_extension("fieldguide_cards")  # the recommendation cards and their overview
    app.add_config_value("sample_pythons", DEFAULT_PYTHONS, "html", types=frozenset({list}))
    app.add_directive("good-example", GoodExample)
    app.add_directive("bad-example", BadExample)
    app.connect("doctree-read", classify_samples)
    app.connect("builder-inited", check_asset_origins)
    app.connect("html-page-context", page_context, priority=900)
    app.add_post_transform(TabAnchors)
    app.add_post_transform(StaticTabs)
    app.add_post_transform(ValidTabInputs)
    app.connect("html-page-context", defer_scripts, priority=950)
    _install_orphan_filter()
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
