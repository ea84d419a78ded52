"""Train the NER model on ANERcorp (CAMeL Lab train split) and write it for the package.

Reproduces the shipped model::

    .venv/bin/python -m nashra.language.ner.train --out src/nashra/language/ner/model.crfsuite

``--dev`` instead trains on the first 90 % of the train sentences and reports span F1 on the
last 10 % (the dev split used to choose the features and ``c1``/``c2``); ``--dev-fold 1`` holds
out the *first* 10 % instead and trains on the rest, a second dev split, since one split moves
by about ±1.2 F1 between runs of equal quality. The test split is never read here.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pycrfsuite

from nashra.language.ner.bio import bio_spans
from nashra.language.ner.corpus import ANERCORP_DIR, read_conll
from nashra.language.ner.features import sentence_features
from nashra.language.ner.gazetteers import default_gazetteer

__all__ = ["train"]

TRAIN_FILE = "ANERCorp_CamelLab_train.txt"
DEV_FRACTION = 0.1


def train(
    sents: list[tuple[list[str], list[str]]],
    out: Path,
    c1: float = 0.05,
    c2: float = 0.01,
    max_iterations: int = 200,
    min_freq: int = 1,
) -> None:
    """Fit a linear-chain CRF (L-BFGS with L1 + L2) on ``sents`` and save it to ``out``."""
    gaz = default_gazetteer()
    trainer = pycrfsuite.Trainer(verbose=False)
    for words, tags in sents:
        trainer.append(sentence_features(words, gaz.find(words)), tags)
    trainer.set_params({
        "c1": c1,
        "c2": c2,
        "max_iterations": max_iterations,
        "feature.minfreq": min_freq,
        "feature.possible_transitions": True,
    })
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))


def dev_split(sents: list, fold: int) -> tuple[list, list]:
    """(training sentences, dev sentences): fold 0 holds out the last 10 %, fold 1 the first."""
    if fold == 0:
        cut = int(len(sents) * (1 - DEV_FRACTION))
        return sents[:cut], sents[cut:]
    cut = int(len(sents) * DEV_FRACTION)
    return sents[cut:], sents[:cut]


def span_f1(gold: list[list[str]], pred: list[list[str]]) -> float:
    g = {(k, *s) for k, tags in enumerate(gold) for s in bio_spans(tags)}
    p = {(k, *s) for k, tags in enumerate(pred) for s in bio_spans(tags)}
    tp = len(g & p)
    return 2 * tp / (len(g) + len(p)) if g or p else 1.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path(__file__).with_name("model.crfsuite"))
    ap.add_argument("--data-dir", type=Path, default=ANERCORP_DIR)
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--max-iterations", type=int, default=200)
    ap.add_argument("--min-freq", type=int, default=1)
    ap.add_argument("--dev", action="store_true", help="train on 90%% of train, report F1 on the other 10%%")
    ap.add_argument("--dev-fold", type=int, choices=(0, 1), default=None,
                    help="which 10%% is held out: 0 the last (as --dev), 1 the first")
    args = ap.parse_args(argv)

    path = args.data_dir / TRAIN_FILE
    if not path.exists():
        print(f"ANERcorp not found at {path} (expected ../shared/data/ner beside the repo)", file=sys.stderr)
        return 1
    sents = read_conll(path)
    t0 = time.perf_counter()
    if args.dev or args.dev_fold is not None:
        fold = args.dev_fold or 0
        train_part, dev = dev_split(sents, fold)
        train(train_part, args.out, args.c1, args.c2, args.max_iterations, args.min_freq)
        from nashra.language.ner.tagger import NerTagger

        tagger = NerTagger(args.out)
        pred = [tagger.tag_words(words) for words, _ in dev]
        f1 = span_f1([tags for _, tags in dev], pred)
        print(f"dev fold {fold} span F1 {f1:.4f} (c1={args.c1} c2={args.c2} it={args.max_iterations} "
              f"minfreq={args.min_freq}, {time.perf_counter() - t0:.0f}s)")
    else:
        train(sents, args.out, args.c1, args.c2, args.max_iterations, args.min_freq)
        size = args.out.stat().st_size / 1e6
        print(f"wrote {args.out} ({size:.1f} MB, {len(sents)} sentences, {time.perf_counter() - t0:.0f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
