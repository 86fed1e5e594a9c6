"""What crosses between the judge and the learner process: plain data only.

The judge never holds an object that learner code made. Every value a step
function receives or returns is turned into a JSON tree here (``encode``) and
rebuilt on the other side (``decode``):

- numbers, strings, lists, tuples, dicts, paths: as themselves (a ``str``
  subclass such as ``numpy.str_`` keeps its type name, so a check can see it);
- arrays and tensors: dtype, shape and raw bytes (never pickle);
- a ``tf.data.Dataset``: its element spec and the elements of a few passes over
  it (``Plan``); rebuilt as a dataset that replays pass k on its k-th iteration,
  so a check still sees a reshuffle;
- a Keras model: its ``.keras`` file (config and weights), rebuilt with
  ``keras.saving.load_model(..., safe_mode=True)``: no lambdas, no custom classes;
- a ``History``: its ``history`` dict; anything else: its type name and a short repr.

Everything the learner process sends is bounded *before* the judge builds it: a
frame's bytes (``ANSWER_BYTES``, checked from its length prefix), the values a frame
may hold (``ANSWER_ELEMENTS``, counted in its bytes before JSON is parsed), a model's
parameters (``MODEL_PARAMETERS``, read from its config before Keras builds it) and
the bytes its ``.keras`` file unpacks to. A tree over a bound, or that does not fit
these shapes, raises ``WireError``, which the judge reports as a failure of the
step, with a sentence that names the bound.
"""

from __future__ import annotations

import base64
import io
import json
import math
import tempfile
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kata.core.settings import (
    MODEL_FILE_BYTES,
    MODEL_PARAMETERS,
    REQUEST_BYTES,
)

DTYPES = {  # the array dtypes that may cross; object arrays never do
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float16", "float32", "float64",
}  # fmt: skip


class WireError(ValueError):
    """A value that cannot cross, or a tree that is not one this module writes."""


@dataclass(frozen=True)
class Plan:
    """How much of a returned dataset is recorded: ``passes`` passes of at most ``limit``
    elements each (a dataset that repeats forever is cut there)."""

    passes: int = 1
    limit: int = 256
    cycle: bool = False  # replay the one pass on every iteration (a dataset argument)


