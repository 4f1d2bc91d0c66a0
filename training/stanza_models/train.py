"""Reproducible recipe for the compact offline English Stanza models shipped in quotes/nlp/models.

    python -m training.stanza_models --data ../shared/data --out build/en-compact \
        [--only tokenize,mwt,lemma,depparse,ner,pos,evaluate] [--tiny] [--threads 1] \
        [--deadline 17:05] [--max-minutes pos=80,ner=30]

Stages (run in the order given by --only, default: all of them):

  tokenize, mwt, pos, lemma, depparse   UD English EWT (../shared/data/UD_English-EWT)
  ner                                    CoNLL-2003 English (IOB1 -> BIO) + synthetic
                                         "title + name" sentences (see augment_ner)
  evaluate                               full pipeline on EWT dev: end-to-end scores from raw
                                         text, and POS/LAS with predicted tags on gold words

Every stage prepares its data with Stanza's own scripts (stanza.utils.datasets.prepare_*),
trains with Stanza's own trainers (stanza.utils.training.run_* / stanza.models.*) with
--no_pretrain / --no_charlm (no word vectors offline), then converts the best checkpoint to fp16
(halves the size; Stanza casts back to fp32 when loading), scores the shipped fp16 file on the dev
set with Stanza's own scorer and records everything in OUT/card.json.

Scratch data, checkpoints and logs go to OUT/work and OUT/logs (or --work / --logs).
Training subprocesses are stopped at --deadline / --max-minutes; the best checkpoint saved so far
(Stanza saves the best dev model at every evaluation) is then shipped.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import fcntl
import json
import os
import random
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

FILES = {
    "tokenize": "tokenizer.pt",
    "mwt": "mwt.pt",
    "pos": "pos.pt",
    "lemma": "lemma.pt",
    "depparse": "depparse.pt",
    "ner": "ner.pt",
}
STAGES = ["tokenize", "mwt", "pos", "lemma", "depparse", "ner", "evaluate"]
TREEBANK = "UD_English-EWT"
SHORT = "en_ewt"
NER_SHORT = "en_conll03"
DATA_DESC = {
    "tokenize": "UD English EWT v2.16 train (dev for selection)",
    "mwt": "UD English EWT v2.16 train",
    "pos": "UD English EWT v2.16 train (UPOS, XPOS, UFeats)",
    "lemma": "UD English EWT v2.16 train (gold POS)",
    "depparse": "UD English EWT v2.16 train",
    "ner": "CoNLL-2003 English eng.train (IOB1->BIO) + synthetic title+name sentences; dev eng.testa",
}
HEADLINE = {"tokenize": "Tokens", "mwt": "Words", "pos": "UPOS", "lemma": "Lemmas", "depparse": "LAS", "ner": "F1"}

# Training hyper-parameters (extra args handed to Stanza's trainers)
FULL = {
    "tokenize": ["--no_charlm", "--steps", "6000", "--eval_steps", "500"],
    "mwt": ["--num_epoch", "10"],
    "lemma": ["--no_charlm", "--num_epoch", "2"],
    "depparse": ["--no_charlm", "--no_pretrain", "--hidden_dim", "200", "--char_hidden_dim", "200",
                 "--deep_biaff_hidden_dim", "200", "--num_layers", "2", "--batch_size", "1000",
                 "--optim", "adam", "--lr", "0.003", "--beta2", "0.95", "--max_steps", "8000",
                 "--eval_interval", "300", "--checkpoint_interval", "500"],
    "pos": ["--no_charlm", "--no_pretrain", "--hidden_dim", "128", "--char_hidden_dim", "200",
            "--deep_biaff_hidden_dim", "200", "--dropout", "0.33", "--batch_size", "32",
            "--max_steps", "40000", "--eval_interval", "500", "--fix_eval_interval"],
    "ner": ["--no_pretrain", "--max_steps", "6000", "--eval_interval", "500"],
}
TINY = {
    "tokenize": ["--no_charlm", "--steps", "6", "--eval_steps", "3"],
    "mwt": ["--num_epoch", "1"],
    "lemma": ["--no_charlm", "--num_epoch", "1"],
    "depparse": ["--no_charlm", "--no_pretrain", "--hidden_dim", "16", "--char_hidden_dim", "16",
                 "--deep_biaff_hidden_dim", "16", "--num_layers", "1", "--batch_size", "300",
                 "--max_steps", "4", "--eval_interval", "2"],
    "pos": ["--no_charlm", "--no_pretrain", "--hidden_dim", "16", "--char_hidden_dim", "16",
            "--deep_biaff_hidden_dim", "16", "--batch_size", "16", "--max_steps", "4",
            "--eval_interval", "2", "--fix_eval_interval"],
    "ner": ["--no_pretrain", "--hidden_dim", "16", "--char_hidden_dim", "16", "--max_steps", "4",
            "--eval_interval", "2", "--batch_size", "16"],
}
TINY_SENTS = {"train": 60, "dev": 15, "test": 15}
TINY_NER = {"train": 80, "dev": 20, "test": 20, "augment": 20}
FULL_AUGMENT = 3000


# --------------------------------------------------------------------------- helpers

def log(msg: str) -> None:
    line = f"[{dt.datetime.now(dt.timezone.utc).strftime('%H:%M:%S')}] {msg}"
    print(line, flush=True)
    if _LOGFILE:
        with open(_LOGFILE, "a", encoding="utf-8") as f:
            f.write(line + "\n")


_LOGFILE: Path | None = None


class Ctx:
    def __init__(self, args):
        self.data = Path(args.data).resolve()
        self.out = Path(args.out).resolve()
        self.work = Path(args.work).resolve() if args.work else self.out / "work"
        self.logs = Path(args.logs).resolve() if args.logs else self.out / "logs"
        self.tiny = args.tiny
        self.threads = args.threads
        self.deadline = parse_deadline(args.deadline)
        self.max_minutes = parse_minutes(args.max_minutes)
        self.ud = self.work / "ud"
        self.data_root = self.work / "data"
        self.saved = self.work / "saved"
        self.seed = args.seed
        self.hp = {}
        for spec in args.hp or []:
            stage, _, rest = spec.partition("=")
            self.hp[stage.strip()] = shlex.split(rest)
        self.parser_tags = args.parser_tags
        self.retag_with = Path(args.retag_with).resolve() if args.retag_with else None
        self.extra_train = args.extra_train  # None or "GUM"
        self.parser_continue_from = Path(args.parser_continue_from).resolve() if args.parser_continue_from else None
        self.reuse = {x.strip() for x in (args.reuse or "").split(",") if x.strip()}
        for d in (self.out, self.work, self.logs, self.ud, self.data_root, self.saved):
            d.mkdir(parents=True, exist_ok=True)

    def env(self) -> dict:
        env = dict(os.environ)
        env.update({
            "DATA_ROOT": str(self.data_root),
            "UDBASE": str(self.ud),
            "OMP_NUM_THREADS": str(self.threads),
            "MKL_NUM_THREADS": str(self.threads),
            "STANZA_RESOURCES_DIR": str(self.work / "stanza_resources"),
            "PYTHONUNBUFFERED": "1",
        })
        # the subprocesses must import this package too (for the thread-setting wrapper)
        root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        return env


def parse_deadline(s: str | None):
    if not s:
        return None
    now = dt.datetime.now(dt.timezone.utc)
    if re.fullmatch(r"\d{1,2}:\d{2}", s):
        h, m = map(int, s.split(":"))
        d = now.replace(hour=h, minute=m, second=0, microsecond=0)
        if d < now - dt.timedelta(hours=12):
            d += dt.timedelta(days=1)
        return d.timestamp()
    return dt.datetime.fromisoformat(s).timestamp()


def parse_minutes(s: str | None) -> dict:
    out = {}
    for part in (s or "").split(","):
        if part.strip():
            k, v = part.split("=")
            out[k.strip()] = float(v)
    return out


def run(ctx: Ctx, name: str, module: str, argv: list[str], stage: str | None = None) -> tuple[int, float, bool]:
    """Run `python -m module argv` with torch threads set, logging to logs/name.log.

    Stops it at the deadline / stage time cap.  Returns (returncode, seconds, stopped)."""
    logf = ctx.logs / f"{name}.log"
    cmd = [sys.executable, "-m", "training.stanza_models.train", "--_run", module, "--threads", str(ctx.threads), "--"] + argv
    log(f"{name}: {' '.join(cmd[2:])}  (log {logf})")
    limit = None
    if stage and stage in ctx.max_minutes:
        limit = time.time() + 60 * ctx.max_minutes[stage]
    if ctx.deadline:
        limit = min(limit, ctx.deadline) if limit else ctx.deadline
    t0 = time.time()
    stopped = False
    with open(logf, "a", encoding="utf-8") as f:
        f.write(f"\n===== {dt.datetime.now(dt.timezone.utc).isoformat()} {' '.join(cmd)}\n")
        f.flush()
        p = subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT, env=ctx.env(), cwd=str(ctx.work),
                             start_new_session=True)
        while True:
            try:
                rc = p.wait(timeout=5)
                break
            except subprocess.TimeoutExpired:
                stop_file = ctx.out / f"STOP.{stage}"
                if stage and stop_file.exists():
                    log(f"{name}: {stop_file} found")
                    stop_file.unlink()
                    limit = time.time() - 1
                if limit and time.time() > limit:
                    log(f"{name}: time limit reached, stopping pid {p.pid}; the best checkpoint saved so far is used")
                    stopped = True
                    os.killpg(p.pid, signal.SIGTERM)
                    try:
                        rc = p.wait(timeout=60)
                    except subprocess.TimeoutExpired:
                        os.killpg(p.pid, signal.SIGKILL)
                        rc = p.wait()
                    break
    secs = time.time() - t0
    log(f"{name}: exit {rc} after {secs:.0f}s" + (" (stopped at time limit)" if stopped else ""))
    if rc != 0 and not stopped:
        raise RuntimeError(f"{name} failed with exit code {rc}; see {logf}")
    return rc, secs, stopped


def _run_module(module: str, threads: int, argv: list[str]) -> None:
    """Subprocess entry: set torch threads explicitly, then run a Stanza module as __main__."""
    import runpy
    import torch
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    if "--continue_from" in argv:
        _keep_parser_vocab(argv[argv.index("--continue_from") + 1])
    sys.argv = [module] + argv
    runpy.run_module(module, run_name="__main__", alter_sys=True)


def _keep_parser_vocab(model: str) -> None:
    """Make Stanza's parser trainer map new training data onto the vocabulary of the model it continues.

    ``stanza.models.parser --continue_from`` builds a fresh vocabulary from the train file but
    loads the old model's embeddings, so any new data (GUM) indexes past them.  Words the old
    model never saw become unknown words, as they would at run time."""
    from stanza.models.depparse import data
    vocab = _model_vocab(model)
    init = data.DataLoader.__init__

    def patched(self, doc, batch_size, args, pretrain, vocab_=None, *rest, **kw):
        if "vocab" in kw:
            vocab_ = kw.pop("vocab")
        return init(self, doc, batch_size, args, pretrain, vocab_ if vocab_ is not None else vocab, *rest, **kw)

    data.DataLoader.__init__ = patched


def _model_vocab(model: str | Path):
    """The vocabulary (words, tags, relations, ...) stored in a Stanza parser file."""
    import torch
    from stanza.models.pos.vocab import MultiVocab
    return MultiVocab.load_state_dict(torch.load(str(model), map_location="cpu", weights_only=False)["vocab"])


@contextlib.contextmanager
def card_lock(ctx: Ctx):
    with open(ctx.out / ".card.lock", "w") as lf:
        fcntl.flock(lf, fcntl.LOCK_EX)
        yield


def update_card(ctx: Ctx, key: str, entry: dict, section: str = "processors") -> None:
    import stanza
    import torch
    with card_lock(ctx):
        path = ctx.out / "card.json"
        card = json.loads(path.read_text()) if path.exists() else {}
        card["stanza_version"] = stanza.__version__
        card["torch_version"] = torch.__version__.split("+")[0]
        card.setdefault("recipe", "python -m training.stanza_models --data ../shared/data --out build/en-compact")
        entry = dict(entry, command="python -m training.stanza_models " + " ".join(sys.argv[1:]))
        card.setdefault("tiny", ctx.tiny)
        card.setdefault(section, {})[key] = entry
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(card, indent=2, sort_keys=False) + "\n")
        tmp.replace(path)


# --------------------------------------------------------------------------- data

def read_conllu_blocks(path: Path) -> list[str]:
    blocks, cur = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            cur.append(line)
        elif cur:
            blocks.append("\n".join(cur))
            cur = []
    if cur:
        blocks.append("\n".join(cur))
    return blocks


def prepare_ud(ctx: Ctx) -> None:
    """Copy (or, with --tiny, slice) EWT into the scratch UDBASE."""
    src = ctx.data / TREEBANK
    dst = ctx.ud / TREEBANK
    dst.mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev", "test"):
        s = src / f"{SHORT}-ud-{split}.conllu"
        d = dst / f"{SHORT}-ud-{split}.conllu"
        if d.exists():
            continue
        tmp = d.with_suffix(f".tmp{os.getpid()}")
        if ctx.tiny:
            blocks = read_conllu_blocks(s)[: TINY_SENTS[split]]
            tmp.write_text("\n\n".join(blocks) + "\n\n", encoding="utf-8")
        else:
            shutil.copyfile(s, tmp)
        tmp.replace(d)


PREPARE = {
    "tokenize": ("stanza.utils.datasets.prepare_tokenizer_treebank", []),
    "mwt": ("stanza.utils.datasets.prepare_mwt_treebank", []),
    "pos": ("stanza.utils.datasets.prepare_pos_treebank", []),
    "lemma": ("stanza.utils.datasets.prepare_lemma_treebank", ["--gold", "--no_lemma_classifier"]),
    "depparse": ("stanza.utils.datasets.prepare_depparse_treebank", ["--gold"]),
}


def prepare_stage(ctx: Ctx, stage: str) -> None:
    if stage == "ner":
        prepare_ner(ctx)
        return
    prepare_ud(ctx)
    module, extra = PREPARE[stage]
    run(ctx, f"{stage}.prepare", module, [TREEBANK] + extra)
    if stage in ("pos", "depparse") and ctx.extra_train == "GUM":
        add_gum_train(ctx, stage)
    if stage == "depparse":
        if ctx.parser_continue_from:
            fit_relations(ctx, ctx.parser_continue_from)
        if ctx.parser_tags == "predicted":
            retag_parser_data(ctx)
        note_parser_tags(ctx)


def retag_parser_data(ctx: Ctx) -> None:
    """Replace the gold UPOS/XPOS/feats of the parser's train/dev/test files by our tagger's.

    The parser then learns from the tags it sees at run time, and its dev score is LAS with
    predicted tags.  (Stanza's own --predicted retagging insists on word vectors and a charlm,
    which an offline no-pretrain build does not have, so the tagger is run directly.)"""
    tagger = ctx.retag_with or ctx.saved / "pos" / saved_name("pos")
    if not tagger.exists():
        raise RuntimeError(f"depparse: --parser-tags predicted needs the pos stage first (no {tagger})")
    log(f"depparse: retagging the parser's data with {tagger}")
    d = ctx.data_root / "depparse"
    for split in ("train", "dev", "test"):
        f = d / f"{SHORT}.{split}.in.conllu"
        out = f.with_suffix(".retag.tmp")
        rc, _, _ = run(ctx, "depparse.retag", "stanza.models.tagger", [
            "--mode", "predict", "--no_pretrain", "--lang", "en", "--shorthand", SHORT,
            "--save_dir", str(tagger.parent), "--save_name", tagger.name,
            "--eval_file", str(f), "--output_file", str(out)])
        if rc != 0 or not out.exists():
            raise RuntimeError(f"depparse: retagging {f.name} failed; see {ctx.logs / 'depparse.retag.log'}")
        out.replace(f)


def gum_train_blocks(gum: Path) -> list[str]:
    """Sentences of GUM's train documents (all but the dev/test/test2 lists of GUM/splits.md).

    Comment lines are dropped and the MISC column (entities, coreference, discourse) is cleared:
    the parser reads only words, lemmas, tags, features, heads and relations."""
    held_out, section = set(), ""
    for line in (gum / "splits.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        elif section in ("dev", "test", "test2") and line.strip().startswith("* "):
            held_out.add(line.strip()[2:].strip())
    blocks = []
    for f in sorted(gum.glob("GUM_*.conllu")):
        if f.stem in held_out:
            continue
        for block in read_conllu_blocks(f):
            rows = []
            for line in block.splitlines():
                if line.startswith("#"):
                    continue
                cols = line.split("\t")
                if len(cols) == 10:
                    cols[9] = "_"
                    rows.append("\t".join(cols))
            if rows:
                blocks.append("\n".join(rows))
    return blocks


def add_gum_train(ctx: Ctx, stage: str) -> None:
    """Append GUM's train documents (news, interview, academic, bio, court, voyage) to a stage's train file."""
    blocks = gum_train_blocks(ctx.data / "GUM")
    if ctx.tiny:
        blocks = blocks[: TINY_SENTS["train"]]
    f = ctx.data_root / stage / f"{SHORT}.train.in.conllu"
    marker = f.with_suffix(".gum")
    if marker.exists() and marker.stat().st_mtime >= f.stat().st_mtime:
        return
    with open(f, "a", encoding="utf-8") as out:
        out.write("\n".join(b + "\n" for b in blocks) + "\n")
    marker.write_text(f"{len(blocks)} GUM sentences appended\n")
    log(f"{stage}: appended {len(blocks)} GUM train sentences to {f.name}")


def fit_relations(ctx: Ctx, model: Path) -> None:
    """Keep the continued parser's train/dev data within the relations it can predict.

    A relation the model never saw (its label set is fixed when it is first trained) becomes its
    base relation (``nmod:unmarked`` -> ``nmod``); a sentence with a relation still unknown is
    dropped.  EWT and GUM share one label set, so on the full data nothing changes."""
    known = set(_model_vocab(model)["deprel"]._id2unit)
    for split in ("train", "dev"):
        f = ctx.data_root / "depparse" / f"{SHORT}.{split}.in.conllu"
        kept, mapped, dropped = [], 0, 0
        for block in read_conllu_blocks(f):
            rows, ok = [], True
            for line in block.splitlines():
                cols = line.split("\t")
                if len(cols) == 10 and cols[0].isdigit() and cols[7] not in known:
                    if cols[7].split(":")[0] in known:
                        cols[7] = cols[7].split(":")[0]
                        mapped += 1
                    else:
                        ok = False
                rows.append("\t".join(cols))
            if ok:
                kept.append("\n".join(rows))
            else:
                dropped += 1
        if mapped or dropped:
            f.write_text("\n\n".join(kept) + "\n\n", encoding="utf-8")
            log(f"depparse: {f.name}: {mapped} relations mapped to their base relation, {dropped} sentences "
                f"with relations unknown to {model.name} dropped")


def note_parser_tags(ctx: Ctx) -> None:
    """A parser checkpoint trained on other tags is set aside, not continued.

    Stanza resumes the parser from WORK/saved/depparse/*_checkpoint.pt, but its vocabulary
    (tags and features) comes from the data it was first trained on: continuing on retagged data
    crashes on unseen feature values, and its dev history (LAS on gold tags) is not comparable
    with LAS on predicted tags.  So when the tag source changes the old model files are renamed
    (``*.gold-tags.pt``) and the parser trains from scratch."""
    save_dir = ctx.saved / "depparse"
    save_dir.mkdir(parents=True, exist_ok=True)
    marker = save_dir / "parser_tags.txt"
    before = marker.read_text().strip() if marker.exists() else "gold"
    if before != ctx.parser_tags:
        for f in save_dir.glob("*.pt"):
            if f.name.endswith(tuple(f".{t}-tags.pt" for t in ("gold", "predicted"))):
                continue
            f.replace(f.with_name(f.stem + f".{before}-tags.pt"))
            log(f"depparse: {f.name} was trained on {before} tags; set aside, training on {ctx.parser_tags} tags")
    marker.write_text(ctx.parser_tags + "\n")


# ---- NER: CoNLL-2003 IOB1 -> BIO, plus title+name augmentation

def read_conll03(path: Path) -> list[tuple[list[str], list[str]]]:
    sents, words, tags = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("-DOCSTART-"):
            continue
        if not line:
            if words:
                sents.append((words, tags))
            words, tags = [], []
            continue
        cols = line.split()
        words.append(cols[0])
        tags.append(cols[-1])
    if words:
        sents.append((words, tags))
    return sents


def iob1_to_bio(tags: list[str]) -> list[str]:
    out = []
    prev = "O"
    for t in tags:
        if t.startswith("I-"):
            typ = t[2:]
            if prev == "O" or prev[2:] != typ:
                t = "B-" + typ
        out.append(t)
        prev = t
    return out


def per_names(sents) -> list[list[str]]:
    names = []
    for words, tags in sents:
        i = 0
        while i < len(tags):
            if tags[i] == "B-PER":
                j = i + 1
                while j < len(tags) and tags[j] == "I-PER":
                    j += 1
                names.append(words[i:j])
                i = j
            else:
                i += 1
    return names


def _t(text: str, label: str = "O") -> list[tuple[str, str]]:
    """Tokens of `text` (space separated) labelled as one entity of type label (or O)."""
    toks = text.split()
    if label == "O":
        return [(w, "O") for w in toks]
    return [(w, ("B-" if i == 0 else "I-") + label) for i, w in enumerate(toks)]


# (text, label) of what comes before the title: country / organisation / nationality words
# labelled as in CoNLL-2003 (countries LOC, nationality adjectives MISC, organisations ORG)
_PREFIXES = [
    ("U.S.", "LOC"), ("US", "LOC"), ("British", "MISC"), ("French", "MISC"), ("German", "MISC"),
    ("Russian", "MISC"), ("Chinese", "MISC"), ("Israeli", "MISC"), ("Palestinian", "MISC"),
    ("Iranian", "MISC"), ("Egyptian", "MISC"), ("Turkish", "MISC"), ("Japanese", "MISC"),
    ("Indian", "MISC"), ("Ukrainian", "MISC"), ("Saudi", "MISC"), ("Qatari", "MISC"),
    ("Jordanian", "MISC"), ("Lebanese", "MISC"), ("Syrian", "MISC"), ("American", "MISC"),
    ("Canadian", "MISC"), ("Italian", "MISC"), ("Spanish", "MISC"), ("Brazilian", "MISC"),
    ("Hamas", "ORG"), ("Islamic Jihad", "ORG"), ("Hezbollah", "ORG"), ("Fatah", "ORG"),
    ("NATO", "ORG"), ("European Union", "ORG"), ("EU", "ORG"), ("United Nations", "ORG"),
    ("U.N.", "ORG"), ("UN", "ORG"), ("World Bank", "ORG"), ("IMF", "ORG"), ("Pentagon", "ORG"),
    ("White House", "ORG"), ("State Department", "ORG"), ("Reuters", "ORG"), ("Kremlin", "ORG"),
    ("Labour Party", "ORG"), ("Likud", "ORG"), ("Palestinian Authority", "ORG"), ("FIFA", "ORG"),
    ("Microsoft", "ORG"), ("Toyota", "ORG"), ("Apple", "ORG"),
]
_OF_ORGS = [("Palestinian Authority", "ORG"), ("European Union", "ORG"), ("World Bank", "ORG"),
            ("United Nations", "ORG"), ("IMF", "ORG"), ("Labour Party", "ORG"), ("FIFA", "ORG"),
            ("European Commission", "ORG"), ("Red Cross", "ORG"), ("African Union", "ORG"),
            ("Arab League", "ORG"), ("Federal Reserve", "ORG"), ("Bundesbank", "ORG")]
_GOV_TITLES = [
    "Secretary of State", "Foreign Minister", "President", "Prime Minister", "Defence Minister",
    "Defense Secretary", "Finance Minister", "Interior Minister", "Health Minister",
    "Foreign Secretary", "Vice President", "Attorney General", "National Security Adviser",
    "Chief of Staff", "Ambassador", "ambassador", "envoy", "special envoy", "Treasury Secretary",
    "Trade Minister", "Energy Minister", "Senator", "Deputy Prime Minister", "Commerce Secretary",
    "Secretary of Defense", "Minister of Foreign Affairs", "Chancellor", "King", "Crown Prince",
]
_ORG_TITLES = [
    "spokesman", "spokeswoman", "spokesperson", "leader", "official", "senior official", "chief",
    "Secretary-General", "Secretary General", "chairman", "Chairman", "chief executive", "CEO",
    "President", "commander", "negotiator", "chief negotiator", "head", "director", "Director",
    "deputy leader", "political bureau chief", "analyst", "economist", "coach",
]
_VERBS = [
    [("told", "O"), ("reporters", "O")], [("said", "O")], [("said", "O"), ("on", "O"), ("Tuesday", "O")],
    [("told", "O"), ("Reuters", "B-ORG")], [("told", "O"), ("The", "B-ORG"), ("Jerusalem", "I-ORG"), ("Post", "I-ORG")],
    [("said", "O"), ("in", "O"), ("a", "O"), ("statement", "O")], [("added", "O")], [("warned", "O")],
    [("told", "O"), ("a", "O"), ("news", "O"), ("conference", "O"), ("in", "O"), ("Cairo", "B-LOC")],
    [("said", "O"), ("on", "O"), ("Wednesday", "O")], [("told", "O"), ("the", "O"), ("BBC", "B-ORG")],
    [("wrote", "O"), ("on", "O"), ("Twitter", "B-ORG")], [("announced", "O")], [("insisted", "O")],
    [("told", "O"), ("journalists", "O"), ("in", "O"), ("Washington", "B-LOC")],
    [("said", "O"), ("after", "O"), ("meeting", "O"), ("officials", "O"), ("in", "O"), ("Brussels", "B-LOC")],
]
_TAILS = [
    _t("that the talks would continue ."), _t("that he had instructed his envoy to travel to the region ."),
    [("that", "O"), ("the", "O"), ("United", "B-LOC"), ("States", "I-LOC"), ("would", "O"), ("help", "O"), (".", "O")],
    _t("the ceasefire was holding ."), _t("there was no deal yet ."), _t("."),
    _t("that the group would respond ."), _t("the decision was final ."),
    [("that", "O"), ("Israel", "B-LOC"), ("had", "O"), ("rejected", "O"), ("the", "O"), ("plan", "O"), (".", "O")],
    _t("he was willing to work with other countries ."), _t("the proposal was unacceptable ."),
]
_QUOTES = [
    _t('" We heard no new ideas , "'), _t('" This is a very difficult moment , "'),
    _t('" We will not accept this , "'), _t('" The situation remains tense , "'),
    _t('" We are ready to talk , "'),
]


def augment_ner(names: list[list[str]], n: int, seed: int = 1234) -> list[list[tuple[str, str]]]:
    """Synthesize news-style sentences where an O-labelled title precedes a PER name.

    e.g. "U.S./B-LOC Secretary/O of/O State/O Antony/B-PER Blinken/I-PER told/O reporters/O ..."
         "Islamic/B-ORG Jihad/I-ORG spokesman/O Daoud/B-PER Shehab/I-PER said/O ..."
    Names come from the CoNLL-2003 train PER spans (plus recombined first/last names)."""
    rng = random.Random(seed)
    multi = [x for x in names if 2 <= len(x) <= 3 and all(w[:1].isupper() for w in x)]
    firsts = [x[0] for x in multi]
    lasts = [x[-1] for x in multi]
    out = []
    for _ in range(n):
        if rng.random() < 0.6:
            name = list(rng.choice(multi))
        else:
            name = [rng.choice(firsts), rng.choice(lasts)]
        person = [(w, ("B-PER" if i == 0 else "I-PER")) for i, w in enumerate(name)]
        r = rng.random()
        if r < 0.45:      # government title, optionally preceded by a country/nationality
            pre = rng.choice([p for p in _PREFIXES if p[1] != "ORG"] + [None])
            title = _t(rng.choice(_GOV_TITLES))
            head = (_t(pre[0], pre[1]) if pre else []) + title
        elif r < 0.8:     # organisation title: "Islamic Jihad spokesman"
            pre = rng.choice([p for p in _PREFIXES if p[1] == "ORG"])
            head = _t(pre[0], pre[1]) + _t(rng.choice(_ORG_TITLES))
        else:             # "President of the Palestinian Authority Mahmoud Abbas"
            org = rng.choice(_OF_ORGS)
            the = _t("the") if rng.random() < 0.7 else []
            head = _t(rng.choice(["President", "Chairman", "head", "leader", "spokesman", "director"])) + \
                _t("of") + the + _t(org[0], org[1])
        if rng.random() < 0.3 and head[0][1] == "O":
            head = [(head[0][0].lower() if head[0][0][0].isupper() and rng.random() < 0.3 else head[0][0], "O")] + head[1:]
        style = rng.random()
        if style < 0.55:
            sent = head + person + rng.choice(_VERBS) + rng.choice(_TAILS)
        elif style < 0.8:
            sent = rng.choice(_QUOTES) + [("said", "O")] + head + person + _t(".")
        else:
            sent = _t(rng.choice(["On Monday ,", "Earlier ,", "Meanwhile ,", "In a statement ,", "However ,"])) + \
                head + person + rng.choice(_VERBS) + rng.choice(_TAILS)
        if sent[-1][0] != ".":
            sent = sent + _t(".")
        out.append(sent)
    return out


def write_bio(path: Path, sents) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for s in sents:
            for w, t in s:
                f.write(f"{w}\t{t}\n")
            f.write("\n")


def prepare_ner(ctx: Ctx) -> None:
    from stanza.utils.datasets.ner.prepare_ner_file import process_dataset
    src = ctx.data / "CoNLL-2003"
    ner_dir = ctx.data_root / "ner"
    ner_dir.mkdir(parents=True, exist_ok=True)
    files = {"train": "eng.train", "dev": "eng.testa", "test": "eng.testb"}
    stats = {}
    train_sents = None
    for split, fn in files.items():
        sents = [(w, iob1_to_bio(t)) for w, t in read_conll03(src / fn)]
        if ctx.tiny:
            sents = sents[: TINY_NER[split]]
        pairs = [list(zip(w, t)) for w, t in sents]
        if split == "train":
            names = per_names(read_conll03_bio(src / fn))
            aug = augment_ner(names, TINY_NER["augment"] if ctx.tiny else FULL_AUGMENT, seed=ctx.seed)
            write_bio(ner_dir / "augment.bio", aug)
            stats["augment_sentences"] = len(aug)
            pairs = pairs + aug
            train_sents = len(pairs)
        bio = ner_dir / f"{NER_SHORT}.{split}.bio"
        write_bio(bio, pairs)
        process_dataset(str(bio), str(ner_dir / f"{NER_SHORT}.{split}.json"))
        stats[split] = len(pairs)
    log(f"ner data: {stats} (train incl. augmentation: {train_sents})")
    (ner_dir / "stats.json").write_text(json.dumps(stats))


def read_conll03_bio(path: Path):
    return [(w, iob1_to_bio(t)) for w, t in read_conll03(path)]


# --------------------------------------------------------------------------- train

def saved_name(stage: str) -> str:
    return {"tokenize": "en_ewt_nocharlm_tokenizer.pt", "mwt": "en_ewt_mwt_expander.pt",
            "pos": "en_ewt_nopretrain_tagger.pt", "lemma": "en_ewt_nocharlm_lemmatizer.pt",
            "depparse": "en_ewt_nopretrain_parser.pt", "ner": "en_conll03_nertagger.pt"}[stage]


def train_args(ctx: Ctx, stage: str, save_dir: Path, save_name: str) -> tuple[str, list[str]]:
    hp = ctx.hp.get(stage) or (TINY if ctx.tiny else FULL)[stage]
    seed = ["--seed", str(ctx.seed)]
    if stage == "ner":
        nd = ctx.data_root / "ner"
        return "stanza.models.ner_tagger", [
            "--train_file", str(nd / f"{NER_SHORT}.train.json"), "--eval_file", str(nd / f"{NER_SHORT}.dev.json"),
            "--shorthand", NER_SHORT, "--mode", "train", "--save_dir", str(save_dir), "--save_name", save_name,
            "--log_step", "50"] + seed + hp
    if stage == "depparse" and ctx.parser_continue_from:
        hp = hp + ["--continue_from", str(ctx.parser_continue_from)]
    module = {"tokenize": "run_tokenizer", "mwt": "run_mwt", "pos": "run_pos", "lemma": "run_lemma",
              "depparse": "run_depparse"}[stage]
    return f"stanza.utils.training.{module}", [TREEBANK, "--force", "--save_dir", str(save_dir),
                                               "--save_name", save_name] + seed + hp


def score_args(ctx: Ctx, stage: str, save_dir: Path, save_name: str) -> tuple[str, list[str]]:
    hp = [a for a in (ctx.hp.get(stage) or (TINY if ctx.tiny else FULL)[stage]) if a in ("--no_charlm", "--no_pretrain")]
    module = {"tokenize": "run_tokenizer", "mwt": "run_mwt", "pos": "run_pos", "lemma": "run_lemma",
              "depparse": "run_depparse"}[stage]
    return f"stanza.utils.training.{module}", [TREEBANK, "--score_dev", "--save_output", "--save_dir", str(save_dir),
                                               "--save_name", save_name] + hp


def shrink(src: Path, dst: Path) -> None:
    """Store float32 tensors as float16 and drop optimizer state. Stanza's load_state_dict casts back."""
    import torch

    def conv(o):
        if torch.is_tensor(o):
            return o.half() if o.dtype == torch.float32 else o
        if isinstance(o, dict):
            return {k: conv(v) for k, v in o.items() if k not in ("optimizer", "scheduler")}
        if isinstance(o, list):
            return [conv(v) for v in o]
        if isinstance(o, tuple):
            return tuple(conv(v) for v in o)
        return o

    ckpt = torch.load(str(src), map_location="cpu", weights_only=False)
    tmp = dst.with_suffix(".pt.tmp")
    torch.save(conv(ckpt), str(tmp))
    tmp.replace(dst)


UD_EVALS = {"tokenize": ["Tokens", "Sentences", "Words"], "mwt": ["Words"],
            "pos": ["UPOS", "XPOS", "UFeats", "AllTags"], "lemma": ["Lemmas"],
            "depparse": ["UAS", "LAS", "CLAS", "MLAS", "BLEX"]}


def ud_gold_pred(ctx: Ctx, stage: str) -> tuple[Path, Path]:
    d = {"tokenize": "tokenize", "mwt": "mwt", "pos": "pos", "lemma": "lemma", "depparse": "depparse"}[stage]
    base = ctx.data_root / d
    gold = {"tokenize": base / f"{SHORT}.dev.gold.conllu", "mwt": base / f"{SHORT}.dev.gold.conllu",
            "pos": base / f"{SHORT}.dev.in.conllu", "lemma": base / f"{SHORT}.dev.gold.conllu",
            "depparse": base / f"{SHORT}.dev.in.conllu"}[stage]
    if stage == "lemma" and not gold.exists():
        gold = base / f"{SHORT}.dev.in.conllu"
    return gold, base / f"{SHORT}.dev.pred.conllu"


def ud_score(gold: Path, pred: Path, evals: list[str], safe: bool = False) -> dict:
    from stanza.models.common.utils import ud_scores
    try:
        ev = ud_scores(str(gold), str(pred))
    except Exception as e:  # e.g. a --tiny tokenizer that does not reproduce the text
        if not safe:
            raise
        return {"error": f"{type(e).__name__}: {str(e)[:200]}"}
    return {k: round(100 * ev[k].f1, 2) for k in evals}


def ner_score(ctx: Ctx, model: Path, eval_file: Path) -> dict:
    import torch
    torch.set_num_threads(ctx.threads)
    from stanza.models import ner_tagger
    from stanza.models.common.doc import Document
    from stanza.models.ner.data import DataLoader
    from stanza.models.ner import scorer
    args = ner_tagger.parse_args(["--mode", "predict", "--eval_file", str(eval_file), "--no_pretrain",
                                  "--shorthand", NER_SHORT, "--save_dir", str(model.parent), "--save_name", model.name])
    loaded_args, trainer, vocab = ner_tagger.load_model(args, str(model))
    with open(eval_file, encoding="utf-8") as fin:
        doc = Document(json.load(fin))
    batch = DataLoader(doc, loaded_args["batch_size"], loaded_args, vocab=vocab, evaluation=True,
                       bert_tokenizer=trainer.model.bert_tokenizer)
    preds = []
    for b in batch:
        preds += trainer.predict(b)
    gold = [[x[trainer.args["predict_tagset"]] for x in tags] for tags in batch.tags]
    p, r, f, per_type = scorer.score_by_entity(preds, gold, ignore_tags=loaded_args["ignore_tag_scores"])
    out = {"F1": round(100 * f, 2), "P": round(100 * p, 2), "R": round(100 * r, 2)}
    out.update({f"F1_{k}": round(100 * v, 2) for k, v in per_type.items()})
    return out


def best_logged(stage: str, logf: Path) -> tuple[float | None, int | None]:
    """Best dev score and its step as logged by Stanza's trainer (fp32, during training)."""
    best, best_step = None, None
    if not logf.exists():
        return None, None
    pat = re.compile(r"(?:step|epoch) (\d+): train_loss = [\d.e+-]+, dev_score = ([\d.]+)")
    tok = re.compile(r"Dev score: ([\d.]+)")
    step_pat = re.compile(r"Step +(\d+)/")
    cur = None
    for line in _last_run(logf).splitlines():
        m = step_pat.search(line)
        if m:
            cur = int(m.group(1))
        m = pat.search(line)
        t = tok.search(line)
        if m:
            score, step = float(m.group(2)), int(m.group(1))
        elif t:   # the tokenizer logs "Dev score: X" after its "Step N/M" line
            score, step = float(t.group(1)), cur
        else:
            continue
        if best is None or score > best:
            best, best_step = score, step
    return best, best_step


def _last_run(logf: Path) -> str:
    """The log of the latest training run (run() appends each run after a ``=====`` line)."""
    text = logf.read_text(errors="replace") if logf.exists() else ""
    k = text.rfind("\n===== ")
    return text[k:] if k >= 0 else text


def last_step(logf: Path) -> int | None:
    steps = re.findall(r"(?:Finished STEP|step|Step) +(\d+)", _last_run(logf))
    return int(steps[-1]) if steps else None


def reused_train_time(ctx: Ctx, stage: str) -> float:
    """Wall time of the earlier training run, from the first to the last timestamp of its log."""
    logf = ctx.logs / f"{stage}.train.log"
    stamps = re.findall(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", logf.read_text(errors="replace"), re.M) if logf.exists() else []
    if len(stamps) < 2:
        return 0.0
    f = "%Y-%m-%d %H:%M:%S"
    return (dt.datetime.strptime(stamps[-1], f) - dt.datetime.strptime(stamps[0], f)).total_seconds()


def train_stage(ctx: Ctx, stage: str) -> dict:
    t_prep = time.time()
    prepare_stage(ctx, stage)
    prep_s = time.time() - t_prep
    save_dir = ctx.saved / stage
    save_dir.mkdir(parents=True, exist_ok=True)
    name = saved_name(stage)
    module, argv = train_args(ctx, stage, save_dir, name)
    ckpt = save_dir / name
    if stage in ctx.reuse and ckpt.exists():
        # resume an interrupted build: ship the best checkpoint an earlier run saved
        train_s, stopped = reused_train_time(ctx, stage), True
        log(f"{stage}: --reuse: shipping existing checkpoint {ckpt} (trained {train_s:.0f}s)")
    else:
        _, train_s, stopped = run(ctx, f"{stage}.train", module, argv, stage=stage)
    if not ckpt.exists():
        raise RuntimeError(f"{stage}: no checkpoint at {ckpt}; see {ctx.logs / (stage + '.train.log')}")
    dst = ctx.out / FILES[stage]
    shrink(ckpt, dst)
    # score the shipped fp16 file with Stanza's own scorer on the dev set
    saved_ctx_deadline, ctx.deadline = ctx.deadline, None   # scoring must not be cut off
    try:
        if stage == "ner":
            scores = ner_score(ctx, dst, ctx.data_root / "ner" / f"{NER_SHORT}.dev.json")
            test = ner_score(ctx, dst, ctx.data_root / "ner" / f"{NER_SHORT}.test.json")
            scores_test = {"F1": test["F1"]}
        else:
            smod, sargv = score_args(ctx, stage, ctx.out, FILES[stage])
            run(ctx, f"{stage}.score", smod, sargv)
            gold, pred = ud_gold_pred(ctx, stage)
            scores = ud_score(gold, pred, UD_EVALS[stage])
            scores_test = None
    finally:
        ctx.deadline = saved_ctx_deadline
    logf = ctx.logs / f"{stage}.train.log"
    best, best_step = best_logged(stage, logf)
    entry = {
        "file": FILES[stage],
        "data": DATA_DESC[stage],
        "scores": scores,
        "score": scores[HEADLINE[stage]],
        "score_name": HEADLINE[stage] + (" F1 (dev)" if stage != "ner" else " entity F1 (CoNLL-2003 dev, eng.testa)"),
        "train_time_s": round(train_s),
        "prepare_time_s": round(prep_s),
        "size": dst.stat().st_size,
        "size_fp32": ckpt.stat().st_size,
        "stopped_at_time_limit": stopped,
        "steps": last_step(logf),
        "best_step": best_step,
        "trainer_dev_score_fp32": best,
        "train_args": argv[argv.index("--seed"):] if "--seed" in argv else argv,
        "threads": ctx.threads,
        "tiny": ctx.tiny,
        "finished": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
    if stage in ("pos", "depparse") and ctx.extra_train == "GUM":
        entry["data"] += " + GUM train documents (academic, bio, court, interview, news, voyage)"
    if stage == "depparse":
        if ctx.parser_continue_from:
            entry["continued_from"] = str(ctx.parser_continue_from)
        entry["parser_tags"] = ctx.parser_tags
        entry["data"] += f" ({ctx.parser_tags} UPOS/XPOS/feats as input)"
    if scores_test:
        entry["scores_test"] = scores_test
    if stage == "ner":
        entry["augment_sentences"] = json.loads((ctx.data_root / "ner" / "stats.json").read_text()).get("augment_sentences")
    update_card(ctx, stage, entry)
    log(f"{stage}: shipped {dst} ({entry['size']} bytes) dev {scores}")
    return entry


# --------------------------------------------------------------------------- full-pipeline evaluation

PROBES = [
    "US Secretary of State Antony Blinken told reporters on Wednesday he had instructed Hady Amr to travel "
    "immediately to the region.",
    "Islamic Jihad spokesman Daoud Shehab said the group would respond.",
    "Palestinian President Mahmoud Abbas said he was willing to work with the United States.",
]


def build_pipeline(model_dir: Path, processors: str, threads: int, **kw):
    import tempfile
    import torch
    torch.set_num_threads(threads)
    import stanza
    res = tempfile.mkdtemp(prefix="stanza-res-")
    (Path(res) / "resources.json").write_text("{}")
    wanted = {x.strip() for x in processors.split(",")}
    # only the requested processors: Stanza loads every processor it is given a model path for
    paths = {f"{p}_model_path": str(model_dir / f) for p, f in FILES.items() if p in wanted}
    return stanza.Pipeline(lang="en", dir=res, processors=processors, download_method=None,
                           allow_unknown_language=True, use_gpu=False, logging_level="WARN", **paths, **kw)


def read_iob2(path: Path) -> list[tuple[list[str], list[str]]]:
    out, words, tags = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if not line.strip():
            if words:
                out.append((words, tags))
            words, tags = [], []
            continue
        cols = line.split("\t")
        words.append(cols[1])
        tags.append(cols[2])
    if words:
        out.append((words, tags))
    return out


def uner_score(ctx: Ctx, path: Path) -> dict:
    from stanza.models.ner import scorer
    from stanza.models.ner.utils import bio2_to_bioes
    sents = read_iob2(path)
    if ctx.tiny:
        sents = sents[:20]
    nlp = build_pipeline(ctx.out, "tokenize,ner", ctx.threads, tokenize_pretokenized=True)
    doc = nlp([w for w, _ in sents])
    pred = [["O" if t.ner.endswith("-MISC") else t.ner for t in s.tokens] for s in doc.sentences]
    gold = [bio2_to_bioes(t) for _, t in sents]
    p, r, f, per_type = scorer.score_by_entity(pred, gold)
    res = {"F1": round(100 * f, 2), "P": round(100 * p, 2), "R": round(100 * r, 2)}
    res.update({f"F1_{k}": round(100 * v, 2) for k, v in per_type.items()})
    res["note"] = "UniversalNER English-EWT dev, PER/ORG/LOC; predicted MISC ignored"
    return res


def evaluate_stage(ctx: Ctx) -> dict:
    """End-to-end scores on EWT dev (raw text -> all processors) and tags/LAS on gold words."""
    from stanza.models.common.doc import Document
    from stanza.utils.conll import CoNLL
    prepare_ud(ctx)
    gold = ctx.ud / TREEBANK / f"{SHORT}-ud-dev.conllu"
    gold_doc = CoNLL.conll2doc(input_file=str(gold))
    out = {}
    t0 = time.time()
    # 1) raw text, paragraphs as in the treebank's sentence text (joined per document)
    nlp = build_pipeline(ctx.out, "tokenize,mwt,pos,lemma,depparse", ctx.threads)
    text_file = ctx.data_root / "tokenize" / f"{SHORT}.dev.txt"
    if not text_file.exists():
        # the treebank's raw dev text (paragraphs as in the release): without it the sentences
        # would be joined one per paragraph, which makes sentence splitting look far too easy
        module, extra = PREPARE["tokenize"]
        run(ctx, "tokenize.prepare", module, [TREEBANK] + extra)
    if text_file.exists():
        text = text_file.read_text(encoding="utf-8")
    else:
        text = "\n\n".join(s.text for s in gold_doc.sentences)
    t0 = time.time()
    doc = nlp(text)
    nwords = sum(len(s.words) for s in doc.sentences)
    secs = time.time() - t0
    pred = ctx.work / "eval.e2e.dev.pred.conllu"
    CoNLL.write_doc2conll(doc, str(pred))
    out["end_to_end_raw_text"] = ud_score(gold, pred, ["Tokens", "Sentences", "Words", "UPOS", "XPOS", "UFeats",
                                                          "Lemmas", "UAS", "LAS", "CLAS"], safe=True)
    out["words_per_s"] = round(nwords / max(secs, 1e-6))
    # 2) gold words, predicted tags/lemmas/trees
    nlp2 = build_pipeline(ctx.out, "tokenize,pos,lemma,depparse", ctx.threads, tokenize_pretokenized=True)
    sents = [[w.text for w in s.words] for s in gold_doc.sentences]
    doc2 = nlp2(sents)
    pred2 = ctx.work / "eval.goldtok.dev.pred.conllu"
    CoNLL.write_doc2conll(doc2, str(pred2))
    out["gold_words_predicted_tags"] = ud_score(gold, pred2, ["UPOS", "XPOS", "UFeats", "Lemmas", "UAS", "LAS", "CLAS"], safe=True)
    # 3) NER probes (the title-before-name bug)
    nlp3 = build_pipeline(ctx.out, "tokenize,mwt,ner", ctx.threads)
    out["ner_probes"] = [{"text": p, "entities": [[e.text, e.type] for e in nlp3(p).ents]} for p in PROBES]
    # 4) NER on web text: UniversalNER EWT dev (PER/ORG/LOC; our MISC predictions count as O)
    uner = ctx.data / "UNER_English-EWT" / "en_ewt-ud-dev.iob2"
    if uner.exists():
        out["ner_uner_ewt_dev"] = uner_score(ctx, uner)
    out["data"] = "UD English EWT v2.16 dev (2,001 sentences)" if not ctx.tiny else "EWT dev slice (tiny)"
    update_card(ctx, "pipeline_eval", out, section="evaluation")
    log(f"evaluate: {json.dumps(out)}")
    return out


def ship(ctx: Ctx, dest: Path) -> None:
    """Copy the finished model files and card.json into the package (quotes/nlp/models)."""
    with card_lock(ctx):
        card = json.loads((ctx.out / "card.json").read_text())
    dest.mkdir(parents=True, exist_ok=True)
    procs = {}
    for proc, entry in card.get("processors", {}).items():
        src = ctx.out / entry["file"]
        if src.exists() and src.stat().st_size == entry["size"]:
            shutil.copyfile(src, dest / entry["file"])
            procs[proc] = entry
    card["processors"] = {p: procs[p] for p in FILES if p in procs}
    card["total_size"] = sum(e["size"] for e in procs.values())
    (dest / "card.json").write_text(json.dumps(card, indent=2) + "\n")
    log(f"shipped {sorted(procs)} to {dest} ({card['total_size']} bytes)")


# --------------------------------------------------------------------------- main

def main(argv=None) -> int:
    global _LOGFILE
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="../shared/data", help="shared data folder (UD_English-EWT, CoNLL-2003, ...)")
    ap.add_argument("--out", default="build/en-compact", help="where the model files + card.json go")
    ap.add_argument("--work", default=None, help="scratch dir for prepared data and checkpoints (default OUT/work)")
    ap.add_argument("--logs", default=None, help="log dir (default OUT/logs)")
    ap.add_argument("--only", default=",".join(STAGES), help="comma separated stages, run in this order")
    ap.add_argument("--tiny", action="store_true", help="tiny data slice and a few steps per stage (for tests)")
    ap.add_argument("--threads", type=int, default=1, help="torch threads per training process")
    ap.add_argument("--deadline", default=None, help="UTC HH:MM (or ISO time): stop training there, ship best checkpoint")
    ap.add_argument("--max-minutes", default=None, help="per-stage training caps, e.g. ner=30,pos=80")
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--hp", action="append", default=None, metavar="STAGE='ARGS'",
                    help="replace a stage's trainer arguments, e.g. --hp \"pos=--no_charlm --no_pretrain "
                    "--char_hidden_dim 100 ...\" (for experiments; the card records what was used)")
    ap.add_argument("--ship-to", default=None, help="after the stages, copy the model files + card.json here "
                    "(e.g. quotes/nlp/models)")
    ap.add_argument("--parser-tags", choices=["predicted", "gold"], default="predicted",
                    help="tags the parser trains on: predicted by our tagger (default; needs the pos "
                    "stage first) or gold")
    ap.add_argument("--retag-with", default=None, help="tagger checkpoint for --parser-tags predicted "
                    "(default: WORK/saved/pos, the pos stage's model; lets the parser train while a new "
                    "tagger trains)")
    ap.add_argument("--extra-train", default=None, choices=["GUM"],
                    help="more training data for the tagger and the parser: GUM adds GUM's train documents "
                    "(DATA/GUM, its dev/test documents left out) to EWT train")
    ap.add_argument("--parser-continue-from", default=None, help="parser model to continue training from "
                    "(e.g. quotes/nlp/models/depparse.pt) instead of starting from scratch")
    ap.add_argument("--reuse", default=None, help="stages whose existing checkpoint in WORK/saved is shipped "
                    "without retraining (resume an interrupted build), e.g. tokenize,ner")
    ap.add_argument("--_run", default=None, help=argparse.SUPPRESS)
    ap.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._run:
        rest = args.rest[1:] if args.rest[:1] == ["--"] else args.rest
        _run_module(args._run, args.threads, rest)
        return 0
    import torch
    torch.set_num_threads(args.threads)
    ctx = Ctx(args)
    _LOGFILE = ctx.logs / "train.log"
    stages = [s.strip() for s in args.only.split(",") if s.strip() and s.strip() != "none"]
    bad = [s for s in stages if s not in STAGES]
    if bad:
        ap.error(f"unknown stage(s) {bad}; choose from {STAGES}")
    log(f"training.stanza_models: stages {stages} data {ctx.data} out {ctx.out} tiny={ctx.tiny} threads={ctx.threads}")
    failed = []
    for stage in stages:
        try:
            if stage == "evaluate":
                evaluate_stage(ctx)
            else:
                if ctx.deadline and time.time() > ctx.deadline:
                    log(f"{stage}: deadline passed, skipped")
                    failed.append(stage)
                    continue
                train_stage(ctx, stage)
        except Exception as e:  # keep going: later stages do not depend on earlier models
            log(f"{stage}: FAILED: {type(e).__name__}: {e}")
            failed.append(stage)
    if args.ship_to:
        ship(ctx, Path(args.ship_to))
    log("done" + (f"; failed: {failed}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
