"""fieldguide.latex: in the PDF the home page's text is the introduction, the parts stay
parts, and the appendices come last, lettered."""

from __future__ import annotations

from ext.ext_support import page, warnings

EXTENSIONS = ["fieldguide.latex"]
HOME = """\
Don't panic
-----------

Welcome.

Contents
--------

.. toctree::

   part-one
   glossary
"""


def test_the_home_page_becomes_the_introduction(project) -> None:
    files = {
        "index.rst": page("The guide", HOME),
        "part-one.rst": page("Part one", "Chapter text."),
        "glossary.rst": page("Glossary", "Terms."),
    }
    app = project(
        files,
        EXTENSIONS,
        "latex",
        latex_documents=[("index", "guide.tex", "The guide", "us", "manual")],
        latex_toplevel_sectioning="part",
        fieldguide_pdf_appendices=["glossary"],
    )
    assert warnings(app) == []
    tex = (app.outdir / "guide.tex").read_text(encoding="utf-8")
    body = tex[tex.index(r"\begin{document}") :]
    assert r"\chapter*{Introduction}" in body
    assert r"\part{Part one}" in body, "a part of the guide must stay a part"
    assert r"\part{Don" not in body, "the home page's sections must not become parts"
    assert body.index("Welcome.") < body.index(r"\part{Part one}") < body.index(r"\appendix")
    assert body.index(r"\appendix") < body.index("Glossary")
