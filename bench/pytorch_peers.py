#!/usr/bin/python3
"""pytorch_peers.py — the PyTorch side of sinter's speed comparison (peer timings).

For each named spec in graphs/, builds the SAME model in PyTorch eager (same layers and sizes,
batch = the spec's train.batch, same input shapes and dtypes, same loss, the optimizer class and
hyper-parameters of the spec's train section, dropout as in the spec), feeds one fixed batch of
random inputs of the right kind, and times
  train_step_ms  the median of timed steps (after --warmup untimed ones) of
                 zero_grad(set_to_none=True), forward, loss, backward, optimizer.step()
  infer_ms       the median forward-only time, model.eval() under torch.no_grad(), same batch
each step timed alone with time.perf_counter. Data generation is not timed (as sinter's
bench/step_time.cpp, which reruns a compiled step on fixed random feeds).

Run with Debian's PyTorch (python3-torch 1.13.1; never a build or test dependency):

  /usr/bin/python3 bench/pytorch_peers.py SPEC_NAME... [--threads N] [--steps N] [--warmup N]
        [--max-seconds S] [--graphs DIR]

  e.g. MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824 \
       /usr/bin/python3 bench/pytorch_peers.py count24 sparse_and_sat sparse_and_mlp imdb_lstm \
       imdb_lstm_last imdb_mha imdb_mha_masked mnist_add --threads 1

  SPEC_NAME is a file name in graphs/ without .yaml (a path to a .yaml also works). Specs without
  a train section (attention_basics, attention_masked, attention_worked) are skipped (a note on
  stderr, no JSON line).

Output: one JSON line per spec on stdout:
  {"spec", "impl": "pytorch", "threads", "train_step_ms", "infer_ms", "batch", "torch",
   "openblas_coretype", "peak_bytes": null, "steps", "infer_reps", "params", "blas",
   "openblas_core"}
  steps / infer_reps: how many timed repetitions the medians are over (--steps, but fewer when
  --max-seconds would be exceeded, never fewer than 10); params: the number of trainable
  parameters; blas: the BLAS libraries the process actually loaded (from /proc/self/maps);
  openblas_core: the kernel set OpenBLAS chose (null without OpenBLAS). peak_bytes is not measured.
The parameter count and each model's checks go to stderr.

Environment for stable timings:
  MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824
      (glibc: keep big activations on the heap instead of mmap/munmap on every step)
  OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and MKL_NUM_THREADS default to --threads (set before
      torch is imported).
  BLAS — matters several-fold here. Debian's python3-torch links libblas.so.3; installed with
      --no-install-recommends that is the reference (netlib) BLAS (JSON "blas":
      "blas/libblas.so.3.11.0"), which makes every nn.Linear / LSTM / attention product slow
      (imdb_mha train step ~650 ms instead of ~75 ms). For a fair peer use OpenBLAS, either
      installed (apt-get install libopenblas0-pthread, which switches the libblas.so.3
      alternative system-wide) or without touching the system:
        mkdir -p /tmp/openblas_peer && cd /tmp/openblas_peer && apt-get download libopenblas0-pthread && dpkg -x libopenblas0-pthread_*.deb root
        export LD_LIBRARY_PATH=/tmp/openblas_peer/root/usr/lib/x86_64-linux-gnu/openblas-pthread
  OPENBLAS_CORETYPE=SkylakeX — run with and without: OpenBLAS 0.3.21 does not recognise this CPU
      and falls back to its Prescott (SSE3) kernels (JSON "openblas_core": "Prescott"); with
      SkylakeX (the CPU has AVX-512) imdb_mha's step went from ~135 ms to ~75 ms. The value in
      force is recorded in "openblas_coretype", the kernels chosen in "openblas_core".
  The full command for the comparison:
    LD_LIBRARY_PATH=/tmp/openblas_peer/root/usr/lib/x86_64-linux-gnu/openblas-pthread \
    OPENBLAS_CORETYPE=SkylakeX MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824 \
      /usr/bin/python3 bench/pytorch_peers.py count24 sparse_and_sat sparse_and_mlp imdb_lstm \
      imdb_lstm_last imdb_mha imdb_mha_masked mnist_add --threads 1

How each spec maps to PyTorch (ops as in docs/ops.md):
  embedding -> nn.Embedding(num, dim, padding_idx); linear -> nn.Linear (+ activation);
  conv2d / maxpool2d / adaptive_avgpool2d -> nn.Conv2d / nn.MaxPool2d / nn.AdaptiveAvgPool2d;
  layernorm -> nn.LayerNorm(eps); lstm -> nn.LSTM(batch_first=True); mha ->
  nn.MultiheadAttention(E, heads, batch_first=True) with Q = K = V = x, need_weights=False when the
  spec never uses the weights, key_padding_mask from `lengths`; attention -> softmax(q k^T * scale
  + mask) v in plain torch ops; dropout -> nn.Dropout(p); bce -> BCELoss; bce_logits ->
  BCEWithLogitsLoss; cross_entropy -> CrossEntropyLoss over the spec's class axis (mean over
  every other position). Submodules are named like the spec's nodes, so state_dict() names are
  sinter's parameter names; check_against_spec() compares every layer node's attributes and
  every parameter's name with the spec text (parsed with PyYAML) and fails loudly on a mismatch.
"""
import argparse
import json
import math
import os
import re
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from peer_env import loaded_blas  # noqa: E402


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("specs", nargs="+", help="spec names (graphs/NAME.yaml) or paths")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=50, help="timed steps (and inference reps)")
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--max-seconds", type=float, default=60.0,
                    help="cap on the timed steps of one spec (steps reduced, never below 10)")
    ap.add_argument("--graphs", default=os.path.join(HERE, "..", "graphs"))
    ap.add_argument("--seed", type=int, default=0)
    return ap.parse_args()


