"""Import TensorFlow without its start-up chatter.

TensorFlow 2.21 prints oneDNN/CUDA notes from C++ before its logging is set
up, so ``TF_CPP_MIN_LOG_LEVEL`` cannot hide them, and a CPU-only machine gets a
scary-looking ``failed call to cuInit``. A learner should see their own
failures, not that. Python errors are not affected: they still raise.
"""

import contextlib
import gc
import os
import sys


@contextlib.contextmanager
def stderr_silenced():
    """Point file descriptor 2 at /dev/null for the duration of the block."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)


def import_tensorflow():
    """Import TensorFlow (and look for devices, which tries CUDA) quietly; return it.

    Its objects then live as long as the process: ``gc.freeze()`` keeps the garbage
    collector from walking them again, which Python's exit did for about a second.
    """
    if "tensorflow" in sys.modules:
        return sys.modules["tensorflow"]
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    with stderr_silenced():
        import tensorflow as tf

        tf.config.list_physical_devices()
    gc.freeze()
    return tf
