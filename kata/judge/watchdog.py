"""One watchdog for the kata's two child processes: the grading worker (``kata.judge.supervisor``)
and the learner process (``kata.judge.learner_process``).

``Child`` starts one in a process group of its own, drains what it prints in a thread
(``Output``: counted, only its tail kept, so a full pipe never blocks it and a flood never
fills the judge's memory) and stops it as a whole group, by the PID it started: never by a
name or a pattern that could reach somebody else's process. What can go wrong with a child
is said here once: how it ended (``ended``) and that it printed too much (``flooded``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading

from kata.core.i18n import say
from kata.core.settings import TAIL_BYTES


class Output:
    """What a child prints: counted, and only its last ``TAIL_BYTES`` kept."""

    def __init__(self):
        self.count = 0
        self.tail = b""

    def drain(self, stream) -> None:
        with contextlib.suppress(OSError, ValueError):
            while chunk := stream.read1(1 << 16):
                self.count += len(chunk)
                self.tail = (self.tail + chunk)[-TAIL_BYTES:]


class Child:
    """A child process in a process group of its own. Its standard error (or, with
    ``merged``, its standard output, where its standard error goes too) is drained into
    ``output``; the other pipes are the caller's."""

    def __init__(self, argv, merged=False, **popen):
        self.process = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT if merged else subprocess.PIPE,
            start_new_session=True,  # its own process group, stopped as a whole
            **popen,
        )
        self.output = Output()
        stream = self.process.stdout if merged else self.process.stderr
        threading.Thread(target=self.output.drain, args=(stream,), daemon=True).start()

    def stop(self) -> None:
        """Kill its whole process group (what it started too), then reap it. The group keeps
        its number while any member lives, and Linux hands out a freed number again only after
        going round all of them, so the signal reaches only what we started."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                stream.close()


def ended(status: int, starting: bool = False, boxed: bool = False) -> str:
    """Why a child that ended on its own failed the check that was running (``starting``: it
    ended before it said hello; ``boxed``: its status is bubblewrap's)."""
    if boxed and 128 < status < 128 + 32:  # bubblewrap exits 128 + N when its child dies of N
        status = 128 - status
    if starting and status > 0:
        return say("the learner process could not start (exit status {status})", status=status)
    if status < 0:
        return say(
            "crashed the Python process ({signal}): look for code that kills the interpreter.",
            signal=signal.Signals(-status).name,
        )
    return say(
        "ended the Python process with exit status {status} (os._exit or exit in a thread): "
        "a step must return its result, never end the program.",
        status=status,
    )


def flooded(limit: int) -> str:
    """Why a child that printed more than ``limit`` bytes was stopped."""
    return say(
        "printed more than {megabytes} MB and was stopped: print less (not once per review or "
        "per batch).",
        megabytes=limit // 1_000_000,
    )
