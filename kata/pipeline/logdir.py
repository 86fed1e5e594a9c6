"""Check a projector log dir the way TensorBoard reads it, and say what is wrong.

TensorBoard's projector validates almost nothing: a missing tensor still
"loads", a metadata file one line short shows a ten-second toast and then
labels every point wrongly. ``check(log_dir)`` is the validator it lacks. It
works on any projector log dir, not only the kata's, and returns one
``Finding`` per problem (an empty list means clean).

``served(log_dir)`` asks TensorBoard's own projector plugin, in process and
with no server, what it would serve; the graded checks and the notebook use it
to prove that TensorBoard agrees with us.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

from google.protobuf import text_format
from tensorboard.plugins.projector import projector_config_pb2
from tensorboard.plugins.projector.projector_plugin import _rel_to_abs_asset_path

from kata.core.i18n import say

CONFIG_FILE = "projector_config.pbtxt"


@dataclass(frozen=True)
class Finding:
    """One problem: what is wrong, where, what was expected and what was found."""

    what: str
    where: str
    expected: str
    actual: str

    def __str__(self):
        return say(
            "{where}: {what} (expected {expected}; found {actual})",
            where=self.where,
            what=self.what,
            expected=self.expected,
            actual=self.actual,
        )


def read_config(log_dir) -> projector_config_pb2.ProjectorConfig:
    """Parse ``projector_config.pbtxt`` with protobuf's text format, as TensorBoard does."""
    config = projector_config_pb2.ProjectorConfig()
    text_format.Parse(Path(log_dir, CONFIG_FILE).read_text(encoding="utf-8"), config)
    return config


def metadata_lines(path) -> list[str]:
    """The lines of a metadata file as the projector splits them (on ``\\n`` only)."""
    lines = Path(path).read_bytes().decode("utf-8").split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def check(log_dir) -> list[Finding]:
    """Every problem TensorBoard's projector would hide or trip over in ``log_dir``."""
    log_dir = Path(log_dir)
    config_file = log_dir / CONFIG_FILE
    if not log_dir.is_dir():
        return [
            Finding(say("log dir does not exist"), str(log_dir), say("a folder"), say("nothing"))
        ]
    if not config_file.is_file():
        return [
            Finding(
                say("no projector config"),
                CONFIG_FILE,
                say("projector_config.pbtxt (written by projector.visualize_embeddings)"),
                say("no such file"),
            )
        ]
    try:
        config = read_config(log_dir)
    except (text_format.ParseError, UnicodeDecodeError) as error:
        return [Finding(say("config does not parse"), CONFIG_FILE, "a ProjectorConfig", str(error))]
    if not config.embeddings:
        return [Finding(say("config lists no embedding"), CONFIG_FILE, say("1 or more"), "0")]

    findings: list[Finding] = []
    shapes = _checkpoint_shapes(log_dir, config, findings)
    for index, embedding in enumerate(config.embeddings):
        where = f"{CONFIG_FILE}: embeddings[{index}]"
        rows = _tensor_rows(log_dir, embedding, shapes, where, findings)
        if embedding.metadata_path:
            _check_metadata(log_dir, embedding.metadata_path, rows, where, findings)
        for field in ("bookmarks_path", "sprite.image_path"):
            holder = embedding.sprite if field.startswith("sprite.") else embedding
            value = getattr(holder, field.split(".")[-1])
            if value:
                _asset(log_dir, value, f"{where}.{field}", findings)
    return findings


def _inside(path, log_dir) -> str:
    """``path`` as it reads from the log dir: findings never show where the log dir lives."""
    return os.path.relpath(path, log_dir)


def _asset(log_dir, path, where, findings) -> Path | None:
    """Resolve an asset path as TensorBoard does; record a finding when it is unusable."""
    try:
        resolved = Path(_rel_to_abs_asset_path(path, str(log_dir / CONFIG_FILE)))
    except ValueError:
        findings.append(
            Finding(
                say("path leaves the log dir"), where, say("a path inside the log dir"), repr(path)
            )
        )
        return None
    if not resolved.is_file():
        findings.append(
            Finding(
                say("file not found"),
                where,
                say("{path} to exist", path=_inside(resolved, log_dir)),
                say("no such file"),
            )
        )
        return None
    return resolved


