#!/usr/bin/python3
"""Writes the per-op fixtures tests/unit/test_ops.cpp checks the reference interpreter against.

One uncompressed .npz per test case under tests/fixtures/ops/: the case's inputs and parameters,
named exactly like the spec in test_ops.cpp names them (`x`, `fc.weight`, `rnn.weight_ih_l0`),
and the values PyTorch computes for the spec's outputs, named `expected.<output name>`.
Everything is float64 (integers int64); every random value comes from a NumPy generator seeded
by the case name, so reruns produce the same numbers.

Run with Debian's python (torch 1.13, numpy): /usr/bin/python3 tools/gen_op_fixtures.py [CASE...]
Never a build or test dependency: the fixtures are committed.
"""
import math
import os
import sys
import zlib

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "ops"))

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def T(a):
    """NumPy -> torch, keeping float64/int64."""
    return torch.from_numpy(np.array(a, order="C"))


def normal(r, *shape, scale=1.0):
    return r.standard_normal(shape) * scale


def ints(r, high, *shape):
    return r.integers(0, high, size=shape, dtype=np.int64)


def load(module, r, low=-0.5, high=0.5):
    """Sets every parameter of a torch module from the NumPy generator; returns them by name."""
    out = {}
    with torch.no_grad():
        for name, p in module.named_parameters():
            v = r.uniform(low, high, size=tuple(p.shape))
            p.copy_(T(v))
            out[name] = v
    return out


# --- elementwise ---------------------------------------------------------------------------------


def unary_case(name, make_x, fn):
    def build(r):
        x = make_x(r)
        return {"x": x, "expected.y": fn(T(x))}

    build.__name__ = name
    case(build)


unary_case("relu", lambda r: normal(r, 3, 4), F.relu)
unary_case("gelu", lambda r: normal(r, 3, 4, scale=2.0), F.gelu)  # exact erf form
unary_case("sigmoid", lambda r: np.concatenate([normal(r, 10, scale=3.0), [-40.0, 40.0]]).reshape(3, 4), torch.sigmoid)
unary_case("tanh", lambda r: normal(r, 3, 4, scale=2.0), torch.tanh)
unary_case("exp", lambda r: normal(r, 3, 4, scale=2.0), torch.exp)
unary_case("log", lambda r: r.uniform(0.05, 5.0, size=(3, 4)), torch.log)
unary_case("neg", lambda r: normal(r, 3, 4), torch.neg)
unary_case("sqrt", lambda r: r.uniform(0.0, 5.0, size=(3, 4)), torch.sqrt)
unary_case("scale", lambda r: normal(r, 3, 4), lambda x: x * -2.5)
unary_case("dropout_eval", lambda r: normal(r, 4, 5), lambda x: F.dropout(x, p=0.3, training=False))


@case
def add(r):  # b broadcasts over a's leading axis and its last
    a, b = normal(r, 2, 3, 4), normal(r, 3, 1)
    return {"a": a, "b": b, "expected.y": T(a) + T(b)}


@case
def sub(r):  # both operands broadcast: [3, 1] - [2, 1, 4] -> [2, 3, 4]
    a, b = normal(r, 3, 1), normal(r, 2, 1, 4)
    return {"a": a, "b": b, "expected.y": T(a) - T(b)}


@case
def mul(r):
    a, b = normal(r, 2, 3, 4), normal(r, 4)
    return {"a": a, "b": b, "expected.y": T(a) * T(b)}


@case
def div(r):
    a = normal(r, 2, 3, 4)
    b = r.uniform(0.5, 2.0, size=(2, 3, 4)) * r.choice([-1.0, 1.0], size=(2, 3, 4))
    c = r.uniform(0.5, 2.0, size=(2, 1, 1))
    return {"a": a, "b": b, "c": c, "expected.y": T(a) / T(b), "expected.z": T(a) / T(c)}


# --- layout --------------------------------------------------------------------------------------


@case
def reshape(r):
    x = normal(r, 2, 3, 4)
    return {"x": x, "expected.y": T(x).reshape(4, -1), "expected.z": T(x).reshape(24)}


@case
def transpose(r):
    x = normal(r, 2, 3, 4)
    return {"x": x, "expected.y": T(x).transpose(0, -1), "expected.z": T(x).transpose(-2, -1)}


@case
def permute(r):
    x = normal(r, 2, 3, 4, 5)
    return {"x": x, "expected.y": T(x).permute(2, 0, 3, 1), "expected.z": T(x).permute(-1, 0, 1, 2)}


