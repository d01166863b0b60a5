// flash_attention.h — FlashAttention-2 style CPU kernels (float32): forward and backward of
// out = softmax(scale * q k^T, masked) v, without ever materialising the Lq x Lk score matrix.
//
// Semantics: exactly those of the reference attention (attendOne in runtime/interpreter.cpp,
// attendOneGrad in runtime/grad_kernels.cpp). For each problem (batch index b, head h):
// q [Lq, D], k [Lk, D], v [Lk, Dv]; S = scale q k^T; key j is masked for query i when
// j >= validKeys[b] (key padding) or (causal && j > i); P = softmax of S over the unmasked keys
// (masked weights exactly 0); out = P v. A row whose keys are all masked gets out = 0, lse = -inf,
// and contributes nothing to any gradient.
//
// Algorithm (docs: shared/MODELS.md §3, the blockwise softmax with running maxima and sums).
//  Forward — for each (problem, block of Br queries): the block of q is transposed (and scaled by
//   scale*log2(e)) into Qt [D, Br], so that queries lie in the vector lanes. For each block of Bc
//   keys: S^T [Bc, Br] = K_blk Qt (rank-1 updates: a broadcast k element times a Qt row, register
//   blocked R keys x C query vectors); the running max m and sum l per query are plain vector
//   max/add over the key rows; P^T = exp2(S^T - m) (a polynomial exp2 with exact 0 for masked -inf
//   entries); the accumulator O^T [Dv, Br] is rescaled by exp2(m_old - m_new) and gets V_blk^T P^T
//   (broadcast v element times a P^T row). Key blocks that are entirely masked (j0 >= validKeys,
//   or causal with j0 > the block's last query) are never visited; inside the causal diagonal
//   blocks masked scores are set to -inf. At the end out = O / l and lse = m ln2 + ln l per row.
//  Backward — for each (problem, chunk of key blocks): per key block, K_blk^T (scaled, [D, Bc]),
//   V_blk^T [Dv, Bc] and scale*K_blk [Bc, D] are built once; keys now lie in the vector lanes.
//   For every block of Br queries that can see the keys (causal: queries i >= j0 only):
//   S = Q K^T and dP = dO V^T (rank-1 updates, broadcast q / dO elements); P = exp2(S - lse)
//   (masked lanes 0); dS = P (dP - Drow) with Drow_i = sum_t dO_it O_it (computed once per task);
//   dV^T += dO^T P, dK^T += Q^T dS (accumulated in [D, Bc] scratch), and dQ += scale dS K into a
//   per-thread [Lq, D] scratch. dQ of a problem is complete once all its key blocks are done: when
//   a problem is one task, the scratch is written to dq; when a problem is split into several
//   chunks (few problems, several threads), each chunk writes a partial dQ and a final parallel
//   pass sums them (deterministic: a fixed order, no atomics).
//
// Memory: no Lq x Lk buffer. Forward: per thread Br (D + Bc + Dv + 2) floats. Backward: per
// thread Lq (D + 2) + Bc (3 D + 2 Dv + 2 Br) floats (D, Dv, Lq rounded up to multiples of 16),
// plus, only when problems are split into chunks, chunks * Lq * D per problem for the partial dQ.
// Scratch is allocated per call (one block per thread), nothing is kept between calls.
//
// Layout: every operand is addressed by element strides, so multi-head layouts are read in place
// (e.g. a packed qkv [B, L, 3E] with H heads of size E/H: q at qkv, k at qkv + E, v at qkv + 2E;
// qb = kb = vb = L*3E, qh = kh = vh = E/H, qrow = krow = vrow = 3E). Within a row the elements
// are contiguous. The gradients use the strides of their primals (dq as q, dk as k, dv as v,
// dout as out), so a packed dqkv [B, L, 3E] is written column-block by column-block; the backward
// writes only those columns (other memory is untouched). lse is dense [batch, heads, Lq].
// The backward requires that distinct problems do not share q, k or v rows (no zero batch/head
// strides with batch/heads > 1): shared (broadcast) operands would need their gradients summed,
// and it throws std::invalid_argument instead. The forward accepts broadcast operands.
// dq, dk, dv are overwritten, not accumulated.
//
// Threads: sinter::threadCount() (runtime/threads.h) OpenMP threads, used only when the estimated
// work exceeds ~5 MFLOP (fork/join costs more below). Forward tasks are (problem, query block),
// heaviest causal blocks first; backward tasks are (problem, chunk of interleaved key blocks), one
// chunk per problem unless problems < 4 threads; schedule(dynamic). The forward's results and the
// backward's dk, dv do not depend on the thread count; dq does by rounding only, when problems are
// split into chunks (its partial sums add in another order).
//
// ISA: the kernels are compiled three times (AVX-512F, AVX2+FMA, baseline SSE2) without any
// -march flag and chosen at run time with __builtin_cpu_supports; the vector width sets the
// register blocking. Block sizes: Br = Bc = 64.
//
// Measured (Intel Xeon with AVX-512, 2 cores; one core's FP32 peak 178-185 GFLOP/s by a loop of 12
// independent _mm512_fmadd_ps chains, 95 with AVX2). FLOPs: forward 4 Lq Lk D, backward
// 10 Lq Lk D (five products), halved when causal; Lq = Lk = N, D = Dv, B*H = 32 problems (4 at
// N = 4096); best of 3 (runs vary by ~5%), GFLOP/s (% of 185), AVX-512 path, no mask:
//                      1 thread                          2 threads
//                 forward      fwd+bwd              forward      fwd+bwd
//   D=16 N=256    104 (56%)    116 (63%)            162          182
//   D=16 N=1024   104 (56%)    122 (66%)            207          240
//   D=16 N=4096   111 (60%)    129 (70%)            218          252
//   D=64 N=256    120 (65%)    123 (66%)            224          238
//   D=64 N=1024   137-145 (~77%) 147-153 (~81%)     265          287
//   D=64 N=4096   137-145 (~77%) 148-156 (~82%)     268          292
// Causal, 1 thread: D=64 N=1024 122 / 131, N=4096 138 / 147 (N=256: 87 / 88, diagonal blocks
// are half wasted). The AVX2 path reaches 77 / 82 (81% / 86% of its 95) at D=64 N=1024.
// D=16 is bounded by the softmax: one exp2 per score against 4 D FLOPs.
#pragma once

