"""The site search answers readers' questions.

tests/data/search-questions.toml holds real questions, worded as readers typed them in
public issue trackers and Q&A sites, each with the page (and section) of this guide that
answers it. The browser test types every question into the site's own search box, as a
reader does, and counts how often the answering page is among the first three results.

One page and one browser context serve every question: the box submits a GET form, so each
question is one navigation to search.html?q=..., with the search index from the browser's
cache after the first.
"""

from __future__ import annotations

import re
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

import browser_support as bs
import pytest
import test_browser
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

QUESTIONS = Path(__file__).parent / "data" / "search-questions.toml"
TOP = 3  # the answering page must be among the first three results
REQUIRED_RATE = 0.90  # share of the questions whose answer is in the top three
START_PAGE = "getting-started/picking-a-python-version/index.html"
# The sidebar's box on every page but the search page, which has its own (the one it
# fills in with the query shown).
SEARCH_BOX = "#fg-search-input, input[name=q][aria-labelledby=search-documentation]"


@dataclass(frozen=True)
class Question:
    query: str
    source: str
    page: str  # the site path of the answering page
    section: str  # the id of the section that answers it


def load_questions(path: Path = QUESTIONS) -> list[Question]:
    """The questions in ``path``; a malformed entry fails with its number and the file."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    questions = []
    for number, entry in enumerate(data.get("question", []), start=1):
        missing = [key for key in ("query", "source", "page", "section") if not entry.get(key)]
        if missing:
            raise ValueError(f"{path}: question {number} lacks {', '.join(missing)}")
        questions.append(Question(entry["query"], entry["source"], entry["page"], entry["section"]))
    return questions


def search_results(page: Page, query: str) -> list[str]:
    """Type ``query`` into the search box of the page shown (the sidebar's on a chapter, the
    search page's own on the results), press Enter and return the
    first results' pages, in order (site paths, no #fragment). Waits only until the first
    TOP results are listed (or the search has finished with fewer): searchtools.js lists a
    result every 5 ms, best first."""
    box = page.locator(SEARCH_BOX).first
    box.fill(query)
    # From the search page the URL matches before and after: wait for the new document.
    with page.expect_navigation(url=re.compile(r"search\.html\?q="), wait_until="commit"):
        box.press("Enter")
    page.wait_for_function(
        """top => document.querySelectorAll('#search-results ul.search > li').length >= top
                 || document.querySelector('#search-results .search-summary')?.textContent""",
        arg=TOP,
        timeout=15_000,
    )
    return page.evaluate(
        """top => {
             const root = new URL(document.documentElement.dataset.content_root, location).href;
             return [...document.querySelectorAll('#search-results ul.search > li > a')]
               .slice(0, top).map(a => a.href.slice(root.length).split('#')[0]);
           }""",
        TOP,
    )


def ask_all(page: Page, questions: list[Question]) -> list[tuple[Question, list[str]]]:
    """Ask every question from the page shown; return each with its top results."""
    return [(question, search_results(page, question.query)) for question in questions]


def record_problems(page: Page, origin: str) -> list[str]:
    """Console errors, uncaught errors and requests to another origin on ``page``, recorded
    without routing its requests (bs.watch routes each one through Playwright, which costs
    more than the searches themselves over dozens of page loads)."""
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"console error: {message.text}") if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "request",
        lambda request: (
            None
            if bs.same_origin(request.url, origin)
            else problems.append(f"request to another origin: {request.url}")
        ),
    )
    return problems


def describe_misses(answers: list[tuple[Question, list[str]]]) -> list[str]:
    return [
        f"{question.query!r}: wanted {question.page}, got {results}"
        for question, results in answers
        if question.page not in results
    ]


# -- the data ---------------------------------------------------------------------------


def test_the_questions_are_enough_and_distinct() -> None:
    questions = load_questions()
    assert len(questions) >= 60, len(questions)
    queries = [question.query.lower() for question in questions]
    assert len(set(queries)) == len(queries), "a question is listed twice"
    parts = {question.page.split("/")[0] for question in questions}
    assert {"getting-started", "dev-environment", "writing-great-code"} <= parts, parts
    assert {"scenarios", "shipping"} <= parts, parts


def test_every_answer_is_a_section_of_the_site(site_dir: Path) -> None:
    """Each answer names a built page and a section id in it, so that a renamed page or
    heading fails here instead of quietly making the question unanswerable."""
    problems = []
    for question in load_questions():
        target = site_dir / question.page
        if not target.is_file():
            problems.append(f"{question.query!r}: no page {question.page}")
        elif f'id="{question.section}"' not in target.read_text(encoding="utf-8"):
            problems.append(f"{question.query!r}: {question.page} has no #{question.section}")
    assert not problems, "\n".join(problems)


# -- the search box ---------------------------------------------------------------------


def test_search_box_answers_readers_questions(new_context, site_dir: Path) -> None:
    """Every question, typed into the search box, from file://: the ranking is the same as
    over http, and with no server and no excerpts to fetch (see the next tests for those)
    the 77 searches take seconds instead of a minute."""
    questions = load_questions()
    page = new_context().new_page()
    problems = record_problems(page, "file://")
    page.goto((site_dir / START_PAGE).resolve().as_uri(), wait_until="load")
    started = time.perf_counter()
    answers = ask_all(page, questions)
    headline = [
        Question(query, "tests/test_browser.py", answer, "")
        for query, answer in test_browser.SEARCH_ANSWERS.items()
    ]
    headline_misses = describe_misses(ask_all(page, headline))
    seconds = time.perf_counter() - started
    misses = describe_misses(answers)
    rate = 1 - len(misses) / len(questions)
    print(
        f"\nsearch: {len(questions) - len(misses)}/{len(questions)} questions answered in the "
        f"top {TOP} ({rate:.0%}); {len(headline)} headline searches; {seconds:.1f} s in all"
    )
    print("\n".join(f"  miss: {miss}" for miss in misses))
    assert rate >= REQUIRED_RATE, "\n".join(misses)
    # The guide's own headline searches (test_browser.SEARCH_ANSWERS) must all hold.
    assert not headline_misses, "\n".join(headline_misses)
    assert not problems, problems


def test_results_show_the_matching_section_and_an_excerpt(new_context, base_url: str) -> None:
    """Over http a result names the section that matches ("Page > Section"), links to it,
    and shows an excerpt of that section's text."""
    page = new_context().new_page()
    watch = bs.watch(page, base_url.rstrip("/"))
    page.goto(base_url + START_PAGE)
    search_results(page, "python requests timeout")
    first = page.locator("#search-results ul.search > li").first
    link = first.locator("a")
    assert link.inner_text() == "HTTP clients > Timeouts, always", link.inner_text()
    assert link.get_attribute("href").endswith("http-clients/index.html#timeouts-always")
    excerpt = first.locator("p.context")
    excerpt.wait_for()
    assert "timeout" in excerpt.inner_text().lower(), excerpt.inner_text()
    assert not watch.problems(), watch.problems()


def test_results_show_the_section_from_a_file_url(new_context, site_dir: Path) -> None:
    """From file:// there are no excerpts (the browser refuses to fetch the pages), but each
    result still names and links to its section, from the search index alone."""
    page = new_context().new_page()
    watch = bs.watch(page, "file://")
    page.goto((site_dir / START_PAGE).resolve().as_uri(), wait_until="load")
    assert search_results(page, "mutable default argument list")[0] == (
        "writing-great-code/gotchas/index.html"
    )
    link = page.locator("#search-results ul.search > li > a").first
    assert link.inner_text() == "Common gotchas > Mutable default arguments", link.inner_text()
    assert link.get_attribute("href").endswith("#mutable-default-arguments")
    # "-word" leaves out the pages that hold it (searchtools.js's own exclusion never fires:
    # its splitQuery drops the "-"), and does not count for the pages that are left.
    with_requests = search_results(page, "timeout requests")
    assert "scenarios/http-clients/index.html" in with_requests, with_requests
    assert search_results(page, "timeout -requests"), "excluding one word left nothing"
    page.locator("#search-results .search-summary").wait_for()
    without = page.evaluate(
        "() => [...document.querySelectorAll('#search-results ul.search > li > a')]"
        ".map(a => a.getAttribute('href'))"
    )
    assert not [href for href in without if "http-clients" in href], without
    # API objects (none in the guide yet) are found as Sphinx finds them, and come first.
    top = page.evaluate(
        """() => {
             Search._index.objects = {fieldguide: [[0, 0, 1, "", "probe_function"]]};
             Search._index.objnames = {0: ["py", "function", "Python function"]};
             const found = FieldguideSearch.search(
               "probe_function", new Set(), new Set(["probe_function"]));
             return found[found.length - 1];
           }"""
    )
    assert top[1] == "fieldguide.probe_function" and top[2] == "#fieldguide.probe_function", top
    assert not watch.problems(), watch.problems()
