"""Whether this llama.cpp build can read a prompt without crashing: checked once per build, in a child.

ggml's AMX kernels, compiled by GCC 12.2 or older without `-fno-dse`, crash on the first prompt
(the compiler drops the tile configuration; see the Makefile). `make run GGUF=1` builds them right,
but a llama-cpp-python installed by pip on an AMX Xeon may not, and its crash would take the window
with it. So before a GGUF model first loads with a build that uses AMX, a child process reads a
short prompt with the starter's small GGUF file; the verdict is kept per build (its library files'
sizes and times), so later loads cost nothing.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

from desktop_chat.core import paths
from desktop_chat.core.child import is_frozen
from desktop_chat.core.errors import DesktopChatError, ModelLoadError
from desktop_chat.core.fsutil import atomic_write_json, read_json_object
from desktop_chat.core.i18n import translate

log = logging.getLogger(__name__)

VERDICTS_FILE = "llama-cpp-builds.json"
_READ_HERE: set[str] = set()  # builds this process has seen read a prompt
REBUILD = ('CMAKE_ARGS="-DCMAKE_C_FLAGS=-fno-dse -DCMAKE_CXX_FLAGS=-fno-dse" pip install --force-reinstall '
           '--no-cache-dir --no-deps llama-cpp-python=={version}')
# The signals a miscompiled kernel dies by; another (Ctrl+C, the OOM killer) says nothing of the build.
CRASH_SIGNALS = frozenset({signal.SIGSEGV, signal.SIGILL, signal.SIGBUS, signal.SIGABRT})
PROBE_TIMEOUT_S = 120  # loading the 98 MB file and reading ~20 tokens takes a second or two
# Several tokens in one batch: the tile kernels run for prompts, not for single tokens. No core file.
PROBE = """
import resource, sys
resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
import llama_cpp
llm = llama_cpp.Llama(sys.argv[1], n_ctx=128, n_batch=64, n_threads=1, verbose=False)
llm.eval(llm.tokenize(b"Hello there! How are you today? Tell me about the sea, the sky and the hills.", add_bos=False))
print("read")
"""


def build_key() -> str:
    """The installed llama.cpp build: its package folder and its libraries' sizes and times."""
    import llama_cpp

    folder = Path(llama_cpp.__file__).resolve().parent
    libraries = sorted(p for p in (folder / "lib").glob("*") if p.is_file()) if (folder / "lib").is_dir() else []
    return json.dumps([str(folder), getattr(llama_cpp, "__version__", ""),
                       [(p.name, p.stat().st_size, int(p.stat().st_mtime)) for p in libraries]])


def _verdicts_path() -> Path:
    return paths.data_dir() / VERDICTS_FILE


def _keep_verdict(key: str, verdict: str) -> None:
    verdicts = read_json_object(_verdicts_path())
    verdicts[key] = verdict
    try:
        atomic_write_json(_verdicts_path(), verdicts)
    except OSError as exc:  # a full disk: checked again next time
        log.warning("could not keep the llama.cpp build check: %s", exc)


def _crash_error(signal_number: int) -> ModelLoadError:
    import llama_cpp

    return ModelLoadError(translate("Core", "this llama.cpp build crashes reading a prompt (signal %1), as its AMX "
                                    "kernels do when GCC 12.2 or older compiles them without -fno-dse; rebuild it "
                                    "with `%2`, or run `make run GGUF=1`, which does"),
                          signal_number, REBUILD.format(version=getattr(llama_cpp, "__version__", "")))


def check_build() -> None:
    """Raise ModelLoadError when this llama.cpp build crashes reading a prompt (it uses AMX and was
    miscompiled); checked once per build, in a child process, with the starter's GGUF file."""
    from desktop_chat.core.inference.gguf_runtime import uses_amx

    if is_frozen() or not uses_amx():  # the packaged app has no llama.cpp (nor a `python -c`)
        return
    key = build_key()
    if key in _READ_HERE:
        return
    verdict = read_json_object(_verdicts_path()).get(key)
    if verdict == "reads":
        _READ_HERE.add(key)
        return
    if verdict is not None and verdict.removeprefix("signal ").isdigit():
        raise _crash_error(int(verdict.removeprefix("signal ")))
    from desktop_chat.core.library.importers import starter_gguf_path

    try:
        probe_model = starter_gguf_path()
    except DesktopChatError:
        log.info("no small GGUF file to check this llama.cpp build with; not checked")
        return
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    try:
        done = subprocess.run([sys.executable, "-c", PROBE, str(probe_model)], capture_output=True, text=True,
                              env=env, timeout=PROBE_TIMEOUT_S, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.warning("could not check this llama.cpp build: %s", exc)
        return
    if -done.returncode in CRASH_SIGNALS:  # SIGSEGV or SIGILL from the AMX kernels
        _keep_verdict(key, f"signal {-done.returncode}")
        raise _crash_error(-done.returncode)
    if done.returncode != 0 or "read" not in done.stdout:
        log.warning("could not check this llama.cpp build: %s", done.stderr.strip()[-500:])
        return
    _READ_HERE.add(key)
    _keep_verdict(key, "reads")
