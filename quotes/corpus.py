"""Moved to :mod:`quotes.read`; these names stay importable from here while other branches follow."""
from .read import *  # noqa: F401,F403
from .read import __all__ as _read_all
from .types import Article, ArticleError  # noqa: F401

__all__ = [*_read_all, "Article", "ArticleError"]
