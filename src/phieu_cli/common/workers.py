"""Work on many files shared among worker processes, the results handed back in their order.

`phieu validate` and `phieu summary` check a large folder this way (issue 12). The caller's *work* function
takes (shared, run) — the data every worker needs, and a run of consecutive items — and returns one result per
item; the results come back in the items' order, so what is printed is byte for byte what one process prints.

Ctrl-C belongs to the parent: the workers ignore SIGINT (a terminal sends it to every process of the command)
and are stopped with the pool, and the parent's KeyboardInterrupt becomes exit 130 as it does in one process.
A pool that cannot start (a system without working semaphores, a limit on processes) leaves the work to the
parent, run by run, as if there were one job.

On Linux the workers are forked: they inherit *shared* and every module, so they start at once. Elsewhere
they are spawned (Windows has no fork; macOS's system libraries are not safe to fork): *shared* is pickled to
them, and *work* must be a function at module level, as spawning requires.
"""

from __future__ import annotations

import os
import signal
import sys

from phieu_cli.common.errors import UsageError
from phieu_cli.common.messages import language, set_language
from phieu_cli.common.text import inert

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from multiprocessing.pool import Pool
    from typing import Any, TypeVar

    S = TypeVar("S")
    T = TypeVar("T")
    R = TypeVar("R")

START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"
# A run of at least PARALLEL_FROM files is shared among processes, each given at least MIN_FILES_PER_JOB
# files: below that, starting the processes costs more than they save (a spawned worker imports phieu again:
# about 0.1 s more per run, measured on Linux, so spawning waits for more files). PHIEU_JOBS sets how many.
JOBS_ENV = "PHIEU_JOBS"
PARALLEL_FROM = 1000 if START_METHOD == "fork" else 5000
MIN_FILES_PER_JOB = 500
# Runs of items per worker: enough that the workers finish close together, few enough that sending them is cheap.
RUNS_PER_JOB = 8

# In a worker: the caller's function and shared data, set once when it starts.
_worker: tuple[Callable[[Any, list[Any]], list[Any]], Any] | None = None


def job_count(files: int) -> int:
    """How many processes share *files* files: one below PARALLEL_FROM, else PHIEU_JOBS or the CPUs we may use.

    PHIEU_JOBS=1 keeps everything in one process; a value that is not a positive whole number is a usage error.
    """
    chosen = os.environ.get(JOBS_ENV, "").strip()
    if chosen:
        if not chosen.isdigit() or int(chosen) < 1:
            raise UsageError(
                f'{JOBS_ENV} phải là một số nguyên dương (số tiến trình kiểm tra), không phải "{inert(chosen)}"'
            )
        jobs = int(chosen)
    else:
        affinity = getattr(os, "sched_getaffinity", None)
        jobs = len(affinity(0)) if affinity is not None else os.cpu_count() or 1
    if files < PARALLEL_FROM:
        return 1
    return max(1, min(jobs, files // MIN_FILES_PER_JOB))


def in_order(work: Callable[[S, list[T]], list[R]], shared: S, items: Sequence[T], jobs: int) -> Iterator[R]:
    """work(shared, run) over runs of *items* in *jobs* worker processes: one result per item, in order."""
    if jobs <= 1:
        for item in items:
            yield from work(shared, [item])
        return
    size = max(1, -(-len(items) // (jobs * RUNS_PER_JOB)))
    runs = [list(items[i : i + size]) for i in range(0, len(items), size)]
    pool = _start_pool(work, shared, jobs)
    if pool is None:
        for run in runs:
            yield from work(shared, run)
        return
    with pool:  # leaving it — at the end, on an error, on Ctrl-C — terminates the workers
        for results in pool.imap(_run, runs):
            yield from results


def _start_pool(work: Callable[[Any, list[Any]], list[Any]], shared: object, jobs: int) -> Pool | None:
    import multiprocessing

    for stream in (sys.stdout, sys.stderr):  # a forked worker flushes what it inherited: it would print twice
        try:
            stream.flush()
        except (OSError, ValueError):  # closed, or a reader gone: the parent's next print says so
            pass
    try:  # forked workers are born ignoring Ctrl-C (spawned ones ignore it from _start_worker on)
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: signals are not ours to set
        previous = None
    try:
        context = multiprocessing.get_context(START_METHOD)
        return context.Pool(jobs, initializer=_start_worker, initargs=(work, shared, language()))
    except (OSError, ImportError):  # no working semaphores (some containers), too many processes
        return None
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def _start_worker(work: Callable[[Any, list[Any]], list[Any]], shared: object, lang: str) -> None:
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    set_language(lang)  # a spawned worker starts in the default language, not the command's
    _worker = (work, shared)


def _run(run: list[Any]) -> list[Any]:
    """In a worker: the results of one run of items."""
    if _worker is None:  # only _start_pool's workers call this, after _start_worker
        raise RuntimeError("phieu: a worker ran before it was started")
    work, shared = _worker
    return work(shared, run)
