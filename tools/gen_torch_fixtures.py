#!/usr/bin/python3
"""Writes the PyTorch reference fixtures tests/unit/test_torch.cpp reads (tests/fixtures/torch/).

Run with Debian's PyTorch: /usr/bin/python3 tools/gen_torch_fixtures.py. Never a build or test
dependency: the .npz files it writes are committed.

  count24_grads.npz, sparse_and_sat_grads.npz
      The models of MODELS.md 1 and 7 written in PyTorch as the material writes them, in float64,
      with fixed random weights and a fixed batch of 4: the inputs (named like the spec's inputs),
      every parameter under sinter's name, `expected.loss` (BCELoss, mean) and `grad.<param>`
      (d loss / d param from autograd). Dropout is in eval mode (sinter's dropout is the identity
      outside training).
  optimizers.npz
      p0 [3, 4], gradients g1..g3 and, per case, `<case>.p1..p3`: the parameter after each of three
      torch.optim steps in float64 with lr 0.1, the gradient of step k being g_k.
"""
import os

import numpy as np
import torch

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "torch")


def save(name, arrays):
    os.makedirs(OUT, exist_ok=True)
    clean = {}
    for k, v in arrays.items():
        if isinstance(v, torch.Tensor):
            v = v.detach().numpy()
        v = np.array(v, order="C")  # (np.ascontiguousarray would make a 0-d loss 1-d)
        assert v.dtype in (np.float64, np.int64), (k, v.dtype)
        clean[k] = v
    np.savez(os.path.join(OUT, name), **clean)
    print(f"wrote {name}: {len(clean)} arrays")


def gradients(model, named, inputs, target):
    """Forward in eval mode, BCE loss, backward; returns the fixture's arrays."""
    model.eval()
    for p in model.parameters():
        p.grad = None
    prob = model(inputs)
    loss = torch.nn.BCELoss()(prob, target)
    loss.backward()
    out = {"expected.loss": loss.detach().reshape(())}
    for sinter_name, (tensor, to_sinter) in named.items():
        out[sinter_name] = to_sinter(tensor.detach())
        out["grad." + sinter_name] = to_sinter(tensor.grad)
    return out


same = lambda t: t  # noqa: E731


