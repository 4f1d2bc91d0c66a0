"""The cue-frame model: ``python -m training.frames GOLD.jsonl -o quotes/extract/data/frames.tsv``."""
