"""Unit tests of the extension modules in _ext/fieldguide/."""