@case
def concat(r):
    a, b, c, d = normal(r, 2, 3), normal(r, 2, 1), normal(r, 2, 2), normal(r, 1, 3)
    i, j = ints(r, 10, 2, 2), ints(r, 10, 2, 1)
    return {"a": a, "b": b, "c": c, "d": d, "i": i, "j": j,
            "expected.y": torch.cat([T(a), T(b), T(c)], dim=-1),
            "expected.z": torch.cat([T(a), T(d)], dim=0),
            "expected.w": torch.cat([T(i), T(j)], dim=1)}


@case
def slice(r):
    x = normal(r, 5, 6)
    t = T(x)
    return {"x": x, "expected.y": t[:, 1:5:2], "expected.z": t[-3:], "expected.w": t[:, 0:-1:3]}


@case
def index(r):
    x, tok = normal(r, 3, 4, 5), ints(r, 100, 3, 4)
    return {"x": x, "tok": tok, "expected.y": T(x).select(1, -1), "expected.z": T(x).select(0, 2),
            "expected.w": T(tok).select(1, 0)}


@case
def gather(r):
    x, x3 = normal(r, 3, 5), normal(r, 2, 3, 4)
    i1, i0, i3 = ints(r, 5, 3, 2), ints(r, 3, 2, 4), ints(r, 3, 2, 2, 4)  # index smaller than x outside the axis
    return {"x": x, "x3": x3, "i1": i1, "i0": i0, "i3": i3,
            "expected.y": torch.gather(T(x), 1, T(i1)), "expected.z": torch.gather(T(x), 0, T(i0)),
            "expected.w": torch.gather(T(x3), -2, T(i3))}


@case
def pick(r):  # x[b, index[b] + offset] and a deeper axis
    x, x3 = normal(r, 3, 5, 4), normal(r, 2, 3, 6)
    lengths, at = ints(r, 5, 3) + 1, ints(r, 6, 2, 3)
    t, t3 = T(x), T(x3)
    last = t[torch.arange(3), T(lengths) - 1]
    deep = torch.gather(t3, 2, T(at).unsqueeze(-1)).squeeze(-1)
    return {"x": x, "x3": x3, "lengths": lengths, "at": at, "expected.y": last, "expected.z": deep}


@case
def expand(r):
    x = normal(r, 3, 1)
    return {"x": x, "expected.y": T(x).expand(2, 3, 4), "expected.z": T(x).expand(2, -1, 4)}


@case
def embedding(r):
    idx = ints(r, 7, 2, 5)
    idx[0, 1] = idx[1, 3] = 0  # the padding row is looked up too
    emb = torch.nn.Embedding(7, 3, padding_idx=0)
    e2 = torch.nn.Embedding(7, 2)
    w = load(emb, r)["weight"]
    w[0] = 0.0  # torch keeps the padding row at zero
    with torch.no_grad():
        emb.weight.copy_(T(w))
    w2 = load(e2, r)["weight"]
    return {"idx": idx, "emb.weight": w, "e2.weight": w2,
            "expected.emb": emb(T(idx)), "expected.e2": e2(T(idx))}


# --- contractions --------------------------------------------------------------------------------


@case
def matmul(r):
    a, b = normal(r, 2, 1, 3, 4), normal(r, 5, 4, 2)  # batch [2, 1] x [5] -> [2, 5]
    at, b2 = normal(r, 2, 4, 3), normal(r, 4, 2)
    a2, bt = normal(r, 3, 4), normal(r, 2, 1, 2, 4)
    ta, tb = normal(r, 4, 3), normal(r, 2, 4)
    return {"a": a, "b": b, "at": at, "b2": b2, "a2": a2, "bt": bt, "ta": ta, "tb": tb,
            "expected.y": torch.matmul(T(a), T(b)),
            "expected.z": torch.matmul(T(at).transpose(-1, -2), T(b2)),
            "expected.w": torch.matmul(T(a2), T(bt).transpose(-1, -2)),
            "expected.v": torch.matmul(T(ta).transpose(-1, -2), T(tb).transpose(-1, -2))}


@case
def linear(r):
    x = normal(r, 2, 3, 4)
    out = {"x": x}
    acts = {"fc": None, "fr": F.relu, "fg": F.gelu, "fs": torch.sigmoid, "ft": torch.tanh}
    for name, act in acts.items():
        m = torch.nn.Linear(4, 5)
        for k, v in load(m, r, -1.0, 1.0).items():
            out[f"{name}.{k}"] = v
        y = m(T(x))
        out[f"expected.{name}"] = act(y) if act else y
    m = torch.nn.Linear(4, 3, bias=False)
    out["fn.weight"] = load(m, r, -1.0, 1.0)["weight"]
    out["expected.fn"] = m(T(x))
    return out


