"""The reference world: what the graded checks hand to a learner's step.

A wrong step must fail that step only. So no check receives anything that
learner code run before it could have changed. The reference solutions turn
the built-in corpus into plain NumPy arrays once (cached on disk, read-only in
memory); every check then gets *fresh* datasets and a fresh vocabulary list
built from those arrays, after the random state is reset (``reset()``).

This is also the one module through which the graded checks use the reference
solutions.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import kata.data.corpus
from kata import ROOT
from kata.core.cache import cache_folder, default_data_dir  # noqa: F401 - here too
from kata.core.quiet import import_tensorflow

EMBEDDING_DIM = 16
SAMPLE = 200  # reviews of each split of kata_reviews_small kept to compare with a learner's load
TENSOR = "embedding/.ATTRIBUTES/VARIABLE_VALUE"  # the key tf.train.Checkpoint(embedding=...) gives
SOURCES = (  # the code that makes the reference world: a change to any of it makes it anew
    "kata/judge/chain.py",
    "kata/data/corpus.py",
    "kata/learner/reference.py",
    "kata/core/steps.py",
    "solutions/step1_load.py",
    "solutions/step2_pad.py",
    "solutions/step3_build.py",
    "solutions/step4_train.py",
)


def reset(seed=0) -> None:
    """The random state and Keras settings every check starts from, whatever ran before it."""
    import keras

    tf = import_tensorflow()
    keras.utils.set_random_seed(seed)  # Python, NumPy and TensorFlow
    keras.config.set_floatx("float32")
    keras.mixed_precision.set_global_policy("float32")
    tf.config.run_functions_eagerly(False)


def frozen(array) -> np.ndarray:
    array = np.array(array)
    array.flags.writeable = False
    return array


@dataclass(frozen=True)
class Reviews:
    """One split as token ids: review i is ``flat[offsets[i]:offsets[i + 1]]``."""

    flat: np.ndarray
    offsets: np.ndarray
    labels: np.ndarray

    @classmethod
    def from_dataset(cls, dataset) -> Reviews:
        ids, labels = [], []
        for review, label in dataset.as_numpy_iterator():
            ids.append(review)
            labels.append(label)
        offsets = np.concatenate([[0], np.cumsum([len(review) for review in ids])])
        return cls(frozen(np.concatenate(ids)), frozen(offsets), frozen(labels))

    def __len__(self) -> int:
        return len(self.labels)

    def review(self, index) -> list[int]:
        return self.flat[self.offsets[index] : self.offsets[index + 1]].tolist()

    def first(self, count) -> Reviews:
        """The first ``count`` reviews."""
        return Reviews(
            self.flat[: self.offsets[count]], self.offsets[: count + 1], self.labels[:count]
        )

    def dataset(self):
        """A ``tf.data.Dataset`` of ``(1-D int64 ids, int64 label)``, in corpus order.

        Datasets are immutable, so the same reviews share one (tracing its ``map`` takes a
        twentieth of a second, and a check asks for the same reviews many times).
        """
        key = hashlib.blake2b(b"".join(a.tobytes() for a in (self.flat, self.offsets, self.labels)))
        key = key.hexdigest()
        if key not in _DATASETS:
            if len(_DATASETS) >= 32:
                _DATASETS.pop(next(iter(_DATASETS)))
            _DATASETS[key] = self._new_dataset()
        return _DATASETS[key]

    def _new_dataset(self):
        tf = import_tensorflow()
        flat, offsets = tf.constant(self.flat), tf.constant(self.offsets)
        labels = tf.constant(self.labels)

        def review(index):
            return flat[offsets[index] : offsets[index + 1]], labels[index]

        return tf.data.Dataset.range(len(self)).map(review)


_DATASETS: dict = {}  # a digest of some reviews -> their dataset (Reviews.dataset)


@dataclass(frozen=True)
class Batches:
    """Reviews shuffled and padded into batches as the reference ``pad()`` does, seeded. It
    crosses to the learner process as arrays and a recipe, and becomes a fresh dataset there."""

    reviews: Reviews
    batch_size: int = 10
    buffer_size: int = 1000
    seed: int = 0

    def dataset(self):
        reviews = self.reviews.dataset().shuffle(self.buffer_size, seed=self.seed)
        return reviews.padded_batch(self.batch_size)


@dataclass(frozen=True)
class Reference:
    vocabulary: tuple[str, ...]
    train: Reviews
    test: Reviews
    embedding: np.ndarray  # the reference model's embedding after one seeded epoch
    # What the reference load() gives on kata_reviews_small (step 1's checks load that): its
    # vocabulary and the first SAMPLE reviews of each split.
    small_vocabulary: tuple[str, ...]
    small_train: Reviews
    small_test: Reviews

    def data(self):
        """Fresh ``(train_data, test_data, vocabulary)``, as the reference ``load()`` returns."""
        return self.train.dataset(), self.test.dataset(), list(self.vocabulary)

    def labels(self) -> list[str]:
        """The exported labels of the trained embedding: vocabulary[1:]."""
        return list(self.vocabulary[1:])


def solutions():
    """The reference step modules as one namespace: ``solutions().step2_pad.pad(...)``."""
    import importlib
    from types import SimpleNamespace

    from kata.core.steps import STEPS

    return SimpleNamespace(
        **{step.module: importlib.import_module(f"solutions.{step.module}") for step in STEPS}
    )


def model_with_known_weights(vocab_size):
    """A reference model whose embedding row i is ``i + [0, 0.01, ..., 0.15]``.

    Known values let a check tell which row went where.
    """
    from solutions.step3_build import build

    model = build(vocab_size)
    model.build((None, None))
    weights = np.arange(vocab_size, dtype="float32")[:, None] + np.arange(EMBEDDING_DIM) / 100
    model.layers[0].set_weights([weights])
    return model


def _compute(data_dir) -> Reference:
    """The registry's chain of the reference solutions, load to train, on the built-in corpus:
    the reviews as loaded, then seeded batches of them (``batches``) for the rest."""
    from kata.core.steps import CHAINED
    from kata.judge import chain

    load = CHAINED[:1]
    pad_to_train = tuple(step for step in CHAINED if step.name in ("pad", "build", "train"))
    reset()
    inputs = {"source": kata.data.corpus.NAME, "data_dir": str(data_dir)}
    loaded = chain.run(solutions(), inputs, load)
    train_reviews = Reviews.from_dataset(loaded["train_data"])
    test_reviews = Reviews.from_dataset(loaded["test_data"])
    reset()
    ready = {**loaded, "train_data": train_reviews.dataset(), "test_data": test_reviews.dataset()}
    trained = chain.run(solutions(), ready, pad_to_train)
    embedding = frozen(trained["model"].layers[0].get_weights()[0][1:])
    reset()
    small = chain.run(solutions(), {**inputs, "source": kata.data.corpus.SMALL_NAME}, load)
    return Reference(
        tuple(loaded["vocabulary"]),
        train_reviews,
        test_reviews,
        embedding,
        tuple(small["vocabulary"]),
        Reviews.from_dataset(small["train_data"].take(SAMPLE)),
        Reviews.from_dataset(small["test_data"].take(SAMPLE)),
    )


def world_key() -> str:
    import keras
    import tensorflow_datasets as tfds

    digest = hashlib.sha256(f"{keras.__version__} {tfds.__version__}".encode())
    for name in SOURCES:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()[:12]


_loaded: dict[str, Reference] = {}


def load_reference(data_dir) -> Reference:
    """The reference world for the built-in corpus prepared in ``data_dir`` (both built-in
    datasets are prepared there first, if they are not yet).

    Computed once per machine (a few seconds) and kept in the private cache
    (``cache_folder()``) as ``reference-KEY.npz``, where KEY hashes the code that
    makes it, beside its SHA-256. A file whose hash does not match (corrupt, or
    written by anyone else) is computed anew, never trusted.
    """
    import_tensorflow()
    key = world_key()
    if key in _loaded:
        return _loaded[key]
    kata.data.corpus.prepare(data_dir)
    path = cache_folder() / f"reference-{key}.npz"
    with only_one_writer(path.with_suffix(".lock")):  # parallel graders compute it once
        reference = _read(path)
        if reference is None:
            reference = _compute(data_dir)
            arrays = {"vocabulary": np.array(reference.vocabulary)}
            arrays.update(embedding=reference.embedding)
            arrays["small_vocabulary"] = np.array(reference.small_vocabulary)
            for split in ("train", "test", "small_train", "small_test"):
                for part in Reviews.__annotations__:
                    arrays[f"{split}_{part}"] = getattr(getattr(reference, split), part)
            partial = path.with_suffix(f".{os.getpid()}.npz")
            np.savez(partial, **arrays)
            digest = hashlib.sha256(partial.read_bytes()).hexdigest()
            path.with_suffix(".sha256").write_text(digest)
            os.replace(partial, path)  # atomic: a reader never sees half a file
    _loaded[key] = reference
    return reference


@contextlib.contextmanager
def only_one_writer(lock_path: Path):
    """Hold an exclusive lock on ``lock_path`` (where the OS has ``flock``): two graders that
    start at once on a fresh machine would otherwise both write the file and its hash,
    interleaved, and leave a pair that does not match."""
    try:
        import fcntl
    except ImportError:  # Windows: no lock, as before
        yield
        return
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _read(path: Path) -> Reference | None:
    """The reference kept at ``path``, if it is there and its hash is the one written with it."""
    try:
        data = path.read_bytes()
        expected = path.with_suffix(".sha256").read_text().strip()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != expected:
        return None
    import io

    with np.load(io.BytesIO(data), allow_pickle=False) as saved:

        def reviews(split) -> Reviews:
            return Reviews(*(frozen(saved[f"{split}_{part}"]) for part in Reviews.__annotations__))

        return Reference(
            tuple(str(token) for token in saved["vocabulary"]),
            reviews("train"),
            reviews("test"),
            frozen(saved["embedding"]),
            tuple(str(token) for token in saved["small_vocabulary"]),
            reviews("small_train"),
            reviews("small_test"),
        )
