"""The reviews a learner's load() reads, offline: the built-in corpus, the packaged IMDB reviews.

``corpus`` and ``imdb`` register TFDS datasets; ``fakes`` stands in for a download.
Imported inside the box, where the learner's code reads them.
"""
