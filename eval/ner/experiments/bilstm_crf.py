"""Experiment (not shipped): a char-CNN + BiLSTM-CRF in JAX, scored on the NER dev split.

Trains on the first 90 % of the ANERcorp CAMeL Lab train split and prints span F1 on the last
10 % after every epoch (the dev split of ``nashra.language.ner.train --dev``; test is never read).
Per token: the fixed fastText vector (:mod:`.fasttext_vectors`; the stem's, or n-grams, for
words the list lacks), a trained word embedding (train words seen twice or more), a character
CNN, the gazetteer label and the 1,024-cluster id; one BiLSTM layer; a CRF. One CPU thread::

    pip install "jax[cpu]>=0.4" "optax>=0.2"   # training only, not dependencies of Nashra
    .venv/bin/python -m eval.ner.experiments.bilstm_crf /work/scratch/vectors [--epochs 30 --hidden 128 --keep 0.5]

Figures of the third round are in eval/ner/README.md.
"""

import os

os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
import argparse
import time
from collections import Counter
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import optax

from eval.ner.experiments.fasttext_vectors import load
from nashra.language.ner.clusters import word_clusters
from nashra.language.ner.corpus import ANERCORP_DIR, read_conll
from nashra.language.ner.features import gazetteer_tags, stem_of, word_features
from nashra.language.ner.gazetteers import LABELS as GAZ_LABELS
from nashra.language.ner.gazetteers import default_gazetteer
from nashra.language.ner.train import TRAIN_FILE, span_f1

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("vectors", type=Path, help="directory written by fasttext_vectors")
ap.add_argument("--epochs", type=int, default=20)
ap.add_argument("--hidden", type=int, default=64)
ap.add_argument("--keep", type=float, default=0.7, help="dropout keep probability")
ap.add_argument("--no-vectors", action="store_true", help="zero the fastText input")
args = ap.parse_args()
EPOCHS, H, KEEP, NOFT = args.epochs, args.hidden, args.keep, args.no_vectors
emb = load(args.vectors)

sents = read_conll(ANERCORP_DIR / TRAIN_FILE)
cut = int(len(sents) * 0.9)
train, dev = sents[:cut], sents[cut:]
LABELS = sorted({t for _, ts in sents for t in ts})
lab = {l: i for i, l in enumerate(LABELS)}
gaz = default_gazetteer()
GT = ["g=O"] + [f"g={b}-{x}" for x in GAZ_LABELS for b in "BI"]
gt = {t: i for i, t in enumerate(GT)}
cl = word_clusters()
wc = Counter(word_features(w).folded for ws, _ in train for w in ws)
vocab = {w: i + 2 for i, w in enumerate(w for w, c in wc.items() if c >= 2)}  # 0 pad, 1 unk
chars = {c: i + 2 for i, c in enumerate(sorted({c for ws, _ in sents for w in ws for c in w}))}
MAXC = 12


def encode(ws, ts):
    wfs = [word_features(w) for w in ws]
    key = [wf.folded for wf in wfs]
    keys = [k if k in emb.index else stem_of(k, cl) for k in key]
    vec = emb.vectors(keys) * (0 if NOFT else 1)
    wid = [vocab.get(k, 1) for k in key]
    cid = np.zeros((len(ws), MAXC), np.int32)
    for i, w in enumerate(ws):
        c = [chars.get(ch, 1) for ch in w][:MAXC]
        cid[i, :len(c)] = c
    g = [gt[t] for t in gazetteer_tags(len(ws), gaz.find(ws))]
    found = [cl.get(k) or cl.get(stem_of(k, cl)) for k in key]
    k2 = [int(f[2]) + 1 if f else 0 for f in found]  # 1,024-cluster id, 0 for none
    y = [lab[t] for t in ts]
    return vec, np.array(wid), cid, np.array(g), np.array(k2), np.array(y)