class Opaque:
    """Something that cannot cross: the judge sees its type name and a short repr."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text) -> bytes:
    if not isinstance(text, str):
        raise WireError("bytes must be base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


# ---------------------------------------------------------------- encoding


def encode(value, plan: Plan = Plan(), keep=None):
    """``value`` as a JSON tree. ``keep(obj) -> handle`` keeps datasets and models alive on
    this side, so that a later call can receive them back by handle (the end-to-end chain)."""
    if value is None or type(value) in (bool, int, str):
        return value
    if type(value) is float:
        return value if math.isfinite(value) else {"$": "float", "value": repr(value)}
    if isinstance(value, str):
        return {"$": "str", "type": type(value).__name__, "value": str(value)}
    if isinstance(value, bytes):
        return {"$": "bytes", "data": _b64(bytes(value))}
    if isinstance(value, Path):
        return {"$": "path", "value": str(value)}
    if type(value) is list:
        return [encode(item, plan, keep) for item in value]
    if type(value) is tuple:
        return {"$": "tuple", "items": [encode(item, plan, keep) for item in value]}
    if type(value) is dict:
        return {
            "$": "dict",
            "items": [[encode(k), encode(v, plan, keep)] for k, v in value.items()],
        }
    if isinstance(value, (np.ndarray, np.generic)):
        return _array(value, "scalar" if isinstance(value, np.generic) else "ndarray")
    from kata.learner.reference import Batches, Reviews

    if isinstance(value, Reviews):  # reviews the judge made: arrays, a dataset on arrival
        return {"$": "reviews", **{k: encode(getattr(value, k)) for k in REVIEWS}}
    if isinstance(value, Batches):
        return {
            "$": "batches",
            "reviews": encode(value.reviews),
            **{k: getattr(value, k) for k in ("batch_size", "buffer_size", "seed")},
        }
    import tensorflow as tf

    if isinstance(value, tf.Tensor):
        return _array(value.numpy(), "tensor")
    if isinstance(value, tf.Variable):
        return _array(value.numpy(), "ndarray")
    if isinstance(value, tf.data.Dataset):
        return _dataset(value, plan, keep)
    import keras

    if isinstance(value, keras.Model):
        tree = {"$": "model", "keras": _b64(model_bytes(value))}
        if keep is not None:
            tree["handle"] = keep(value)
        return tree
    if isinstance(value, keras.callbacks.History):
        return {"$": "history", "history": encode(dict(value.history))}
    return {"$": "opaque", "type": type(value).__name__, "repr": repr(value)[:200]}


def _array(array, kind):
    array = np.asarray(array)
    if array.dtype.kind in "SU" or array.dtype == object:  # strings: a list of str
        items = [x.decode("utf-8", "replace") if isinstance(x, bytes) else str(x) for x in
                 array.reshape(-1).tolist()]  # fmt: skip
        return {"$": "strings", "shape": list(array.shape), "items": items, "kind": kind}
    if array.dtype.name not in DTYPES:
        return {"$": "opaque", "type": f"array of {array.dtype}", "repr": repr(array)[:200]}
    data = np.ascontiguousarray(array).tobytes()
    return {
        "$": "array",
        "dtype": array.dtype.name,
        "shape": list(array.shape),
        "data": _b64(data),
        "kind": kind,
    }


def model_bytes(model) -> bytes:
    """A Keras model as the bytes of its ``.keras`` file."""
    with tempfile.TemporaryDirectory(prefix="kata-model-") as folder:
        path = Path(folder) / "model.keras"
        with warnings.catch_warnings():  # "not yet built": a model build() returns never is
            warnings.simplefilter("ignore")
            model.save(path)
        return path.read_bytes()


def _spec(spec):
    import tensorflow as tf

    if isinstance(spec, tf.TensorSpec):
        return {"$": "spec", "dtype": spec.dtype.name, "shape": spec.shape.as_list()}
    if isinstance(spec, tuple):
        return {"$": "tuple", "items": [_spec(s) for s in spec]}
    if isinstance(spec, dict):
        return {"$": "dict", "items": [[k, _spec(s)] for k, s in spec.items()]}
    return {"$": "unsupported", "repr": repr(spec)[:200]}


def _dataset(dataset, plan: Plan, keep):
    """A dataset's spec and up to ``plan.passes`` passes of ``plan.limit`` elements; each pass
    is stored column by column (one buffer per component), which is quick both ways."""
    import tensorflow as tf

    spec = dataset.element_spec
    tree = {"$": "dataset", "spec": _spec(spec), "passes": [], "complete": []}
    tree["cycle"] = plan.cycle
    if all(isinstance(s, tf.TensorSpec) for s in tf.nest.flatten(spec)):
        dataset = quick_to_start(dataset)
        for _ in range(plan.passes):
            rows, complete = [], True
            for index, element in enumerate(dataset.as_numpy_iterator()):
                if index == plan.limit:
                    complete = False
                    break
                rows.append(tf.nest.flatten(element))
            columns = [
                [np.asarray(row[j]) for row in rows] for j in range(len(tf.nest.flatten(spec)))
            ]
            tree["passes"].append({"count": len(rows), "columns": [_column(c) for c in columns]})
            tree["complete"].append(complete)
    if keep is not None:
        tree["handle"] = keep(dataset)
    return tree


def quick_to_start(dataset):
    """``dataset`` with the same elements, whose iterators start in two thirds of the time: no
    graph rewrites, no autotuning (worth it for short passes; the checks read many of them)."""
    import tensorflow as tf

    options = tf.data.Options()
    options.experimental_optimization.apply_default_optimizations = False
    options.autotune.enabled = False
    try:
        return dataset.with_options(options)
    except ValueError:  # options of the learner's own that these contradict: keep theirs
        return dataset


def _column(values) -> dict:
    shapes = [list(v.shape) for v in values]
    if values and (values[0].dtype.kind in "SUO"):
        items = [_b64(x if isinstance(x, bytes) else str(x).encode()) for v in values
                 for x in v.reshape(-1).tolist()]  # fmt: skip
        return {"strings": items, "shapes": shapes}
    dtype = values[0].dtype.name if values else "int64"
    if dtype not in DTYPES:
        raise WireError(f"dtype {dtype!r} may not cross")
    data = b"".join(np.ascontiguousarray(v).tobytes() for v in values)
    return {"dtype": dtype, "shapes": shapes, "data": _b64(data)}


def _uncolumn(column) -> list:
    shapes = [tuple(int(n) for n in shape) for shape in column["shapes"]]
    if "strings" in column:
        items = [_unb64(x) for x in column["strings"]]
        values, at = [], 0
        for shape in shapes:
            size = math.prod(shape)
            values.append(np.array(items[at : at + size], dtype=object).reshape(shape))
            at += size
        return values
    if column["dtype"] not in DTYPES:
        raise WireError(f"dtype {column['dtype']!r} may not cross")
    dtype = np.dtype(column["dtype"])
    data = _unb64(column["data"])
    if len(data) != dtype.itemsize * sum(math.prod(shape) for shape in shapes):
        raise WireError("a column whose bytes do not match its shapes")
    flat, values, at = np.frombuffer(data, dtype), [], 0
    for shape in shapes:
        size = math.prod(shape)
        values.append(flat[at : at + size].reshape(shape))
        at += size
    return values


# ---------------------------------------------------------------- decoding


def decode(tree, handles=None):
    """The value a JSON tree stands for. ``handles`` maps a handle back to the object kept on
    this side (learner side); without it, datasets and models are rebuilt from their data."""
    if tree is None or type(tree) in (bool, int, float, str):
        return tree
    if type(tree) is list:
        return [decode(item, handles) for item in tree]
    if type(tree) is not dict or "$" not in tree:
        raise WireError(f"not a value: {str(tree)[:80]}")
    kind = tree["$"]
    if handles is not None and "handle" in tree:
        if tree["handle"] not in handles:
            raise WireError("a value from an earlier learner process (it was restarted)")
        return handles[tree["handle"]]
    if kind == "float":
        return float(tree["value"])
    if kind == "str":
        return _string(tree["type"], tree["value"])
    if kind == "bytes":
        return _unb64(tree["data"])
    if kind == "path":
        return Path(tree["value"])
    if kind == "tuple":
        return tuple(decode(item, handles) for item in tree["items"])
    if kind == "dict":
        return {decode(k): decode(v, handles) for k, v in tree["items"]}
    if kind in ("array", "strings"):
        return _unarray(tree)
    if kind == "dataset":
        return replay(tree)
    if kind in ("reviews", "batches"):
        return _reviews(tree).dataset()
    if kind == "model":
        return model_from_bytes(_unb64(tree["keras"]))
    if kind == "history":
        import keras

        history = keras.callbacks.History()
        history.history = decode(tree["history"])
        return history
    if kind == "opaque":
        return type(str(tree["type"]), (Opaque,), {})(f"<{tree['type']}: {tree['repr']}>")
    raise WireError(f"unknown kind {kind!r}")


REVIEWS = ("flat", "offsets", "labels")


def _reviews(tree):
    from kata.learner.reference import Batches, Reviews

    if tree["$"] == "reviews":
        return Reviews(*(_unarray(tree[k]) for k in REVIEWS))
    numbers = {k: int(tree[k]) for k in ("batch_size", "buffer_size", "seed")}
    return Batches(_reviews(tree["reviews"]), **numbers)


def _string(name, value):
    if not isinstance(value, str):
        raise WireError("a string that is not one")
    if name == "str_":
        return np.str_(value)
    return type(str(name), (str,), {})(value)  # a str subclass with the learner's type name


def _unarray(tree):
    shape = tuple(int(n) for n in tree["shape"])
    if tree["$"] == "strings":
        array = np.array([str(x).encode("utf-8") for x in tree["items"]], dtype=object)
        array = array.reshape(shape)
    else:
        if tree["dtype"] not in DTYPES:
            raise WireError(f"dtype {tree['dtype']!r} may not cross")
        data = _unb64(tree["data"])
        dtype = np.dtype(tree["dtype"])
        if len(data) != dtype.itemsize * math.prod(shape):
            raise WireError("an array whose bytes do not match its shape")
        array = np.frombuffer(data, dtype).reshape(shape).copy()
    if tree["kind"] == "scalar":
        return array[()]
    if tree["kind"] == "tensor":
        import tensorflow as tf

        return tf.constant(array)
    return array


def model_from_bytes(data: bytes):
    """A Keras model from the bytes of a ``.keras`` file, safely: only Keras's own layers,
    losses and optimizers are rebuilt; a lambda or a custom class raises; a file that would
    unpack or build too big is refused before Keras reads it (``model_size``)."""
    import keras

    model_size(data)
    with tempfile.TemporaryDirectory(prefix="kata-model-") as folder:
        path = Path(folder) / "model.keras"
        path.write_bytes(data)
        with warnings.catch_warnings():  # optimizer variables are not compared, only weights
            warnings.simplefilter("ignore")
            return keras.saving.load_model(path, safe_mode=True)


def model_size(data: bytes) -> int:
    """The parameters a ``.keras`` file's model would have, read from its config without
    building it; ``WireError`` when the file or the model is over its bound."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > MODEL_FILE_BYTES:
            raise WireError(
                f"a model file that unpacks to {unpacked:,} bytes (at most {MODEL_FILE_BYTES:,})"
            )
        config = json.loads(archive.read("config.json"))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        if isinstance(error, WireError):
            raise
        raise WireError(f"not a .keras model file ({error})") from None
    parameters = estimated_parameters(config)
    if parameters > MODEL_PARAMETERS:
        raise WireError(
            f"a model of about {parameters:,} parameters (at most {MODEL_PARAMETERS:,}: "
            "the kata's has about 131,000)"
        )
    return parameters


