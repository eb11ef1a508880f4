# The Python Field Guide. `make` builds the HTML site; `make test` runs every check.
# Both set up what they need: uv (via pip), Python 3.14 and the locked dependencies in .venv,
# the npm tools, and (for test/pdf/epub) Debian packages. See README.md.

SHELL        := /bin/bash
.SHELLFLAGS  := -eu -o pipefail -c
.DEFAULT_GOAL := site

# Facts written once, in conf.py (scripts/project-facts reads them): the interpreters the
# samples run on, besides the build's own; the strict sphinx-build options; the book files.
PYTHON_VERSION := $(shell cat .python-version)
SAMPLE_PYTHONS := $(filter-out $(PYTHON_VERSION),$(shell scripts/project-facts sample-pythons))
DOWNLOADS      := $(shell scripts/project-facts downloads)
PDF_FILE       := $(filter %.pdf,$(DOWNLOADS))
EPUB_FILE      := $(filter %.epub,$(DOWNLOADS))
UV_VERSION     := 0.13.9
BUILDDIR       := _build
SPHINXOPTS     ?= $(shell scripts/project-facts strict-flags)
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
# Bytecode compiled once, at install: otherwise, where Python may not write it (a read-only
# environment, PYTHONDONTWRITEBYTECODE), every sphinx-build compiles its 400 imports again: a
# sixth of the CPU time of a full HTML build, half of a one-page rebuild (`make serve`).
export UV_COMPILE_BYTECODE := 1
VENV    := .venv
SPHINX  := $(VENV)/bin/sphinx-build
SPHINX_ARGS = docs $(OUTDIR) -c . $(SPHINXOPTS) -D language=$(LANGUAGE)

.PHONY: site html pdf epub doctest serve test lint linkcheck clean distclean setup setup-test help bench \
        test-stage test-stages \
        gettext update-po language-folder

help:
	@echo "make          build the site: HTML with the PDF and EPUB under downloads/"
	@echo "make html     HTML only (quick; the download links need make)"
	@echo "make test     run every check (builds, samples, validators, browser)"
	@echo "make bench    figures against their budgets: build and rebuild times, Lighthouse, ... (_build/bench.json)"
	@echo "make test-stage STAGE=...   one stage of make test, as a CI job runs it (make test-stages lists them)"
	@echo "make lint     the pre-commit hooks alone on every file (fast, no build)"
	@echo "make pdf | epub | doctest | serve | linkcheck | clean"
	@echo "make gettext                   extract the messages to translate into $(BUILDDIR)/gettext"
	@echo "make update-po LANGUAGE=xx     start or update locales/xx (after English changes)"
	@echo "make html LANGUAGE=xx          build that translation into $(BUILDDIR)/xx/html"
	@echo "                               (pdf, epub and serve take LANGUAGE=xx too)"

# .tools: a venv of the system's python3, for its pip (to get uv, and the wheelhouse below).
.tools/bin/pip:
	@python3 -m venv .tools >/dev/null 2>&1 || { rm -rf .tools; scripts/system-deps bootstrap; python3 -m venv .tools; }

$(CURDIR)/.tools/bin/uv: | .tools/bin/pip
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

# The locked wheels that chapter tests install with uv and no network (pyproject.toml
# [tool.field-guide] offline-wheels, with their dependencies), downloaded with their hashes
# checked against uv.lock, for every sample Python. Rebuilt whenever the lock changes.
WHEELHOUSE := .wheelhouse
$(WHEELHOUSE)/.built: uv.lock pyproject.toml scripts/project-facts | .tools/bin/pip
	rm -rf $(WHEELHOUSE) && mkdir -p $(WHEELHOUSE)
	scripts/project-facts offline-requirements > $(WHEELHOUSE)/requirements.txt
	for version in $$(scripts/project-facts sample-pythons); do \
	  .tools/bin/python -m pip download --quiet --disable-pip-version-check --require-hashes \
	    --no-deps --only-binary=:all: --python-version "$$version" \
	    --dest $(WHEELHOUSE) -r $(WHEELHOUSE)/requirements.txt; \
	done
	@touch $@

# The free-threaded build, where it can be had: the concurrency chapter runs its samples on it.
# Debian ships none, uv downloads one only where it reaches GitHub, and a Debian mirror may serve
# no source packages to build it from: then the file records why, and those tests say so.
FREE_THREADED := .python-free-threaded
$(FREE_THREADED): scripts/provide-python .python-version
	@if found=$$(scripts/provide-python $(PYTHON_VERSION)t 2>$@.log); then echo "$$found" > $@; \
	else echo "missing: $$(tail -n 1 $@.log)" > $@; cat $@; fi

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(VENV)/.synced
setup-test: setup $(foreach v,$(SAMPLE_PYTHONS),.venv-$(v)/.synced) node_modules/.installed \
            $(WHEELHOUSE)/.built $(FREE_THREADED)
	@scripts/system-deps all

