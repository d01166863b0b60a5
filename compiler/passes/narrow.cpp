// narrow.cpp — computes only the part of a value that is read. A value read only by cuts (slice
// or index nodes) along one axis is computed on the hull of those cuts: the op that made it runs
// on cut operands, which are then narrowed the same way, as far as the ops allow.
//
// Example (sparse_and_sat): the head reads the cls position of the last block, x3[:, -1]. The cut
// moves through the layernorms, the MLP, the residual adds, the projection and the attention's
// second matmul, dropout, softmax and score matmul down to the query rows: the block computes one
// query row per sequence instead of 31, and autodiff differentiates only that. (In a training
// step this needs the step's outputs dropped — pipeline.cpp — or the attention weights, an output,
// keep the score rows alive.)
//
// An op passes a cut along axis a of its result when each result element along a depends only on
// the operands at the same position along one axis of theirs:
//   elementwise ops   every operand that has the axis (not broadcast along it) is cut there;
//   softmax, log_softmax   when a is not the normalised axis;
//   layernorm         when a is not the last axis (weight and bias are read whole);
//   linear            rows of x, or along the last axis rows of the weight and the bias;
//   matmul            batch axes cut both operands (where not broadcast), rows cut a, columns b;
//   slice             along another axis, when that lets the cut go on into the sliced value
//                     (else the two slices would trade places forever);
//   concat            along another axis cuts every operand; along its own axis, a cut inside one
//                     operand becomes a cut of that operand;
//   transpose, permute the operand's axis that became a;
//   reshape           when axis a survives it (the same size after the same number of elements);
//   expand            an axis expand repeats is read whole, a kept one is cut;
//   embedding         the indices, when a is not the embedding axis.
// A cut `index` (which drops its axis) moves as a cut of size 1 and a reshape at the end.
// Where a value's readers cut disjoint parts of one axis and one part is itself only cut along
// another axis (q = qkv[..., :32] beside k and v, then only q[:, -1] read), that part is computed
// on its own (splitOff) so it can narrow further; the rest then narrows to its own hull.
//
// Assumes: a verified graph, before autodiff. Guarantees: every rewritten value was read only by
// cuts and was not an output, metric or the loss; no element is computed twice; values are the
// original graph's up to the rounding of matmuls computed over fewer rows; a narrowed dropout
// draws exactly the original mask's elements (mask_shape and mask_offset say where it sits in the
// mask it was drawn over). Each rewrite adds a note (`sinter dump --emit=fused`).
#include <algorithm>
#include <optional>

#include "compiler/ir/ops.h"
#include "compiler/passes/passes.h"