#include <cstdint>

namespace sinter {

struct AttentionProblem {
  int64_t batch = 1, heads = 1;  // problems = batch * heads; problem (b, h) has index b * heads + h
  int64_t lq = 0, lk = 0, d = 0, dv = 0;
  float scale = 1;
  bool causal = false;
  const int64_t* validKeys = nullptr;  // [batch] or null (all keys valid); entries in 0..lk
  // Element strides: q of (b, h) row i column t is q[b*qb + h*qh + i*qrow + t]; likewise k, v, out.
  int64_t qb = 0, qh = 0, qrow = 0, kb = 0, kh = 0, krow = 0, vb = 0, vh = 0, vrow = 0, ob = 0, oh = 0, orow = 0;

  // Dense [batch, heads, L, D] layouts for q, k, v and out.
  static AttentionProblem dense(int64_t batch, int64_t heads, int64_t lq, int64_t lk, int64_t d, int64_t dv, float scale,
                                bool causal = false, const int64_t* validKeys = nullptr);
};

// out [per strides], lse [batch*heads*lq] (natural log-sum-exp of the scaled, masked scores; -inf
// for rows with no unmasked key). Throws std::invalid_argument on inconsistent sizes.
void flashAttentionForward(const AttentionProblem& p, const float* q, const float* k, const float* v, float* out, float* lse);

// Gradients of sum(out * dout): dq, dk, dv (overwritten). `out` and `lse` are the forward's.
void flashAttentionBackward(const AttentionProblem& p, const float* q, const float* k, const float* v, const float* out,
                            const float* dout, const float* lse, float* dq, float* dk, float* dv);

// The instruction set the kernels run with: "avx512", "avx2" or "baseline". forceFlashAttentionIsa
// restricts it (tests run every path the host supports); an ISA the host lacks falls back to the
// best it has. Not thread-safe against concurrent kernel calls.
enum class FlashIsa { Auto, Avx512, Avx2, Baseline };
void forceFlashAttentionIsa(FlashIsa isa);
const char* flashAttentionIsa();
bool flashAttentionIsaSupported(FlashIsa isa);

}  // namespace sinter
