"""Step 7, analyse: nearest neighbours by cosine (and Euclidean) distance in the original space."""

import math

import numpy as np
import pytest

from kata.checking import corpus, first_difference, model_with_known_weights, say

pytestmark = pytest.mark.analyse

# Three groups of three tokens around three orthogonal directions.
GROUPS = {"a": [1, 0, 0], "b": [0, 1, 0], "c": [0, 0, 1]}
LABELS = [f"{group}{n}" for group in GROUPS for n in (1, 2, 3)]
WEIGHTS = np.array(
    [np.array(GROUPS[label[0]]) * (1 + int(label[1])) + 0.05 * int(label[1]) for label in LABELS],
    dtype="float32",
)


def tokens(result):
    assert isinstance(result, list) and all(len(pair) == 2 for pair in result), say(
        "nearest(...) must return a list of (token, distance) pairs; it returned {found}",
        found=repr(result)[:80],
    )
    return [token for token, _ in result]


def test_neighbours_of_a_group_are_its_group(graded):
    """In orthogonal groups, a token's 2 nearest are the other two of its group, nearest first."""
    result = graded.step7_analyse.nearest("a1", LABELS, WEIGHTS, k=2)
    assert "a1" not in tokens(result), say(
        "the query itself is in its neighbours: {found}", found=tokens(result)
    )
    assert sorted(tokens(result)) == ["a2", "a3"], say(
        "nearest('a1', k=2) gave {found}; expected the other two tokens of its group, ['a2', 'a3']",
        found=tokens(result),
    )
    distances = [distance for _, distance in result]
    assert distances == sorted(distances), say(
        "the distances {distances} are not in increasing order: nearest first",
        distances=distances,
    )


def test_cosine_distance_is_one_minus_cosine_similarity(graded):
    """Orthogonal is 1, same direction is 0 whatever the length, opposite is 2."""
    labels = ["q", "longer", "orthogonal", "opposite"]
    weights = np.array([[1, 0], [10, 0], [0, 3], [-2, 0]], dtype="float32")
    result = dict(graded.step7_analyse.nearest("q", labels, weights, k=3))
    expected = {"longer": 0.0, "orthogonal": 1.0, "opposite": 2.0}
    for token, distance in expected.items():
        assert token in result, say(
            "nearest('q', labels, weights, k=3) left out {token}, at cosine distance {expected} "
            "(1 - a·b / (|a| |b|)); it returned {found}",
            token=repr(token),
            expected=distance,
            found=sorted(result),
        )
        assert math.isclose(result[token], distance, abs_tol=1e-6), say(
            "the cosine distance from (1, 0) to {token} is {found}; expected {expected} "
            "(1 - a·b / (|a| |b|))",
            token=repr(token),
            found=result[token],
            expected=distance,
        )


def test_euclidean_is_an_option(graded):
    """metric='euclidean' ranks by |a - b|, where a longer vector in the same direction is far."""
    labels = ["q", "same direction", "close by"]
    weights = np.array([[1, 0], [10, 0], [1, 0.5]], dtype="float32")
    cosine = tokens(graded.step7_analyse.nearest("q", labels, weights, k=2))
    euclidean = graded.step7_analyse.nearest("q", labels, weights, k=2, metric="euclidean")
    assert cosine[0] == "same direction", say(
        "with cosine, (10, 0) is nearest to (1, 0) (same direction); got {found}", found=cosine
    )
    assert tokens(euclidean)[0] == "close by" and math.isclose(euclidean[0][1], 0.5), say(
        "with metric='euclidean', (1, 0.5) is nearest to (1, 0), at 0.5; got {found}",
        found=euclidean,
    )


def test_query_is_left_out_and_ties_go_by_row(graded):
    """The query is never its own neighbour; equal distances keep row order, every time."""
    labels = ["x", "dup2", "q", "dup1", "far"]
    weights = np.array([[0, 1], [1, 1], [1, 1], [1, 1], [-1, 0]], dtype="float32")
    first = tokens(graded.step7_analyse.nearest("q", labels, weights, k=4))
    again = tokens(graded.step7_analyse.nearest("q", labels, weights, k=4))
    assert "q" not in first, say("the query itself is in its neighbours: {found}", found=first)
    assert first[:2] == ["dup2", "dup1"] and first == again, say(
        "two rows equal to the query tie at distance 0 and must come in row order "
        "['dup2', 'dup1'], the same every time; got {found}",
        found=first,
    )


def test_many_ties_go_by_row(graded):
    """300 rows in 6 exact directions: every tie (hundreds of them) is broken by row order."""
    directions = np.array(
        [[1, 0, 0, 1], [0, 1, 0, 0], [1, 1, 0, 0], [0, 0, 2, 1], [1, 0, 1, 0], [2, 1, 1, 0]]
    )
    weights = directions[np.arange(300) % 6].astype("float32")  # integer data: exact ties
    labels = [f"w{i}" for i in range(300)]
    query = directions[0].astype("float64")
    cosine = 1 - directions @ query / (np.linalg.norm(directions, axis=1) * np.linalg.norm(query))
    expected = sorted(range(1, 300), key=lambda i: (round(cosine[i % 6], 9), i))[:120]
    found = tokens(graded.step7_analyse.nearest("w0", labels, weights, k=120))
    assert found == [labels[i] for i in expected], say(
        "with 300 rows in 6 directions, nearest('w0', k=120) differs: {where}. Equal distances "
        "must keep row order (a stable sort, or np.lexsort with the row number)",
        where=first_difference(found, [labels[i] for i in expected], "neighbour"),
    )


