"""Inputs for the graded checks, built with the *reference* solutions.

Each step is graded on its own: step 5's checks get a model built by
``solutions/``, never by the learner's step 3, so a learner stuck on one step
can still work on the next. And a wrong step fails that step only: every check
starts from a reset random state and gets fresh datasets and a fresh
vocabulary (``kata.learner.reference``), so nothing a learner's earlier step did can
reach it. Everything is written to temporary directories.
"""

import pytest
import tensorflow_datasets as tfds

from kata.checking import ref

tfds.disable_progress_bar()


def pytest_collection_modifyitems(items):
    """The steps first, in order; the end-to-end check, which chains them, last."""
    items.sort(key=lambda item: "end_to_end" in item.keywords)


@pytest.fixture(scope="session", autouse=True)
def reference(data_dir) -> ref.Reference:
    """The reference world, made before any learner code runs (cached on disk)."""
    return ref.load_reference(data_dir)


@pytest.fixture(autouse=True)
def fresh_state():
    """Every check starts from the same seeds and Keras settings, whatever ran before it."""
    ref.reset()


@pytest.fixture(autouse=True)
def not_asked_again(request, graded):
    """A step whose code stopped its learner process, or whose every function is still the
    stub, fails its next checks at once, with the same sentence: no inputs built in vain."""
    names = [marker.name for marker in request.node.iter_markers()]
    failure = next(filter(None, map(graded.answered, names)), None)
    if failure is not None:
        request.node.answered_already = True
        raise failure


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A check failed by ``not_asked_again`` is reported as a failed check, as its call would
    have been, not as an error in the kata's set-up."""
    report = yield
    if call.when == "setup" and getattr(item, "answered_already", False):
        report.when = "call"
    return report


@pytest.fixture
def vocabulary(reference) -> list[str]:
    """The reference vocabulary: a fresh list for every check."""
    return list(reference.vocabulary)


@pytest.fixture
def reference_log_dir(tmp_path, reference):
    """A log dir exported by the reference export(), not yet configured: new for every check."""
    export = ref.solutions().step5_export.export
    log_dir = tmp_path / "reference" / "imdb-example"
    model = ref.model_with_known_weights(len(reference.vocabulary))
    export(model, list(reference.vocabulary), str(log_dir))
    return log_dir