# ---------------------------------------------------------------------------------------------
# MODELS.md 1: count24 (seeds 000/002, AttentionModel; the material leaves the forward as an
# exercise — MODELS.md gives it: a = softmax_j(q . k_j / sqrt(5)), pooled = sum_j a_j v_j).
class AttentionModel(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embed_dim = 5
        self.att_dim = 5
        self.embed = torch.nn.Embedding(10, self.embed_dim)
        self.query = torch.nn.Parameter(torch.randn(1, self.att_dim))
        self.WK = torch.nn.Linear(self.embed_dim, self.att_dim)
        self.WV = torch.nn.Linear(self.embed_dim, 1)
        self.nn = torch.nn.Sequential(
            torch.nn.Linear(1, 200),
            torch.nn.ReLU(),
            torch.nn.Linear(200, 1),
            torch.nn.Sigmoid(),
        )

    def attention(self, x):  # x: embedded [N, 10, 5] -> [N, 1, 10]
        keys = self.WK(x)
        scores = torch.einsum("qd,nkd->nqk", self.query, keys) / np.sqrt(self.att_dim)
        return torch.softmax(scores, dim=-1)

    def values(self, x):  # [N, 10, 1]
        return self.WV(x)

    def forward(self, x):
        e = self.embed(x)
        pooled = (self.attention(e) @ self.values(e)).reshape(-1, 1)  # sum_j a_j v_j
        return self.nn(pooled)


def count24():
    torch.manual_seed(24)
    m = AttentionModel()
    # Larger values than the default init so that the attention is far from uniform and the
    # hidden ReLUs are a mix of active and dead units.
    with torch.no_grad():
        m.embed.weight.normal_(0, 1.0)
        m.WK.weight.normal_(0, 0.8)
        m.WK.bias.normal_(0, 0.3)
        m.WV.weight.normal_(0, 0.8)
        m.WV.bias.normal_(0, 0.3)
        m.nn[0].weight.normal_(0, 1.0)
        m.nn[0].bias.normal_(0, 0.5)
        m.nn[2].weight.normal_(0, 0.2)
        m.nn[2].bias.normal_(0, 0.2)
    g = torch.Generator().manual_seed(2424)
    x = torch.randint(0, 10, (4, 10), generator=g)
    y = ((x == 2).sum(1) > (x == 4).sum(1)).double().reshape(4, 1)
    y[3, 0] = 1.0 - y[3, 0]  # a wrong label too; labels are [1, 0, 0, 1]
    assert 0 < y.sum() < 4
    named = {
        "query": (m.query, same),
        "emb.weight": (m.embed.weight, same),
        "keys.weight": (m.WK.weight, same),
        "keys.bias": (m.WK.bias, same),
        "values.weight": (m.WV.weight, same),
        "values.bias": (m.WV.bias, same),
        "hidden.weight": (m.nn[0].weight, same),
        "hidden.bias": (m.nn[0].bias, same),
        "logit.weight": (m.nn[2].weight, same),
        "logit.bias": (m.nn[2].bias, same),
    }
    assert len(named) == len(list(m.parameters()))
    out = gradients(m, named, x, y)
    out.update(x=x.numpy().astype(np.int64), y=y)
    save("count24_grads.npz", out)


# ---------------------------------------------------------------------------------------------
# MODELS.md 7: sparse_and, BinarySAT (seed 004), verbatim but for float64.
class BinarySAT(torch.nn.Module):
    """Binary Self-Attention Transformer"""

    def __init__(self, T: int, d: int, n_heads: int, n: int):
        super().__init__()
        self.T = T
        self.E = T + 1
        self.d = d
        self.n_heads = n_heads
        self.scale = (d // n_heads) ** -0.5
        self.n = n
        assert d % n_heads == 0
        self.v = 2
        att_drop = 0.1
        out_drop = 0.1
        mlp_drop = 0.1
        ln_eps = 1e-6

        self.toke = torch.nn.Embedding(2, d)
        self.cls = torch.nn.Parameter(torch.randn(1, 1, d))
        self.pose = torch.nn.Parameter(torch.randn(1, T + 1, d))
        self.norm1 = torch.nn.LayerNorm(d, eps=ln_eps)

        self.qkv = torch.nn.Linear(d, 3 * d)
        self.dropout_attn = torch.nn.Dropout(att_drop)
        self.proj = torch.nn.Linear(d, d)
        self.dropout_out = torch.nn.Dropout(out_drop)
        self.norm2 = torch.nn.LayerNorm(d, eps=ln_eps)

        self.mlp_l1 = torch.nn.Linear(d, n)
        self.mlp_l2 = torch.nn.Linear(n, d)
        self.dropout_mlp = torch.nn.Dropout(mlp_drop)
        self.norm3 = torch.nn.LayerNorm(d, eps=1e-6)

        self.head = torch.nn.Linear(d, 1)

    def forward(self, x):
        B = x.size(0)
        x = self.toke(x)
        x = torch.cat([x, self.cls.expand(B, -1, -1)], dim=1)
        x = x + self.pose

        norm_x = self.norm1(x)
        q, k, v = self.qkv(norm_x).view(B, self.E, 3, self.n_heads, -1).unbind(dim=2)
        logits = torch.einsum("bthc,bshc->bhts", q, k)
        logits *= self.scale
        attn = torch.softmax(logits, dim=-1)
        attn = self.dropout_attn(attn)
        output = torch.einsum("bhts,bshc->bthc", attn, v)
        output = output.reshape(B, self.E, self.d)
        output = self.proj(output)
        output = self.dropout_out(output)
        x = self.norm2(x + output)

        output = torch.relu(self.mlp_l1(x))
        output = self.dropout_mlp(output)
        output = self.mlp_l2(output)
        x = self.norm3(x + output)

        x = self.head(x[:, -1])
        x = torch.sigmoid(x)
        return x


def sparse_and_sat():
    torch.manual_seed(7)
    T, d = 30, 32
    m = BinarySAT(T, d, 1, 64)
    # Random values for every parameter, biases and LayerNorm affine included, larger than the
    # material's N(0, 0.02^2) so that the attention is sharp and every path carries gradient.
    with torch.no_grad():
        for name, p in m.named_parameters():
            if name.startswith("norm") and name.endswith("weight"):
                p.copy_(1.0 + 0.2 * torch.randn_like(p))
            elif name.endswith("bias") or name.startswith("norm"):
                p.copy_(0.2 * torch.randn_like(p))
            elif name in ("toke.weight", "cls", "pose"):
                p.copy_(1.0 * torch.randn_like(p))
            else:
                p.copy_(torch.randn_like(p) / np.sqrt(p.shape[1]) * 1.5)
    g = torch.Generator().manual_seed(3030)
    bits = (torch.rand(4, T, generator=g) < 0.5 ** (1 / 3)).long()
    y = (bits[:, 3] & bits[:, 11] & bits[:, 20]).double().reshape(4, 1)
    y[2, 0] = 1.0 - y[2, 0]  # a wrong label too; labels are [0, 1, 1, 0]
    assert 0 < y.sum() < 4
    pos = lambda t: t.reshape(T + 1, d)  # noqa: E731  material [1, 31, 32] -> sinter [31, 32]
    named = {
        "tok.weight": (m.toke.weight, same),
        "cls": (m.cls, same),
        "pos": (m.pose, pos),
        "ln1.weight": (m.norm1.weight, same),
        "ln1.bias": (m.norm1.bias, same),
        "qkv.weight": (m.qkv.weight, same),
        "qkv.bias": (m.qkv.bias, same),
        "proj.weight": (m.proj.weight, same),
        "proj.bias": (m.proj.bias, same),
        "x2.weight": (m.norm2.weight, same),
        "x2.bias": (m.norm2.bias, same),
        "mlp1.weight": (m.mlp_l1.weight, same),
        "mlp1.bias": (m.mlp_l1.bias, same),
        "mlp2.weight": (m.mlp_l2.weight, same),
        "mlp2.bias": (m.mlp_l2.bias, same),
        "x3.weight": (m.norm3.weight, same),
        "x3.bias": (m.norm3.bias, same),
        "logit.weight": (m.head.weight, same),
        "logit.bias": (m.head.bias, same),
    }
    assert len(named) == len(list(m.parameters()))
    out = gradients(m, named, bits, y)
    out.update(bits=bits.numpy().astype(np.int64), y=y)
    save("sparse_and_sat_grads.npz", out)


# ---------------------------------------------------------------------------------------------
# Optimiser formulas: three steps of torch.optim on one [3, 4] tensor.
OPTIMIZERS = {
    "sgd": lambda ps: torch.optim.SGD(ps, lr=0.1),
    "sgd_momentum": lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, dampening=0, nesterov=False, weight_decay=0.01),
    "sgd_nesterov": lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, dampening=0, nesterov=True, weight_decay=0.01),
    "sgd_dampening": lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, dampening=0.5),
    "adam": lambda ps: torch.optim.Adam(ps, lr=0.1),
    "adam_wd": lambda ps: torch.optim.Adam(ps, lr=0.1, weight_decay=0.01),
    "adamw": lambda ps: torch.optim.AdamW(ps, lr=0.1, weight_decay=0.01),
}


def optimizers():
    rng = np.random.default_rng(42)
    p0 = rng.normal(size=(3, 4))
    gs = [rng.normal(size=(3, 4)) for _ in range(3)]
    gs[1][0, 0] = 0.0  # a zero gradient element mid-run
    for k in range(3):  # an element whose sqrt(v^) is of the order of Adam's eps: where eps goes matters
        gs[k][2, 3] = 3e-9 * (k + 1)
    out = {"p0": p0, "g1": gs[0], "g2": gs[1], "g3": gs[2]}
    for name, make in OPTIMIZERS.items():
        p = torch.nn.Parameter(torch.tensor(p0))
        opt = make([p])
        for k, gk in enumerate(gs, start=1):
            opt.zero_grad()
            p.grad = torch.tensor(gk)
            opt.step()
            out[f"{name}.p{k}"] = p.detach().clone()
    save("optimizers.npz", out)


if __name__ == "__main__":
    count24()
    sparse_and_sat()
    optimizers()
