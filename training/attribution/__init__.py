"""The learned attribution scorer: ``python -m training.attribution GOLD.jsonl -o quotes/extract/models``."""
