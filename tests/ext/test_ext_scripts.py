"""fieldguide.scripts: every script Sphinx, extensions and conf.py add loads with defer;
inline scripts and those that choose async or defer keep their own way."""

from __future__ import annotations

import re

from ext.ext_support import page, warnings

EXTENSIONS = ["fieldguide.scripts"]
CONF = """\
html_js_files = [
    "plain.js",
    ("chooses-async.js", {"async": "async"}),
    (None, {"body": "window.inline = 1;"}),
]
"""


def test_scripts_are_deferred(project) -> None:
    files = {"conf.py": CONF, "index.rst": page("Home", "Text.")}
    app = project(files, EXTENSIONS, "html")
    assert warnings(app) == []
    tags = re.findall(r"<script[^>]*>", (app.outdir / "index.html").read_text(encoding="utf-8"))
    by_file = {re.search(r'src="_static/([\w.-]+)', tag)[1]: tag for tag in tags if "src=" in tag}
    for name in ("documentation_options.js", "doctools.js", "sphinx_highlight.js", "plain.js"):
        assert 'defer="defer"' in by_file[name], by_file[name]
    assert (
        "defer" not in by_file["chooses-async.js"]
        and 'async="async"' in by_file["chooses-async.js"]
    )
    inline = [tag for tag in tags if "src=" not in tag]
    assert inline and all("defer" not in tag for tag in inline)
