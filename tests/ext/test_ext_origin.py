"""fieldguide.origin: no request leaves the site. The build's guard, and the rule the link
and browser tests use."""

from __future__ import annotations

import pytest
from fieldguide.origin import (
    attribute_urls,
    external_css_urls,
    external_loads,
    is_external,
    loads_resource,
    same_origin,
)

from ext.ext_support import page, warnings

EXTENSIONS = ["fieldguide.origin"]


def test_raw_html_from_another_origin_names_file_and_line(project) -> None:
    raw = (
        ".. raw:: html\n\n"
        "   <p>local</p>\n"
        '   <img src="/_static/local.png" alt="">\n'
        '   <script src="https://cdn.example.com/x.js"></script>\n'
    )
    text = page("Raw", raw)
    app = project({"index.rst": text}, EXTENSIONS, "html")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "cdn.example.com" in t)
    found = warnings(app)
    assert len(found) == 1, found
    assert (
        f"index.rst:{line}: WARNING: raw HTML loads <script src='https://cdn.example.com"
        in (found[0])
    )


def test_a_script_from_another_origin_in_the_configuration(project, tmp_path) -> None:
    conf = 'html_js_files = [\n    "local.js",\n    "https://cdn.example.com/y.js",\n]\n'
    app = project({"conf.py": conf, "index.rst": page("Home", "Text.")}, EXTENSIONS, "html")
    found = [w for w in warnings(app) if "https://cdn.example.com/y.js" in w]
    assert len(found) == 1, warnings(app)
    assert "conf.py:3: WARNING: a script or stylesheet is loaded from another origin" in found[0]


@pytest.mark.parametrize(
    ("url", "external"),
    [
        ("https://example.com/a.js", True),
        ("//example.com/a.js", True),
        ("HTTP://example.com", True),
        ("_static/a.js", False),
        ("/_static/a.js", False),
        ("file:///tmp/a.js", False),
        ("data:image/png;base64,AAAA", False),
    ],
)
def test_what_counts_as_another_origin(url: str, external: bool) -> None:
    assert is_external(url) is external


def test_same_origin_in_the_browser() -> None:
    assert same_origin("http://127.0.0.1:8000/a.html", "http://127.0.0.1:8000")
    assert not same_origin("http://127.0.0.1:8001/a.html", "http://127.0.0.1:8000")
    assert not same_origin("https://cdn.example.com/x.js", "http://127.0.0.1:8000")
    assert same_origin("data:text/plain,hi", "http://127.0.0.1:8000")
    assert same_origin("file:///site/a.html", "file://")


def test_what_the_browser_loads_by_itself() -> None:
    assert loads_resource("script", "src")
    assert loads_resource("img", "srcset")
    assert loads_resource("link", "href", "Stylesheet")
    assert not loads_resource("link", "href", "canonical")
    assert not loads_resource("a", "href")
    assert attribute_urls("srcset", "a.png 1x, https://x.example/b.png 2x") == [
        "a.png",
        "https://x.example/b.png",
    ]


def test_html_and_css_scanners() -> None:
    html = '<p>\n<link rel="icon" href="//x.example/i.png">\n<a href="https://ok.example/">'
    assert external_loads(html) == [(1, "<link rel='icon' href='//x.example/i.png'>")]
    css = "a { color: red }\n@import 'https://fonts.example/f.css';\nb { background: url(x.png) }"
    assert external_css_urls(css) == [(1, "https://fonts.example/f.css")]