@case
def conv2d(r):
    x = normal(r, 2, 3, 7, 6)
    out = {"x": x}
    convs = {"c1": torch.nn.Conv2d(3, 4, 3, stride=2, padding=1),
             "c2": torch.nn.Conv2d(3, 2, 2, bias=False),
             "c3": torch.nn.Conv2d(3, 2, 3, padding=2)}
    for name, m in convs.items():
        for k, v in load(m, r).items():
            out[f"{name}.{k}"] = v
        out[f"expected.{name}"] = m(T(x))
    return out


# --- pooling -------------------------------------------------------------------------------------


@case
def maxpool2d(r):
    x = normal(r, 2, 3, 7, 6)
    return {"x": x, "expected.p1": F.max_pool2d(T(x), 2), "expected.p2": F.max_pool2d(T(x), 3, stride=2),
            "expected.p3": F.max_pool2d(T(x), 2, stride=1)}


@case
def adaptive_avgpool2d(r):
    x = normal(r, 2, 3, 5, 7)
    return {"x": x, "expected.a1": F.adaptive_avg_pool2d(T(x), 1), "expected.a2": F.adaptive_avg_pool2d(T(x), (2, 3)),
            "expected.a3": F.adaptive_avg_pool2d(T(x), (3, 5)), "expected.a4": F.adaptive_avg_pool2d(T(x), (4, 4))}


# --- reductions and normalisations ---------------------------------------------------------------


def reduce_case(name, fn):
    def build(r):
        x = normal(r, 2, 3, 4)
        t = T(x)
        return {"x": x, "expected.r0": fn(t), "expected.r1": fn(t, dim=1),
                "expected.r2": fn(t, dim=(0, -1), keepdim=True), "expected.r3": fn(t, dim=(0, 1, 2), keepdim=True)}

    build.__name__ = name
    case(build)


reduce_case("sum", torch.sum)
reduce_case("mean", torch.mean)


def softmax_case(name, fn):
    def build(r):
        x = normal(r, 2, 3, 4, scale=3.0)
        x[0, 0, 0] = 300.0  # needs the max subtraction
        t = T(x)
        return {"x": x, "expected.s0": fn(t, dim=-1), "expected.s1": fn(t, dim=0), "expected.s2": fn(t, dim=1)}

    build.__name__ = name
    case(build)


softmax_case("softmax", F.softmax)
softmax_case("log_softmax", F.log_softmax)


@case
def layernorm(r):
    x = normal(r, 2, 3, 6, scale=2.0) + 1.0
    out = {"x": x}
    for name, m in {"ln": torch.nn.LayerNorm(6), "ln2": torch.nn.LayerNorm(6, eps=1e-3)}.items():
        for k, v in load(m, r, -1.0, 1.0).items():
            out[f"{name}.{k}"] = v
        out[f"expected.{name}"] = m(T(x))
    out["expected.ln3"] = F.layer_norm(T(x), (6,))
    return out


# --- attention -----------------------------------------------------------------------------------


def attention(q, k, v, scale=None, causal=False, lengths=None):
    """softmax(q k^T * scale + mask) v with broadcast batch dimensions; lengths mask keys of batch dim 0."""
    scale = 1.0 / math.sqrt(q.shape[-1]) if scale is None else scale
    s = torch.matmul(q, k.transpose(-1, -2)) * scale
    lq, lk = s.shape[-2], s.shape[-1]
    mask = torch.zeros(s.shape, dtype=torch.bool)
    if causal:
        mask = mask | torch.ones(lq, lk, dtype=torch.bool).triu(1)
    if lengths is not None:
        keys = torch.arange(lk) >= lengths.view(-1, 1)  # [B, Lk]
        mask = mask | keys.view(keys.shape[0], *([1] * (s.dim() - 2)), lk)
    w = torch.softmax(s.masked_fill(mask, -math.inf), dim=-1)
    return torch.matmul(w, v), w