namespace sinter {
namespace {

// A cut: positions [start, end) of one axis, resolved (axis ≥ 0, 0 ≤ start < end ≤ size).
struct Cut {
  int axis;
  int64_t start, end;
};

// An axis attribute, resolved (the graph is verified: it is in range).
int axisAt(const Node& n, const char* attr, size_t rank) { return *normalizeAxis(n.i(attr), static_cast<int>(rank)); }

// The cut a slice or index node makes of its operand; nullopt for other nodes and stepped slices.
std::optional<Cut> cutOf(const Node& s) {
  const std::string& op = s.op->name;
  if (op != "slice" && op != "index") return std::nullopt;
  const Shape& in = s.operands[0].type().shape;
  const int axis = axisAt(s, "axis", in.size());
  const int64_t size = in[axis];
  if (op == "index") {
    const int64_t i = s.i("index") < 0 ? s.i("index") + size : s.i("index");
    return Cut{axis, i, i + 1};
  }
  if (s.i("step") != 1) return std::nullopt;
  int64_t start = s.i("start"), end = s.has("end") ? s.i("end") : size;
  if (start < 0) start += size;
  if (end < 0) end += size;
  return Cut{axis, start, end};
}

// For each operand slot of x, the axis of that operand a cut along result axis `axis` moves to,
// or -1 where the operand is read whole; nullopt where the cut cannot move through x.
std::optional<std::vector<int>> operandAxes(const Node& x, int axis) {
  const std::string& op = x.op->name;
  const int rank = static_cast<int>(x.results[0].shape.size());
  std::vector<int> axes(x.operands.size(), -1);
  auto aligned = [&](size_t slot) {  // broadcasting aligns operands at the right
    const Shape& s = x.operands[slot].type().shape;
    const int a = axis - (rank - static_cast<int>(s.size()));
    return a < 0 || s[a] == 1 ? -1 : a;
  };
  if (x.op->cls == OpClass::Elementwise && !x.operands.empty()) {
    for (size_t k = 0; k < x.operands.size(); ++k)
      if (x.operands[k]) axes[k] = aligned(k);
    return axes;
  }
  if (op == "softmax" || op == "log_softmax" || op == "slice") {  // slice: see Narrowing::commutes
    if (axisAt(x, "axis", rank) == axis || (op == "slice" && !cutOf(x))) return std::nullopt;
    axes[0] = axis;
    return axes;
  }
  if (op == "layernorm") {
    if (axis == rank - 1) return std::nullopt;
    axes[0] = axis;
    return axes;
  }
  if (op == "linear") {  // output features are weight rows (and bias entries)
    if (axis == rank - 1) return std::vector<int>{-1, 0, x.operands.size() > 2 && x.operands[2] ? 0 : -1};
    axes[0] = axis;
    return axes;
  }
  if (op == "concat") {
    if (axisAt(x, "axis", rank) == axis) return std::nullopt;  // see concatPart
    for (int& a : axes) a = axis;
    return axes;
  }
  if (op == "transpose") {  // result axis a is the operand's axis a with dim0 and dim1 swapped
    const int d0 = axisAt(x, "dim0", rank), d1 = axisAt(x, "dim1", rank);
    axes[0] = axis == d0 ? d1 : axis == d1 ? d0 : axis;
    return axes;
  }
  if (op == "permute") {
    axes[0] = *normalizeAxis(x.ints("perm")[axis], rank);
    return axes;
  }
  if (op == "reshape") {  // when the axis survives the reshape: the same size after the same extent
    const Shape &in = x.operands[0].type().shape, &out = x.results[0].shape;
    int64_t before = 1, inBefore = 1;
    for (int k = 0; k < axis; ++k) before *= out[k];
    for (size_t b = 0; b < in.size(); inBefore *= in[b], ++b)
      if (inBefore == before && in[b] == out[axis]) {
        axes[0] = static_cast<int>(b);
        return axes;
      }
    return std::nullopt;
  }
  if (op == "expand") {  // a repeated (size-1 or new) axis is read whole; a kept one is cut
    axes[0] = aligned(0);
    return axes;
  }
  if (op == "embedding") {  // rows looked up at cut positions of the indices
    if (axis == rank - 1) return std::nullopt;
    axes[0] = axis;
    return axes;
  }
  if (op == "matmul") {
    const int ra = static_cast<int>(x.operands[0].type().rank()), rb = static_cast<int>(x.operands[1].type().rank());
    if (axis < rank - 2) {
      axes[0] = aligned(0);
      axes[1] = aligned(1);
    } else if (axis == rank - 2) {
      axes[0] = ra - (x.b("transpose_a") ? 1 : 2);
    } else {
      axes[1] = rb - (x.b("transpose_b") ? 2 : 1);
    }
    return axes;
  }
  return std::nullopt;
}

// For a concat along the cut's own axis: the operand the cut lies inside and the cut shifted into
// it; nullopt when the cut spans operands.
std::optional<std::pair<Value, Cut>> concatPart(const Node& x, const Cut& c) {
  if (x.op->name != "concat" || axisAt(x, "axis", x.results[0].shape.size()) != c.axis) return std::nullopt;
  int64_t offset = 0;
  for (const Value& v : x.operands) {
    const int64_t size = v.type().shape[c.axis];
    if (c.start >= offset && c.end <= offset + size) return std::pair{v, Cut{c.axis, c.start - offset, c.end - offset}};
    offset += size;
  }
  return std::nullopt;
}

class Narrowing {
 public:
  explicit Narrowing(Graph& g) : g_(g) {}