def test_zero_vectors_have_cosine_similarity_zero(graded):
    """A zero vector has no direction: its cosine similarity is 0, so its distance is 1, not NaN."""
    labels = ["zero", "a", "b"]
    weights = np.array([[0, 0], [1, 0], [0, 2]], dtype="float32")
    from_zero = graded.step7_analyse.nearest("zero", labels, weights, k=2)
    assert [d for _, d in from_zero] == [1.0, 1.0] and tokens(from_zero) == ["a", "b"], say(
        "from a zero vector every cosine distance is 1 (similarity 0), ties in row order; "
        "got {found}",
        found=from_zero,
    )
    to_zero = dict(graded.step7_analyse.nearest("a", labels, weights, k=2))
    assert to_zero.get("zero") == 1.0, say(
        "the cosine distance to a zero vector must be 1, not {found}", found=to_zero.get("zero")
    )


def test_unknown_token_suggests_spellings(graded):
    """An unknown token raises ValueError that suggests close spellings."""
    labels = ["hitchcock", "nightmare", "anderson"]
    error = graded.step7_analyse.raises(ValueError, "nearest", "hitchock", labels, np.eye(3))
    assert "hitchcock" in str(error), say(
        "nearest('hitchock', ...) raised {error}; suggest close spellings such as 'hitchcock'",
        error=repr(error),
    )


def test_k_larger_than_the_vocabulary(graded):
    """k larger than the vocabulary returns every other token."""
    result = graded.step7_analyse.nearest("a1", LABELS, WEIGHTS, k=100)
    assert sorted(tokens(result)) == sorted(LABELS[1:]), say(
        "nearest(..., k=100) with {count} tokens returned {found}; expected all {others} others",
        count=len(LABELS),
        found=len(result),
        others=len(LABELS) - 1,
    )


def test_reads_an_exported_log_dir(graded, reference_log_dir, vocabulary):
    """read_log_dir() returns metadata line i with checkpoint row i."""
    labels, weights = graded.step7_analyse.read_log_dir(str(reference_log_dir))
    assert list(labels) == vocabulary[1:], say(
        "read_log_dir(...) returned {count} labels for the {expected} lines of metadata.tsv: "
        "{where}",
        count=len(labels),
        expected=len(vocabulary) - 1,
        where=first_difference(labels, vocabulary[1:], "label"),
    )
    expected = model_with_known_weights(len(vocabulary)).layers[0].get_weights()[0][1:]
    assert np.shape(weights) == expected.shape and np.allclose(weights, expected), say(
        "read_log_dir(...) returned weights of shape {shape}; expected the checkpoint's "
        "{expected} tensor, row i labelled by line i",
        shape=np.shape(weights),
        expected=expected.shape,
    )


# Labels the projector keeps as they are: it splits metadata.tsv on "\n" only.
KEPT_LABELS = [
    "new york", " leading", "trailing ", "no\u00a0break", "line\u2028separator",
    "form\x0cfeed", "next\x85line", "tab\tinside", "plain",
]  # fmt: skip


def test_reads_labels_the_projector_keeps(graded, tmp_path):
    """Labels with spaces (inside, leading, trailing) and other whitespace the projector keeps
    come back exactly: metadata.tsv is split on newlines only, and nothing is stripped."""
    from kata.checking import solutions

    exported = solutions().step5_export
    vocabulary = ["", *KEPT_LABELS]
    exported.export(model_with_known_weights(len(vocabulary)), vocabulary, str(tmp_path))
    expected = [exported.label(token) for token in KEPT_LABELS]
    labels, _ = graded.step7_analyse.read_log_dir(str(tmp_path))
    assert list(labels) == expected, say(
        "read_log_dir(...) read {count} labels back for {expected} lines: {where}. The "
        'projector splits metadata.tsv on "\\n" only and keeps spaces: split on "\\n", '
        "strip nothing",
        count=len(labels),
        expected=len(expected),
        where=first_difference(list(labels), expected, "label"),
    )


@pytest.mark.parametrize(
    ("word", "side"), [("wonderful", corpus.POSITIVE), ("awful", corpus.NEGATIVE)]
)
def test_sentiment_words_sit_together(graded, reference, word, side):
    """In the trained reference embedding, a sentiment word's neighbours share its sentiment."""
    labels, weights = reference.labels(), reference.embedding
    found = tokens(graded.step7_analyse.nearest(word, labels, weights, k=10))
    same = [token for token in found if token in side]
    assert len(same) >= 8, say(
        "only {count} of the 10 nearest neighbours of {word} share its sentiment: {found}",
        count=len(same),
        word=repr(word),
        found=found,
    )