def _checkpoint_shapes(log_dir, config, findings) -> dict[str, list[int]] | None:
    """The variable shapes of the checkpoint TensorBoard would open, or None."""
    import tensorflow as tf  # only here: a config-only check needs no TensorFlow

    where = "checkpoint"
    if config.model_checkpoint_path:
        findings.append(
            Finding(
                say("model_checkpoint_path is set"),
                f"{CONFIG_FILE}: model_checkpoint_path",
                say(
                    "no model_checkpoint_path: TensorBoard then reads the `checkpoint` file, "
                    "which survives moving the log dir"
                ),
                say(
                    "{path} (resolved against TensorBoard's working directory when relative; "
                    "stale or missing once the log dir moves when absolute)",
                    path=repr(config.model_checkpoint_path),
                ),
            )
        )
        prefix = config.model_checkpoint_path
    elif not (log_dir / "checkpoint").is_file():
        if all(e.tensor_path for e in config.embeddings):
            return None
        findings.append(
            Finding(
                say("no `checkpoint` file"),
                "checkpoint",
                say("the file tf.train.Checkpoint.save() writes (write() does not)"),
                say("no such file, so TensorBoard finds no checkpoint"),
            )
        )
        return None
    else:
        state = tf.train.get_checkpoint_state(str(log_dir))
        prefix = state.model_checkpoint_path if state else ""
        if not prefix or not tf.io.gfile.glob(prefix + ".index"):
            findings.append(
                Finding(
                    say("the `checkpoint` file names a checkpoint that does not exist"),
                    "checkpoint",
                    say(
                        "{path} to exist",
                        path=f"{_inside(prefix, log_dir) if prefix else 'PREFIX'}.index",
                    ),
                    say("no such file"),
                )
            )
            return None
        if Path(prefix).is_absolute() and log_dir.resolve() not in Path(prefix).resolve().parents:
            findings.append(
                Finding(
                    say("the `checkpoint` file points outside the log dir"),
                    "checkpoint",
                    say("a path relative to the log dir"),
                    prefix,
                )
            )
    try:
        return tf.train.load_checkpoint(prefix).get_variable_to_shape_map()
    except Exception as error:  # NotFoundError, DataLossError, ...
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        findings.append(
            Finding(say("checkpoint does not open"), where, say("a readable checkpoint"), first)
        )
        return None


def _tensor_rows(log_dir, embedding, shapes, where, findings) -> int | None:
    """The number of rows of the embedding's tensor, or None when it cannot be read."""
    if embedding.tensor_path:
        path = _asset(log_dir, embedding.tensor_path, f"{where}.tensor_path", findings)
        if path is None:
            return None
        rows = [line.split("\t") for line in path.read_text(encoding="utf-8").split("\n") if line]
        widths = {len(row) for row in rows}
        if len(widths) != 1:
            findings.append(
                Finding(
                    say("rows of different widths"),
                    _inside(path, log_dir),
                    "N x d",
                    say("widths {widths}", widths=sorted(widths)),
                )
            )
            return None
        return len(rows)
    if shapes is None:
        return None
    name = embedding.tensor_name
    if name not in shapes:
        matrices = sorted(n for n, shape in shapes.items() if len(shape) == 2)
        close = difflib.get_close_matches(name, matrices, n=3, cutoff=0.3) or matrices[:3]
        findings.append(
            Finding(
                say("tensor_name is not in the checkpoint"),
                f"{where}.tensor_name",
                say("one of the checkpoint's 2-D tensors, e.g. {close}", close=close),
                repr(name),
            )
        )
        return None
    shape = shapes[name]
    if len(shape) != 2:
        findings.append(
            Finding(say("tensor is not 2-D"), f"{where}.tensor_name {name!r}", "N x d", shape)
        )
        return None
    return shape[0]