ARGS = parse_args() if __name__ == "__main__" else None
if ARGS is not None:  # thread pools read these when the libraries load: set before importing torch
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, str(ARGS.threads))

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402
import yaml  # noqa: E402

# ---------------------------------------------------------------------------------------------
# The spec language's value expressions (docs/spec.md "Files and values"): calls, lists, numbers,
# booleans, names, strings. Enough to read attributes, types and recipe calls.


class Call:
    def __init__(self, name, args, kwargs):
        self.name, self.args, self.kwargs = name, args, kwargs

    def __repr__(self):
        return f"Call({self.name}, {self.args}, {self.kwargs})"


_TOKEN = re.compile(r"""\s*(?:(?P<num>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)|"""
                    r"""(?P<name>[A-Za-z_][A-Za-z0-9_.]*)|(?P<str>"[^"]*"|'[^']*')|(?P<p>[()\[\],=]))""")


def parse_expr(text):
    toks, pos = [], 0
    text = str(text).strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ValueError(f"cannot parse {text!r} at {pos}")
        pos = m.end()
        kind = m.lastgroup
        toks.append((kind, m.group(kind)))
    i = 0

    def value():
        nonlocal i
        kind, t = toks[i]
        i += 1
        if kind == "num":
            return float(t) if any(c in t for c in ".eE") else int(t)
        if kind == "str":
            return t[1:-1]
        if kind == "p" and t == "[":
            items = []
            while toks[i] != ("p", "]"):
                items.append(value())
                if toks[i] == ("p", ","):
                    i += 1
            i += 1
            return items
        if kind == "name":
            if t in ("true", "false"):
                return t == "true"
            if i < len(toks) and toks[i] == ("p", "("):
                i += 1
                args, kwargs = [], {}
                while toks[i] != ("p", ")"):
                    if toks[i][0] == "name" and i + 1 < len(toks) and toks[i + 1] == ("p", "="):
                        key = toks[i][1]
                        i += 2
                        kwargs[key] = value()
                    else:
                        args.append(value())
                    if toks[i] == ("p", ","):
                        i += 1
                i += 1
                return Call(t, args, kwargs)
            if i < len(toks) and toks[i] == ("p", "["):  # a type: f32[B, 10]
                i += 1
                dims = []
                while toks[i] != ("p", "]"):
                    dims.append(value())
                    if toks[i] == ("p", ","):
                        i += 1
                i += 1
                return ("type", t, dims)
            return t
        raise ValueError(f"unexpected {t!r} in {text!r}")

    v = value()
    if i != len(toks):
        raise ValueError(f"trailing text in {text!r}")
    return v


def as_call(v):
    return v if isinstance(v, Call) else Call(v, [], {})  # `constant` == `constant()`


