"""How many threads torch computes with: chosen on purpose, not left to whatever the library picks.

On a busy 2-core machine, 2-thread torch was measured 7–11× slower reading a prompt than 1 thread
(threads wait for each other when a core is taken), and on larger machines a window that shares
every core with the model stutters. The policy: the physical cores this process may use, leaving
one for the window on machines with at least four; a value set in Settings (or `--threads`) wins,
and so does OMP_NUM_THREADS when Settings leave it on automatic.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

THREADS_ENV = "OMP_NUM_THREADS"


@dataclass(frozen=True)
class ThreadChoice:
    threads: int
    reason: str


def usable_cpus() -> int:
    """Logical CPUs this process may run on (its affinity mask, where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def physical_cores() -> int:
    """Physical cores among the usable CPUs (hyper-threads do not add matrix throughput)."""
    import psutil

    physical = psutil.cpu_count(logical=False) or psutil.cpu_count() or 1
    logical = psutil.cpu_count() or physical
    # An affinity mask smaller than the machine: scale the physical count down with it.
    return max(1, min(physical, usable_cpus() * physical // max(logical, 1)))


def default_threads() -> int:
    cores = physical_cores()
    return cores - 1 if cores >= 4 else cores


def choose_threads(setting: int = 0) -> ThreadChoice:
    """The thread count for `setting` (0 = automatic) and a sentence saying why."""
    if setting > 0:
        return ThreadChoice(setting, f"{setting} threads, as set in Settings." if setting != 1
                            else "1 thread, as set in Settings.")
    env = os.environ.get(THREADS_ENV, "").strip()
    if env.isdigit() and int(env) > 0:
        return ThreadChoice(int(env), f"{int(env)} threads, from {THREADS_ENV}." if int(env) != 1
                            else f"1 thread, from {THREADS_ENV}.")
    cores = physical_cores()
    threads = default_threads()
    if threads < cores:
        return ThreadChoice(threads, f"{threads} threads: this computer has {cores} cores and one is left for the "
                                     "window.")
    return ThreadChoice(threads, f"{threads} threads, one per core." if threads != 1 else "1 thread, on the only core.")


def apply_threads(setting: int = 0) -> ThreadChoice:
    """Set torch's thread count for this process by the policy above; returns what was chosen."""
    import torch

    choice = choose_threads(setting)
    if torch.get_num_threads() != choice.threads:
        torch.set_num_threads(choice.threads)
    return choice


def threads_phrase(threads: int) -> str:
    """'1 thread' / '4 threads' (for the English-only CLI and bench output)."""
    return "1 thread" if threads == 1 else f"{threads} threads"
