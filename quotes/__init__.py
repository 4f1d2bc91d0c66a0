"""quotes: who said what, where it was reported, and how it travelled."""
__version__ = "0.1.0"
# Bumped whenever extraction or resolution changes what is stored; recorded on each article.
PIPELINE_VERSION = f"{__version__}+rules.7"
