// time_major.cpp — before autodiff: an embedding whose only reader is a batch-first LSTM gathers
// its rows time-major instead, and the LSTM takes them as batch_first=false.
//
// Why: the LSTM runs time-major inside (runtime/lstm.h), so a batch-first input is copied into
// time-major order in the forward and its gradient copied back in the backward — in imdb_lstm
// 2 MB each way per step. The embedding can write its rows in any order at no cost: gathering
// by the transposed token ids ([T, B], 8000 integers) puts them time-major in the first place,
// and the embedding's gradient scatters from the time-major rows as well.
//
// Assumes: a verified graph, before autodiff. Guarantees: the same values (the embedding's rows
// are the same rows in another order; in a training step the embedding's gradient sums the same
// terms in another order, so its last bits may differ); the LSTM node and the embedding keep
// their names; the transposed indices are named EMB.indices_t; where the LSTM's output sequence
// is read, a transpose named LSTM.out_bf gives its readers the batch-first layout (the copy the
// LSTM made itself before); h_n and c_n do not depend on the layout. A note per rewrite.
#include "compiler/ir/ops.h"
#include "compiler/passes/passes.h"

namespace sinter {

bool runTimeMajorLstmInput(Graph& g) {
  Readers readers(g);
  std::vector<Node*> lstms;
  for (const auto& np : g.nodes()) {
    Node* n = np.get();
    if (n->op->name != "lstm" || !n->b("batch_first")) continue;
    const Node* x = n->operands[0].node;
    if (x->op->name == "embedding" && readers.single(x) && x->operands[0].type().rank() == 2) lstms.push_back(n);
  }
  for (Node* lstm : lstms) {
    Node* emb = lstm->operands[0].node;
    const SourceLoc loc = emb->loc;
    AttrMap swap01 = {{"dim0", Attr{int64_t{0}, loc}}, {"dim1", Attr{int64_t{1}, loc}}};
    Node* indicesT = g.insertBefore(emb, g.freshName(emb->name + ".indices_t"), op("transpose"), {emb->operands[0]}, {"x"}, swap01, loc);
    emb->operands[0] = indicesT->result(0);
    std::swap(emb->results[0].shape[0], emb->results[0].shape[1]);
    lstm->attrs["batch_first"].value = false;
    Value out = lstm->result(0);
    std::swap(lstm->results[0].shape[0], lstm->results[0].shape[1]);

    // The output sequence's readers get it batch-first from a transpose right after the LSTM.
    std::vector<Value*> uses;
    for (const auto& np : g.nodes())
      for (Value& v : np->operands)
        if (v == out) uses.push_back(&v);
    for (auto& [name, v] : g.outputs)
      if (v == out) uses.push_back(&v);
    for (auto& [name, v] : g.metrics)
      if (v == out) uses.push_back(&v);
    if (g.loss == out) uses.push_back(&g.loss);
    std::string note = "embedding %" + emb->name + " gathers time-major (by %" + indicesT->name + ") for lstm %" + lstm->name +
                       ", now batch_first=false: no layout copies of its input and input gradient";
    if (!uses.empty()) {
      AttrMap back = {{"dim0", Attr{int64_t{0}, lstm->loc}}, {"dim1", Attr{int64_t{1}, lstm->loc}}};
      const std::string name = g.freshName(lstm->name + ".out_bf");
      const size_t next = static_cast<size_t>(lstm->id) + 1;  // the LSTM may be the last node (its sequence an output)
      Node* outBf = next < g.nodes().size() ? g.insertBefore(g.nodes()[next].get(), name, op("transpose"), {out}, {"x"}, back, lstm->loc)
                                            : g.add(name, op("transpose"), {out}, {"x"}, back, lstm->loc);
      for (Value* v : uses) *v = outBf->result(0);
      note += "; its output sequence is read batch-first through %" + outBf->name;
    }
    g.notes.push_back(note);
  }
  return !lstms.empty();
}

}  // namespace sinter
