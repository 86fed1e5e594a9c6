"""Step 3, build: a small model whose first layer is the embedding we will project.

``Embedding(vocab_size, 16)`` is a table with one 16-number row per token.
Training moves rows of words used alike closer together; that table is what
the Embedding Projector shows. ``GlobalAveragePooling1D`` averages the rows of
a review, and two ``Dense`` layers turn that average into one logit.

Grade: ``pytest -m build``.
"""

import keras  # noqa: F401  (you will need it)


def build(vocab_size, embedding_dim=16):
    """Return a compiled ``keras.Sequential`` model with the ``Embedding`` layer first."""
    # TODO: the first layer is the embedding (vocab_size rows of embedding_dim numbers); the
    #       rows of a review are averaged, then two dense layers end in one logit per review.
    #       Compile it to learn positive vs negative from logits, and to report accuracy.
    raise NotImplementedError("step 3 (build): write build() in exercises/step3_build.py")
