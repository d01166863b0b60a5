#!/usr/bin/python3
"""pytorch_attention.py — PyTorch's attention forward + backward time and memory, the peer of
sinter's fused attention kernel (MODELS.md 3: sinter never stores the N x N score matrix).

For each N: q, k, v float32 [B, H, N, D] with requires_grad, out = softmax(q k^T / sqrt(D)
(+ causal mask: -inf above the diagonal)) v, then out.backward(grad) with a fixed random grad;
the median wall time of forward + backward over --reps timed repetitions (after one untimed).

  /usr/bin/python3 bench/pytorch_attention.py [--threads 1] [--B 8] [--H 4] [--D 64]
        [--N 256,512,1024,2048] [--causal 0|1] [--reps 3] [--path auto|sdpa|explicit]

  e.g. LD_LIBRARY_PATH=/tmp/openblas_peer/root/usr/lib/x86_64-linux-gnu/openblas-pthread \
       OPENBLAS_CORETYPE=SkylakeX MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824 \
       /usr/bin/python3 bench/pytorch_attention.py --threads 1 --N 256,512,1024,2048 --causal 0
  (and again with --causal 1)

Paths: "sdpa" = torch.nn.functional._scaled_dot_product_attention (private in 1.13; on the CPU it
is the composite "math" implementation: it materialises the N x N scores and weights, unlike
PyTorch 2's flash kernels), "explicit" = matmul, scale, (+ mask), softmax, matmul in plain torch
ops. --path auto (default) takes sdpa when this torch has it. Before timing, the script checks
that sdpa and the explicit formula agree (output and the three gradients) on a small case.

Each N runs in a fresh subprocess, so peak_rss_bytes (getrusage ru_maxrss of that subprocess)
is the peak of that N alone; it includes the interpreter and torch's libraries, which
baseline_rss_bytes (the peak just after importing torch, before any tensor) measures.
nxn_bytes = B*H*N*N*4 is the size of one N x N float32 array, for scale.

FLOPs counted: forward 4*B*H*N^2*D (two matrix products), backward 2.5x the forward, so
3.5*4*B*H*N^2*D in all; halved for causal. gflops = that / fwd_bwd time.

Output: one JSON line per N:
  {"impl": "pytorch", "N", "B", "H", "D", "causal", "threads", "fwd_bwd_ms", "gflops",
   "peak_rss_bytes", "path", "baseline_rss_bytes", "nxn_bytes", "reps", "torch", "blas",
   "openblas_core", "openblas_coretype"}

Environment for stable timings: MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824.
BLAS matters: Debian's torch links libblas.so.3, the reference (netlib) BLAS unless OpenBLAS is
installed or put first on LD_LIBRARY_PATH (recipe in bench/pytorch_peers.py's header); "blas"
in the JSON says which one ran. Run with and without OPENBLAS_CORETYPE=SkylakeX: OpenBLAS 0.3.21
does not recognise this CPU and otherwise picks its Prescott kernels ("openblas_core").
OMP_NUM_THREADS / OPENBLAS_NUM_THREADS / MKL_NUM_THREADS default to --threads.
Memory: the explicit path at B=8, H=4, N=2048 holds several 512 MiB N x N arrays (a few GiB).
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_env import loaded_blas  # noqa: E402


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description="PyTorch attention forward+backward timing")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--B", type=int, default=8)
    ap.add_argument("--H", type=int, default=4)
    ap.add_argument("--D", type=int, default=64)
    ap.add_argument("--N", default="256,512,1024,2048")
    ap.add_argument("--causal", type=int, choices=(0, 1), default=0)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--path", choices=("auto", "sdpa", "explicit"), default="auto")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    return ap.parse_args(argv)


def maxrss_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB


def attention_fns(torch):
    import math
    F = torch.nn.functional

    def explicit(q, k, v, causal_mask):
        s = torch.matmul(q, k.transpose(-2, -1)) * (1.0 / math.sqrt(q.shape[-1]))
        if causal_mask is not None:
            s = s + causal_mask  # -inf above the diagonal
        return torch.matmul(torch.softmax(s, dim=-1), v)

    sdpa = None
    if hasattr(F, "_scaled_dot_product_attention"):  # 1.13: (q, k, v, attn_mask, dropout_p,
        def sdpa(q, k, v, causal_mask):               #        need_attn_weights, is_causal)
            return F._scaled_dot_product_attention(q, k, v, None, 0.0, False,
                                                   causal_mask is not None)[0]
    elif hasattr(F, "scaled_dot_product_attention"):  # PyTorch 2
        def sdpa(q, k, v, causal_mask):
            return F.scaled_dot_product_attention(q, k, v, is_causal=causal_mask is not None)
    return explicit, sdpa


def child(args):
    import torch
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    baseline = maxrss_bytes()
    explicit, sdpa = attention_fns(torch)
    path = "sdpa" if (args.path == "sdpa" or (args.path == "auto" and sdpa)) else "explicit"
    fn = sdpa if path == "sdpa" else explicit
    if fn is None:
        raise SystemExit("this torch has no scaled_dot_product_attention")
    B, H, N, D = args.B, args.H, int(args.N), args.D
    g = torch.Generator().manual_seed(N)
    q, k, v = (torch.randn(B, H, N, D, generator=g).requires_grad_() for _ in range(3))
    grad = torch.randn(B, H, N, D, generator=g)
    mask = torch.full((N, N), float("-inf")).triu(1) if args.causal else None

    def step():
        q.grad = k.grad = v.grad = None
        t0 = time.perf_counter()
        out = fn(q, k, v, mask)
        out.backward(grad)
        return (time.perf_counter() - t0) * 1e3

    step()  # untimed
    times = sorted(step() for _ in range(args.reps))
    ms = times[len(times) // 2] if len(times) % 2 else 0.5 * (times[len(times) // 2 - 1] + times[len(times) // 2])
    flops = 3.5 * 4 * B * H * N * N * D * (0.5 if args.causal else 1.0)
    blas, core = loaded_blas()
    print(json.dumps({
        "impl": "pytorch", "N": N, "B": B, "H": H, "D": D, "causal": args.causal,
        "threads": args.threads, "fwd_bwd_ms": round(ms, 3), "gflops": round(flops / (ms * 1e6), 3),
        "peak_rss_bytes": maxrss_bytes(), "path": path, "baseline_rss_bytes": baseline,
        "nxn_bytes": B * H * N * N * 4, "reps": args.reps, "torch": torch.__version__,
        "blas": blas, "openblas_core": core,
        "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE")}), flush=True)


def check_paths(args):
    """sdpa and the explicit formula agree (out, dq, dk, dv) on a small case, both masks."""
    import torch
    explicit, sdpa = attention_fns(torch)
    if sdpa is None:
        print("note: no scaled_dot_product_attention in this torch: explicit path", file=sys.stderr)
        return
    g = torch.Generator().manual_seed(0)
    n, d = 37, args.D
    q, k, v = (torch.randn(2, 2, n, d, generator=g, dtype=torch.float64).requires_grad_() for _ in range(3))
    dout = torch.randn(2, 2, n, d, generator=g, dtype=torch.float64)
    for causal in (False, True):
        mask = torch.full((n, n), float("-inf"), dtype=torch.float64).triu(1) if causal else None
        a = explicit(q, k, v, mask)
        b = sdpa(q, k, v, mask)
        ga = torch.autograd.grad(a, (q, k, v), dout)
        gb = torch.autograd.grad(b, (q, k, v), dout)
        err = max(float((x - y).abs().max()) for x, y in zip((a,) + ga, (b,) + gb))
        assert err < 1e-9, f"sdpa and explicit disagree (causal={causal}): {err}"
    print(f"sdpa == explicit formula (out, dq, dk, dv; causal 0 and 1) on [2, 2, {n}, {d}]",
          file=sys.stderr)


def main():
    args = parse_args()
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, str(args.threads))
    if args.child:
        return child(args)
    if args.path != "explicit":
        check_paths(args)
    for n in [int(x) for x in args.N.split(",") if x]:
        cmd = [sys.executable, os.path.abspath(__file__), "--child", "--N", str(n),
               "--threads", str(args.threads), "--B", str(args.B), "--H", str(args.H),
               "--D", str(args.D), "--causal", str(args.causal), "--reps", str(args.reps),
               "--path", args.path]
        r = subprocess.run(cmd, stdout=subprocess.PIPE, env=os.environ)
        if r.returncode != 0:
            print(f"N={n}: subprocess failed with status {r.returncode}", file=sys.stderr)
            sys.exit(r.returncode)
        sys.stdout.write(r.stdout.decode())
        sys.stdout.flush()


if __name__ == "__main__":
    main()