  // Narrows one value that only cuts read (to the hull of their cuts when they differ); false when
  // no value can be narrowed.
  bool step() {
    Readers readers(g_);
    std::vector<std::vector<Node*>> users(g_.nodes().size());
    for (const auto& np : g_.nodes())
      for (const Value& v : np->operands)
        if (v) users[v.node->id].push_back(np.get());
    for (const auto& np : g_.nodes()) {
      Node* x = np.get();
      const std::vector<Node*>& us = users[x->id];
      if (us.empty() || x->results.size() != 1 || readers.named(x)) continue;
      if (splitOff(*x, users)) return true;
      std::optional<Cut> hull = hullOf(us);
      if (!hull || (hull->start == 0 && hull->end == x->results[0].shape[hull->axis])) continue;
      Node* first = us.front();  // users are listed in execution order
      if (auto part = concatPart(*x, *hull)) {
        replace(us, cut(first, part->first, part->second, x->name + ".part"), *hull, *x);
        return true;
      }
      if (x->op->name == "slice" && !commutes(*x, hull->axis, users, readers)) continue;
      if (std::optional<std::vector<int>> axes = operandAxes(*x, hull->axis)) {
        replace(us, narrowed(first, *x, *hull, *axes, x->name + ".narrow"), *hull, *x);
        return true;
      }
    }
    return false;
  }

 private:
  // The smallest cut containing every reader's, when every reader is a cut along one axis.
  static std::optional<Cut> hullOf(const std::vector<Node*>& readers) {
    std::optional<Cut> hull;
    for (const Node* u : readers) {
      std::optional<Cut> c = cutOf(*u);
      if (!c || (hull && hull->axis != c->axis)) return std::nullopt;
      if (!hull) hull = c;
      hull->start = std::min(hull->start, c->start);
      hull->end = std::max(hull->end, c->end);
    }
    return hull;
  }

  // Where the cuts reading x take parts of one axis and one part u is itself only cut along
  // another axis (q = qkv[..., :32], then only q[:, -1] is read): x's op computes u's part on its
  // own, so that part can narrow further, and x is left with the other readers' parts. Only for
  // disjoint parts, so nothing is computed twice.
  bool splitOff(Node& x, const std::vector<std::vector<Node*>>& users) {
    const std::vector<Node*>& us = users[x.id];
    if (us.size() < 2 || !hullOf(us)) return false;
    const int axis = hullOf(us)->axis;
    if (!operandAxes(x, axis)) return false;
    for (Node* u : us) {
      const Cut c = *cutOf(*u);
      std::optional<Cut> inner = u->op->name == "slice" ? hullOf(users[u->id]) : std::nullopt;
      if (!inner || inner->axis == axis || (inner->start == 0 && inner->end == u->results[0].shape[inner->axis])) continue;
      bool disjoint = true;
      for (const Node* o : us)
        if (o != u) disjoint = disjoint && (cutOf(*o)->end <= c.start || cutOf(*o)->start >= c.end);
      if (!disjoint) continue;
      Value part = narrowed(u, x, c, *operandAxes(x, axis), x.name + "." + u->name);
      g_.notes.push_back("%" + x.name + "'s part read by %" + u->name + " computed on its own: %" + part.node->name + " " +
                         part.node->results[0].str());
      g_.replaceAllUses(u->result(0), part);
      runDeadCodeElimination(g_);
      return true;
    }
    return false;
  }

