"""Evaluation against gold attributions: ``score`` (pure matching and figures), ``runner`` (the
pipeline on gold articles, with a parse cache), ``identity`` (canonical speakers against entity
labels). The names most callers need are re-exported here."""
from .runner import cache_path, cached_parse, evaluate_docs, evaluate_file, read_gold
from .score import (THRESHOLDS, Pred, agreement, content_chars, format_agreement, format_report, gold_spans, match,
                    predictions, prf, rule_family, score, speaker_ok, speaker_strict)

__all__ = [
    "THRESHOLDS", "Pred", "agreement", "cache_path", "cached_parse", "content_chars", "evaluate_docs", "evaluate_file",
    "format_agreement", "format_report", "gold_spans", "match", "predictions", "prf", "read_gold", "rule_family",
    "score", "speaker_ok", "speaker_strict",
]
