"""Every limit and every environment variable of the kata, declared once, each with its reason.

The judge, the box and the learner process take their numbers from here (no other module
defines one: a self-test checks), and README's table of settings is generated from this
module (``markdown()``; a self-test fails when the two drift). The learner process imports
it too: it is plain data.
"""

from __future__ import annotations

# ---------------------------------------------------------------- time
CALL_SECONDS = 60.0  # one call into a learner's code: the same for the board, watch, class, pytest
STARTUP_SECONDS = 180.0  # a new process importing TensorFlow (and preparing data) on a cold machine
GRACE_SECONDS = 15.0  # the judge's watchdogs wait this much beyond a call's own deadline
RESTART_SECONDS = 60.0  # a check may wait this long for a new learner process after a crash
CPU_SECONDS = 3600  # CPU time of one learner process
DUMPS = 4  # stack dumps over a call's time: the last ones tell slow from stuck

# ---------------------------------------------------------------- the learner process
MEMORY_BYTES = 6 << 30  # its address space
FILE_BYTES = 256 << 20  # one file it writes
SCRATCH_BYTES = 512 << 20  # its scratch folder, a tmpfs: log dirs, HOME, Keras's files
TMP_BYTES = 64 << 20  # its /tmp, a tmpfs
SHM_BYTES = 16 << 20  # its /dev/shm, a tmpfs
PROCESSES = 1024  # processes and threads of the learner's uid
STEP_FILE_BYTES = 1 << 20  # one step file copied into the box
FLOOD_BYTES = 10_000_000  # what one call (or one check) may print; a flood is stopped
TAIL_BYTES = 1 << 16  # the end of what it printed, kept for the stack of a call that hangs

# ---------------------------------------------------------------- what crosses to the judge
REQUEST_BYTES = 200_000_000  # one message from the judge (its own inputs)
ANSWER_BYTES = 32_000_000  # one answer from the learner process
ANSWER_ELEMENTS = 1_000_000  # values (numbers, strings, lists...) in one answer
MODEL_PARAMETERS = 2_000_000  # a learner's model, counted before it is built (the kata's: 131,000)
MODEL_FILE_BYTES = 64_000_000  # what a .keras file from the learner may unpack to
LOG_DIR_BYTES = 16_000_000  # the files of one log dir a learner's step wrote
MESSAGE_CHARS = 2_000  # a sentence about a learner's code, wherever it is shown

LIMITS = {  # the name of each limit: what README's table says of it
    "CALL_SECONDS": "seconds one call into a learner's code may take (`--timeout` changes it)",
    "STARTUP_SECONDS": "seconds a new learner process or worker may take to import TensorFlow",
    "GRACE_SECONDS": "seconds the judge's watchdogs wait beyond a call's own deadline",
    "RESTART_SECONDS": "seconds a check may wait for a new learner process after a crash",
    "CPU_SECONDS": "CPU seconds of one learner process",
    "DUMPS": "stack dumps taken over a call's time (slow or stuck?)",
    "MEMORY_BYTES": "bytes of address space of the learner process",
    "FILE_BYTES": "bytes of one file the learner process writes",
    "SCRATCH_BYTES": "bytes of its scratch folder (a tmpfs)",
    "TMP_BYTES": "bytes of its /tmp (a tmpfs)",
    "SHM_BYTES": "bytes of its /dev/shm (a tmpfs)",
    "PROCESSES": "processes and threads of the learner's uid",
    "STEP_FILE_BYTES": "bytes of one step file copied into the box",
    "FLOOD_BYTES": "bytes one call may print before it is stopped",
    "TAIL_BYTES": "bytes of its output kept to find where a call hung",
    "REQUEST_BYTES": "bytes of one message from the judge",
    "ANSWER_BYTES": "bytes of one answer from the learner process",
    "ANSWER_ELEMENTS": "values in one answer",
    "MODEL_PARAMETERS": "parameters of a learner's model, counted before the judge builds it",
    "MODEL_FILE_BYTES": "bytes a learner's .keras file may unpack to",
    "LOG_DIR_BYTES": "bytes of the files of one log dir a learner's step wrote",
    "MESSAGE_CHARS": "characters of a sentence about a learner's code, wherever it is shown",
}

ENVIRONMENT = {  # every variable the kata reads: what it does
    "KATA_LANG": "`en` or `zh-TW`: the language of the board, hints and sentences (wins over the "
    "choice of `python -m kata lang zh-TW` and the locale)",
    "KATA_DIR": "the folder of step files `pytest` grades (as `--kata-dir`)",
    "KATA_TRACEBACK": "`1`: full tracebacks from the learner's code (as `--kata-traceback`)",
    "KATA_DATA": "the data source of the main job and the notebooks: `auto`, `imdb_reviews`, "
    "`kata_imdb` or `kata_reviews`",
    "KATA_DATA_DIR": "the TFDS data dir of the notebooks (default: TFDS's own)",
    "KATA_LOG_DIR": "the log dir the notebooks write",
    "KATA_AUTOGRADER": "set by the Gradescope bundle: grading on Gradescope",
    "KATA_LEARNER_CORES": "set by the class command: the cores each learner may keep busy",
    "KATA_REQUIRE_BROWSER": "`1`: a missing Chromium fails the browser checks (CI) instead of "
    "skipping them",
    "KATA_SCREENSHOT_DIR": "where the browser checks save their screenshots",
    "TFDS_DATA_DIR": "TFDS's data dir (default `~/tensorflow_datasets`)",
    "XDG_CACHE_HOME": "where the reference world is cached (default `~/.cache`)",
    "NO_COLOR": "set: a board without colours",
}


def markdown() -> str:
    """README's table of settings: every limit with its value, then every variable."""

    def shown(value) -> str:
        if isinstance(value, float):
            return f"{value:g} s"
        if value >= 1 << 20 and value % (1 << 20) == 0:
            return f"{value >> 20:,} MiB"
        return f"{value:,}"

    rows = ["| limit | value | what it bounds |", "| --- | --- | --- |"]
    rows += [f"| `{name}` | {shown(globals()[name])} | {why} |" for name, why in LIMITS.items()]
    rows += ["", "| variable | what it does |", "| --- | --- |"]
    rows += [f"| `{name}` | {why} |" for name, why in ENVIRONMENT.items()]
    return "\n".join(rows)