def attention_case(name, shapes, lengths=None, **kw):
    def build(r):
        q, k, v = (normal(r, *s) for s in shapes)
        out = {"q": q, "k": k, "v": v}
        ln = None
        if lengths is not None:
            out["lengths"] = np.array(lengths, dtype=np.int64)
            ln = T(out["lengths"])
        o, w = attention(T(q), T(k), T(v), lengths=ln, **kw)
        out["expected.att"], out["expected.att.weights"] = o, w
        return out

    build.__name__ = name
    case(build)


attention_case("attention_single", [(1, 5), (3, 6, 5), (3, 6, 2)])  # one query broadcast over the batch
attention_case("attention_single_lengths", [(1, 5), (3, 6, 5), (3, 6, 2)], lengths=[6, 1, 3])
attention_case("attention_full", [(2, 4, 3), (2, 5, 3), (2, 5, 6)])
attention_case("attention_causal", [(2, 4, 3), (2, 4, 3), (2, 4, 2)], causal=True)
attention_case("attention_lengths", [(3, 2, 4), (3, 5, 4), (3, 5, 2)], lengths=[5, 2, 1])
attention_case("attention_causal_lengths", [(3, 5, 4), (3, 5, 4), (3, 5, 2)], lengths=[5, 3, 1], causal=True)
# batch [2, 3] from q [2, 3], k [3], v [2, 1]; lengths mask the first batch dimension.
attention_case("attention_scale", [(2, 3, 4, 5), (3, 6, 5), (2, 1, 6, 3)], lengths=[6, 4], scale=0.7)


def mha_case(name, heads, lengths=None, causal=False):
    def build(r):
        b, l, e = 2, 5, 8
        x = normal(r, b, l, e)
        m = torch.nn.MultiheadAttention(e, heads, batch_first=True)
        m.eval()
        out = {"x": x}
        for k, v in load(m, r).items():
            out[f"attn.{k}"] = v
        kpm = mask = None
        if lengths is not None:
            out["lengths"] = np.array(lengths, dtype=np.int64)
            kpm = torch.arange(l).view(1, l) >= T(out["lengths"]).view(b, 1)
        if causal:
            mask = torch.ones(l, l, dtype=torch.bool).triu(1)
        y, w = m(T(x), T(x), T(x), key_padding_mask=kpm, attn_mask=mask, need_weights=True, average_attn_weights=True)
        out["expected.attn"], out["expected.attn.weights"] = y, w
        return out

    build.__name__ = name
    case(build)


mha_case("mha_heads2", 2)
mha_case("mha_heads4_lengths", 4, lengths=[5, 3])
mha_case("mha_causal", 2, lengths=[4, 2], causal=True)


def lstm_case(name, shape, hidden, layers=1, bidirectional=False, batch_first=True):
    def build(r):
        x = normal(r, *shape)
        m = torch.nn.LSTM(shape[-1], hidden, num_layers=layers, bidirectional=bidirectional, batch_first=batch_first)
        out = {"x": x}
        for k, v in load(m, r).items():
            out[f"rnn.{k}"] = v
        y, (h, c) = m(T(x))
        out["expected.rnn"], out["expected.rnn.h_n"], out["expected.rnn.c_n"] = y, h, c
        return out

    build.__name__ = name
    case(build)


lstm_case("lstm_1layer", (2, 4, 3), 5)
lstm_case("lstm_2layer_bidir", (2, 4, 2), 3, layers=2, bidirectional=True)
lstm_case("lstm_time_major", (4, 2, 3), 3, batch_first=False)


# --- losses and metrics --------------------------------------------------------------------------


@case
def bce(r):
    p = r.uniform(0.02, 0.98, size=(4, 3))
    y = r.integers(0, 2, size=(4, 3)).astype(np.float64)
    y[0, :] = r.uniform(0, 1, size=3)  # soft targets too
    p2 = np.array([0.0, 1.0, 0.0, 1.0, 0.5])  # log(0) is clamped at -100, as in torch
    y2 = np.array([0.0, 1.0, 1.0, 0.0, 0.3])
    return {"p": p, "y": y, "p2": p2, "y2": y2,
            "expected.l1": F.binary_cross_entropy(T(p), T(y)), "expected.l2": F.binary_cross_entropy(T(p2), T(y2))}


@case
def bce_logits(r):
    z = np.concatenate([normal(r, 10, scale=4.0), [-50.0, 50.0]]).reshape(4, 3)
    y = r.uniform(0, 1, size=(4, 3))
    y[1, :] = [0.0, 1.0, 1.0]
    return {"z": z, "y": y, "expected.l": F.binary_cross_entropy_with_logits(T(z), T(y))}


