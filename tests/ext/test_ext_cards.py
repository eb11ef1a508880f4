"""fieldguide.cards and fieldguide.card_overview: recommendation cards, the chapters agree,
the overview table, and the JSON report written only where it belongs."""

from __future__ import annotations

import json
import re

from ext.ext_support import page, warnings

EXTENSIONS = ["fieldguide.cards", "fieldguide.card_overview"]


def card(name: str, status: str, reason: str = "One line.", **options: str) -> str:
    lines = [f".. recommendation:: {name}", f"   :status: {status}", "   :reviewed-on: 2026-11-26"]
    lines += [f"   :{key}: {value}" for key, value in options.items()]
    return "\n".join([*lines, "", f"   {reason}", ""])


def guide(*cards: str) -> dict[str, str]:
    return {
        "index.rst": page("Home", ".. toctree::\n\n   tools\n   overview"),
        "tools.rst": page("Tools", "\n".join(cards)),
        "overview.rst": page("What we recommend", ".. recommendation-list::"),
    }


def test_cards_render_and_the_overview_links_each(project) -> None:
    files = guide(card("uv", "recommended"), card("pipenv", "legacy", instead="``uv``"))
    app = project(files, EXTENSIONS, "html")
    assert warnings(app) == []
    tools = (app.outdir / "tools.html").read_text(encoding="utf-8")
    assert 'id="recommendation-uv"' in tools and "Use instead:" in tools
    overview = (app.outdir / "overview.html").read_text(encoding="utf-8")
    links = re.findall(r'href="tools\.html#(recommendation-[\w-]+)"', overview)
    assert links == ["recommendation-uv", "recommendation-pipenv"], "recommended first"
    report = json.loads((app.outdir / "recommendations.json").read_text(encoding="utf-8"))
    assert [c["name"] for c in report["cards"]] == ["uv", "pipenv"]


def test_two_chapters_that_disagree_are_a_warning(project) -> None:
    files = guide(card("poetry", "acceptable"), card("Poetry", "legacy", instead="uv"))
    app = project(files, EXTENSIONS, "dummy")
    line = files["tools.rst"].splitlines().index(".. recommendation:: Poetry") + 1
    assert [
        w
        for w in warnings(app)
        if f"tools.rst:{line}: WARNING: recommendation 'Poetry' is legacy here but acceptable" in w
    ], warnings(app)


def test_a_legacy_card_says_what_to_use_instead(project) -> None:
    app = project(guide(card("pipenv", "legacy")), EXTENSIONS, "dummy")
    assert any("say what to use instead with :instead:" in w for w in warnings(app))


def test_an_empty_overview_is_a_warning(project) -> None:
    app = project(guide("No cards."), EXTENSIONS, "dummy")
    assert any("the recommendation list is empty" in w for w in warnings(app))


def test_the_epub_builds_twice_into_one_folder(project) -> None:
    """The report is for the web builders only: an EPUB build packs every file of its output
    folder, and a second build found the first one's recommendations.json there."""
    epub = {"copyright": "2026, us", "version": "1", "epub_uid": "fieldguide"}
    app = project(guide(card("uv", "recommended")), EXTENSIONS, "epub", **epub)
    assert warnings(app) == []
    assert not (app.outdir / "recommendations.json").exists()
    app.build(force_all=True)
    assert warnings(app) == []