# The published site: HTML, with the PDF and EPUB it links to copied under downloads/.
site: html pdf epub
	mkdir -p $(OUTDIR)/html/downloads
	cp $(OUTDIR)/latex/$(PDF_FILE) $(OUTDIR)/epub/$(EPUB_FILE) $(OUTDIR)/html/downloads/
	@echo "The site is in $(OUTDIR)/html (open $(OUTDIR)/html/index.html)"

html: language-folder setup
	@scripts/system-deps diagrams
	$(SPHINX) -M html $(SPHINX_ARGS) -j $(JOBS)

doctest: setup
	$(SPHINX) -M doctest $(SPHINX_ARGS)

epub: language-folder setup
	@scripts/system-deps epub diagrams
	$(SPHINX) -M epub $(SPHINX_ARGS) -j $(JOBS)

# Through Sphinx's own LaTeX Makefile (-M latexpdf) so that xindy gets its options.
pdf: language-folder setup
	@scripts/system-deps pdf diagrams
	$(SPHINX) -M latexpdf $(SPHINX_ARGS) -j $(JOBS)

serve: language-folder setup
	@scripts/system-deps diagrams
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

test: setup-test
	$(VENV)/bin/python -m pytest -n $(JOBS) --dist loadgroup

# `make test` in stages, one GitHub job each (.github/workflows/ci.yml), so that a failure names
# its stage: `make test-stage STAGE=browser`. Together the stages run every test of `make test`
# exactly once (tests/test_workflows.py collects them to check).
LINT_TESTS := tests/test_lint.py tests/test_workflows.py tests/test_cross_links.py
# The PDF, the EPUB and the published site (the HTML with both under downloads/).
SITE_TESTS := tests/test_pdf.py tests/test_epub.py tests/test_html_validator.py tests/test_links.py \
  tests/test_site_features.py tests/test_builds.py::test_pdf_build_is_clean \
  tests/test_builds.py::test_epub_build_is_clean tests/test_recommendations.py::test_cards_in_the_pdf \
  tests/test_recommendations.py::test_cards_in_the_epub tests/test_tabs.py::test_every_tab_shows_in_the_pdf \
  tests/test_tabs.py::test_every_tab_shows_in_the_epub \
  'tests/test_tabs.py::test_an_index_entry_just_before_a_tab_set_keeps_its_anchor[epub]' \
  tests/test_translations.py::test_notice_is_in_the_epub_and_the_pdf_source
sample_tests = 'tests/test_samples.py::test_doctests_pass[$(1)]' 'tests/test_samples.py::test_chapter_tests_pass[$(1)]'
STAGES := lint python-$(PYTHON_VERSION) $(addprefix python-,$(SAMPLE_PYTHONS)) browser pdf-epub
STAGE_lint := $(LINT_TESTS)
STAGE_python-$(PYTHON_VERSION) := tests docs -m 'not browser' $(addprefix --deselect=,$(LINT_TESTS) \
  $(SITE_TESTS) $(foreach v,$(SAMPLE_PYTHONS),$(call sample_tests,$(v))))
$(foreach v,$(SAMPLE_PYTHONS),$(eval STAGE_python-$(v) := $(call sample_tests,$(v))))
STAGE_browser := tests -m browser
STAGE_pdf-epub := -m 'not browser' $(SITE_TESTS)

ifneq ($(filter test-stage,$(MAKECMDGOALS)),)
ifeq ($(filter $(STAGES),$(STAGE)),)
$(error make test-stage: say which stage, STAGE=one of: $(STAGES))
endif
endif
test-stage: $(if $(filter lint,$(STAGE)),setup,setup-test)
	$(VENV)/bin/python -m pytest -n $(JOBS) --dist loadgroup $(STAGE_$(STAGE))

test-stages:
	@echo $(STAGES)

# Figures against their budgets (tests/test_budgets.py), built into $(BUILDDIR)/bench; exits 1
# when one is missed. The cost of `make test` per page comes from the last whole `make test`
# run, or MAKE_TEST_SECONDS=... . Run it on a quiet machine.
bench: setup-test
	$(VENV)/bin/python scripts/bench.py $(if $(MAKE_TEST_SECONDS),--make-test-seconds $(MAKE_TEST_SECONDS))

clean:
	rm -rf $(BUILDDIR) test-artifacts
	find locales -name "*.mo" -delete

distclean: clean
	rm -rf $(VENV) .venv-* .tools node_modules $(WHEELHOUSE) $(FREE_THREADED) $(FREE_THREADED).log
