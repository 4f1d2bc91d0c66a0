"""quotes: who said what, where it was reported, and how it travelled."""
import hashlib
from pathlib import Path

__version__ = "0.1.0"

# What decides the rows an article gets: the extraction and identity rules with their data files
# (lexicons, learned frames, name lists) and the model card of the bundled Stanza models.
_PIPELINE_PARTS = ("types.py", "extract", "identity", "nlp/segment.py", "nlp/models/card.json")


def pipeline_digest(root: Path = Path(__file__).parent) -> str:
    """A short hash of every file that decides what an article's stored rows are (see
    ``_PIPELINE_PARTS``): a change to a rule, a lexicon, a learned model or the models' card
    changes it, so the next ingest analyses stored articles again. Nothing is bumped by hand."""
    h = hashlib.sha256()
    for part in _PIPELINE_PARTS:
        p = root / part
        files = sorted(f for f in p.rglob("*") if f.is_file() and "__pycache__" not in f.parts) if p.is_dir() else [p]
        for f in files:
            if f.is_file() and f.suffix != ".pyc":
                h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:12]


# Recorded on each stored article; an article stored under another version is analysed again.
PIPELINE_VERSION = f"{__version__}+{pipeline_digest()}"