class Spec:
    def __init__(self, path):
        self.path = path
        with open(path) as f:
            self.raw = yaml.safe_load(f)
        self.name = self.raw["model"]
        self.train = self.raw.get("train")
        self.nodes = {k: parse_expr(v) for k, v in self.raw["nodes"].items()}
        self.dims = dict(self.raw.get("dims") or {})
        if self.train:
            assert self.dims.get("B", self.train["batch"]) == self.train["batch"]
            self.dims["B"] = self.train["batch"]
        self.inputs = {}
        for k, v in self.raw["inputs"].items():
            _, dtype, dims = parse_expr(v)
            self.inputs[k] = (dtype, [self.dims[d] if isinstance(d, str) else d for d in dims])
        self.params = {}
        for k, v in (self.raw.get("params") or {}).items():
            ty, init = str(v).split("~")
            _, dtype, dims = parse_expr(ty)
            self.params[k] = (dtype, [self.dims[d] if isinstance(d, str) else d for d in dims],
                              as_call(parse_expr(init)))
        self.loss = as_call(parse_expr(self.raw["loss"])) if "loss" in self.raw else None
        outs = self.raw.get("outputs") or []
        self.outputs = list(outs.values()) if isinstance(outs, dict) else list(outs)

    def node(self, name, op):
        c = self.nodes[name]
        assert isinstance(c, Call) and c.name == op, f"{self.path}: node {name} is {c}, expected {op}"
        return c

    def uses(self, ref):
        """Whether any node, output, loss or plot references `ref` (e.g. 'attn.weights')."""
        def walk(v):
            if isinstance(v, Call):
                return any(walk(a) for a in v.args) or any(walk(a) for a in v.kwargs.values())
            if isinstance(v, list):
                return any(walk(a) for a in v)
            return v == ref
        plots = (self.train or {}).get("plots") or []
        return (any(walk(c) for c in self.nodes.values()) or ref in self.outputs or ref in plots
                or (self.loss is not None and walk(self.loss)))


# ---------------------------------------------------------------------------------------------
# Layers with the spec's attributes.

ACTIVATIONS = {"none": lambda x: x, "relu": torch.relu, "gelu": F.gelu, "sigmoid": torch.sigmoid,
               "tanh": torch.tanh}


class Linear(nn.Linear):
    """linear(x, out, bias, activation): nn.Linear, then the activation."""

    def __init__(self, inp, out, bias=True, activation="none"):
        super().__init__(inp, out, bias=bias)
        self.activation = activation

    def forward(self, x):
        return ACTIVATIONS[self.activation](super().forward(x))


def attention(q, k, v, scale=None, causal=False, lengths=None):
    """docs/ops.md `attention`: softmax(q k^T * scale + mask) v -> (out, weights)."""
    if scale is None:
        scale = 1.0 / math.sqrt(q.shape[-1])
    s = torch.matmul(q, k.transpose(-2, -1)) * scale
    lq, lk = s.shape[-2], s.shape[-1]
    if causal:
        s = s.masked_fill(torch.ones(lq, lk, dtype=torch.bool).triu(1), float("-inf"))
    if lengths is not None:  # keys j >= lengths[b] masked; lengths [B], scores [B, ..., Lq, Lk]
        pad = torch.arange(lk)[None, :] >= lengths[:, None]
        s = s.masked_fill(pad.view(pad.shape[0], *([1] * (s.dim() - 2)), lk), float("-inf"))
    w = torch.softmax(s, dim=-1)
    return torch.matmul(w, v), w


def key_padding_mask(lengths, length):
    return torch.arange(length)[None, :] >= lengths[:, None]  # True = ignore this key


# ---------------------------------------------------------------------------------------------
# The models. Each forward(inp) takes the dict of inputs and returns a dict of named tensors: the
# spec's outputs and the loss operands. Line numbers cite graphs/NAME.yaml.


class Count24(nn.Module):  # graphs/count24.yaml
    def __init__(self):
        super().__init__()
        self.query = nn.Parameter(torch.randn(1, 5))      # l.13 query f32[1, 5] ~ normal(std=1.0)
        self.emb = nn.Embedding(10, 5)                    # l.16
        self.keys = Linear(5, 5)                          # l.17
        self.values = Linear(5, 1)                        # l.18
        self.hidden = Linear(1, 200, activation="relu")   # l.21
        self.logit = Linear(200, 1)                       # l.22

    def forward(self, inp):
        emb = self.emb(inp["x"])                                   # [B, 10, 5]
        keys, values = self.keys(emb), self.values(emb)            # [B, 10, 5], [B, 10, 1]
        att, w = attention(self.query, keys, values)               # l.19: [B, 1, 1], [B, 1, 10]
        pooled = att.reshape(-1, 1)                                # l.20
        prob = torch.sigmoid(self.logit(self.hidden(pooled)))      # l.21-23
        return {"prob": prob, "att.weights": w}


