"""Sentences about a learner's code and results: where a file is, how two sequences differ,
what an error really was (however deep TensorFlow wrapped it).

Used on both sides: the learner process (``kata.learner.harness``) words a learner's
error; the graded checks word what they found.
"""

from __future__ import annotations

import re
from pathlib import Path

from kata import ROOT
from kata.core.i18n import say
from kata.core.settings import MESSAGE_CHARS

# Terminal escape sequences (CSI, OSC, and two-character ones), then any other control
# character but newline and tab, and the marks that reorder text (bidirectional overrides).
ESCAPES = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])")
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def readable(text, limit=MESSAGE_CHARS) -> str:
    """Learner-made text made safe to show: no escape sequence or control character (a
    terminal would obey it), at most ``limit`` characters (the rest is counted, not shown)."""
    text = CONTROLS.sub("", ESCAPES.sub("", str(text)))
    if len(text) <= limit:
        return text
    return text[:limit] + " " + say("[... {count:,} more characters]", count=len(text) - limit)


def csv_cell(value):
    """A value for a spreadsheet: text that a spreadsheet would run as a formula (it starts with
    =, +, -, @, a tab or a carriage return) is quoted with a leading apostrophe."""
    if isinstance(value, str):
        value = readable(value, 200)
        if value.startswith(("=", "+", "-", "@", "\t", "\r")):
            return "'" + value
    return value


def shown(path: Path) -> str:
    """``path`` relative to the repository when it is inside it."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def describe(value) -> str:
    """A short picture of an argument for a failure message."""
    if isinstance(value, (list, tuple)) and len(value) > 4:
        return f"[{len(value)} items]"
    if isinstance(value, (str, Path)) and Path(value).is_absolute() and len(str(value)) > 30:
        return repr(f".../{Path(value).name}")  # a temporary folder's name says nothing
    if isinstance(value, (str, int, float, bool, type(None), Path)):
        return repr(str(value) if isinstance(value, Path) else value)
    return f"<{type(value).__name__}>"


def short(value, width=60) -> str:
    """``repr(value)``, cut to ``width`` characters."""
    text = repr(value.tolist() if hasattr(value, "tolist") else value)
    return text if len(text) <= width else text[: width - 3] + "..."


def split_name(split: str) -> str:
    """ "train" or "test" in the learner's language."""
    return {"train": say("train"), "test": say("test")}.get(split, split)


def noun(name: str) -> str:
    """What ``first_difference`` counts, in the learner's language."""
    nouns = {
        "item": say("item"),
        "review": say("review"),
        "batch": say("batch"),
        "token": say("token"),
        "id": say("id"),
        "neighbour": say("neighbour"),
        "label": say("label"),
        "row": say("row"),
    }
    return nouns.get(name, name)


def first_difference(found, expected, name="item") -> str:
    """Where two sequences first differ, as a phrase: 'item 17 is 'x' where 'y' was expected'."""
    found, expected, name = list(found), list(expected), noun(name)
    for index, (mine, theirs) in enumerate(zip(found, expected, strict=False)):
        if mine != theirs:
            return say(
                "{name} {index} is {found} where {expected} was expected",
                name=name,
                index=index,
                found=short(mine),
                expected=short(theirs),
            )
    if len(found) > len(expected):
        return say(
            "{count} extra at the end, from {name} {index}: {found}",
            count=len(found) - len(expected),
            name=name,
            index=len(expected),
            found=short(found[len(expected) :]),
        )
    if len(found) < len(expected):
        return say(
            "it stops after {count}; {name} {index} should be {expected}",
            count=len(found),
            name=name,
            index=len(found),
            expected=short(expected[len(found)]),
        )
    return say("no difference")


ANSI = re.compile(r"\x1b\[[0-9;]*m")
ERROR_LINE = re.compile(r"^(\w+(?:Error|Exception|Exit|Interrupt)): (.*)$")
USER_LINE = re.compile(r'File "([^"]+)", line (\d+)')


def real_error(error, in_step_files) -> tuple[str, str, int | None]:
    """``(type name, message, learner's line or None)`` of ``error``, however deep it was raised.

    TensorFlow wraps an error raised inside ``Dataset.map`` or ``tf.function`` code in
    "in user code:" followed by the frames and, last, the real error; Keras starts with
    "Exception encountered when calling ...". Both keep the real message further down.
    ``in_step_files(path)`` tells whether a frame's file is one of the learner's step files.
    """
    text = ANSI.sub("", str(error)).strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    kind, message = type(error).__name__, lines[0] if lines else ""
    learner_line = None
    for path, number in USER_LINE.findall(text):
        if in_step_files(path):
            learner_line = int(number)
    if lines and lines[0].startswith("in user code:"):
        inner = [ERROR_LINE.match(line) for line in lines[1:]]
        inner = [match for match in inner if match]
        if inner:
            kind, message = inner[-1].group(1), inner[-1].group(2)
        else:
            message = lines[-1]
    elif lines and lines[0].startswith("Exception encountered when calling") and len(lines) > 1:
        message = f"{lines[1]} ({lines[0].rstrip('.')})"
    message = re.sub(r"outer_factory\.<locals>\.inner_factory\.<locals>\.", "", message)
    message = re.sub(r"\btf__(\w+)", r"\1", message)
    if isinstance(error, SystemExit):
        message = say("it called sys.exit({code})", code=repr(error.code))
    return kind, message, learner_line