  // Whether a cut along `axis` of slice x should move above it: only to go on into x's operand y,
  // which then only cuts along `axis` read, which nothing else names (an output is computed
  // whole) and whose op passes the cut — else the two slices would trade places back and forth.
  bool commutes(const Node& x, int axis, const std::vector<std::vector<Node*>>& users, const Readers& readers) const {
    const Node& y = *x.operands[0].node;
    if (y.op->cls == OpClass::Source || y.op->name == "slice" || y.results.size() != 1 || readers.named(&y)) return false;
    for (const Node* u : users[y.id])
      if (u != &x && (!cutOf(*u) || cutOf(*u)->axis != axis)) return false;
    return y.op->name == "concat" || operandAxes(y, axis).has_value();
  }

  // A new slice of v by c, placed before `at`.
  Value cut(const Node* at, const Value& v, const Cut& c, const std::string& name) {
    AttrMap attrs = {{"axis", Attr{int64_t(c.axis), at->loc}},
                     {"start", Attr{c.start, at->loc}},
                     {"end", Attr{c.end, at->loc}},
                     {"step", Attr{int64_t(1), at->loc}}};
    return g_.insertBefore(at, g_.freshName(name), op("slice"), {v}, {"x"}, attrs, at->loc)->result(0);
  }

  // x computed on cut operands, placed before `at`.
  Value narrowed(const Node* at, const Node& x, const Cut& c, const std::vector<int>& axes, const std::string& name) {
    std::vector<Value> operands = x.operands;
    for (size_t k = 0; k < operands.size(); ++k)
      if (axes[k] >= 0) operands[k] = cut(at, operands[k], Cut{axes[k], c.start, c.end}, operands[k].node->name + ".cut");
    AttrMap attrs = x.attrs;
    if (x.op->name == "linear" && axes[1] >= 0) attrs["out"] = Attr{c.end - c.start, x.loc};
    if (x.op->name == "reshape" || x.op->name == "expand") {  // the target shape, cut
      Shape shape = x.results[0].shape;
      shape[c.axis] = c.end - c.start;
      attrs["shape"] = Attr{shape, x.loc};
    }
    if (x.op->name == "dropout") {  // the same mask elements: record where the cut sits in the mask
      Shape full = x.results[0].shape, offset(full.size(), 0);
      if (x.has("mask_shape")) full = x.ints("mask_shape"), offset = x.ints("mask_offset");
      offset[c.axis] += c.start;
      attrs["mask_shape"] = Attr{full, x.loc};
      attrs["mask_offset"] = Attr{offset, x.loc};
    }
    return g_.insertBefore(at, g_.freshName(name), *x.op, operands, x.operandNames, attrs, x.loc)->result(0);
  }

  // Each reader of x (a cut inside `hull`) now reads `v`, x's value on the hull: the same value
  // where its cut is the hull, else a cut of v; reshaped where the reader is an index. Notes it.
  void replace(const std::vector<Node*>& readers, Value v, const Cut& hull, const Node& x) {
    g_.notes.push_back("%" + x.name + " computed only where it is read: %" + v.node->name + " " + v.node->results[0].str() + " instead of " +
                       x.results[0].str());
    for (Node* u : readers) {
      const Cut c = *cutOf(*u);
      Value r = c.start == hull.start && c.end == hull.end ? v : cut(u, v, Cut{c.axis, c.start - hull.start, c.end - hull.start}, u->name + ".cut");
      if (u->op->name == "index")
        r = g_.insertBefore(u, g_.freshName(u->name + ".rows"), op("reshape"), {r}, {"x"}, {{"shape", Attr{u->results[0].shape, u->loc}}}, u->loc)
                ->result(0);
      g_.replaceAllUses(u->result(0), r);
    }
    runDeadCodeElimination(g_);
  }

  Graph& g_;
};

}  // namespace

bool runNarrowing(Graph& g) {
  Narrowing n(g);
  int steps = 0;
  const int most = 4 * static_cast<int>(g.nodes().size()) + 16;  // each step removes a node's worth of work
  while (n.step())
    if (++steps > most) throw InternalError("narrowing did not settle after " + std::to_string(steps) + " rewrites");
  return steps > 0;
}

}  // namespace sinter