def estimated_parameters(config) -> int:
    """An upper estimate of a Keras model's parameters from its saved config: every layer's
    weights, from the widths its config names (``input_dim``, ``units``, ``filters``...) and
    the width of what feeds it, in the order the layers are listed."""
    total, width = 0, 1
    for layer in layer_configs(config):
        for name in ("batch_shape", "batch_input_shape", "input_shape"):
            shape = layer.get(name)
            if isinstance(shape, list) and shape and isinstance(shape[-1], int):
                width = max(shape[-1], 1)
        if "input_dim" in layer and "output_dim" in layer:  # Embedding
            total += positive(layer["input_dim"]) * positive(layer["output_dim"])
            width = positive(layer["output_dim"])
        for name in ("units", "filters"):
            if name in layer:
                size = positive(layer[name])
                kernel = layer.get("kernel_size", 1)
                kernel = math.prod(map(positive, kernel)) if isinstance(kernel, list) else kernel
                total += (width * positive(kernel) + 1) * size * 4  # x4: LSTM's gates at most
                width = size
    return total


def positive(value) -> int:
    if type(value) is not int or value < 0:
        raise WireError(f"a layer size that is not a whole number: {str(value)[:40]}")
    return value


def layer_configs(config, depth=0):
    """Every layer's ``config`` dict in a saved model config, depth first, in order."""
    if depth > 50:
        raise WireError("a model config nested too deep")
    if isinstance(config, dict):
        inner = config.get("config")
        if "class_name" in config and isinstance(inner, dict):
            yield inner
        for value in config.values():
            yield from layer_configs(value, depth + 1)
    elif isinstance(config, list):
        for value in config:
            yield from layer_configs(value, depth + 1)


