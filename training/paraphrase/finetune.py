"""Fine-tune the shipped encoder as a pair classifier (cross-encoder) on MRPC train, with LoRA.

    nice env OMP_NUM_THREADS=1 .venv/bin/python training/paraphrase/finetune.py \
        --train ../shared/data/mrpc/msr_paraphrase_train.txt --out DIR [--epochs 3]

all-MiniLM-L6-v2 (hash-verified, frozen) reads both sentences as one input; low-rank adapters
(rank 8) on every linear layer and a logistic head on the mean-pooled output are trained, so the
result is a small file (quotes/data/paraphrase_lora.npz) applied on top of the verified weights.
10% of train (stratified, fixed seed) is held out to pick the epoch and the threshold; the test
split is never read here. One checkpoint per epoch in --out, progress in --out/log.txt.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch

from quotes.nlp.encoder import load_encoder
from quotes.paraphrase import read_pairs, scores
from quotes.paraphrase_ce import CrossEncoder, add_lora, lora_state


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--rank", type=int, default=8)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--resume", type=Path)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    log = open(args.out / "log.txt", "a")

    def say(msg):
        print(msg, file=sys.stderr, flush=True)
        log.write(msg + "\n")
        log.flush()

    torch.manual_seed(0)
    rng = random.Random(0)
    pairs = read_pairs(args.train)
    pos = [p for p in pairs if p[0] == 1]
    neg = [p for p in pairs if p[0] == 0]
    rng.shuffle(pos)
    rng.shuffle(neg)
    nv_pos, nv_neg = len(pos) // 10, len(neg) // 10
    valid = pos[:nv_pos] + neg[:nv_neg]
    train = pos[nv_pos:] + neg[nv_neg:]
    enc = load_encoder()
    model = enc.model
    for p in model.parameters():
        p.requires_grad_(False)
    add_lora(model, args.rank)
    ce = CrossEncoder(enc.tokenizer, model)
    start_epoch = 0
    if args.resume:
        ce.load_state(np.load(args.resume))
        start_epoch = int(str(args.resume.stem).split("-")[-1])
    params = [p for p in ce.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    steps_per_epoch = (len(train) + args.batch - 1) // args.batch
    total = steps_per_epoch * args.epochs
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=total, pct_start=0.1)
    for _ in range(start_epoch * steps_per_epoch):
        sched.step()
    say(f"train {len(train)} valid {len(valid)} trainable {sum(p.numel() for p in params)}")
    lossf = torch.nn.BCEWithLogitsLoss()
    for epoch in range(start_epoch, args.epochs):
        ce.train()
        rng2 = random.Random(epoch)
        order = train[:]
        rng2.shuffle(order)
        t0, tot = time.time(), 0.0
        for s in range(steps_per_epoch):
            batch = order[s * args.batch:(s + 1) * args.batch]
            logits = ce([a for _, a, _ in batch], [b for _, _, b in batch])
            loss = lossf(logits, torch.tensor([float(g) for g, _, _ in batch]))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            tot += loss.item()
            if s % 20 == 0:
                say(f"epoch {epoch + 1} step {s}/{steps_per_epoch} loss {tot / (s + 1):.4f} {time.time() - t0:.0f}s")
        ce.eval()
        prob = ce.probability([a for _, a, _ in valid], [b for _, _, b in valid])
        y = [g for g, _, _ in valid]
        best = max((scores(y, list(prob >= t))["f1"], float(t)) for t in np.arange(0.2, 0.81, 0.02))
        res = {"epoch": epoch + 1, "valid_f1": best[0], "threshold": round(best[1], 2),
               "valid_accuracy": scores(y, list(prob >= best[1]))["accuracy"], "seconds": round(time.time() - t0)}
        say(json.dumps(res))
        np.savez_compressed(args.out / f"ckpt-{epoch + 1}.npz", **lora_state(ce), threshold=np.float32(best[1]),
                            rank=np.int32(args.rank), valid_f1=np.float32(best[0]))


if __name__ == "__main__":
    main()
