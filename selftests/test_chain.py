"""The chain of the pipeline comes from the registry (kata.core.steps, kata.judge.chain)."""

import inspect
from types import SimpleNamespace

import pytest

from kata.core.steps import BY_ROW, CHAINED, END_TO_END, ROWS, STEPS
from kata.judge import chain
from kata.learner.reference import solutions

pytestmark = pytest.mark.integrity


def recording_steps(calls, returns=None):
    """Step modules whose functions record their call and give back named placeholders."""
    returns = returns or {}
    modules = {}
    for step in CHAINED:
        link = step.link

        def function(*args, link=link, **kwargs):
            calls.append((link.function, args, kwargs))
            if link.function in returns:
                return returns[link.function]
            given = tuple(f"<{name}>" for name in link.gives)
            if link.function == "load":
                given = ("<train_data>", "<test_data>", ["", "[UNK]", "film"])
            return given[0] if len(given) == 1 else given

        modules[step.module] = SimpleNamespace(**{link.function: function})
    return SimpleNamespace(**modules)


def test_the_chain_passes_each_result_to_the_steps_that_take_it():
    calls = []
    inputs = {"source": "kata_reviews", "data_dir": "/data", "log_dir": "/logs"}
    values = chain.run(recording_steps(calls), inputs)
    assert calls == [
        ("load", ("kata_reviews",), {"data_dir": "/data"}),
        ("pad", ("<train_data>", "<test_data>"), {}),
        ("build", (3,), {}),  # len(vocabulary)
        ("train", ("<model>", "<train_batches>", "<test_batches>"), {}),
        ("export", ("<model>", ["", "[UNK]", "film"], "/logs"), {}),
        ("configure", ("/logs",), {}),
        ("colour", ("<train_data>", "/logs"), {}),
    ]
    assert values["history"] == "<history>" and values["vocab_size"] == 3


def test_a_step_that_gives_back_the_wrong_shape_is_named():
    returns = {"pad": "<one dataset>"}
    with pytest.raises(chain.ChainError) as raised:
        chain.run(recording_steps([], returns), {"source": "s", "data_dir": None, "log_dir": "l"})
    assert str(raised.value) == ("pad() must return (train_batches, test_batches); it returned str")


def test_every_link_matches_the_reference_signature():
    """Each link calls a function the reference solutions define, with arguments it takes."""
    for step in CHAINED:
        function = getattr(getattr(solutions(), step.module), step.link.function)
        positional = [name for name in step.link.takes if not name.endswith("=")]
        keywords = {name[:-1]: None for name in step.link.takes if name.endswith("=")}
        inspect.signature(function).bind(*positional, **keywords)


def test_the_board_rows_are_the_steps_then_the_end_to_end_check():
    assert [row.name for row in ROWS] == [*(step.name for step in STEPS), END_TO_END]
    assert [step.name for step in CHAINED] == ["load", "pad", "build", "train", "export",
                                               "configure", "colour"]  # fmt: skip
    assert BY_ROW[END_TO_END].label() == "end to end" and BY_ROW["pad"].label() == "2 pad"
