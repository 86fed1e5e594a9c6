"""Grading a class: on one machine (``classroom``, ``class_report``), on Gradescope, on GitHub
Classroom. Each is a door to the same judge.
"""
