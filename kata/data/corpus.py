"""The built-in review corpus: a tiny, offline stand-in for IMDB.

Importing this module registers a TensorFlow Datasets builder named
``kata_reviews``, so the *load* step's very same call works without a network::

    tfds.load("kata_reviews", split=("train", "test"), as_supervised=True)

The reviews are written by code from a fixed seed, not downloaded: short movie
reviews in plain English, half positive (label 1) and half negative (label 0).
Every review mixes sentiment words with neutral film words, and about one in
seven of its sentiment words comes from the other side ("the ending was dull"),
so the model has to weigh the evidence instead of spotting one magic word.
Online users get the real IMDB reviews with ``name="imdb_reviews"``.

``kata_reviews_small`` holds the first 1,000 train and 200 test reviews of the same
corpus: the end-to-end check chains a learner's seven steps on it, since it checks
the log dir they write, not how well the model learns (step 4's checks do that).
"""

from __future__ import annotations

import random

import tensorflow_datasets as tfds

NAME = "kata_reviews"
TRAIN_SIZE = 6000
TEST_SIZE = 1000
SMALL_NAME = "kata_reviews_small"  # its first reviews: 100 batches to train, 20 to validate
SMALL_SIZES = {"train": 1000, "test": 200}
SEED = 20241124

POSITIVE = (
    "wonderful brilliant superb excellent beautiful moving delightful charming gripping "
    "masterful stunning touching hilarious clever thrilling memorable powerful elegant "
    "fantastic joyful inspiring perfect remarkable engaging warm witty"
).split()
NEGATIVE = (
    "awful boring terrible dull dreadful clumsy tedious weak bland lifeless painful "
    "predictable stupid forgettable annoying mediocre sloppy pointless silly horrible "
    "disappointing lazy messy shallow worst"
).split()
SUBJECTS = (
    "film movie story plot script acting cast ending soundtrack direction dialogue "
    "camera work pacing music lead villain hero finale opening scene"
).split()
FILLER = (
    "i we really quite just also honestly overall frankly the this that its it was is "
    "felt seemed looked sounded and with from about for in on of to my friends family "
    "last night weekend cinema theater sequel remake director actor actress star"
).split()
INTENSIFIERS = "very so truly rather deeply pretty".split()


def review(rng: random.Random, label: int) -> str:
    """One review of two to four short sentences; ``label`` 1 = positive."""
    own, other = (POSITIVE, NEGATIVE) if label else (NEGATIVE, POSITIVE)
    sentences = []
    for _ in range(rng.randint(2, 4)):
        adjective = rng.choice(own if rng.random() < 0.85 else other)
        if rng.random() < 0.5:
            adjective = f"{rng.choice(INTENSIFIERS)} {adjective}"
        words = rng.sample(FILLER, rng.randint(0, 2))
        sentences.append(" ".join([*words, "the", rng.choice(SUBJECTS), "was", adjective]))
    return ". ".join(sentences).capitalize() + "."


def reviews(split: str, size: int | None = None) -> list[tuple[str, int]]:
    """The first ``size`` (text, label) pairs of ``split`` (all by default): deterministic and
    balanced."""
    size = size or (TRAIN_SIZE if split == "train" else TEST_SIZE)
    rng = random.Random(f"{SEED}-{split}")
    return [(review(rng, index % 2), index % 2) for index in range(size)]


class KataReviews(tfds.core.GeneratorBasedBuilder):
    """Short English movie reviews labelled 0 (negative) or 1 (positive)."""

    VERSION = tfds.core.Version("1.0.0")
    RELEASE_NOTES = {"1.0.0": "Built-in corpus of the Embedding Projector kata."}

    def _info(self) -> tfds.core.DatasetInfo:
        return tfds.core.DatasetInfo(
            builder=self,
            description=__doc__,
            features=tfds.features.FeaturesDict(
                {"text": tfds.features.Text(), "label": tfds.features.ClassLabel(num_classes=2)}
            ),
            supervised_keys=("text", "label"),
        )

    def _split_generators(self, dl_manager):
        return {split: self._generate_examples(split) for split in ("train", "test")}

    def _generate_examples(self, split):
        for index, (text, label) in enumerate(reviews(split)):
            yield index, {"text": text, "label": label}


class KataReviewsSmall(KataReviews):
    """The first reviews of ``kata_reviews``: 1,000 to train on, 200 to test on."""

    def _generate_examples(self, split):
        for index, (text, label) in enumerate(reviews(split, SMALL_SIZES[split])):
            yield index, {"text": text, "label": label}


def prepare(data_dir) -> None:
    """Prepare both built-in datasets in ``data_dir`` (once: later calls find them there), so
    that a learner process, which may only read it, can load either."""
    for name in (NAME, SMALL_NAME):
        tfds.builder(name, data_dir=str(data_dir)).download_and_prepare()
