"""Step 2, pad: shuffle the reviews and pad them into batches.

Reviews have different lengths, but a batch must be a rectangle.
``padded_batch`` pads every review in a batch with id 0 (the padding token)
up to the longest review in that batch, so batches have shape ``(10, None)``.
"""


def pad(train_data, test_data, batch_size=10, buffer_size=1000):
    """Return ``(train_batches, test_batches)``: shuffled, padded batches of ``batch_size``."""
    train_batches = train_data.shuffle(buffer_size).padded_batch(batch_size)
    test_batches = test_data.shuffle(buffer_size).padded_batch(batch_size)
    return train_batches, test_batches
