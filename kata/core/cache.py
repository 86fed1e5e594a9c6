"""The kata's private cache folder: the reference world and the TFDS data dir.

Light on purpose (no TensorFlow): the pytest plugin finds the data dir before
TensorFlow loads, to start the learner process early.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
from pathlib import Path

from kata import ROOT


def private_cache() -> Path:
    """The kata's cache folder for this user (``~/.cache/embedding-projector-kata``), which
    only its owner can write. A folder that someone else owns, or that others may write,
    is never trusted: a fresh private temporary folder is used instead."""
    import tempfile

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "embedding-projector-kata"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        status = folder.stat()
        if status.st_uid == os.geteuid() and not status.st_mode & 0o022 and not folder.is_symlink():
            return folder
    except OSError:
        pass
    global _fallback
    if _fallback is None:
        _fallback = Path(tempfile.mkdtemp(prefix="kata-cache-"))  # mode 0700, ours alone
    return _fallback


_fallback: Path | None = None


def cache_folder() -> Path:
    """Where the reference world is kept: hidden from the learner process."""
    folder = private_cache() / "reference"
    folder.mkdir(exist_ok=True, mode=0o700)
    return folder


def default_data_dir() -> Path:
    """The TFDS data dir where the built-in corpus is prepared once, in the private cache.

    It is keyed by the corpus code and the TFDS version, so a change to either
    prepares it afresh; every later grading run reuses it. The learner process
    reads it, and cannot write it.
    """
    version = importlib.metadata.version("tensorflow-datasets")  # without importing TFDS
    code = (ROOT / "kata" / "data" / "corpus.py").read_bytes() + version.encode()
    return private_cache() / f"tfds-{hashlib.sha256(code).hexdigest()[:12]}"