class SparseAndSAT(nn.Module):  # graphs/sparse_and_sat.yaml
    def __init__(self):
        super().__init__()
        self.cls = nn.Parameter(torch.empty(1, 1, 32))   # l.14
        self.pos = nn.Parameter(torch.empty(31, 32))     # l.15
        self.tok = nn.Embedding(2, 32)                   # l.18
        self.ln1 = nn.LayerNorm(32, eps=1e-6)            # l.22
        self.qkv = Linear(32, 96)                        # l.23
        self.wdrop = nn.Dropout(0.1)                     # l.30
        self.proj = Linear(32, 32)                       # l.32
        self.pdrop = nn.Dropout(0.1)                     # l.33
        self.x2 = nn.LayerNorm(32, eps=1e-6)             # l.35
        self.mlp1 = Linear(32, 64, activation="relu")    # l.36
        self.mdrop = nn.Dropout(0.1)                     # l.37
        self.mlp2 = Linear(64, 32)                       # l.38
        self.x3 = nn.LayerNorm(32, eps=1e-6)             # l.40
        self.logit = Linear(32, 1)                       # l.42

    def forward(self, inp):
        bits = inp["bits"]
        B = bits.shape[0]
        tok = self.tok(bits)                                          # [B, 30, 32]
        seq = torch.cat([tok, self.cls.expand(B, 1, 32)], dim=1)      # l.19-20: [B, 31, 32]
        x = seq + self.pos                                            # l.21
        qkv = self.qkv(self.ln1(x))                                   # l.22-23
        q, k, v = qkv[..., 0:32], qkv[..., 32:64], qkv[..., 64:96]    # l.24-26
        scores = torch.matmul(q, k.transpose(-2, -1))                 # l.27
        weights = torch.softmax(scores * 0.17677669529663687, dim=-1)  # l.28-29
        mixed = torch.matmul(self.wdrop(weights), v)                  # l.30-31
        res1 = x + self.pdrop(self.proj(mixed))                       # l.32-34
        x2 = self.x2(res1)                                            # l.35
        res2 = x2 + self.mlp2(self.mdrop(self.mlp1(x2)))              # l.36-39
        x3 = self.x3(res2)                                            # l.40
        prob = torch.sigmoid(self.logit(x3[:, -1]))                   # l.41-43
        return {"prob": prob, "weights": weights}


class SparseAndMLP(nn.Module):  # graphs/sparse_and_mlp.yaml
    def __init__(self):
        super().__init__()
        self.h1 = Linear(30, 512, activation="gelu")   # l.13
        self.d1 = nn.Dropout(0.1)                      # l.14
        self.h2 = Linear(512, 128, activation="gelu")  # l.15
        self.d2 = nn.Dropout(0.1)                      # l.16
        self.h3 = Linear(128, 64, activation="gelu")   # l.17
        self.d3 = nn.Dropout(0.1)                      # l.18
        self.logit = Linear(64, 1)                     # l.19

    def forward(self, inp):
        h = self.d1(self.h1(inp["bits"]))
        h = self.d2(self.h2(h))
        h = self.d3(self.h3(h))
        return {"prob": torch.sigmoid(self.logit(h))}  # l.20


class ImdbLSTM(nn.Module):  # graphs/imdb_lstm.yaml (last=False), graphs/imdb_lstm_last.yaml (True)
    def __init__(self, last_real):
        super().__init__()
        self.last_real = last_real
        self.emb = nn.Embedding(10001, 64, padding_idx=0)                # l.13 / l.15
        self.rnn = nn.LSTM(64, 32, num_layers=2, batch_first=True)      # l.14 / l.16
        self.logit = Linear(32, 1)                                       # l.16 / l.18

    def forward(self, inp):
        out, (h_n, _) = self.rnn(self.emb(inp["tokens"]))
        if self.last_real:  # imdb_lstm_last l.17: pick(rnn, lengths, axis=1, offset=-1)
            last = out[torch.arange(out.shape[0]), inp["lengths"] - 1]
        else:               # imdb_lstm l.15: index(rnn.h_n, axis=0, index=-1)
            last = h_n[-1]
        return {"prob": torch.sigmoid(self.logit(last))}


class ImdbMHA(nn.Module):  # graphs/imdb_mha.yaml (masked=False), graphs/imdb_mha_masked.yaml
    def __init__(self, masked):
        super().__init__()
        self.masked = masked
        self.emb = nn.Embedding(10001, 64, padding_idx=0)             # l.12 / l.14
        self.attn = nn.MultiheadAttention(64, 4, batch_first=True)    # l.13 / l.15
        self.logit = Linear(64, 1)                                    # l.15 / l.17

    def forward(self, inp):
        x = self.emb(inp["tokens"])
        mask = key_padding_mask(inp["lengths"], x.shape[1]) if self.masked else None
        # attn.weights is never used by these specs: need_weights=False (as sinter may skip them)
        attn = self.attn(x, x, x, key_padding_mask=mask, need_weights=False)[0]
        pooled = attn.mean(dim=1)                                     # mean(attn, axes=[1])
        return {"prob": torch.sigmoid(self.logit(pooled))}


