"""Grade in a child process, so nothing the graded code does can fake or stop the verdict.

The worker (``python -m kata.judge.worker``) runs the graded checks and reports each
check's start and result on a channel of its own, a file. This process alone
draws the board, writes the JSON and chooses the exit status. When the worker
ends in the middle of a check (``os._exit``, a segfault, a signal), stays
silent past the check's deadline (a hang that pytest-timeout cannot break), or
floods its output, that check fails with one sentence saying what happened, and
grading goes on with the remaining steps in a new worker.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kata import ROOT
from kata.core.i18n import say
from kata.core.settings import (
    CALL_SECONDS,
    FLOOD_BYTES,
    GRACE_SECONDS,
    RESTART_SECONDS,  # the judge bounds each call itself: this watchdog over it can wait
    STARTUP_SECONDS,
)
from kata.core.status import CRASHED, FLOODED, TIMED_OUT, CheckResult
from kata.core.steps import BY_NAME, END_TO_END, ROWS
from kata.judge.watchdog import Child, ended, flooded


def step_of_node(nodeid) -> str:
    """``tests/test_step2_pad.py::...`` -> ``pad``; the end-to-end file -> ``end_to_end``."""
    name = Path(nodeid.split("::")[0]).stem.removeprefix("test_")
    return name if name == END_TO_END else name.split("_", 1)[1]


def who(step: str) -> str:
    if step == END_TO_END:
        return say("The end-to-end check")
    return say("Step {number} ({name})", number=BY_NAME[step].number, name=step)


class Worker:
    """One ``python -m kata.judge.worker`` process, restarted whenever it had to be stopped."""

    def __init__(
        self,
        data_dir,
        timeout=CALL_SECONDS,
        grace=GRACE_SECONDS,
        flood_bytes=FLOOD_BYTES,
    ):
        self.data_dir = str(data_dir)
        self.timeout = timeout
        self.grace = grace
        self.flood_bytes = flood_bytes
        self.process: subprocess.Popen | None = None
        self.child: Child | None = None
        self.folder = tempfile.TemporaryDirectory(prefix="kata-worker-")
        self.unconfined: str | None = None  # why the last graded folder's code ran unconfined

    def start(self) -> None:
        self.events_path = Path(self.folder.name) / f"events-{time.monotonic_ns()}.jsonl"
        self.events_path.touch()
        self.offset = 0
        self.child = Child(
            [sys.executable, "-m", "kata.judge.worker", str(self.events_path)],
            merged=True,  # what the graded code prints, counted with the worker's own output
            cwd=ROOT,
            # Its temporary folders (a learner's copy and scratch, TensorFlow's) go in ours:
            # removed with it by close(), even when it had to be killed.
            env={**os.environ, "TMPDIR": self.folder.name},
        )  # its own process group: Ctrl-C reaches this process, which stops the worker
        self.process = self.child.process

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.process is None:
            return
        self.child.stop()
        self.process = None

    def close(self, wait=True) -> None:
        """End the worker: let it stop its learner processes (``wait``), or at once (Ctrl-C:
        while a KeyboardInterrupt is being handled)."""
        wait = wait and sys.exc_info()[0] is not KeyboardInterrupt
        if self.alive() and wait:
            self.process.stdin.close()  # the worker ends when its requests end
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                pass
        self.stop()
        self.folder.cleanup()

    def _events(self) -> list[dict]:
        """The events the worker finished writing since the last call. Read as bytes: a line
        still being written may end inside a character (繁體中文), so only whole lines are
        decoded."""
        with open(self.events_path, "rb") as events:
            events.seek(self.offset)
            data = events.read()
        complete = data[: data.rfind(b"\n") + 1]
        self.offset += len(complete)
        return [json.loads(line) for line in complete.decode("utf-8").splitlines()]

    def run(self, folder, steps=None, following=None) -> list[CheckResult]:
        """Grade ``steps`` (names, default all and the end-to-end check) of ``folder``;
        ``following`` is the folder this worker grades next (its learner starts early)."""
        pending = list(steps or [row.name for row in ROWS])
        results: dict[str, CheckResult] = {}
        self.unconfined = None
        while pending:
            if not self.alive():
                self.start()
            request = {
                "folder": os.path.abspath(folder),  # a link is refused by the box, not followed
                "args": ["-m", " or ".join(pending)],
                "data_dir": self.data_dir,
                "timeout": self.timeout,
                "next": os.path.abspath(following) if following else None,
            }
            self.process.stdin.write((json.dumps(request) + "\n").encode())
            self.process.stdin.flush()
            started, stopped = self._follow(results)
            if stopped is None:
                break
            # The worker was stopped during a check of step `stopped`: that step is done for;
            # every step that started before it finished; the others get a new worker.
            pending = [step for step in pending if step not in started]
        return list(results.values())

    def _follow(self, results) -> tuple[list[str], str | None]:
        """Collect events until ``done``; return the steps started and the one stopped in."""
        started: list[str] = []
        running: dict | None = None
        last: dict | None = None  # the check that ran last, blamed for what happens after it
        exited = False  # it ended: its last events are read once more
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            for event in self._events():
                if event["event"] == "done":
                    if isinstance(event.get("unconfined"), str):
                        self.unconfined = event["unconfined"][:500]
                    return started, None
                if event["event"] == "error":  # the judge's own failure: no verdict at all
                    raise RuntimeError(event["message"])
                if event["event"] == "start":
                    step = step_of_node(event["nodeid"])
                    running = {"nodeid": event["nodeid"], "step": step, "began": time.monotonic()}
                    last = running
                    if step not in started:
                        started.append(step)
                    self.child.output.count = 0  # what it prints from now on: this check's
                    deadline = time.monotonic() + self.timeout + self.grace + RESTART_SECONDS
                elif event["event"] == "result":
                    event.pop("event")
                    results[event["nodeid"]] = CheckResult(**event)
                    running = None
                    deadline = time.monotonic() + self.timeout + self.grace + RESTART_SECONDS
            status = self.process.poll()
            why = None
            if status is not None and not exited:
                exited = True  # read its last events once more before judging
                continue
            if status is not None:
                why = (CRASHED, ended(status))
            elif self.child.output.count > self.flood_bytes:
                why = (FLOODED, flooded(self.flood_bytes))
            elif time.monotonic() > deadline:
                why = (TIMED_OUT, self._hung())
            if why is None:
                time.sleep(0.05)
                continue
            self.stop()
            running = running or last  # between checks: a thread of the last check's code
            if running is None:
                raise RuntimeError(f"the grading worker stopped before any check: {why[1]}")
            kind, message = why
            step = running["step"]
            results[running["nodeid"]] = CheckResult(
                running["nodeid"],
                step,
                "failed",
                kind,
                f"{who(step)} {message}",
                round(time.monotonic() - running["began"], 3),
            )
            return started, step

    def _hung(self) -> str:
        return say(
            "was stopped after {seconds:.0f} s without finishing: the code hangs, even past "
            "pytest's timeout.",
            seconds=self.timeout + self.grace + RESTART_SECONDS,
        )
