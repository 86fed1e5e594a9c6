"""Step 2, pad: shuffle the reviews and pad them into batches.

Reviews have different lengths, but a batch must be a rectangle.
``padded_batch`` pads every review in a batch with id 0 (the padding token)
up to the longest review in that batch, so batches have shape ``(10, None)``.

Grade: ``pytest -m pad``.
"""


def pad(train_data, test_data, batch_size=10, buffer_size=1000):
    """Return ``(train_batches, test_batches)``: shuffled, padded batches of ``batch_size``."""
    # TODO: each batch is a rectangle of batch_size reviews, padded with id 0 up to its
    #       longest review, drawn in a mixed order from a buffer of buffer_size; both splits.
    raise NotImplementedError("step 2 (pad): write pad() in exercises/step2_pad.py")