class MnistAdd(nn.Module):  # graphs/mnist_add.yaml
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3)                  # l.17
        self.pool1 = nn.MaxPool2d(2)                      # l.19
        self.conv2 = nn.Conv2d(32, 64, 3)                 # l.20
        self.pool2 = nn.MaxPool2d(2)                      # l.22
        self.conv3 = nn.Conv2d(64, 128, 3)                # l.23
        self.pool3 = nn.MaxPool2d(2)                      # l.25
        self.gap = nn.AdaptiveAvgPool2d((1, 1))           # l.26
        self.drop = nn.Dropout(0.3)                       # l.30
        self.rnn = nn.LSTM(256, 64, batch_first=True, bidirectional=True)  # l.31
        self.logits = Linear(128, 10)                     # l.32

    def forward(self, inp):
        digits = torch.cat([inp["a"], inp["b"]], dim=1)              # l.15: [B, 6, 1, 28, 28]
        x = digits.reshape(-1, 1, 28, 28)                            # l.16
        x = self.pool1(torch.relu(self.conv1(x)))                    # l.17-19
        x = self.pool2(torch.relu(self.conv2(x)))                    # l.20-22
        x = self.pool3(torch.relu(self.conv3(x)))                    # l.23-25
        feats = self.gap(x).reshape(-1, 2, 3, 128)                   # l.26-27
        joined = feats.permute(0, 2, 1, 3).reshape(-1, 3, 256)       # l.28-29
        out, _ = self.rnn(self.drop(joined))                         # l.30-31: [B, 3, 128]
        return {"logits": self.logits(out)}                          # l.32: [B, 3, 10]


# Parameter counts worked out by hand from MODELS.md / the specs (printed and asserted).
EXPECTED_PARAMS = {
    # query 5 + emb 10*5 + keys 5*5+5 + values 5+1 + hidden 200+200 + logit 200+1
    "count24": 5 + 50 + 30 + 6 + 400 + 201,
    # cls 32 + pos 31*32 + tok 2*32 + 3 LN 3*64 + qkv 32*96+96 + proj 32*32+32 + mlp1 32*64+64
    # + mlp2 64*32+32 + logit 33
    "sparse_and_sat": 32 + 992 + 64 + 192 + 3168 + 1056 + 2112 + 2080 + 33,
    "sparse_and_mlp": (30 * 512 + 512) + (512 * 128 + 128) + (128 * 64 + 64) + 65,
    # emb 10001*64 + LSTM l0 4*32*(64+32)+2*128 + l1 4*32*(32+32)+2*128 + head 33
    "imdb_lstm": 640064 + 12544 + 8448 + 33,
    "imdb_lstm_last": 640064 + 12544 + 8448 + 33,
    # emb + in_proj 3*64*64+192 + out_proj 64*64+64 + head 65
    "imdb_mha": 640064 + 12480 + 4160 + 65,
    "imdb_mha_masked": 640064 + 12480 + 4160 + 65,
    # conv 320 + 18496 + 73856; biLSTM 2*(4*64*(256+64)+2*256); head 128*10+10
    "mnist_add": 320 + 18496 + 73856 + 2 * (4 * 64 * 320 + 512) + 1290,
}

MODELS = {
    "count24": Count24,
    "sparse_and_sat": SparseAndSAT,
    "sparse_and_mlp": SparseAndMLP,
    "imdb_lstm": lambda: ImdbLSTM(last_real=False),
    "imdb_lstm_last": lambda: ImdbLSTM(last_real=True),
    "imdb_mha": lambda: ImdbMHA(masked=False),
    "imdb_mha_masked": lambda: ImdbMHA(masked=True),
    "mnist_add": MnistAdd,
}


# ---------------------------------------------------------------------------------------------
# Random feeds of the right dtype, shape and range. Shapes come from the spec's inputs section.

