#!/usr/bin/python3
"""compare.py — sinter against PyTorch eager, side by side in one run (docs/benchmarks.md).

For each spec, in turn and interleaved over --rounds rounds (so machine noise hits every side
alike): `sinter bench` (the JIT), the standalone trainer's `bench` (AOT, compiled once up front),
and bench/pytorch_peers.py with OPENBLAS_CORETYPE=SkylakeX and without. Each round's value is
already a median over --steps steps; the table shows the median over rounds of each, and the
ratios PyTorch / sinter (> 1: sinter is faster). Every run uses the same thread count.

  /usr/bin/python3 bench/compare.py [SPEC ...] [--threads 1] [--rounds 3] [--steps 30]
      [--sinter build/sinter] [--out bench_results.jsonl]

Needs a build (cmake --build build) and Debian's python3-torch with OpenBLAS
(apt-get install python3-torch libopenblas0-pthread); never part of CI. The raw JSON lines of
every run go to --out; the markdown table to stdout.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SPECS = ["count24", "sparse_and_sat", "sparse_and_mlp", "imdb_lstm", "imdb_lstm_last", "imdb_mha", "imdb_mha_masked", "mnist_add"]
ALLOC = {"MALLOC_MMAP_THRESHOLD_": "33554432", "MALLOC_TRIM_THRESHOLD_": "1073741824"}


def run_json(cmd, env_extra=None):
    env = dict(os.environ)
    env.update(ALLOC)
    env.update(env_extra or {})
    out = subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("specs", nargs="*", default=SPECS)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--sinter", default=os.path.join(ROOT, "build", "sinter"))
    ap.add_argument("--out", default="bench_results.jsonl")
    a = ap.parse_args()
    threads = ["--threads", str(a.threads)]
    tmp = tempfile.mkdtemp(prefix="sinter_compare_")
    trainers = {}
    for s in a.specs:  # AOT trainers, compiled once
        subprocess.run([a.sinter, "compile", f"graphs/{s}.yaml", "-o", tmp], cwd=ROOT, check=True, capture_output=True)
        trainers[s] = os.path.join(tmp, s)
    sides = {
        "sinter jit": lambda s: [a.sinter, "bench", f"graphs/{s}.yaml", "--steps", str(a.steps)] + threads,
        "sinter aot": lambda s: [trainers[s], "bench", "--steps", str(a.steps)] + threads,
        "pytorch skylakex": lambda s: ["/usr/bin/python3", os.path.join(HERE, "pytorch_peers.py"), s, "--steps", str(a.steps)] + threads,
        "pytorch default": lambda s: ["/usr/bin/python3", os.path.join(HERE, "pytorch_peers.py"), s, "--steps", str(a.steps)] + threads,
    }
    env = {"pytorch skylakex": {"OPENBLAS_CORETYPE": "SkylakeX"}}
    results = {}
    with open(a.out, "w") as log:
        for r in range(a.rounds):
            for s in a.specs:
                for side, cmd in sides.items():
                    row = run_json(cmd(s), env.get(side, {}))
                    row.update({"side": side, "round": r, "spec_name": s})
                    log.write(json.dumps(row) + "\n")
                    log.flush()
                    results.setdefault((s, side), []).append(row)
                    print(f"round {r} {s} {side}: train {row['train_step_ms']:.3f} ms, infer {row['infer_ms']:.3f} ms", file=sys.stderr)
    med = lambda s, side, k: statistics.median(x[k] for x in results[(s, side)])
    print(f"| spec | sinter JIT step ms | AOT | PyTorch SkylakeX | PyTorch default | speed-up vs SkylakeX | vs default | "
          f"sinter infer ms | PyTorch infer ms (SkylakeX) | speed-up |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for s in a.specs:
        j, o, ps, pd = (med(s, side, "train_step_ms") for side in sides)
        ji, pi = med(s, "sinter jit", "infer_ms"), med(s, "pytorch skylakex", "infer_ms")
        print(f"| {s} | {j:.3f} | {o:.3f} | {ps:.3f} | {pd:.3f} | {ps / j:.1f}x | {pd / j:.1f}x | {ji:.3f} | {pi:.3f} | {pi / ji:.1f}x |")
    print(f"\nthreads {a.threads}, {a.rounds} rounds of {a.steps} steps each; raw rows in {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
