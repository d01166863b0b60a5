#!/usr/bin/python3
"""sparse_and_complexity.py — the sample-complexity sweep of the paper behind MODELS.md 7.

For each sequence length T and each model (the one-head attention transformer of
graphs/sparse_and_sat.yaml and the MLP of graphs/sparse_and_mlp.yaml), find the smallest
training-set size m (searched over a doubling grid) at which the model reaches >= 95% accuracy on
500 validation samples (the data source's test split) after the recipe's 500 full-batch epochs,
for each seed; report the median over seeds. The specs are the graphs/ ones with T, m and the
batch (full batch = m) substituted.

  /usr/bin/python3 tools/sparse_and_complexity.py [--T 10,20,40,80,160] [--seeds 0,1,2]
      [--grid 25,50,100,200,400,800,1600] [--sinter build/sinter] [--out runs/complexity]

Prints one JSON line per (model, T, seed) and a markdown table of the medians at the end.
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--T", default="10,20,40,80,160")
    ap.add_argument("--seeds", default="0,1,2")
    ap.add_argument("--grid", default="25,50,100,200,400,800,1600")
    ap.add_argument("--sinter", default=os.path.join(ROOT, "build", "sinter"))
    ap.add_argument("--out", default=os.path.join(ROOT, "runs", "complexity"))
    ap.add_argument("--models", default="sat,mlp")
    a = ap.parse_args()
    Ts = [int(t) for t in a.T.split(",")]
    grid = [int(m) for m in a.grid.split(",")]
    tmp = tempfile.mkdtemp(prefix="sinter_complexity_")
    medians = {}
    for model in a.models.split(","):
        for T in Ts:
            found = []
            for seed in [int(s) for s in a.seeds.split(",")]:
                m_star = None
                for m in grid:
                    acc = accuracy(a.sinter, model, T, m, seed, a.out, tmp)
                    print(json.dumps({"model": model, "T": T, "m": m, "seed": seed, "val_accuracy": acc}), flush=True)
                    if acc >= 0.95:
                        m_star = m
                        break
                found.append(m_star if m_star is not None else float("inf"))
                print(json.dumps({"model": model, "T": T, "seed": seed, "m_star": m_star}), flush=True)
            medians[(model, T)] = statistics.median(found)
    print("\n| T | " + " | ".join(f"{m} median m (95%)" for m in a.models.split(",")) + " |")
    print("|---|" + "---|" * len(a.models.split(",")))
    for T in Ts:
        cells = []
        for model in a.models.split(","):
            v = medians[(model, T)]
            cells.append(f"> {grid[-1]}" if v == float("inf") else f"{v:g}")
        print(f"| {T} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    sys.exit(main())
