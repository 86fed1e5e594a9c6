"""Inside the box: the learner process and what it shares with the judge.

``harness`` is the learner process, the only place where a learner's step files run;
``wire`` is what crosses between it and the judge, plain data only; ``reference`` holds the
reference world the checks hand to a learner's step. Nothing here imports the judge.
"""
