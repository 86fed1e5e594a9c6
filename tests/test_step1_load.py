"""Step 1, load: the reviews as token ids, and a vocabulary learned from the training text."""

import pytest
import tensorflow as tf
import tensorflow_datasets as tfds

import kata.corpus
from kata.target import once

pytestmark = pytest.mark.load

IDS_SPEC = (tf.TensorSpec([None], tf.int64), tf.TensorSpec([], tf.int64))


@pytest.fixture(scope="module")
def loaded(steps, data_dir):
    return once(lambda: steps.step1_load.load(kata.corpus.NAME, data_dir=str(data_dir)))


def unpack(result):
    assert isinstance(result, tuple) and len(result) == 3, (
        "load(...) must return a tuple (train_data, test_data, vocabulary); "
        f"it returned {type(result).__name__}"
    )
    return result


def test_returns_datasets_of_token_ids_and_labels(loaded):
    """Both splits are tf.data.Datasets of (1-D int64 token ids, int64 label)."""
    train_data, test_data, _ = unpack(loaded())
    for split, data in (("train", train_data), ("test", test_data)):
        assert isinstance(data, tf.data.Dataset), (
            f"load(...) returned {type(data).__name__} as the {split} data; "
            "expected a tf.data.Dataset"
        )
        spec = data.element_spec
        assert isinstance(spec, tuple) and len(spec) == 2, (
            f"each {split} element must be a pair (token_ids, label); its spec is {spec}"
        )
        assert spec[0].dtype == tf.int64 and spec[0].shape.rank == 1, (
            f"{split} token ids have spec {spec[0]}; expected 1-D int64 ids, one review each "
            "(vectorize one review at a time, e.g. vectorize(text[tf.newaxis])[0])"
        )
        assert spec[1].dtype == tf.int64 and spec[1].shape.rank == 0, (
            f"{split} labels have spec {spec[1]}; expected a scalar int64 (as_supervised=True)"
        )


def test_vocabulary_starts_with_padding_and_unknown(loaded):
    """The vocabulary is a list of str: '' (padding) first, then '[UNK]'."""
    vocabulary = unpack(loaded())[2]
    assert isinstance(vocabulary, list), (
        f"the vocabulary is a {type(vocabulary).__name__}; return a list of str"
    )
    assert vocabulary[:2] == ["", "[UNK]"], (
        f"the vocabulary starts {vocabulary[:2]!r}; TextVectorization's is ['', '[UNK]', ...]"
    )
    odd = [token for token in vocabulary if type(token) is not str]
    assert not odd, (
        f"{len(odd)} tokens are {type(odd[0]).__name__}, not str (e.g. {odd[0]!r}): "
        "convert them with str(token)"
    )


def test_vocabulary_matches_the_training_text(loaded, vocabulary):
    """The built-in corpus gives the reference vocabulary, in the same order."""
    mine = unpack(loaded())[2]
    assert len(mine) == len(vocabulary), (
        f"load('kata_reviews') learned {len(mine)} tokens; the reference learns {len(vocabulary)}"
    )
    assert mine == vocabulary, (
        "the vocabulary has the right size but a different order; adapt TextVectorization on "
        "the training text only, with default standardisation"
    )


def test_ids_spell_the_review(loaded, reference_data):
    """The first training review's ids are the reference ids (id i is vocabulary[i])."""
    mine = next(iter(unpack(loaded())[0]))
    expected = next(iter(reference_data[0]))
    assert mine[0].numpy().tolist() == expected[0].numpy().tolist(), (
        f"the first training review became ids {mine[0].numpy()[:8].tolist()}...; "
        f"expected {expected[0].numpy()[:8].tolist()}... (keep the TFDS order; do not shuffle here)"
    )
    assert int(mine[1]) == int(expected[1]), "the first training label differs from the dataset's"


def test_max_tokens_caps_the_vocabulary(steps, data_dir):
    """load(..., max_tokens=20) learns exactly 20 tokens, '' and '[UNK]' included."""
    vocabulary = steps.step1_load.load(kata.corpus.NAME, data_dir=str(data_dir), max_tokens=20)[2]
    assert len(vocabulary) == 20, (
        f"load(..., max_tokens=20) returned {len(vocabulary)} tokens; pass max_tokens to "
        "TextVectorization"
    )


def fake_imdb(train_text, test_text):
    """A stand-in for the IMDB files, served through the real tfds.load call (no network)."""

    def as_dataset(self, split, **kwargs):
        text = train_text if str(split).startswith("train") else test_text
        labels = tf.constant([index % 2 for index in range(len(text))], tf.int64)
        return tf.data.Dataset.from_tensor_slices({"text": text, "label": labels})

    return tfds.testing.mock_data(num_examples=len(train_text), as_dataset_fn=as_dataset)


def test_loads_imdb_reviews_without_a_download(steps, tmp_path):
    """load('imdb_reviews') calls tfds.load and adapts on the training split only."""
    train_text = ["a good film", "a bad film", "good good acting", "bad plot"]
    test_text = ["secretword appears only in the test split"]
    with fake_imdb(train_text, test_text):
        train_data, _, vocabulary = unpack(
            steps.step1_load.load("imdb_reviews", data_dir=str(tmp_path))
        )
        first = next(iter(train_data))
    assert "secretword" not in vocabulary, (
        "a word seen only in the test split is in the vocabulary: adapt on the training text "
        "only, or the test accuracy flatters the model"
    )
    assert {"good", "bad", "film"} <= set(vocabulary), (
        f"load('imdb_reviews') learned {vocabulary}; expected the training words"
    )
    words = [vocabulary[i] for i in first[0].numpy()]
    assert words == ["a", "good", "film"], (
        f"the first imdb_reviews training review 'a good film' became ids that spell {words}"
    )
