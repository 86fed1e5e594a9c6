"""``python -m kata lab`` (``tox -e lab``): the kata notebook in Jupyter Lab, in your language.

It opens ``kata.ipynb``, or ``kata.zh-TW.ipynb`` when the kata speaks 繁體中文 (``python -m
kata lang zh-TW``, ``KATA_LANG`` or the locale). Everything runs on this machine, offline:
Jupyter Lab's pages come with its package, the kernel is this environment's Python. Without
a display (a server, a container) no browser is opened: open the printed address yourself.
Ctrl-C stops the server and its kernels.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from kata import ROOT
from kata.core.i18n import language, say


def command(notebook: Path) -> list[str] | None:
    """The Jupyter Lab command that opens ``notebook``, or None when Jupyter Lab is missing."""
    jupyter = shutil.which("jupyter", path=str(Path(sys.executable).parent))
    if jupyter is None or importlib.util.find_spec("jupyterlab") is None:
        return None
    offline = [  # no extension lookups on PyPI, no update checks: it works with no network
        "--LabApp.extension_manager=readonly",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    argv = [jupyter, "lab", str(notebook.relative_to(ROOT)), *offline]
    headless = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    as_root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    return argv + (["--no-browser"] if headless else []) + as_root  # root: a container, CI


def main(args) -> int:
    from kata.notebook.cells import KATA_NOTEBOOKS

    notebook = KATA_NOTEBOOKS[language()]
    argv = command(notebook)
    if argv is None:
        print(say("Jupyter Lab is not installed in this environment: run tox -e lab."))
        return 2
    print(say("Opening {notebook} in Jupyter Lab (Ctrl-C to stop).", notebook=notebook.name))
    print(flush=True)
    server = subprocess.Popen(argv, cwd=ROOT, start_new_session=True)  # stopped as a group
    try:
        return server.wait()
    except KeyboardInterrupt:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)  # Jupyter stops its kernels, then itself
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        print(say("Jupyter Lab stopped."), flush=True)
        return 0
