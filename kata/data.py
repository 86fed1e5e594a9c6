"""Choose where the reviews come from, without ever hanging for minutes.

- ``"kata_reviews"``: the built-in corpus (offline, seconds);
- ``"imdb_reviews"``: the real IMDB reviews through TFDS (downloads 80 MB once);
- ``"auto"``: IMDB if it is already prepared in the data dir, or if its download
  server answers within a few seconds; otherwise the built-in corpus, with a
  one-line notice. (Offline, a plain TFDS download retries for about 200 s.)

The environment variable ``KATA_DATA`` overrides the default choice; CI sets
``KATA_DATA=kata_reviews``.
"""

from __future__ import annotations

import os
import socket
import threading

import kata.corpus
from kata.i18n import say

IMDB = "imdb_reviews"
BUILT_IN = kata.corpus.NAME
CHOICES = ("auto", IMDB, BUILT_IN)
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
    import tensorflow_datasets as tfds

    try:
        return tfds.builder(IMDB, data_dir=data_dir).is_prepared()
    except Exception:  # an unreadable data dir counts as "not prepared"
        return False


def choose(requested="auto", data_dir=None, probe=reachable, notify=print) -> str:
    """The TFDS name to load for ``requested``; ``"auto"`` defers to ``$KATA_DATA`` when set."""
    if requested in (None, "auto"):
        requested = os.environ.get("KATA_DATA") or "auto"
    if requested not in CHOICES:
        raise ValueError(f"unknown data source {requested!r}; choose one of {', '.join(CHOICES)}")
    if requested != "auto":
        return requested
    if imdb_prepared(data_dir) or probe():
        return IMDB
    notify(
        say(
            "Offline: using the built-in corpus (kata_reviews) instead of IMDB. "
            "Set KATA_DATA=imdb_reviews to insist on IMDB."
        )
    )
    return BUILT_IN
