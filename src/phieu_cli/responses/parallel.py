"""`phieu validate` over a large folder: the files shared among worker processes, the output unchanged.

Each worker checks runs of consecutive files with checkfiles.outcome, the same code one process runs, and the
parent prints the runs in their order: the output is byte for byte what one process prints. Ctrl-C belongs to
the parent: the workers ignore SIGINT (a terminal sends it to every process of the command) and are stopped
with the pool, and the parent's KeyboardInterrupt becomes exit 130 as it does in one process. A pool that
cannot start (a system without working semaphores, a limit on processes) leaves the work to one process.

On Linux the workers are forked: they inherit the loaded form and every module, so they start at once.
Elsewhere they are spawned (Windows has no fork; macOS's system libraries are not safe to fork): the form is
pickled to them, and what they run lives at module level, as spawning requires.
"""

from __future__ import annotations

import signal
import sys

from phieu_cli.responses.checkfiles import Options, Target, check_targets, outcome

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from multiprocessing.pool import Pool

    from phieu_cli.responses.checkfiles import Outcome
    from phieu_cli.responses.validation import Loaded

START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"
# Runs of files per worker: enough that the workers finish close together, few enough that sending them is cheap.
RUNS_PER_JOB = 8

# In a worker: the form and the options, set once when it starts.
_worker: tuple[Loaded, Options] | None = None


def parallel_outcomes(
    loaded: Loaded, targets: Sequence[Target], options: Options, jobs: int
) -> Iterator[Outcome]:
    """checkfiles.outcomes over *jobs* worker processes: the same outcomes in the same order."""
    size = max(1, -(-len(targets) // (jobs * RUNS_PER_JOB)))
    runs = [[(t.path, t.label) for t in targets[i : i + size]] for i in range(0, len(targets), size)]
    pool = _start_pool(loaded, options, jobs)
    if pool is None:
        for report, readable in check_targets(loaded, targets, require_complete=options.require_complete):
            yield outcome(report, readable, options)
        return
    with pool:  # leaving it — at the end, on an error, on Ctrl-C — terminates the workers
        for results in pool.imap(_check_run, runs):
            yield from results


def _start_pool(loaded: Loaded, options: Options, jobs: int) -> Pool | None:
    import multiprocessing

    for stream in (sys.stdout, sys.stderr):  # a forked worker flushes what it inherited: it would print twice
        stream.flush()
    try:  # forked workers are born ignoring Ctrl-C (spawned ones ignore it from _start_worker on)
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: signals are not ours to set
        previous = None
    try:
        context = multiprocessing.get_context(START_METHOD)
        return context.Pool(jobs, initializer=_start_worker, initargs=(loaded, options))
    except (OSError, ImportError):  # no working semaphores (some containers), too many processes
        return None
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def _start_worker(loaded: Loaded, options: Options) -> None:
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker = (loaded, options)


def _check_run(run: list[tuple[str, str]]) -> list[Outcome]:
    """In a worker: the outcomes of one run of files (path, label)."""
    if _worker is None:  # only _start_worker's pool calls this
        raise RuntimeError("phieu: a worker ran before it was started")
    loaded, options = _worker
    targets = [Target(path, label) for path, label in run]
    checked = check_targets(loaded, targets, require_complete=options.require_complete)
    return [outcome(report, readable, options) for report, readable in checked]
