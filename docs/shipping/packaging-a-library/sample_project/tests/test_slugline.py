"""slugline's own tests: they import the installed package, never the source tree."""

from importlib.metadata import version

import pytest
import slugline
from slugline import slugify


def test_words_are_folded_to_ascii_and_joined() -> None:
    assert slugify("Don't Panic: a Guide to the Galaxy") == "don-t-panic-a-guide-to-the-galaxy"
    assert slugify("Straße in Zürich, 42 km") == "strasse-in-zurich-42-km"


def test_a_cut_keeps_whole_words() -> None:
    assert slugify("Don't Panic: a Guide to the Galaxy", max_length=20) == "don-t-panic-a-guide"
    assert slugify("Supercalifragilistic", max_length=5) == "super"


def test_the_separator_keeps_the_slug_url_safe() -> None:
    assert slugify("Mostly Harmless", separator="_") == "mostly_harmless"
    for unsafe in ("x", " ", "/", "?", ""):
        with pytest.raises(ValueError, match="separator must be made of - _ . ~ only"):
            slugify("Mostly Harmless", separator=unsafe)


def test_a_title_without_letters_is_an_error() -> None:
    with pytest.raises(ValueError, match="no letters or digits"):
        slugify("!!! ???")


def test_the_version_comes_from_the_installed_metadata() -> None:
    assert slugline.__version__ == version("slugline") == "1.2.0"