def batches(data, bs, shuffle, rng):
    idx = sorted(range(len(data)), key=lambda i: len(data[i][5]))
    groups = [idx[i:i + bs] for i in range(0, len(idx), bs)]
    if shuffle:
        rng.shuffle(groups)
    for g in groups:
        n = max(len(data[i][5]) for i in g)
        L = next(b for b in (8, 16, 32, 64, 128, 256, 600) if b >= n)
        B = len(g)
        V = np.zeros((B, L, 32), np.float32); W = np.zeros((B, L), np.int32); C = np.zeros((B, L, MAXC), np.int32)
        G = np.zeros((B, L), np.int32); K = np.zeros((B, L), np.int32); Y = np.zeros((B, L), np.int32); M = np.zeros((B, L), np.float32)
        for r, i in enumerate(g):
            v, w, c, gg, k, y = data[i]; m = len(y)
            V[r, :m] = v; W[r, :m] = w; C[r, :m] = c; G[r, :m] = gg; K[r, :m] = k; Y[r, :m] = y; M[r, :m] = 1
        yield g, (V, W, C, G, K, Y, M)


NL = len(LABELS)
DW, DC, NF, DG, DK = 32, 16, 32, 8, 16
IN = 32 + DW + NF + DG + DK


def init(key):
    ks = jax.random.split(key, 12)
    n = lambda k, s, sc=0.1: jax.random.normal(k, s) * sc
    return {
        "wemb": n(ks[0], (len(vocab) + 2, DW)), "cemb": n(ks[1], (len(chars) + 2, DC)),
        "conv": n(ks[2], (3, DC, NF)), "convb": jnp.zeros(NF),
        "gemb": n(ks[3], (len(GT), DG)), "kemb": n(ks[4], (1025, DK)),
        "f": {"W": n(ks[5], (IN, 4 * H), 1 / np.sqrt(IN)), "U": n(ks[6], (H, 4 * H), 1 / np.sqrt(H)), "b": jnp.zeros(4 * H)},
        "b": {"W": n(ks[7], (IN, 4 * H), 1 / np.sqrt(IN)), "U": n(ks[8], (H, 4 * H), 1 / np.sqrt(H)), "b": jnp.zeros(4 * H)},
        "out": n(ks[9], (2 * H, NL), 1 / np.sqrt(2 * H)), "outb": jnp.zeros(NL),
        "trans": jnp.zeros((NL, NL)),
    }


def lstm(p, x, m, reverse):
    B = x.shape[0]
    xs = jnp.einsum("bti,ig->tbg", x, p["W"]) + p["b"]
    ms = m.T[..., None]
    if reverse:
        xs, ms = xs[::-1], ms[::-1]

    def step(carry, inp):
        h, c = carry
        xg, mm = inp
        z = xg + h @ p["U"]
        i, f, g, o = jnp.split(z, 4, -1)
        c2 = jax.nn.sigmoid(f + 1.0) * c + jax.nn.sigmoid(i) * jnp.tanh(g)
        h2 = jax.nn.sigmoid(o) * jnp.tanh(c2)
        h2 = mm * h2 + (1 - mm) * h; c2 = mm * c2 + (1 - mm) * c
        return (h2, c2), h2

    _, hs = jax.lax.scan(step, (jnp.zeros((B, H)), jnp.zeros((B, H))), (xs, ms))
    if reverse:
        hs = hs[::-1]
    return hs.transpose(1, 0, 2)


