"""Step 3, build: Embedding(vocab_size, 16) first, then pooling and two Dense layers, compiled."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from kata.checking import once, say

pytestmark = pytest.mark.build

VOCAB_SIZE = 123


@pytest.fixture
def model(graded):
    @once
    def built():
        model = graded.step3_build.build(VOCAB_SIZE)
        assert isinstance(model, keras.Model), say(
            "build({size}) returned {kind}; expected a keras.Model",
            size=VOCAB_SIZE,
            kind=type(model).__name__,
        )
        return model

    return built


def test_embedding_is_the_first_layer(model):
    """Layer 0 is Embedding(vocab_size, 16): the table the projector will show."""
    first = model().layers[0]
    assert isinstance(first, keras.layers.Embedding), say(
        "build({size}): layer 0 is {kind}; the Embedding must come first "
        "(export() reads model.layers[0])",
        size=VOCAB_SIZE,
        kind=type(first).__name__,
    )
    assert (first.input_dim, first.output_dim) == (VOCAB_SIZE, 16), say(
        "build({size}) made Embedding({rows}, {dims}); expected Embedding({size}, 16)",
        size=VOCAB_SIZE,
        rows=first.input_dim,
        dims=first.output_dim,
    )


def test_layers_follow_the_tutorial(model):
    """Embedding, GlobalAveragePooling1D, Dense(16, relu), Dense(1)."""
    kinds = [type(layer).__name__ for layer in model().layers]
    expected = ["Embedding", "GlobalAveragePooling1D", "Dense", "Dense"]
    assert kinds == expected, say(
        "build() made layers {kinds}; expected {expected}", kinds=kinds, expected=expected
    )
    hidden, output = model().layers[2], model().layers[3]
    assert hidden.units == 16 and hidden.activation is keras.activations.relu, say(
        "the hidden layer is Dense({units}, {activation}); expected Dense(16, activation='relu')",
        units=hidden.units,
        activation=hidden.activation.__name__,
    )
    assert output.units == 1 and output.activation is keras.activations.linear, say(
        "the output layer is Dense({units}, {activation}); expected Dense(1) with no "
        "activation: the loss takes logits",
        units=output.units,
        activation=output.activation.__name__,
    )


def test_one_logit_per_review(model):
    """A (10, 7) batch of ids gives (10, 1) logits, and the embedding is (vocab_size, 16)."""
    logits = model()(keras.ops.ones((10, 7), dtype="int64"))
    assert tuple(logits.shape) == (10, 1), say(
        "the model turned a (10, 7) batch into {shape}; expected (10, 1)",
        shape=tuple(logits.shape),
    )
    weights = model().layers[0].get_weights()[0]
    assert weights.shape == (VOCAB_SIZE, 16), say(
        "the embedding matrix is {shape}; expected ({size}, 16)",
        shape=weights.shape,
        size=VOCAB_SIZE,
    )


def test_compiled_for_binary_logits(model):
    """Compiled with adam, BinaryCrossentropy(from_logits=True) and accuracy."""
    assert model().compiled, say("build() must return a compiled model: call model.compile(...)")
    loss = model().loss
    from_logits = isinstance(loss, keras.losses.Loss) and loss.get_config().get("from_logits")
    assert isinstance(loss, keras.losses.BinaryCrossentropy) and from_logits, say(
        "the loss is {loss}; expected keras.losses.BinaryCrossentropy(from_logits=True), "
        "because the last layer outputs logits",
        loss=repr(loss),
    )
    assert isinstance(model().optimizer, keras.optimizers.Adam), say(
        "the optimizer is {kind}; expected 'adam'", kind=type(model().optimizer).__name__
    )
    metrics = model().get_compile_config().get("metrics") or []
    assert "accuracy" in str(metrics), say(
        "the compiled metrics are {metrics}; add 'accuracy'", metrics=metrics
    )


def test_the_model_can_learn(model):
    """Every layer is trainable and a few steps of the optimizer you compiled with lower the
    loss and move the embedding (a frozen layer or a learning rate of 0 cannot learn)."""
    model = model()
    frozen = [layer.name for layer in model.layers if not layer.trainable]
    assert not frozen, say(
        "build() froze {layers} (trainable=False): the embedding must learn", layers=frozen
    )
    assert model.compiled and model.optimizer is not None, say(
        "build() must return a compiled model: call model.compile(...)"
    )
    ids = np.random.default_rng(0).integers(1, VOCAB_SIZE, size=(200, 20))
    labels = (np.mean(ids < VOCAB_SIZE // 2, axis=1) > 0.5).astype("float32")
    x, y = tf.constant(ids), tf.constant(labels[:, None])

    def loss(training=False):  # the loss you compiled with, on one batch of 200 reviews
        return model.compute_loss(x=x, y=y, y_pred=model(x, training=training))

    before = float(loss())
    table = model.layers[0].get_weights()[0].copy()
    for _ in range(3):  # 3 steps of your optimizer, as fit() takes them (without its set-up)
        with tf.GradientTape() as tape:
            value = loss(training=True)
        weights = model.trainable_variables
        model.optimizer.apply(tape.gradient(value, weights), weights)
    after = float(loss())
    moved = not np.allclose(table, model.layers[0].get_weights()[0])
    assert moved and after < before, say(
        "3 steps of training took the loss from {before:.4f} to {after:.4f} and "
        '{moved}: compile with a learning optimizer (optimizer="adam")',
        before=before,
        after=after,
        moved=say("moved the embedding") if moved else say("left the embedding as it was"),
    )
