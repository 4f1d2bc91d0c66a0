"""Moved to :mod:`quotes.types`; these names stay importable from here while other branches follow."""
from ..types import LocalSpeaker, Mention, Quote

__all__ = ["LocalSpeaker", "Mention", "Quote"]
