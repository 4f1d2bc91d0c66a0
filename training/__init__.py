"""Training recipes for the models that ``quotes`` ships. Not part of the installed package: the
running code only loads what these write (``quotes/nlp/models``, ``quotes/extract/data/frames.tsv``,
``quotes/extract/models``). Run them from the repository root, e.g. ``python -m training.frames``."""
