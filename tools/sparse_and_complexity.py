#!/usr/bin/python3
"""sparse_and_complexity.py — the sample-complexity sweep of the paper behind MODELS.md 7.

For each sequence length T and each model (the one-head attention transformer of
graphs/sparse_and_sat.yaml and the MLP of graphs/sparse_and_mlp.yaml), find the smallest
training-set size m (searched over a doubling grid) at which the model reaches >= 95% accuracy on
500 validation samples (the data source's test split) after the recipe's 500 full-batch epochs,
for each seed; report the median over seeds. The specs are the graphs/ ones with T, m and the
batch (full batch = m) substituted.

  /usr/bin/python3 tools/sparse_and_complexity.py [--T 10,20,40,80,160] [--seeds 0,1,2,3,4]
      [--grid 10,15,20,30,...] [--sinter build/sinter] [--out runs/complexity] [--plot m_vs_T.svg]
  /usr/bin/python3 tools/sparse_and_complexity.py --replot results.jsonl --plot m_vs_T.svg

Prints one JSON line per run and per (model, T, seed) result, then a markdown table of the medians;
--plot writes m* (median over seeds, with each seed's value as a dot) against T on a log2 axis as
SVG. --replot reads those JSON lines back (no training) to print the table and draw the plot.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def spec_text(model, T, m):
    text = open(os.path.join(ROOT, "graphs", f"sparse_and_{model}.yaml")).read()
    text = re.sub(r"bits: (i64|f32)\[B, 30\]", lambda g: f"bits: {g.group(1)}[B, {T}]", text)
    text = text.replace("pos: f32[31, 32]", f"pos: f32[{T + 1}, 32]")
    text = text.replace("sparse_and(bits=30, k=3, train=50, test=500)", f"sparse_and(bits={T}, k=3, train={m}, test=500)")
    text = re.sub(r"\n  batch: 50\n", f"\n  batch: {m}\n", text)
    assert f"bits={T}," in text and f"batch: {m}" in text, "spec substitution failed"
    return text


def accuracy(sinter, model, T, m, seed, out, tmp):
    path = os.path.join(tmp, f"{model}_T{T}_m{m}.yaml")
    with open(path, "w") as f:
        f.write(spec_text(model, T, m))
    run = os.path.join(out, f"{model}_T{T}_m{m}_s{seed}")
    subprocess.run([sinter, "train", path, "--seed", str(seed), "--out", run, "--quiet"], check=True, cwd=ROOT)
    return json.load(open(os.path.join(run, "summary.json")))["final"]["test_accuracy"]


def svg_plot(results, path, grid_top):
    """m* against T: one line per model through the medians, seeds as dots; log2 x, log2 y."""
    import math
    W, H, L, R, TOP, BOT = 640, 420, 70, 150, 30, 50
    Ts = sorted({T for (_, T) in results})
    values = [v for seeds in results.values() for v in seeds if v != float("inf")]
    lo, hi = min(values), max(values)
    if any(v == float("inf") for seeds in results.values() for v in seeds):
        hi = max(hi, grid_top * 1.5)
    x0, x1 = math.log2(Ts[0]), math.log2(Ts[-1])
    y0, y1 = math.log2(lo) - 0.3, math.log2(hi) + 0.3
    X = lambda T: L + (math.log2(T) - x0) / max(x1 - x0, 1e-9) * (W - L - R)
    Y = lambda m: H - BOT - (math.log2(min(m, hi)) - y0) / (y1 - y0) * (H - TOP - BOT)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{W / 2 - 60}" y="18" font-size="14">sparse_and: samples needed for 95%</text>',
           f'<line x1="{L}" y1="{H - BOT}" x2="{W - R}" y2="{H - BOT}" stroke="black"/>',
           f'<line x1="{L}" y1="{TOP}" x2="{L}" y2="{H - BOT}" stroke="black"/>',
           f'<text x="{(L + W - R) / 2 - 70}" y="{H - 12}">T (sequence length, log scale)</text>',
           f'<text x="14" y="{(TOP + H - BOT) / 2}" transform="rotate(-90 14 {(TOP + H - BOT) / 2})">m* (log scale)</text>']
    for T in Ts:
        out.append(f'<line x1="{X(T):.1f}" y1="{H - BOT}" x2="{X(T):.1f}" y2="{H - BOT + 5}" stroke="black"/>')
        out.append(f'<text x="{X(T) - 8:.1f}" y="{H - BOT + 18}">{T}</text>')
    m = 2 ** math.ceil(y0)
    while m <= 2 ** y1:
        out.append(f'<line x1="{L - 5}" y1="{Y(m):.1f}" x2="{W - R}" y2="{Y(m):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{L - 40}" y="{Y(m) + 4:.1f}">{m:g}</text>')
        m *= 2
    colours = {"sat": "#1f77b4", "mlp": "#d62728"}
    names = {"sat": "attention (sparse_and_sat)", "mlp": "MLP (sparse_and_mlp)"}
    for k, model in enumerate(sorted({mo for (mo, _) in results})):
        c = colours.get(model, "black")
        pts = []
        for T in Ts:
            seeds = results.get((model, T))
            if not seeds:
                continue
            for v in seeds:
                out.append(f'<circle cx="{X(T):.1f}" cy="{Y(v):.1f}" r="2.5" fill="{c}" opacity="0.45"/>')
            med = statistics.median(seeds)
            pts.append(f"{X(T):.1f},{Y(med):.1f}")
        out.append(f'<polyline points="{" ".join(pts)}" fill="none" stroke="{c}" stroke-width="2"/>')
        out.append(f'<line x1="{W - R + 10}" y1="{TOP + 20 + 18 * k}" x2="{W - R + 30}" y2="{TOP + 20 + 18 * k}" stroke="{c}" stroke-width="2"/>')
        out.append(f'<text x="{W - R + 34}" y="{TOP + 24 + 18 * k}" font-size="10">{names.get(model, model)}</text>')
    out.append(f'<text x="{W - R + 10}" y="{TOP + 70}" font-size="10">line: median over seeds</text>')
    out.append(f'<text x="{W - R + 10}" y="{TOP + 84}" font-size="10">dots: each seed</text>')
    out.append("</svg>")
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(out) + "\n")
    os.replace(tmp, path)


def table(results, Ts, models, grid_top):
    print("\n| T | " + " | ".join(f"{m}: m* per seed | median" for m in models) + " |")
    print("|---|" + "---|---|" * len(models))
    for T in Ts:
        cells = []
        for model in models:
            seeds = results.get((model, T), [])
            fmt = lambda v: f"> {grid_top}" if v == float("inf") else f"{v:g}"
            cells.append(", ".join(fmt(v) for v in seeds) + " | **" + (fmt(statistics.median(seeds)) if seeds else "-") + "**")
        print(f"| {T} | " + " | ".join(cells) + " |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--T", default="10,20,40,80,160")
    ap.add_argument("--seeds", default="0,1,2,3,4")
    ap.add_argument("--grid", default="10,15,20,30,40,60,90,130,200,300,450,650,1000,1500,2200,3200")
    ap.add_argument("--sinter", default=os.path.join(ROOT, "build", "sinter"))
    ap.add_argument("--out", default=os.path.join(ROOT, "runs", "complexity"))
    ap.add_argument("--models", default="sat,mlp")
    ap.add_argument("--plot", help="write m* against T as SVG")
    ap.add_argument("--replot", help="read the JSON lines of an earlier run instead of training")
    a = ap.parse_args()
    grid = [int(m) for m in a.grid.split(",")]
    results = {}  # (model, T) -> m* per seed (inf: not reached on the grid)
    if a.replot:
        for line in open(a.replot):
            if not line.startswith("{"):
                continue  # the table an earlier run printed
            d = json.loads(line)
            if "m_star" in d:
                results.setdefault((d["model"], d["T"]), []).append(d["m_star"] if d["m_star"] is not None else float("inf"))
    else:
        tmp = tempfile.mkdtemp(prefix="sinter_complexity_")
        for model in a.models.split(","):
            for T in [int(t) for t in a.T.split(",")]:
                for seed in [int(s) for s in a.seeds.split(",")]:
                    m_star = None
                    for m in grid:
                        acc = accuracy(a.sinter, model, T, m, seed, a.out, tmp)
                        print(json.dumps({"model": model, "T": T, "m": m, "seed": seed, "val_accuracy": acc}), flush=True)
                        if acc >= 0.95:
                            m_star = m
                            break
                    results.setdefault((model, T), []).append(m_star if m_star is not None else float("inf"))
                    print(json.dumps({"model": model, "T": T, "seed": seed, "m_star": m_star}), flush=True)
    Ts = sorted({T for (_, T) in results})
    models = [m for m in ("sat", "mlp") if any(mo == m for (mo, _) in results)]
    table(results, Ts, models, grid[-1])
    if a.plot:
        svg_plot(results, a.plot, grid[-1])


if __name__ == "__main__":
    sys.exit(main())
