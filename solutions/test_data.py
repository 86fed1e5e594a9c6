"""Choosing the data source never hangs and never needs the network in tests."""

import socket
import time

import pytest

from kata import data


@pytest.fixture(autouse=True)
def no_kata_data(monkeypatch):
    monkeypatch.delenv("KATA_DATA", raising=False)
    monkeypatch.setenv("KATA_LANG", "en")


def refuse():
    raise AssertionError("the probe must not be called")


def test_named_sources_are_used_as_asked():
    assert data.choose("kata_reviews", probe=refuse) == "kata_reviews"
    assert data.choose("imdb_reviews", probe=refuse) == "imdb_reviews"
    with pytest.raises(ValueError, match="unknown data source"):
        data.choose("mnist", probe=refuse)


def test_kata_data_overrides_auto(monkeypatch):
    """CI sets KATA_DATA=kata_reviews: 'auto' then asks nobody."""
    monkeypatch.setenv("KATA_DATA", "kata_reviews")
    assert data.choose("auto", probe=refuse) == "kata_reviews"


def test_auto_offline_falls_back_with_one_line(tmp_path):
    said = []
    assert data.choose("auto", tmp_path, probe=lambda: False, notify=said.append) == "kata_reviews"
    assert len(said) == 1 and said[0].startswith("Offline: using the built-in corpus")


def test_auto_online_uses_imdb(tmp_path):
    assert data.choose("auto", tmp_path, probe=lambda: True, notify=refuse) == "imdb_reviews"


def test_auto_uses_prepared_imdb_without_asking(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "imdb_prepared", lambda data_dir: True)
    assert data.choose("auto", tmp_path, probe=refuse) == "imdb_reviews"


def test_imdb_is_not_prepared_in_an_empty_data_dir(tmp_path):
    assert not data.imdb_prepared(tmp_path)


def test_reachable_answers_within_its_bound():
    """A closed port on this machine is 'unreachable', and the answer comes at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound but not listening: connections are refused
        start = time.perf_counter()
        assert not data.reachable(("127.0.0.1", port), seconds=2.0)
    assert time.perf_counter() - start < 2.5
