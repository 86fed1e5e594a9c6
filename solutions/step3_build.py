"""Step 3, build: a small model whose first layer is the embedding we will project.

``Embedding(vocab_size, 16)`` is a table with one 16-number row per token.
Training moves rows of words used alike closer together; that table is what
the Embedding Projector shows. ``GlobalAveragePooling1D`` averages the rows of
a review, and two ``Dense`` layers turn that average into one logit.
"""

import keras


def build(vocab_size, embedding_dim=16):
    """Return a compiled ``keras.Sequential`` model with the ``Embedding`` layer first."""
    model = keras.Sequential(
        [
            keras.layers.Embedding(vocab_size, embedding_dim),
            keras.layers.GlobalAveragePooling1D(),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(1),
        ]
    )
    model.compile(
        optimizer="adam",
        loss=keras.losses.BinaryCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    return model