def unspec(tree):
    import tensorflow as tf

    kind = tree["$"]
    if kind == "spec":
        shape = [None if n is None else int(n) for n in tree["shape"]]
        return tf.TensorSpec(shape, tf.dtypes.as_dtype(str(tree["dtype"])))
    if kind == "tuple":
        return tuple(unspec(s) for s in tree["items"])
    if kind == "dict":
        return {str(k): unspec(s) for k, s in tree["items"]}
    raise WireError(f"the dataset's elements are {tree.get('repr', kind)}: only tensors cross")


class ReplayTooShort(RuntimeError):
    """A check read further than the judge recorded: a plan in the checks is too small."""


def replay(tree):
    """A ``tf.data.Dataset`` with the recorded spec whose k-th iteration yields pass k."""
    import tensorflow as tf

    spec = unspec(tree["spec"])
    passes = []
    for recorded in tree["passes"]:
        columns = [_uncolumn(column) for column in recorded["columns"]]
        if any(len(column) != int(recorded["count"]) for column in columns):
            raise WireError("a pass whose columns differ in length")
        passes.append(
            [tf.nest.pack_sequence_as(spec, list(row)) for row in zip(*columns, strict=False)]
        )
    complete = [bool(c) for c in tree["complete"]]
    cycle = bool(tree.get("cycle"))
    iterations = [0]

    def generate():
        k = 0 if cycle else iterations[0]
        iterations[0] += 1
        if k >= len(passes):
            raise ReplayTooShort(f"only {len(passes)} passes were recorded")
        yield from passes[k]
        if not complete[k]:
            raise ReplayTooShort(f"only {len(passes[k])} elements of pass {k} were recorded")

    dataset = quick_to_start(tf.data.Dataset.from_generator(generate, output_signature=spec))
    if cycle and complete and complete[0]:  # an argument: its length is known, as it was
        dataset = dataset.apply(tf.data.experimental.assert_cardinality(len(passes[0])))
    return dataset


def dumps(tree) -> bytes:
    data = json.dumps(tree, ensure_ascii=False).encode("utf-8")
    if len(data) > REQUEST_BYTES:
        raise WireError(f"a message of {len(data)} bytes (at most {REQUEST_BYTES})")
    return data


def loads(data: bytes, max_elements: int | None = None):
    """The JSON tree in ``data``. With ``max_elements`` (an answer from the learner process),
    an upper count of its values is taken from its bytes first, and a frame over it is
    refused before anything is built."""
    if max_elements is not None:
        values = data.count(b",") + data.count(b"[") + data.count(b"{") + data.count(b":")
        if values > max_elements:
            raise WireError(
                f"an answer of more than {max_elements:,} values (it had up to {values:,})"
            )
    return json.loads(data.decode("utf-8"))
