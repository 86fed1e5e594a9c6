"""Step 1, load: the reviews as token ids, and a vocabulary learned from the training text."""

import pytest
import tensorflow as tf

from kata.checking import corpus, first_difference, once, ref, say, split_name

pytestmark = pytest.mark.load


@pytest.fixture(scope="module")
def loaded(graded, data_dir):
    """load('kata_reviews_small'): the first 1,000 + 200 reviews of the built-in corpus."""

    def call():
        with graded.recording(limit=ref.SAMPLE):  # the reviews the checks compare
            return graded.step1_load.load(corpus.SMALL_NAME, data_dir=str(data_dir))

    return once(call)


def unpack(result):
    assert isinstance(result, tuple) and len(result) == 3, say(
        "load(...) must return a tuple (train_data, test_data, vocabulary); it returned {kind}",
        kind=type(result).__name__,
    )
    return result


def test_returns_datasets_of_token_ids_and_labels(loaded):
    """Both splits are tf.data.Datasets of (1-D int64 token ids, int64 label)."""
    train_data, test_data, _ = unpack(loaded())
    for split, data in (("train", train_data), ("test", test_data)):
        assert isinstance(data, tf.data.Dataset), say(
            "load(...) returned {kind} as the {split} data; expected a tf.data.Dataset",
            kind=type(data).__name__,
            split=split_name(split),
        )
        spec = data.element_spec
        assert isinstance(spec, tuple) and len(spec) == 2, say(
            "each {split} element must be a pair (token_ids, label); its spec is {spec}",
            split=split_name(split),
            spec=spec,
        )
        assert spec[0].dtype == tf.int64 and spec[0].shape.rank == 1, say(
            "{split} token ids have spec {spec}; expected 1-D int64 ids, one review each "
            "(vectorize one review at a time, e.g. vectorize(text[tf.newaxis])[0])",
            split=split_name(split),
            spec=spec[0],
        )
        assert spec[1].dtype == tf.int64 and spec[1].shape.rank == 0, say(
            "{split} labels have spec {spec}; expected a scalar int64 (as_supervised=True)",
            split=split_name(split),
            spec=spec[1],
        )


def test_vocabulary_starts_with_padding_and_unknown(loaded):
    """The vocabulary is a list of str: '' (padding) first, then '[UNK]'."""
    vocabulary = unpack(loaded())[2]
    assert isinstance(vocabulary, list), say(
        "the vocabulary is a {kind}; return a list of str", kind=type(vocabulary).__name__
    )
    assert vocabulary[:2] == ["", "[UNK]"], say(
        "the vocabulary starts {start}; TextVectorization's is ['', '[UNK]', ...]",
        start=repr(vocabulary[:2]),
    )
    odd = [token for token in vocabulary if type(token) is not str]
    assert not odd, say(
        "{count} tokens are {kind}, not str (e.g. {example}): convert them with str(token)",
        count=len(odd),
        kind=type(odd[0]).__name__ if odd else "",
        example=repr(odd[0]) if odd else "",
    )


def test_vocabulary_matches_the_training_text(loaded, reference):
    """The built-in corpus gives the reference vocabulary, in the same order."""
    mine, vocabulary = unpack(loaded())[2], list(reference.small_vocabulary)
    assert len(mine) == len(vocabulary), say(
        "load('kata_reviews_small') learned {mine} tokens; the reference learns {expected}",
        mine=len(mine),
        expected=len(vocabulary),
    )
    assert mine == vocabulary, say(
        "the vocabulary has the right size but a different order ({where}); adapt "
        "TextVectorization on the training text only, with default standardisation",
        where=first_difference(mine, vocabulary, "token"),
    )


@pytest.mark.parametrize("split", ["train", "test"])
def test_ids_spell_the_reviews(loaded, reference, split):
    """The first 200 reviews of each split have the reference ids and labels, in TFDS order."""
    data = unpack(loaded())[0 if split == "train" else 1]
    expected = getattr(reference, f"small_{split}")  # enough to catch a shuffle, a 2nd vectorizer
    for index, (ids, label) in enumerate(data.take(ref.SAMPLE).as_numpy_iterator()):
        ids, wanted = ids.tolist(), expected.review(index)
        assert ids == wanted, say(
            "{split} review {index} became {count} ids, {where}: keep the TFDS order (do not "
            "shuffle here), no fixed length, and one vectorizer adapted on the training text",
            split=split_name(split),
            index=index,
            count=len(ids),
            where=first_difference(ids, wanted, "id"),
        )
        assert int(label) == int(expected.labels[index]), say(
            "{split} review {index} has label {found}; the dataset says {expected}",
            split=split_name(split),
            index=index,
            found=int(label),
            expected=int(expected.labels[index]),
        )


def test_max_tokens_caps_the_vocabulary(graded, tmp_path):
    """load(..., max_tokens=20) learns exactly 20 tokens, '' and '[UNK]' included."""
    words = [f"word{number}" for number in range(40)]  # 40 different words: more than 20
    train_text = [" ".join(words[start : start + 8]) for start in range(0, 40, 4)]
    with graded.fake_imdb(train_text, ["word0"]):
        vocabulary = unpack(
            graded.step1_load.load("imdb_reviews", data_dir=str(tmp_path), max_tokens=20)
        )[2]
    assert len(vocabulary) == 20, say(
        "load(..., max_tokens=20) returned {count} tokens; pass max_tokens to TextVectorization",
        count=len(vocabulary),
    )


def test_loads_imdb_reviews_without_a_download(graded, tmp_path):
    """load('imdb_reviews') calls tfds.load and adapts on the training split only."""
    train_text = ["a good film", "a bad film", "good good acting", "bad plot"]
    test_text = ["secretword appears only in the test split"]
    with graded.fake_imdb(train_text, test_text):  # tfds.load serves these, in your process
        train_data, _, vocabulary = unpack(
            graded.step1_load.load("imdb_reviews", data_dir=str(tmp_path))
        )
        first = next(iter(train_data))
    assert "secretword" not in vocabulary, say(
        "a word seen only in the test split is in the vocabulary: adapt on the training text "
        "only, or the test accuracy flatters the model"
    )
    assert {"good", "bad", "film"} <= set(vocabulary), say(
        "load('imdb_reviews') learned {vocabulary}; expected the training words",
        vocabulary=vocabulary,
    )
    ids = first[0].numpy()
    assert ids.ndim == 1, say(
        "the first imdb_reviews training review became ids of shape {shape}; expected one 1-D "
        "vector of ids per review",
        shape=tuple(ids.shape),
    )
    words = [vocabulary[i] for i in ids]
    assert words == ["a", "good", "film"], say(
        "the first imdb_reviews training review 'a good film' became ids that spell {words}",
        words=words,
    )
