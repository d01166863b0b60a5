// interpreter.h — the reference interpreter: the oracle every backend is tested against.
//
// Executes a Graph node by node with plain loops and Eigen, in float32 or float64 (float64 is for
// gradient checks). Kept simple and obviously right; never optimised at the cost of clarity.
// Float tensors are computed in the chosen precision whatever the spec's dtype; integer tensors
// are held as int64.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "compiler/ir/graph.h"
#include "runtime/tensor.h"

namespace sinter {

struct EvalOptions {
  DType precision = DType::f32;  // f32 or f64
  bool training = false;         // dropout active
  uint64_t seed = 0;             // dropout masks: a function of (seed, step, node id, element)
  uint64_t step = 0;
};

// Every node's results, indexed by node id.
using Values = std::vector<std::vector<Tensor>>;

// Runs the graph. `feeds` holds every input and every parameter by name (extra names are an
// error, so typos in --input surface). Throws UserError on bad data (an index out of range,
// a wrong feed shape) naming the node and its spec location.
Values evaluate(const Graph& g, const std::map<std::string, Tensor>& feeds, const EvalOptions& opts = {});

// Runs one node's reference kernel. `operands` follow the node's operand slots (null where
// absent); `results` are allocated with the interpreter's dtypes (floats in opts.precision,
// integers as i64). Backends use it for the ops they do not generate code for.
void runNodeKernel(const Node& n, const std::vector<const Tensor*>& operands, std::vector<Tensor>& results, const EvalOptions& opts);

// The value of one result after evaluate().
inline const Tensor& valueOf(const Values& vals, const Value& v) { return vals.at(v.node->id).at(v.index); }

// Initial parameter values from each param node's initialiser; a pure function of (seed, name).
std::map<std::string, Tensor> initParams(const Graph& g, uint64_t seed, DType precision = DType::f32);

// Random inputs of the right shapes: floats ~ N(0, 1) (values in [0, 1] for inputs used as
// probability targets), integers uniform in [0, limit) where limit is the smallest range any
// consumer accepts (embedding size, number of classes, gathered axis), 2 otherwise.
std::map<std::string, Tensor> randomInputs(const Graph& g, uint64_t seed);

// Every feed one run of `g` needs, for tests and benchmarks: initial parameters, random inputs,
// zero optimiser state and, for a training step, the learning rate `lr` and step 1.
std::map<std::string, Tensor> randomFeeds(const Graph& g, uint64_t seed, double lr = 0.01);

}  // namespace sinter
