"""The checks, for CI and your laptop alike: `nox -s tests-3.14 lint`."""

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["tests", "lint", "coverage"]

PYPROJECT = nox.project.load_toml("pyproject.toml")
# 3.11 to 3.15 from the classifiers, plus 3.14t and 3.15t (Free Threading).
PYTHONS = nox.project.python_versions(PYPROJECT)


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Run the tests under coverage; each run leaves a .coverage.* data file."""
    session.install(".", *nox.project.dependency_groups(PYPROJECT, "test"))
    session.run("coverage", "run", "-m", "pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff, without changing files."""
    session.install(*nox.project.dependency_groups(PYPROJECT, "lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def coverage(session: nox.Session) -> None:
    """Combine the data of all test runs; fail under pyproject.toml's floor."""
    session.install(*nox.project.dependency_groups(PYPROJECT, "coverage"))
    session.run("coverage", "combine")
    session.run("coverage", "report")
