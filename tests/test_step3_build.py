"""Step 3, build: Embedding(vocab_size, 16) first, then pooling and two Dense layers, compiled."""

import keras
import pytest

from kata.target import once

pytestmark = pytest.mark.build

VOCAB_SIZE = 123


@pytest.fixture
def model(steps):
    @once
    def built():
        model = steps.step3_build.build(VOCAB_SIZE)
        assert isinstance(model, keras.Model), (
            f"build({VOCAB_SIZE}) returned {type(model).__name__}; expected a keras.Model"
        )
        return model

    return built


def test_embedding_is_the_first_layer(model):
    """Layer 0 is Embedding(vocab_size, 16): the table the projector will show."""
    first = model().layers[0]
    assert isinstance(first, keras.layers.Embedding), (
        f"build({VOCAB_SIZE}): layer 0 is {type(first).__name__}; the Embedding must come first "
        "(export() reads model.layers[0])"
    )
    assert (first.input_dim, first.output_dim) == (VOCAB_SIZE, 16), (
        f"build({VOCAB_SIZE}) made Embedding({first.input_dim}, {first.output_dim}); "
        f"expected Embedding({VOCAB_SIZE}, 16)"
    )


def test_layers_follow_the_tutorial(model):
    """Embedding, GlobalAveragePooling1D, Dense(16, relu), Dense(1)."""
    kinds = [type(layer).__name__ for layer in model().layers]
    expected = ["Embedding", "GlobalAveragePooling1D", "Dense", "Dense"]
    assert kinds == expected, f"build() made layers {kinds}; expected {expected}"
    hidden, output = model().layers[2], model().layers[3]
    assert hidden.units == 16 and hidden.activation is keras.activations.relu, (
        f"the hidden layer is Dense({hidden.units}, {hidden.activation.__name__}); "
        "expected Dense(16, activation='relu')"
    )
    assert output.units == 1 and output.activation is keras.activations.linear, (
        f"the output layer is Dense({output.units}, {output.activation.__name__}); expected "
        "Dense(1) with no activation: the loss takes logits"
    )


def test_one_logit_per_review(model):
    """A (10, 7) batch of ids gives (10, 1) logits, and the embedding is (vocab_size, 16)."""
    logits = model()(keras.ops.ones((10, 7), dtype="int64"))
    assert tuple(logits.shape) == (10, 1), (
        f"the model turned a (10, 7) batch into {tuple(logits.shape)}; expected (10, 1)"
    )
    weights = model().layers[0].get_weights()[0]
    assert weights.shape == (VOCAB_SIZE, 16), (
        f"the embedding matrix is {weights.shape}; expected ({VOCAB_SIZE}, 16)"
    )


def test_compiled_for_binary_logits(model):
    """Compiled with adam, BinaryCrossentropy(from_logits=True) and accuracy."""
    assert model().compiled, "build() must return a compiled model: call model.compile(...)"
    loss = model().loss
    assert isinstance(loss, keras.losses.BinaryCrossentropy) and loss.get_config().get(
        "from_logits"
    ), (
        f"the loss is {loss!r}; expected keras.losses.BinaryCrossentropy(from_logits=True), "
        "because the last layer outputs logits"
    )
    assert isinstance(model().optimizer, keras.optimizers.Adam), (
        f"the optimizer is {type(model().optimizer).__name__}; expected 'adam'"
    )
    metrics = model().get_compile_config().get("metrics") or []
    assert "accuracy" in str(metrics), f"the compiled metrics are {metrics}; add 'accuracy'"
