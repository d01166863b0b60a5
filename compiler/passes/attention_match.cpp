// attention_match.cpp — recognises attention written with plain ops and replaces it with one
// `attention` node, which the compiled backend runs as the blockwise online-softmax kernel
// (never the Lq×Lk matrix; runtime/attention.h).
//
// Pattern (on the forward graph, before autodiff, so the backward is attention_grad's too):
//   s = matmul(q, k, transpose_b=true)      q [..., Lq, D], k [..., Lk, D]
//   t = scale(s, factor=f)                  optional (f = 1 without it)
//   w = softmax(t, axis=-1)
//   o = matmul(w, v)                        v [..., Lk, Dv]
// where s, t and w have no other user and are not outputs, metrics or the loss (whoever reads
// the weights needs the matrix). o's uses go to attention(q, k, v, scale=f).out; the matched
// nodes are left to dead-code elimination. Each match is recorded in Graph::notes (shown by
// `sinter dump --emit=fused`). Masks written as plain ops are not matched.
#include <set>

#include "compiler/ir/ops.h"
#include "compiler/passes/passes.h"

namespace sinter {

bool runAttentionRecognition(Graph& g) {
  Readers readers(g);
  auto single = [&](const Node* n) { return readers.single(n); };
  auto producer = [](const Value& v, const char* op) { return v && v.node->op->name == op ? v.node : nullptr; };

  struct Match {
    Node *o, *w, *t, *s;
    double factor;
  };
  std::vector<Match> matches;
  for (const auto& np : g.nodes()) {
    Node* o = np.get();
    if (o->op->name != "matmul" || o->b("transpose_a") || o->b("transpose_b")) continue;
    Node* w = producer(o->operands[0], "softmax");
    if (!w || !single(w)) continue;
    const int64_t rank = static_cast<int64_t>(w->results[0].shape.size());
    if (w->i("axis") != -1 && w->i("axis") != rank - 1) continue;
    Node* t = producer(w->operands[0], "scale");
    Node* s = t ? producer(t->operands[0], "matmul") : producer(w->operands[0], "matmul");
    if (!s || !single(s) || (t && !single(t)) || s->b("transpose_a") || !s->b("transpose_b")) continue;
    matches.push_back({o, w, t, s, t ? t->f("factor") : 1.0});
  }
  for (const Match& m : matches) {
    AttrMap attrs = {{"scale", Attr{AttrValue(m.factor), m.o->loc}}, {"causal", Attr{AttrValue(false), m.o->loc}}};
    Node* a = nullptr;
    try {  // the attention op's shape rule may reject what matmul's broadcasting accepted
      a = g.insertBefore(m.o, m.o->name + ".attention", op("attention"), {m.s->operands[0], m.s->operands[1], m.o->operands[1], Value()},
                         {"q", "k", "v", "lengths"}, attrs, m.o->loc);
    } catch (const UserError&) {
      continue;
    }
    g.replaceAllUses(m.o->result(0), a->result(0));
    g.notes.push_back("attention %" + a->name + " matched from plain ops: %" + m.s->name + " (matmul q kᵀ)" + (m.t ? ", %" + m.t->name + " (scale)" : "") +
                      ", %" + m.w->name + " (softmax), %" + m.o->name + " (matmul with v)");
  }
  if (matches.empty()) return false;
  runDeadCodeElimination(g);
  return true;
}

}  // namespace sinter
