"""The chain of the pipeline, as the registry links it: load -> pad -> build -> train ->
export -> configure -> colour.

Each step's ``link`` (``kata.core.steps``) says which values its function takes and what it
gives back; ``run`` calls them in order on any namespace of step modules: the reference
``solutions`` (the main job, the reference world), a learner's graded files (the
end-to-end check) or a notebook's functions (``kata.projector``). It starts from the
chain's inputs (the data source, its data dir, the log dir) and returns every value named
on the way: ``run(solutions(), inputs)["history"]`` is what train() gave back.
"""

from __future__ import annotations

from kata.core.i18n import say
from kata.core.steps import CHAINED, DERIVED


class ChainError(TypeError):
    """A step gave back something the next steps cannot take."""


def call(step, step_files, values: dict):
    """Call ``step``'s function in ``step_files`` on ``values``; return what it gave back."""
    function = getattr(getattr(step_files, step.module), step.link.function)
    args, kwargs = [], {}
    for name in step.link.takes:
        if name.endswith("="):
            kwargs[name[:-1]] = values[name[:-1]]
        else:
            args.append(values[name])
    return function(*args, **kwargs)


def run(step_files, values: dict, steps=CHAINED, report=None) -> dict:
    """Run ``steps`` in order on ``step_files``, starting from ``values`` (the chain's inputs,
    the data source, its data dir and the log dir, or earlier results); return every value
    named on the way. ``report(step, values)`` is told when each step returns."""
    values = dict(values)
    for step in steps:
        given = call(step, step_files, values)
        names = step.link.gives
        if len(names) == 1:
            values[names[0]] = given
        elif names:
            if not isinstance(given, (tuple, list)) or len(given) != len(names):
                raise ChainError(
                    say(
                        "{function}() must return ({expected}); it returned {kind}",
                        function=step.link.function,
                        expected=", ".join(names),
                        kind=type(given).__name__,
                    )
                )
            values.update(zip(names, given, strict=True))
        for name, (source, derive) in DERIVED.items():
            if source in names:
                values[name] = derive(values[source])
        if report:
            report(step, values)
    return values
