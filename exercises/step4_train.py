"""Step 4, train: one epoch is enough to give the embedding some shape.

Grade: ``pytest -m train``.
"""


def train(model, train_batches, test_batches, epochs=1, validation_steps=20):
    """Fit ``model`` on ``train_batches``, validating on ``validation_steps`` test batches.

    Return the ``History`` that ``model.fit`` gives back: its ``history`` dict
    holds ``loss``, ``accuracy``, ``val_loss`` and ``val_accuracy`` per epoch.
    """
    # TODO: train for ``epochs`` epochs, validating on ``validation_steps`` test batches;
    #       return the history that training gives back.
    raise NotImplementedError("step 4 (train): write train() in exercises/step4_train.py")
