"""The judge: grade a folder of step files, outside the box, and never run them here.

``supervisor`` starts the grading ``worker``, which runs pytest on ``tests/`` through the
``collector``; each call into a learner's step crosses to the learner process
(``learner_process``, in the ``sandbox``) via ``graded_files``; a failure is one of
``step_errors``. ``board`` and ``grader`` show the verdict; ``watchdog`` stops a child
process that hangs or floods; ``pytest_plugin`` declares the kata's pytest options.
"""
