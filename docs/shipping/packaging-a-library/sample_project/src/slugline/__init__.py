"""slugline: turn titles into short, readable, URL-safe slugs."""

from importlib.metadata import version

from slugline.core import slugify

__all__ = ["__version__", "slugify"]

# One place holds the version: pyproject.toml. The installed metadata carries it here.
__version__ = version("slugline")
