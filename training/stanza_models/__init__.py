"""The compact English Stanza models: ``python -m training.stanza_models --data ../shared/data --out DIR``."""
