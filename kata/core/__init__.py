"""The core: what both sides of the box share, and nothing above it.

The limits and environment variables (``settings``), the status words (``status``), the
registry of steps (``steps``), the two languages (``i18n``, ``zh_tw``), sentences about a
learner's code (``sentences``), the private cache (``cache``) and a quiet TensorFlow
(``quiet``). Imported inside the box and by the judge alike.
"""
