"""The kata in a notebook: ``kata.check`` & co. (``in_notebook``), the notebooks' cells made
from the step files (``cells``), and Jupyter Lab (``lab``).
"""
