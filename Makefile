# The Python Field Guide. `make` builds the HTML site; `make test` runs every check.
# Both set up what they need: uv (via pip), Python 3.14 and the locked dependencies in .venv,
# the npm tools, and (for test/pdf/epub) Debian packages. See README.md.

SHELL        := /bin/bash
.SHELLFLAGS  := -eu -o pipefail -c
.DEFAULT_GOAL := site

PYTHON_VERSION := $(shell cat .python-version)
SAMPLE_PYTHONS := 3.11 3.15
UV_VERSION     := 0.13.9
BUILDDIR       := _build
SPHINXOPTS     ?= -n -W --keep-going
JOBS           ?= auto
SERVE_PORT     ?= 8000

# Translations: `make html LANGUAGE=de` builds locales/de into $(BUILDDIR)/de/html (and pdf,
# epub into $(BUILDDIR)/de/...); English stays in $(BUILDDIR)/html. Only a LANGUAGE given on
# the command line counts: gettext reads a LANGUAGE environment variable too (often "en_US:en").
ifneq ($(origin LANGUAGE),command line)
LANGUAGE := en
endif
OUTDIR := $(if $(filter en,$(LANGUAGE)),$(BUILDDIR),$(BUILDDIR)/$(LANGUAGE))

# Use uv from PATH when it is there and at least as new as ours (older ones may not read
# uv.lock); otherwise install the pinned uv with pip into .tools.
UV := $(shell v=$$(uv --version 2>/dev/null | cut -d' ' -f2 || true); \
        if [ -n "$$v" ] && printf '%s\n' "$(UV_VERSION)" "$$v" | sort -V -C; \
        then command -v uv; else echo "$(CURDIR)/.tools/bin/uv"; fi)
export UV
export UV_LINK_MODE := copy
VENV    := .venv
SPHINX  := $(VENV)/bin/sphinx-build
SPHINX_ARGS = docs $(OUTDIR) -c . $(SPHINXOPTS) -D language=$(LANGUAGE)

.PHONY: site html pdf epub doctest serve test lint linkcheck clean distclean setup setup-test help bench \
        gettext update-po language-folder

help:
	@echo "make          build the site: HTML with the PDF and EPUB under downloads/"
	@echo "make html     HTML only (quick; the download links need make)"
	@echo "make test     run every check (builds, samples, validators, browser)"
	@echo "make bench    print build times, page weights, search speed, Lighthouse (_build/bench.json)"
	@echo "make lint     the pre-commit hooks alone on every file (fast, no build)"
	@echo "make pdf | epub | doctest | serve | linkcheck | clean"
	@echo "make gettext                   extract the messages to translate into $(BUILDDIR)/gettext"
	@echo "make update-po LANGUAGE=xx     start or update locales/xx (after English changes)"
	@echo "make html LANGUAGE=xx          build that translation into $(BUILDDIR)/xx/html"
	@echo "                               (pdf, epub and serve take LANGUAGE=xx too)"

$(CURDIR)/.tools/bin/uv:
	@python3 -m venv .tools >/dev/null 2>&1 || { rm -rf .tools; scripts/system-deps bootstrap; python3 -m venv .tools; }
	.tools/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

# The build environment: Python $(PYTHON_VERSION) from scripts/provide-python, locked deps.
$(VENV)/.synced: uv.lock pyproject.toml .python-version | $(UV)
	@scripts/system-deps python
	$(UV) sync --frozen --python "$$(scripts/provide-python $(PYTHON_VERSION))"
	@touch $@

# One environment per extra sample interpreter, from the same lock file.
.venv-%/.synced: uv.lock pyproject.toml | $(UV)
	@scripts/system-deps python
	UV_PROJECT_ENVIRONMENT=.venv-$* $(UV) sync --frozen --no-group lint --python "$$(scripts/provide-python $*)"
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(VENV)/.synced
setup-test: setup $(foreach v,$(SAMPLE_PYTHONS),.venv-$(v)/.synced) node_modules/.installed
	@scripts/system-deps all

# The published site: HTML, with the PDF and EPUB it links to copied under downloads/.
site: html pdf epub
	mkdir -p $(OUTDIR)/html/downloads
	cp $(OUTDIR)/latex/python-field-guide.pdf $(OUTDIR)/epub/python-field-guide.epub $(OUTDIR)/html/downloads/
	@echo "The site is in $(OUTDIR)/html (open $(OUTDIR)/html/index.html)"

html: language-folder setup
	$(SPHINX) -M html $(SPHINX_ARGS) -j $(JOBS)

doctest: setup
	$(SPHINX) -M doctest $(SPHINX_ARGS)

epub: language-folder setup
	@scripts/system-deps epub
	$(SPHINX) -M epub $(SPHINX_ARGS) -j $(JOBS)

# Through Sphinx's own LaTeX Makefile (-M latexpdf) so that xindy gets its options.
pdf: language-folder setup
	@scripts/system-deps pdf
	$(SPHINX) -M latexpdf $(SPHINX_ARGS) -j $(JOBS)

serve: language-folder setup
	$(VENV)/bin/sphinx-autobuild -c . docs $(OUTDIR)/html $(SPHINXOPTS) -D language=$(LANGUAGE) -t preview \
	  --host 127.0.0.1 --port $(SERVE_PORT) --watch _themes --watch _static --watch _ext --watch conf.py \
	  --watch locales

# -- Translations (docs/about/translating.rst) ----------------------------------------------
# The message templates (.pot), always from the English text.
gettext: setup
	$(SPHINX) -M gettext docs $(BUILDDIR) -c . $(SPHINXOPTS)

update-po: gettext
	@test "$(LANGUAGE)" != en || { echo "make update-po: say which language, e.g. make update-po LANGUAGE=de" >&2; exit 2; }
	$(VENV)/bin/sphinx-intl update -p $(BUILDDIR)/gettext -l $(LANGUAGE) -d locales

# A translation needs its catalogs: stop before building an English site under another name.
language-folder:
	@test "$(LANGUAGE)" = en || test -d locales/$(LANGUAGE)/LC_MESSAGES || { \
	  echo "make: no translation folder locales/$(LANGUAGE)/LC_MESSAGES for LANGUAGE=$(LANGUAGE)." >&2; \
	  echo "Start the language with: make update-po LANGUAGE=$(LANGUAGE)" >&2; exit 2; }

# The pre-commit hooks (.pre-commit-config.yaml) on every file, with the tools locked in .venv.
# tests/test_lint.py runs this same command inside `make test`.
PRE_COMMIT_RUN := $(VENV)/bin/pre-commit run --all-files --show-diff-on-failure --color=never
lint: setup
	$(PRE_COMMIT_RUN)

# External links (needs the internet; CI runs it weekly, never on a pull request).
linkcheck: setup
	$(SPHINX) -M linkcheck $(SPHINX_ARGS)

# -p machine_lock: a timing measurement (Lighthouse) runs with no other test beside it.
test: setup-test
	$(VENV)/bin/python -m pytest -p machine_lock -n $(JOBS) --dist loadgroup

# Figures, not tests: builds into $(BUILDDIR)/bench; the budgets are in tests/test_budgets.py.
bench: setup-test
	$(VENV)/bin/python scripts/bench.py

clean:
	rm -rf $(BUILDDIR) test-artifacts
	find locales -name "*.mo" -delete

distclean: clean
	rm -rf $(VENV) .venv-* .tools node_modules
