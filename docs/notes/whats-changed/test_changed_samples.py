"""Tests for the samples of "What changed in Python 3.12 to 3.15".

Each sample file uses syntax of one release. Where the running Python has it, the tests
import the file and check what the page says it does; on an older Python they prove that
the compiler refuses the file, at a line that uses the newer syntax.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).parent


def sample(name: str, since: tuple[int, int], new_syntax: tuple[str, ...]) -> ModuleType | None:
    """The sample module where ``since`` is met; elsewhere assert the SyntaxError, at a
    line that starts with (or contains) one of ``new_syntax``, and return None."""
    if sys.version_info >= since:
        return importlib.import_module(name)
    source = (HERE / f"{name}.py").read_text(encoding="utf-8")
    with pytest.raises(SyntaxError) as refused:
        compile(source, f"{name}.py", "exec")
    assert refused.value.lineno is not None
    line = source.splitlines()[refused.value.lineno - 1]
    assert any(marker in line for marker in new_syntax), f"refused, but at {line!r}"
    return None


def test_python_312_samples() -> None:
    module = sample("changed_312", (3, 12), ("type Pair[T]", "def swap[T]", "class Stack[T]"))
    if module is None:
        return
    assert module.swap((1, 2)) == (2, 1)
    assert str(module.Pair.__value__) == "tuple[T, T]"
    stack = module.TagStack()
    stack.push("Urgent")
    assert stack.pop() == "urgent"
    assert module.bullet_list("Shopping", ["tea", "milk"]) == "Shopping:\n- tea\n- milk"
    assert module.pages(["a", "b", "c", "d", "e"], 2) == [("a", "b"), ("c", "d"), ("e",)]


def test_python_314_samples() -> None:
    module = sample("changed_314", (3, 14), ("except ValueError, TypeError", 't"', "t'"))
    if module is None:
        return
    assert module.parse_port("8080") == 8080
    assert module.parse_port("http") is None
    assert module.parse_port(None) is None  # the TypeError, caught by the same clause
    assert module.order_fields() == {"customer": module.Customer}
    size, restored = module.zstd_round_trip(b"spam " * 1000)
    assert restored == b"spam " * 1000
    assert size < 100


def test_python_314_template_escapes_hostile_comment() -> None:
    module = sample("changed_314", (3, 14), ("except ValueError, TypeError", 't"', "t'"))
    if module is None:
        return
    from string.templatelib import Interpolation, Template

    def unescaped(template: Template) -> str:
        """The bad version: join the values in as they are, as an f-string would."""
        return "".join(
            str(part.value) if isinstance(part, Interpolation) else part for part in template
        )

    attack = "<script>alert('owned')</script>' onmouseover='alert(1)"
    rendered = module.comment_html(attack)
    assert rendered == (
        "<p class='comment'>&lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt;"
        "&#x27; onmouseover=&#x27;alert(1)</p>"
    )
    # The same template joined without escaping lets both attacks through: the checks
    # above would fail on it.
    same_template = Template("<p class='comment'>", Interpolation(attack, "comment"), "</p>")
    assert module.html(same_template) == rendered
    assert "<script>" in unescaped(same_template)
    assert "' onmouseover='" in unescaped(same_template)
    # An f-string passed by mistake is already joined, so it is refused, not let through.
    with pytest.raises(TypeError, match="t-string"):
        module.html(f"<p class='comment'>{attack}</p>")


def test_python_314_template_keeps_format_spec_and_does_not_vet_urls() -> None:
    module = sample("changed_314", (3, 14), ("except ValueError, TypeError", 't"', "t'"))
    if module is None:
        return
    from string.templatelib import Interpolation, Template

    price = Template("<td>", Interpolation(3.5, "price", None, ".2f"), "</td>")
    assert module.html(price) == "<td>3.50</td>"
    named = Template("<td>", Interpolation("<b>", "name", "r", ""), "</td>")
    assert module.html(named) == "<td>&#x27;&lt;b&gt;&#x27;</td>"
    # What the page says escaping does not do: a javascript: link has nothing to escape.
    link = "javascript:alert(document.cookie)"
    anchor = Template("<a href='", Interpolation(link, "link"), "'>")
    assert module.html(anchor) == f"<a href='{link}'>"


def test_python_315_samples() -> None:
    module = sample("changed_315", (3, 15), ("lazy import",))
    if module is None:
        return
    import types

    assert isinstance(vars(module)["json"], types.LazyImportType)  # not loaded yet
    assert module.settings_json({"retries": 5}) == '{"colour": "auto", "retries": 5}'
    assert isinstance(vars(module)["json"], ModuleType)  # loaded by the first use
    assert module.flatten([[1, 2], [], [3]]) == [1, 2, 3]
    with pytest.raises(TypeError):
        module.DEFAULTS["retries"] = 10
    assert hash(module.DEFAULTS) == hash(frozendict(colour="auto", retries=3))  # noqa: F821