def make_inputs(spec, g):
    B = spec.dims["B"]
    shapes = {k: s for k, (_, s) in spec.inputs.items()}
    dt = {k: d for k, (d, _) in spec.inputs.items()}
    inp = {}
    name = spec.name
    if name == "count24":
        x = torch.randint(0, 10, shapes["x"], generator=g)
        inp["x"] = x
        inp["y"] = ((x == 2).sum(1) > (x == 4).sum(1)).float().reshape(shapes["y"])
    elif name.startswith("sparse_and"):
        p = 0.5 ** (1.0 / 3.0)  # MODELS.md 7: each bit 1 with probability 0.5^(1/3)
        bits = (torch.rand(shapes["bits"], generator=g) < p)
        rel = torch.randperm(shapes["bits"][1], generator=g)[:3].sort().values
        inp["bits"] = bits.long() if dt["bits"].startswith("i") else bits.float()
        inp["y"] = bits[:, rel].all(1).float().reshape(shapes["y"])
    elif name.startswith("imdb"):
        T = shapes["tokens"][1]
        lengths = torch.randint(10, T + 1, (B,), generator=g)  # padded at the end, start token 1
        tok = torch.randint(2, 10001, (B, T), generator=g)
        tok[:, 0] = 1
        tok[torch.arange(T)[None, :] >= lengths[:, None]] = 0
        inp["tokens"] = tok
        if "lengths" in shapes:
            inp["lengths"] = lengths
        inp["y"] = torch.randint(0, 2, shapes["y"], generator=g).float()
    elif name == "mnist_add":
        inp["a"] = torch.rand(shapes["a"], generator=g)  # images in [0, 1]
        inp["b"] = torch.rand(shapes["b"], generator=g)
        inp["y"] = torch.randint(0, 10, shapes["y"], generator=g)
    else:
        raise SystemExit(f"no input recipe for {name}")
    for k, (d, s) in spec.inputs.items():  # every spec input, with its dtype and shape
        t = inp[k]
        want = {"f32": torch.float32, "float32": torch.float32, "f64": torch.float64,
                "float64": torch.float64, "i32": torch.int32, "int32": torch.int32,
                "i64": torch.int64, "int64": torch.int64}[d]
        inp[k] = t.to(want)
        assert list(t.shape) == s, (k, list(t.shape), s)
    assert set(inp) == set(spec.inputs), (set(inp), set(spec.inputs))
    return inp


# ---------------------------------------------------------------------------------------------
# Checks against the spec text, initialisers, loss and optimizer from the spec.

