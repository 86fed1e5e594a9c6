"""The grader: grade a folder once (``grade``), or again at every save (``watch``).

Both run the checks in a supervised worker (``kata.judge.supervisor``), so nothing
the graded code does can fake the verdict, and draw the board (``kata.judge.board``).
"""

from __future__ import annotations

import time
from pathlib import Path

from kata import ROOT
from kata.core.i18n import say
from kata.core.sentences import shown
from kata.core.settings import CALL_SECONDS
from kata.core.steps import BY_NAME, END_TO_END
from kata.judge.board import Board


def grade_folder(worker, folder, following=None, rows=None) -> Board:
    """Grade every step of ``folder`` (or the board's ``rows`` named) with the supervised
    ``worker``: the one place where a folder becomes a board (``grade``, ``watch`` and ``kata
    class`` call it). ``following``: the folder this worker grades next (its learner process
    starts early)."""
    results = worker.run(folder, rows, following=following)
    return Board(folder, results, unconfined=worker.unconfined)


def grade(
    folder, json_path=None, timeout=CALL_SECONDS, data_dir=None, out=print, **limits
) -> Board:
    """Grade ``folder`` once in a supervised worker; write JSON when asked; print the board.

    ``limits`` go to the worker (``grace``, ``flood_bytes``): see kata.judge.supervisor.
    """
    from kata.core.cache import default_data_dir
    from kata.judge.supervisor import Worker

    worker = Worker(data_dir or default_data_dir(), timeout, **limits)
    try:
        board = grade_folder(worker, folder)
    finally:
        worker.close()
    if json_path:
        board.write_json(json_path)
    out(board.text(colour=True, first_passes=first_passes(board)))
    return board


def first_passes(board) -> list[str]:
    """Steps of the learner's own exercises/ that pass now and never passed before (the board
    says why they matter, once); each passing file's hash is remembered in .kata/ (compare
    reads it). Any other folder: none."""
    if Path(board.folder).resolve() != ROOT / "exercises":
        return []
    from kata.stubs import record_passes

    return record_passes(board)


def saved_steps(folder, seen: dict) -> list[Path]:
    """Step files of ``folder`` saved since ``seen`` (path -> mtime) was last updated."""
    saved = []
    for path in sorted(Path(folder).glob("step*.py")):
        mtime = path.stat().st_mtime
        if seen.get(path) != mtime:
            seen[path] = mtime
            if path.stem.split("_", 1)[-1] in BY_NAME:
                saved.append(path)
    return saved


def recheck(board, path, worker) -> float:
    """Re-grade the step of ``path`` on ``board`` with the supervised ``worker``; return the
    seconds it took. (The end-to-end check follows separately: ``recheck_end_to_end``.)"""
    start = time.perf_counter()
    board.update(worker.run(board.folder, [path.stem.split("_", 1)[-1]]))
    return time.perf_counter() - start


def recheck_end_to_end(board, worker) -> None:
    """Re-run the end-to-end check (it chains every step, and trains: seconds)."""
    board.update(worker.run(board.folder, [END_TO_END]))


def flushed(*args, **kwargs) -> None:
    print(*args, **kwargs, flush=True)  # watch runs until Ctrl-C: never hold a line back


def watch(folder, timeout=CALL_SECONDS, interval=0.5, out=flushed) -> None:
    """Re-grade the step whose file was saved, until Ctrl-C. The worker keeps TensorFlow loaded."""
    from kata.core.cache import default_data_dir
    from kata.judge.supervisor import Worker

    folder = Path(folder)
    worker = Worker(default_data_dir(), timeout)
    stopped = False
    try:
        board = grade_folder(worker, folder)
        out(board.text(colour=True, first_passes=first_passes(board)))
        seen = {}
        saved_steps(folder, seen)
        out(say("Watching {folder}/ for saves (Ctrl-C to stop)", folder=shown(folder)))
        while True:
            time.sleep(interval)
            for path in saved_steps(folder, seen):
                seconds = recheck(board, path, worker)
                chain_next = board.saved()  # no row shows a verdict older than this save
                out(board.text(colour=True, first_passes=first_passes(board)))
                out(say("Re-checked {file} in {seconds:.1f} s", file=path.name, seconds=seconds))
                if chain_next:  # the step's verdict first, then the chain
                    recheck_end_to_end(board, worker)
                    out(board.text(colour=True))
    except KeyboardInterrupt:
        stopped = True
        out(say("Stopped watching."))
    finally:
        worker.close(wait=not stopped)
