"""The example project's own tests. They import the installed package, not src/."""

from pathlib import Path

import pytest
import wordtally
from wordtally.__main__ import main


def test_counts_ignore_case_and_keep_apostrophes() -> None:
    text = "Don't panic. don't PANIC, towel!"
    assert wordtally.top_words(text, 2) == [("don't", 2), ("panic", 2)]


def test_the_limit_is_respected() -> None:
    assert len(wordtally.top_words("a b c d e", 3)) == 3


def test_main_prints_one_line_per_word(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    guide = tmp_path / "guide.txt"
    guide.write_text("towel towel panic", encoding="utf-8")
    assert main([str(guide), "--top", "1"]) == 0
    assert capsys.readouterr().out == "     2 towel\n"


def test_the_package_comes_from_site_packages() -> None:
    # The point of the src layout: these tests ran against the installed wheel.
    assert "site-packages" in Path(wordtally.__file__).parts