def lstm_param_names(prefix, layers, bidirectional):
    names = []
    for l in range(layers):
        for sfx in ([""] + (["_reverse"] if bidirectional else [])):
            names += [f"{prefix}.{w}_l{l}{sfx}" for w in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
    return names


def check_against_spec(model, spec):
    """Every layer / dropout / pool node of the spec has a submodule of that name with the same
    attributes; the parameter names equal sinter's (docs/spec.md 'Layer ops own their
    parameters'); free-standing params have the spec's shapes."""
    expected = []
    for name, c in spec.nodes.items():
        kw = c.kwargs
        m = getattr(model, name, None)
        what = f"{spec.path}: node {name} = {c.name}"
        if c.name == "linear":
            assert isinstance(m, Linear), what
            assert m.out_features == kw["out"], (what, m.out_features)
            assert (m.bias is not None) == kw.get("bias", True), what
            assert m.activation == kw.get("activation", "none"), (what, m.activation)
            expected += [f"{name}.weight"] + ([f"{name}.bias"] if kw.get("bias", True) else [])
        elif c.name == "embedding":
            assert isinstance(m, nn.Embedding), what
            assert (m.num_embeddings, m.embedding_dim) == (kw["num"], kw["dim"]), what
            assert m.padding_idx == kw.get("padding_idx"), what
            expected.append(f"{name}.weight")
        elif c.name == "conv2d":
            assert isinstance(m, nn.Conv2d), what
            k, s, p = kw["kernel"], kw.get("stride", 1), kw.get("padding", 0)
            assert (m.out_channels, m.kernel_size, m.stride, m.padding) == (kw["out"], (k, k), (s, s), (p, p)), what
            assert (m.bias is not None) == kw.get("bias", True), what
            expected += [f"{name}.weight"] + ([f"{name}.bias"] if kw.get("bias", True) else [])
        elif c.name == "maxpool2d":
            assert isinstance(m, nn.MaxPool2d), what
            assert (m.kernel_size, m.stride) == (kw["kernel"], kw.get("stride", 0) or kw["kernel"]), what
            assert m.padding == 0, what
        elif c.name == "adaptive_avgpool2d":
            assert isinstance(m, nn.AdaptiveAvgPool2d), what
            assert tuple(m.output_size) == tuple(kw.get("size", [1, 1])), what
        elif c.name == "layernorm":
            assert isinstance(m, nn.LayerNorm), what
            assert m.eps == kw.get("eps", 1e-5) and m.elementwise_affine == kw.get("affine", True), what
            expected += [f"{name}.weight", f"{name}.bias"] if kw.get("affine", True) else []
        elif c.name == "dropout":
            assert isinstance(m, nn.Dropout) and m.p == kw["p"], what
        elif c.name == "mha":
            assert isinstance(m, nn.MultiheadAttention) and m.batch_first, what
            assert m.num_heads == kw["heads"] and not kw.get("causal", False), what
            assert ("lengths" in kw or len(c.args) > 1) == model.masked, what
            assert not spec.uses(f"{name}.weights"), f"{what}: weights used, need_weights=True needed"
            expected += [f"{name}.in_proj_weight", f"{name}.in_proj_bias", f"{name}.out_proj.weight",
                         f"{name}.out_proj.bias"]
        elif c.name == "lstm":
            assert isinstance(m, nn.LSTM) and m.batch_first == kw.get("batch_first", True), what
            assert (m.hidden_size, m.num_layers, m.bidirectional) == (
                kw["hidden"], kw.get("layers", 1), kw.get("bidirectional", False)), what
            expected += lstm_param_names(name, kw.get("layers", 1), kw.get("bidirectional", False))
        elif c.name in ("attention",):
            assert not kw.get("causal", False) and "scale" not in kw and len(c.args) == 3, what
        elif c.name == "scale":
            pass  # written out in forward (sparse_and_sat l.28)
    for pname, (_, shape, _) in spec.params.items():
        p = getattr(model, pname, None)
        assert isinstance(p, nn.Parameter) and list(p.shape) == shape, (spec.path, pname, shape)
        expected.append(pname)
    got = [n for n, _ in model.named_parameters()]
    assert sorted(got) == sorted(expected), f"{spec.path}: parameters {sorted(got)} != spec {sorted(expected)}"


def init_tensor(t, call):
    c, kw = as_call(call), as_call(call).kwargs
    with torch.no_grad():
        if c.name == "normal":
            t.normal_(kw.get("mean", 0.0), kw.get("std", 1.0))
        elif c.name == "uniform":
            t.uniform_(kw.get("low", 0.0), kw.get("high", 1.0))
        elif c.name == "zeros":
            t.zero_()
        elif c.name == "ones":
            t.fill_(1.0)
        elif c.name == "constant":
            t.fill_(kw["value"] if "value" in kw else c.args[0])
        else:
            raise SystemExit(f"unknown initialiser {c.name}")


def apply_inits(model, spec):
    """The spec's initialisers (params: section, NAME_init= overrides); the rest keep PyTorch's
    defaults, which are sinter's (docs/spec.md)."""
    for pname, (_, _, init) in spec.params.items():
        init_tensor(getattr(model, pname), init)
    for name, c in spec.nodes.items():
        for k, v in c.kwargs.items():
            if k.endswith("_init"):
                init_tensor(getattr(getattr(model, name), k[:-5]), v)
    for name, c in spec.nodes.items():  # the padding row stays 0 (also after a weight_init)
        if c.name == "embedding" and c.kwargs.get("padding_idx") is not None:
            with torch.no_grad():
                getattr(model, name).weight[c.kwargs["padding_idx"]].zero_()


def make_loss(spec):
    c = spec.loss
    a, b = c.args[0], c.args[1]
    if c.name == "bce":
        fn = nn.BCELoss()
        return lambda out, inp: fn(out[a], inp[b])
    if c.name == "bce_logits":
        fn = nn.BCEWithLogitsLoss()
        return lambda out, inp: fn(out[a], inp[b])
    if c.name == "cross_entropy":
        fn, axis = nn.CrossEntropyLoss(), c.kwargs.get("axis", -1)

        def ce(out, inp):
            z, t = out[a], inp[b]
            z = z.movedim(axis, -1)  # mean over every position but the class axis
            return fn(z.reshape(-1, z.shape[-1]), t.reshape(-1))
        return ce
    raise SystemExit(f"{spec.path}: unsupported loss {c.name}")


OPT_ARGS = {"sgd": ["lr", "momentum", "dampening", "nesterov", "weight_decay"],
            "adam": ["lr", "beta1", "beta2", "eps", "weight_decay"],
            "adamw": ["lr", "beta1", "beta2", "eps", "weight_decay"]}


def make_optimizer(spec, params):
    c = as_call(parse_expr(spec.train["optimizer"]))
    kw = dict(zip(OPT_ARGS[c.name], c.args))
    kw.update(c.kwargs)
    if c.name == "sgd":
        return torch.optim.SGD(params, lr=kw["lr"], momentum=kw.get("momentum", 0.0),
                               dampening=kw.get("dampening", 0.0), nesterov=kw.get("nesterov", False),
                               weight_decay=kw.get("weight_decay", 0.0)), kw
    cls = torch.optim.Adam if c.name == "adam" else torch.optim.AdamW
    return cls(params, lr=kw.get("lr", 1e-3), betas=(kw.get("beta1", 0.9), kw.get("beta2", 0.999)),
               eps=kw.get("eps", 1e-8),
               weight_decay=kw.get("weight_decay", 0.0 if c.name == "adam" else 0.01)), kw


# ---------------------------------------------------------------------------------------------

def timed(fn, n):
    ms = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t0) * 1e3)
    return ms