@case
def cross_entropy(r):
    logits, target = normal(r, 4, 5, scale=2.0), ints(r, 5, 4)
    logits3, target3 = normal(r, 2, 3, 5, scale=2.0), ints(r, 5, 2, 3)  # class axis last
    logits1, target1 = normal(r, 2, 5, 3, scale=2.0), ints(r, 5, 2, 3)  # class axis 1 (torch's layout)
    logits0, target0 = normal(r, 5, scale=2.0), np.array(3, dtype=np.int64)  # one unbatched sample
    return {"logits": logits, "target": target, "logits3": logits3, "target3": target3, "logits1": logits1, "target1": target1,
            "logits0": logits0, "target0": target0,
            "expected.l": F.cross_entropy(T(logits), T(target)),
            "expected.l0": F.cross_entropy(T(logits0), T(target0)),
            "expected.l3": F.cross_entropy(T(logits3).permute(0, 2, 1), T(target3)),
            "expected.l1": F.cross_entropy(T(logits1), T(target1))}


@case
def binary_accuracy(r):
    p = r.uniform(0, 1, size=10)
    y = r.integers(0, 2, size=10).astype(np.float64)
    p2 = normal(r, 3, 4)
    y2 = r.integers(0, 2, size=(3, 4)).astype(np.float64)

    def acc(p, y, thr):
        return ((T(p) > thr) == (T(y) > 0.5)).double().mean()

    return {"p": p, "y": y, "p2": p2, "y2": y2,
            "expected.a1": acc(p, y, 0.5), "expected.a2": acc(p, y, 0.3), "expected.a3": acc(p2, y2, 0.0)}


@case
def argmax_accuracy(r):
    logits, target = normal(r, 6, 4), ints(r, 4, 6)
    logits3, target3 = normal(r, 2, 3, 4), ints(r, 4, 2, 3)
    logits1, target1 = normal(r, 2, 4, 3), ints(r, 4, 2, 3)
    target[:3] = logits[:3].argmax(-1)  # some right, some wrong
    target3[0] = logits3[0].argmax(-1)
    target1[1] = logits1[1].argmax(0)

    def acc(lg, tg, axis):
        return (T(lg).argmax(axis) == T(tg)).double().mean()

    return {"logits": logits, "target": target, "logits3": logits3, "target3": target3, "logits1": logits1, "target1": target1,
            "expected.a": acc(logits, target, -1), "expected.a3": acc(logits3, target3, -1), "expected.a1": acc(logits1, target1, 1)}


@case
def all_correct_accuracy(r):
    logits = normal(r, 4, 3, 5)
    target = logits.argmax(-1)
    target[1, 2] = (target[1, 2] + 1) % 5  # samples 1 and 3 have one wrong position
    target[3, 0] = (target[3, 0] + 2) % 5
    logits4 = normal(r, 3, 2, 2, 4)  # several positions per sample
    target4 = logits4.argmax(-1)
    target4[2, 1, 0] = (target4[2, 1, 0] + 1) % 4
    logits1 = normal(r, 3, 4, 2)  # class axis 1
    target1 = logits1.argmax(1)
    target1[0, 1] = (target1[0, 1] + 3) % 4

    def acc(lg, tg, axis):
        right = T(lg).argmax(axis) == T(tg)
        return right.reshape(right.shape[0], -1).all(dim=1).double().mean()

    return {"logits": logits, "target": target, "logits4": logits4, "target4": target4, "logits1": logits1, "target1": target1,
            "expected.a": acc(logits, target, -1), "expected.a4": acc(logits4, target4, -1), "expected.a1": acc(logits1, target1, 1)}


# --- writing -------------------------------------------------------------------------------------


def as_array(v):
    if isinstance(v, torch.Tensor):
        v = v.detach().numpy()
    v = np.array(v, order="C")  # sinter reads C-order .npy only (torch may return transposed views)
    if v.dtype.kind == "f":
        return v.astype(np.float64)
    if v.dtype.kind in "iu":
        return v.astype(np.int64)
    raise TypeError(f"unexpected dtype {v.dtype}")


def main(names):
    os.makedirs(OUT, exist_ok=True)
    for name in names or CASES:
        arrays = {k: as_array(v) for k, v in CASES[name](np.random.default_rng(zlib.crc32(name.encode()))).items()}
        path = os.path.join(OUT, name + ".npz")
        np.savez(path, **arrays)
        print(f"{path}: {', '.join(sorted(arrays))} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main(sys.argv[1:])
