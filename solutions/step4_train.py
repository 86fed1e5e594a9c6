"""Step 4, train: one epoch is enough to give the embedding some shape."""


def train(model, train_batches, test_batches, epochs=1, validation_steps=20):
    """Fit ``model`` on ``train_batches``, validating on ``validation_steps`` test batches.

    Return the ``History`` that ``model.fit`` gives back: its ``history`` dict
    holds ``loss``, ``accuracy``, ``val_loss`` and ``val_accuracy`` per epoch.
    """
    return model.fit(
        train_batches,
        epochs=epochs,
        validation_data=test_batches,
        validation_steps=validation_steps,
    )
