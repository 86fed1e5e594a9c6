"""The grading worker: runs the graded checks for the supervisor (``kata.judge.supervisor``).

    python -m kata.judge.worker EVENTS_FILE     # started by the supervisor, never by hand

It reads one JSON request per line on its standard input and appends one JSON
event per line to EVENTS_FILE: ``start`` before each check, ``result`` after it,
``done`` after each request. TensorFlow stays imported between requests, so
``watch`` re-grades a step, and ``class`` grades the next learner, without loading it
again; a request may name the ``next`` folder, whose learner process then starts early.
This process is the judge: the graded code runs in a learner process it starts
(``kata.judge.graded_files``).
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict

from kata.core.quiet import import_tensorflow


class Reporter:
    """A pytest plugin that writes each check's start and result as they happen."""

    def __init__(self, collector, events):
        self.collector = collector
        self.events = events

    def write(self, **event) -> None:
        self.events.write(json.dumps(event, ensure_ascii=False) + "\n")
        self.events.flush()

    def pytest_runtest_logstart(self, nodeid, location):
        self.write(event="start", nodeid=nodeid)

    def pytest_runtest_logfinish(self, nodeid, location):
        result = self.collector.results.get(nodeid)
        if result is not None:
            self.write(event="result", **asdict(result))


def main(events_path) -> int:
    from kata.judge.learner_process import prestart, stop_learners, unconfined_why

    requests = os.fdopen(os.dup(0), encoding="utf-8")
    with open(os.devnull) as nothing:  # graded code that reads stdin gets nothing, not requests
        os.dup2(nothing.fileno(), 0)
    with open(events_path, "a", encoding="utf-8") as events:
        for line in requests:
            request = json.loads(line)
            following = request.get("next")  # the folder graded after this one, if known
            for folder in (request["folder"], following):  # their TensorFlow loads meanwhile
                if folder:  # never trusted: a learner's command, whatever the folder holds
                    prestart(folder, [request["data_dir"]])
            import_tensorflow()
            from kata.judge.collector import (  # pytest: once the learner started
                Collector,
                run_checks,
            )

            collector = Collector(request["timeout"])
            reporter = Reporter(collector, events)
            try:
                run_checks(
                    request["folder"],
                    *request["args"],
                    data_dir=request["data_dir"],
                    timeout=request["timeout"],
                    quiet=False,  # the graded code's output goes to the supervisor
                    collector=collector,
                    plugins=[reporter],
                )
            except RuntimeError as error:  # the checks could not run at all (kata.judge.collector)
                reporter.write(event="error", message=str(error))
            unconfined = unconfined_why(request["folder"])  # what the learner's code got
            stop_learners(keep=[following or request["folder"]])  # watch: this one stays warm
            reporter.write(event="done", unconfined=unconfined)
    stop_learners()  # the requests ended: nothing of this worker is left running
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
