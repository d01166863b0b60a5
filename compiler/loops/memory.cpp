// memory.cpp — static memory planning of a lowered program: one arena, liveness-based reuse,
// in-place elementwise kernels.
//
// Assumes: a program from lower() (steps in execution order; views set by fusion). Guarantees:
//   - every stored, non-external buffer that is not a view gets an arena offset (64-byte aligned);
//     views and in-place results share their source's memory (Program::memoryOf);
//   - two memories share arena bytes only when their lifetimes — first step that touches them
//     (step 0 for the status and options buffers, which the executor writes before the steps)
//     to last step that reads them, or the end of the program for kept results — are disjoint
//     (a memory no step touches has no lifetime: its offset is meaningless);
//   - a kernel writes its result over an operand's memory only when the kernel is one loop nest
//     that stores the result at one index E, reads that operand (and its views) only at E, never
//     reads its own result, the operand's memory dies at that step, is not kept and has the same
//     element type and count. Each element is then read before it is written, at the same
//     address, so the result is the one separate buffers give (and vectorisation stays legal:
//     codegen addresses both through the same pointer).
#include <algorithm>
#include <functional>
#include <set>

#include "compiler/loops/loop_ir.h"

namespace sinter::loops {

namespace {

constexpr int kForever = 1 << 30;

using Loops = std::vector<std::pair<int, int64_t>>;

void collectLoads(const ExprP& e, const Loops& loops, std::vector<Access>& loads) {
  if (!e) return;
  if (e->kind == Expr::Kind::Load) loads.push_back({e->buffer, e->a, loops});
  collectLoads(e->a, loops, loads);
  collectLoads(e->b, loops, loads);
  collectLoads(e->c, loops, loads);
}

void collectAccesses(const StmtP& s, Loops& loops, std::vector<Access>& loads, std::vector<Access>& stores) {
  if (s->kind == Stmt::Kind::For) {
    loops.push_back({s->var, s->extent});
    for (const auto& b : s->body) collectAccesses(b, loops, loads, stores);
    loops.pop_back();
    return;
  }
  if (s->kind == Stmt::Kind::Store) stores.push_back({s->buffer, s->index, loops});
  collectLoads(s->index, loops, loads);
  collectLoads(s->value, loops, loads);
  collectLoads(s->detail, loops, loads);
}

}  // namespace

int64_t elementBytes(Type t) {
  switch (t) {
    case Type::f32: return 4;
    case Type::f64:
    case Type::i64: return 8;
    case Type::i1: return 1;
  }
  return 8;
}

void kernelAccesses(const Kernel& k, std::vector<Access>& loads, std::vector<Access>& stores) {
  Loops loops;
  for (const auto& stmt : k.body) collectAccesses(stmt, loops, loads, stores);
}

bool sameExpr(const ExprP& a, const ExprP& b) {
  if (a == b) return true;
  if (!a || !b || a->kind != b->kind || a->type != b->type) return false;
  switch (a->kind) {
    case Expr::Kind::Int: return a->i == b->i;
    case Expr::Kind::Float: return a->f == b->f;
    case Expr::Kind::Var:
    case Expr::Kind::Reg: return a->var == b->var;
    case Expr::Kind::Load: return a->buffer == b->buffer && sameExpr(a->a, b->a);
    default: return a->op == b->op && sameExpr(a->a, b->a) && sameExpr(a->b, b->b) && sameExpr(a->c, b->c);
  }
}

void stepAccesses(const Program& p, size_t step, std::vector<Access>& loads, std::vector<Access>& stores) {
  const Step& st = p.steps[step];
  if (st.kernel >= 0) return kernelAccesses(p.kernels[st.kernel], loads, stores);
  const Node& n = *st.node;
  for (const Value& v : n.operands)
    if (v) loads.push_back({p.buffer(v), nullptr});
  if (st.residual) {  // reads the residual, writes the add's result instead of the product's
    loads.push_back({p.buffer(st.residualOperand()), nullptr});
    stores.push_back({p.bufferOf.at({st.residual->id, 0}), nullptr});
    return;
  }
  for (size_t r = 0; r < n.results.size(); ++r) stores.push_back({p.bufferOf.at({n.id, static_cast<int>(r)}), nullptr});
}

void planMemory(Program& p) {
  size_t nb = p.buffers.size(), ns = p.steps.size();
  auto planned = [&](int b) { return !p.buffers[b].external && !p.buffers[b].fused; };

  // Which buffers each step reads and writes.
  std::vector<std::vector<Access>> loads(ns), stores(ns);
  for (size_t s = 0; s < ns; ++s) stepAccesses(p, s, loads[s], stores[s]);

  // Lifetimes per memory root (views resolved), then in-place decisions in step order.
  std::vector<int> first(nb, kForever), last(nb, -1);
  std::vector<bool> kept(nb, false);
  for (size_t b = 0; b < nb; ++b)
    if (p.buffers[b].kept) kept[p.memoryOf(static_cast<int>(b))] = true;
  for (size_t s = 0; s < ns; ++s)
    for (const auto* list : {&loads[s], &stores[s]})
      for (const Access& a : *list) {
        int m = p.memoryOf(a.buffer);
        first[m] = std::min(first[m], static_cast<int>(s));
        last[m] = std::max(last[m], static_cast<int>(s));
      }

  for (size_t s = 0; s < ns; ++s) {
    const Step& st = p.steps[s];
    if (st.kernel < 0 || p.kernels[st.kernel].body.size() != 1 || stores[s].empty()) continue;
    int out = stores[s][0].buffer;
    const ExprP& at = stores[s][0].index;
    bool single = planned(out) && p.buffers[out].aliasOf < 0 && p.buffers[out].inPlaceOf < 0;
    for (const Access& w : stores[s]) single = single && w.buffer == out && sameExpr(w.index, at);
    for (const Access& r : loads[s]) single = single && p.memoryOf(r.buffer) != out;
    if (!single) continue;
    for (const Access& candidate : loads[s]) {
      int m = p.memoryOf(candidate.buffer);
      if (!planned(m) || kept[m] || last[m] != static_cast<int>(s) || p.buffers[m].type != p.buffers[out].type ||
          p.buffers[m].elements != p.buffers[out].elements)
        continue;
      bool sameIndex = true;
      for (const Access& r : loads[s]) sameIndex = sameIndex && (p.memoryOf(r.buffer) != m || sameExpr(r.index, at));
      if (!sameIndex) continue;
      p.buffers[out].inPlaceOf = m;
      last[m] = std::max(last[m], last[out]);
      kept[m] = kept[m] || kept[out];
      first[out] = kForever, last[out] = -1;
      break;
    }
  }

  // Greedy by size: the largest memories first, each at the lowest offset that no placed memory
  // with an overlapping lifetime occupies.
  struct Block {
    int buffer;
    int64_t bytes, offset;
    int from, to;
  };
  std::vector<Block> blocks;
  for (size_t b = 0; b < nb; ++b) {
    int ib = static_cast<int>(b);
    if (!planned(ib) || p.memoryOf(ib) != ib) continue;
    int64_t bytes = alignedBytes(p.buffers[b]);
    // The executor writes the status and options buffers before the first step: they live from 0.
    const bool executorWritten = ib == p.status || ib == p.options;
    int from = first[b] == kForever || executorWritten ? 0 : first[b];
    int to = kept[b] || last[b] < 0 ? kForever : last[b];
    // A memory no step touches (a value lowering found nothing reads, lower.cpp's unread()):
    // its bytes overlap every other's, at no lifetime.
    if (first[b] == kForever && !kept[b] && !executorWritten) from = kForever, to = -1;
    blocks.push_back({ib, bytes, 0, from, to});
  }
  std::stable_sort(blocks.begin(), blocks.end(), [](const Block& a, const Block& b) { return a.bytes > b.bytes; });
  std::vector<const Block*> placed;
  p.arenaBytes = 0;
  for (Block& blk : blocks) {
    std::vector<std::pair<int64_t, int64_t>> busy;  // [offset, end) of live-overlapping blocks
    for (const Block* o : placed)
      if (o->from <= blk.to && blk.from <= o->to) busy.push_back({o->offset, o->offset + o->bytes});
    std::sort(busy.begin(), busy.end());
    int64_t offset = 0;
    for (const auto& [lo, hi] : busy) {
      if (offset + blk.bytes <= lo) break;
      offset = std::max(offset, hi);
    }
    blk.offset = offset;
    placed.push_back(&blk);
    p.buffers[blk.buffer].offset = offset;
    p.arenaBytes = std::max(p.arenaBytes, offset + blk.bytes);
  }
}

}  // namespace sinter::loops
