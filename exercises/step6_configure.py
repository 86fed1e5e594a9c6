"""Step 6, configure: tell the projector which tensor to show and how to label it.

``projector_config.pbtxt`` names the tensor inside the checkpoint and the
metadata file. Keep ``metadata_path`` relative (it is resolved against the log
dir), and leave ``model_checkpoint_path`` out: TensorBoard then finds the
checkpoint through the ``checkpoint`` file, and the log dir can be moved.

Grade: ``pytest -m configure``.
"""

import os  # noqa: F401  (you will need these)

from tensorboard.plugins import projector  # noqa: F401


def configure(log_dir):
    """Write ``projector_config.pbtxt`` into ``log_dir`` and return its path."""
    # TODO: one embedding entry that names your checkpoint's tensor (look up its key in the
    #       checkpoint) and labels it with metadata.tsv, by a path that still works after the
    #       log dir moves. Return the path of the config file.
    raise NotImplementedError(
        "step 6 (configure): write configure() in exercises/step6_configure.py"
    )