def _check_metadata(log_dir, metadata_path, rows, where, findings) -> None:
    """Metadata rules of the projector's frontend (data-provider.ts)."""
    path = _asset(log_dir, metadata_path, f"{where}.metadata_path", findings)
    if path is None:
        return
    try:
        lines = metadata_lines(path)
    except UnicodeDecodeError as error:
        findings.append(
            Finding(say("metadata is not UTF-8"), _inside(path, log_dir), "UTF-8", str(error))
        )
        return
    name = _inside(path, log_dir)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            findings.append(
                Finding(
                    say("blank metadata line"),
                    f"{name}:{number}",
                    say(
                        "a visible label on every line (the projector skips blank lines, "
                        "so every later label shifts by one)"
                    ),
                    repr(line),
                )
            )
    labelled = [line for line in lines if line.strip()]
    if not labelled:
        findings.append(
            Finding(say("metadata is empty"), name, say("one label per row"), say("no lines"))
        )
        return
    columns = labelled[0].count("\t") + 1
    header = columns > 1  # the frontend's rule: a first line with a tab is a header
    if rows is None:
        return
    expected = rows + 1 if header else rows
    if len(labelled) != expected:
        what = say(
            "metadata has {count} labelled lines for {rows} tensor rows",
            count=len(labelled),
            rows=rows,
        )
        if not header and len(labelled) == rows + 1:
            what += say(" (one line too many: a header row, or the padding token not dropped?)")
        elif not header and len(labelled) == rows - 1:
            what += say(" (one line short: a token dropped or a header expected?)")
        if header:
            wanted = say("{count} lines (a header line, then one per row)", count=expected)
        else:
            wanted = say("{count} lines (one per row, one column, no header)", count=expected)
        findings.append(Finding(what, name, wanted, say("{count} lines", count=len(labelled))))
    if header:
        widths = {line.count("\t") + 1 for line in labelled}
        if widths != {columns}:
            findings.append(
                Finding(say("metadata rows have different column counts"), name, columns, widths)
            )


def served(log_dir) -> dict:
    """What TensorBoard's own projector plugin serves for ``log_dir`` (in process, no server).

    Returns ``{"runs": [...], "embeddings": {tensor_name: {"shape", "metadata_lines",
    "tensor_values"}}}`` for the first run: ``metadata_lines`` counts the labelled points (a
    header line, which a file of several columns has, is not one; its column names are
    ``metadata_columns``). A fresh plugin each call: it caches tensors.
    """
    from tensorboard.backend.application import TensorBoardWSGI
    from tensorboard.plugins import base_plugin
    from tensorboard.plugins.projector.projector_plugin import ProjectorPlugin
    from werkzeug.test import Client
    from werkzeug.wrappers import Response

    plugin = ProjectorPlugin(base_plugin.TBContext(logdir=str(log_dir)))
    client = Client(TensorBoardWSGI([plugin]), Response)
    base = "/data/plugin/projector"
    runs = client.get(f"{base}/runs").get_json()
    result = {"runs": runs, "embeddings": {}}
    if not runs:
        return result
    run = runs[0]
    info = client.get(f"{base}/info", query_string={"run": run}).get_json()
    for embedding in info.get("embeddings", []):
        name = embedding["tensorName"]
        query = {"run": run, "name": name}
        metadata = client.get(f"{base}/metadata", query_string=query)
        tensor = client.get(f"{base}/tensor", query_string=query)
        ok = metadata.status_code == 200
        lines = metadata.get_data(as_text=True).splitlines() if ok else None
        header = lines[0].split("\t") if lines and "\t" in lines[0] else None
        result["embeddings"][name] = {
            "shape": embedding.get("tensorShape"),
            "metadata_lines": None if lines is None else len(lines) - bool(header),
            "tensor_values": len(tensor.get_data()) // 4 if tensor.status_code == 200 else None,
        }
        if header:
            result["embeddings"][name]["metadata_columns"] = header
    return result