def emissions(p, V, W, C, G, K, M, key, train):
    ce = p["cemb"][C]  # B L C D
    B, L, Cn, D = ce.shape
    ce = ce.reshape(B * L, Cn, D)
    conv = jax.lax.conv_general_dilated(ce, p["conv"], (1,), "SAME", dimension_numbers=("NWC", "WIO", "NWC")) + p["convb"]
    cf = jnp.max(jnp.tanh(conv), 1).reshape(B, L, NF)
    we = p["wemb"][W]
    if train:
        k1, k2 = jax.random.split(key)
        drop = jax.random.bernoulli(k1, 0.1, W.shape)  # word dropout → unk
        we = jnp.where(drop[..., None], p["wemb"][1], we)
    x = jnp.concatenate([V, we, cf, p["gemb"][G], p["kemb"][K]], -1)
    if train:
        x = x * jax.random.bernoulli(k2, KEEP, x.shape) / KEEP
    h = jnp.concatenate([lstm(p["f"], x, M, False), lstm(p["b"], x, M, True)], -1)
    if train:
        h = h * jax.random.bernoulli(jax.random.fold_in(key, 3), KEEP, h.shape) / KEEP
    return h @ p["out"] + p["outb"]


def crf_nll(p, em, Y, M):
    T = p["trans"]
    gold_em = jnp.take_along_axis(em, Y[..., None], -1)[..., 0]
    gold_tr = T[Y[:, :-1], Y[:, 1:]] * M[:, 1:]
    gold = (gold_em * M).sum(1) + gold_tr.sum(1)

    def step(alpha, inp):
        e, m = inp
        a2 = jax.nn.logsumexp(alpha[:, :, None] + T[None], 1) + e
        return jnp.where(m[:, None] > 0, a2, alpha), None

    alpha, _ = jax.lax.scan(step, em[:, 0], (em[:, 1:].transpose(1, 0, 2), M[:, 1:].T))
    return (jax.nn.logsumexp(alpha, 1) - gold).sum()


def loss(p, batch, key):
    V, W, C, G, K, Y, M = batch
    return crf_nll(p, emissions(p, V, W, C, G, K, M, key, True), Y, M) / M.sum()


opt = optax.chain(optax.clip_by_global_norm(5.0), optax.adam(2e-3))


@jax.jit
def train_step(p, s, batch, key):
    l, g = jax.value_and_grad(loss)(p, batch, key)
    u, s = opt.update(g, s, p)
    return optax.apply_updates(p, u), s, l


@jax.jit
def predict_em(p, V, W, C, G, K, M):
    return emissions(p, V, W, C, G, K, M, None, False)


def viterbi(em, T, n):
    d = em[0]; back = []
    for t in range(1, n):
        s = d[:, None] + T
        back.append(s.argmax(0)); d = s.max(0) + em[t]
    path = [int(d.argmax())]
    for b in reversed(back):
        path.append(int(b[path[-1]]))
    return path[::-1]


def evaluate(p, data, gold):
    preds = [None] * len(data)
    T = np.asarray(p["trans"])
    for g, (V, W, C, G, K, Y, M) in batches(data, 64, False, None):
        em = np.asarray(predict_em(p, V, W, C, G, K, M))
        for r, i in enumerate(g):
            preds[i] = [LABELS[j] for j in viterbi(em[r], T, len(data[i][5]))]
    return span_f1(gold, preds)


t0 = time.time()
tr = [encode(ws, ts) for ws, ts in train]
dv = [encode(ws, ts) for ws, ts in dev]
print(f"encoded {time.time() - t0:.0f}s vocab {len(vocab)} chars {len(chars)}", flush=True)
key = jax.random.PRNGKey(0)
p = init(key)
s = opt.init(p)
rng = np.random.default_rng(0)
best = 0
for ep in range(EPOCHS):
    tot = 0
    for _, batch in batches(tr, 32, True, rng):
        key, sk = jax.random.split(key)
        p, s, l = train_step(p, s, tuple(map(jnp.asarray, batch)), sk)
        tot += float(l)
    f1 = evaluate(p, dv, [ts for _, ts in dev])
    best = max(best, f1)
    print(f"epoch {ep + 1} loss {tot:.1f} dev F1 {f1:.4f} ({time.time() - t0:.0f}s)", flush=True)
print(f"best dev F1 {best:.4f}")
