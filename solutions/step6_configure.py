"""Step 6, configure: tell the projector which tensor to show and how to label it.

``projector_config.pbtxt`` names the tensor inside the checkpoint and the
metadata file. Keep ``metadata_path`` relative (it is resolved against the log
dir), and leave ``model_checkpoint_path`` out: TensorBoard then finds the
checkpoint through the ``checkpoint`` file, and the log dir can be moved.
"""

import os

from tensorboard.plugins import projector


def configure(log_dir):
    """Write ``projector_config.pbtxt`` into ``log_dir`` and return its path."""
    config = projector.ProjectorConfig()
    embedding = config.embeddings.add()
    embedding.tensor_name = "embedding/.ATTRIBUTES/VARIABLE_VALUE"
    embedding.metadata_path = "metadata.tsv"
    projector.visualize_embeddings(log_dir, config)
    return os.path.join(log_dir, "projector_config.pbtxt")
