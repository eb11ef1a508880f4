"""Nox sessions for the shopping cart: tests on three Pythons, lint and type check."""

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["tests", "lint"]

PYPROJECT = nox.project.load_toml("pyproject.toml")


@nox.session(python=["3.11", "3.14", "3.15"])
def tests(session: nox.Session) -> None:
    """Run the tests with coverage on each supported Python."""
    session.install("-e", ".", *nox.project.dependency_groups(PYPROJECT, "test"))
    session.run("coverage", "run", "--branch", "-m", "pytest", *session.posargs)
    session.run("coverage", "report", "--fail-under=90")


@nox.session
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff."""
    session.install("ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """Type-check the code and its tests with mypy in strict mode."""
    session.install("-e", ".", "mypy", *nox.project.dependency_groups(PYPROJECT, "test"))
    session.run("mypy", "--strict", "shopping_cart.py", "tests")