def bench(spec_arg, args):
    path = spec_arg if spec_arg.endswith(".yaml") else os.path.join(args.graphs, spec_arg + ".yaml")
    spec = Spec(path)
    if not spec.train:
        print(f"{spec.name}: no train section, skipped", file=sys.stderr)
        return
    if spec.name not in MODELS:
        raise SystemExit(f"{spec.name}: no PyTorch model for this spec")
    for key in ("schedule", "warmup", "clip_grad_norm"):
        if key in spec.train:  # none of the specs in graphs/ uses these (yet)
            raise SystemExit(f"{spec.name}: train.{key} is not mirrored by this script")
    torch.manual_seed(args.seed)
    g = torch.Generator().manual_seed(args.seed)
    model = MODELS[spec.name]()
    check_against_spec(model, spec)
    apply_inits(model, spec)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"{spec.name}: {n_params} parameters (expected {EXPECTED_PARAMS[spec.name]}); "
          f"batch {spec.dims['B']}; inputs " +
          ", ".join(f"{k} {d}{s}" for k, (d, s) in spec.inputs.items()), file=sys.stderr)
    assert n_params == EXPECTED_PARAMS[spec.name], (spec.name, n_params)
    inp = make_inputs(spec, g)
    loss_fn = make_loss(spec)
    opt, okw = make_optimizer(spec, model.parameters())
    print(f"{spec.name}: loss {spec.loss.name}; optimizer {type(opt).__name__} {okw}", file=sys.stderr)

    def train_step():
        opt.zero_grad(set_to_none=True)
        out = model(inp)
        loss = loss_fn(out, inp)
        loss.backward()
        opt.step()
        return loss

    model.train()
    warm = timed(train_step, max(1, args.warmup))
    n = max(10, min(args.steps, int(args.max_seconds * 1e3 / max(statistics.median(warm), 1e-3))))
    train_ms = statistics.median(timed(train_step, n))
    loss = float(train_step().detach())
    assert math.isfinite(loss), (spec.name, loss)

    model.eval()
    with torch.no_grad():
        def infer():
            return model(inp)
        warm_i = timed(infer, max(1, args.warmup))
        n_i = max(10, min(args.steps, int(args.max_seconds * 1e3 / max(statistics.median(warm_i), 1e-3))))
        infer_ms = statistics.median(timed(infer, n_i))
    blas, core = loaded_blas()
    rec = {"spec": spec.name, "impl": "pytorch", "threads": args.threads,
           "train_step_ms": round(train_ms, 4), "infer_ms": round(infer_ms, 4),
           "batch": spec.dims["B"], "torch": torch.__version__,
           "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE"), "peak_bytes": None,
           "steps": n, "infer_reps": n_i, "params": n_params, "blas": blas, "openblas_core": core}
    print(json.dumps(rec), flush=True)


def main(args):
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    blas, core = loaded_blas()
    if "openblas" not in (blas or ""):
        print(f"WARNING: torch's BLAS is {blas}, the reference (netlib) BLAS, not OpenBLAS: "
              "nn.Linear, LSTM and attention matrix products run several times slower than "
              "in a normal PyTorch install; see the header for the LD_LIBRARY_PATH recipe",
              file=sys.stderr)
    elif core in ("Prescott", "Core2", "Nehalem", "Katmai"):
        print(f"note: OpenBLAS chose the {core} kernels (CPU not recognised?); "
              "try OPENBLAS_CORETYPE=SkylakeX (or Haswell)", file=sys.stderr)
    for s in args.specs:
        bench(s, args)


if __name__ == "__main__":
    main(ARGS)
