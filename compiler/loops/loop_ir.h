// loop_ir.h — the loop IR: each kernel is a loop nest over flat buffers.
//
// A Program is the lowered graph: one buffer per graph value (static sizes), and a list of
// steps in execution order. A step is either a generated Kernel (loops, loads, arithmetic,
// stores — compiled by codegen/llvm) or a library call: a node whose kernel the runtime provides
// (for now the reference kernels of the interpreter: matmul, convolution, attention, LSTM, ...;
// issue 6 replaces them with generated and fused code). Index arithmetic is explicit i64
// expressions, so every access is visible to LLVM's vectoriser.
#pragma once

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ir/graph.h"

namespace sinter::loops {

enum class Type { f32, f64, i64, i1 };
const char* typeName(Type t);

struct Expr;
using ExprP = std::shared_ptr<const Expr>;

struct Expr {
  enum class Kind { Int, Float, Var, Load, Unary, Binary, Select, Reg };
  Kind kind;
  Type type;
  int64_t i = 0;        // Int
  double f = 0;         // Float
  int var = -1;         // Var: loop variable id; Reg: register id
  int buffer = -1;      // Load
  std::string op{};     // Unary: neg abs exp log sqrt tanh ncdf (float; ncdf: the standard normal CDF Φ), splitmix64 (i64: runtime/rng.h's hash); Binary: add sub mul div rem max min lt gt le ge eq ne and or, xor shr (i64, logical shift)
  ExprP a{}, b{}, c{};  // operands (Load: a = index; Select: a ? b : c)
  // Binary add/max/min of a reduction's accumulator: may be reassociated (codegen lets the
  // vectoriser split the accumulator into lanes; the sum's rounding then differs from a serial one).
  bool reassoc = false;
};

struct Stmt;
using StmtP = std::shared_ptr<Stmt>;

// Statements. Registers are a kernel's scalar variables (the running max and sum of a softmax
// row, a loss's accumulator): Assign writes one, Expr::Reg reads it; they never touch memory.
// Check validates data the kernel reads (a class index in range): when `value` (i1) is false it
// records check `check` (Program::checks) with the i64 `index` (position) and `detail` (the
// offending value) in the status buffer, first failure only; the executor reports it after the
// kernel. The kernel must not read out of bounds when a check fails.
struct Stmt {
  enum class Kind { For, Store, Assign, Check };
  Kind kind;
  int var = -1;               // For: the loop variable, 0 <= var < extent; Assign: the register
  int64_t extent = 0;
  std::vector<StmtP> body{};  // For
  int buffer = -1;            // Store: buffer[index] = value
  ExprP index{}, value{}, detail{};
  int check = -1;             // Check
};

struct Buffer {
  std::string name;   // the graph value it holds ("keys", "att.weights")
  Type type;
  int64_t elements;
  bool external;      // inputs, parameters and optimiser state: bound by the caller each run
  // Set by lowering and memory planning (memory.cpp):
  bool kept = false;     // a result the caller reads (output, loss, metric, gradient, update)
  bool fused = false;    // computed inside a fused kernel and never stored: no memory at all
  int aliasOf = -1;      // a view (reshape) of that buffer's memory
  int inPlaceOf = -1;    // written over that operand's memory, which dies at the same step
  int64_t offset = -1;   // byte offset in the arena (non-external, non-fused, planned)
  // Set by blockLayouts (layout.cpp): a value [N, C, H, W] stored with its channels in blocks of
  // 16 innermost (oneDNN's aBcd16b, "nChw16c"), as the convolutions that read or write it compute;
  // every kernel that touches it indexes it so.
  bool blockedChannels = false;
};

struct Kernel {
  std::string name;   // symbol: "k<N>_<node>"
  std::string node;   // the graph node it computes
  SourceLoc loc;      // the spec line it came from
  std::vector<std::string> fused;  // the other nodes computed inside it (fusion), in order
  std::vector<std::string> also;   // nodes whose results it stores besides its own (fusion siblings)
  int numVars = 0;
  std::vector<Type> regs;  // register types, by id
  bool checks = false;     // has Check statements: the executor reads the status after it
  std::vector<StmtP> body;
  // The variable of the kernel's last top-level loop when its iterations are independent
  // (markSplittable), else -1. The compiled kernel takes the range of that loop's variable, so
  // the executor can run parts of it on different threads; other loops run whole.
  int splitVar = -1;
  int64_t splitExtent = 0;  // that loop's extent
};

// A data check of a generated kernel: failure reads "<node's op> '<name>': <prefix><value> at
// position <index><suffix>" at the node's spec line, as the reference kernel words it.
struct DataCheck {
  const Node* node;
  std::string prefix, suffix;
};

// Who runs a library call: the node's reference kernel (runtime/interpreter), oneDNN
// (runtime/onednn.h: matrix products, convolutions and the LSTM forward where it wins; see
// chooseMatmul), or one of the runtime's fused kernels (runtime/fused_kernels.h).
enum class Library { Reference, OneDnn, Fused };

struct Step {
  int kernel = -1;              // index into Program::kernels, or -1 for a library call
  const Node* node = nullptr;   // the graph node (library calls run its kernel)
  Library library = Library::Reference;
  uint32_t unusedResults = 0;   // library calls: results nothing reads (bit r); a kernel may skip them
  // A oneDNN matrix product with a residual epilogue: `residual` is the add that was its only
  // user; the product plus the add's other operand is stored as the add's result (the product
  // itself is never stored). The step reads the node's operands and that operand.
  const Node* residual = nullptr;
  // A oneDNN convolution (conv2d or a gradient) by Winograd's F(4×4, 3×3) algorithm rather than
  // the direct one (winogradConvolution); the runtime falls back to the direct algorithm where
  // oneDNN has no Winograd kernel for the CPU.
  bool winograd = false;
  // A oneDNN convolution's activations stored channel-blocked (Buffer::blockedChannels): bit k
  // for operand k, kBlockedResult for the result. The call binds them as they are.
  uint32_t blocked = 0;
  // The value the residual epilogue adds (residual's operand other than the product).
  Value residualOperand() const { return residual->operands[0].node == node ? residual->operands[1] : residual->operands[0]; }
};

constexpr uint32_t kBlockedResult = 1u << 31;

struct Program {
  std::string name;
  std::vector<Buffer> buffers;
  std::vector<Kernel> kernels;
  std::vector<Step> steps;
  std::map<std::pair<int, int>, int> bufferOf;  // (node id, result index) -> buffer
  int64_t arenaBytes = 0;                       // every non-external buffer lives in one arena
  std::vector<DataCheck> checks;                // by id
  int status = -1;  // with checks: the i64[3] buffer (check id + 1 or 0, index, value) they record into
  int options = -1; // with dropout: the i64[3] buffer {training, seed, step} the executor fills each run

  int buffer(const Value& v) const { return bufferOf.at({v.node->id, v.index}); }
  // The buffer whose memory `b` uses (follows views and in-place writes). Codegen addresses
  // every buffer through it, so LLVM sees an in-place kernel's load and store on one pointer.
  int memoryOf(int b) const {
    for (;;) {
      if (buffers[b].aliasOf >= 0) b = buffers[b].aliasOf;
      else if (buffers[b].inPlaceOf >= 0) b = buffers[b].inPlaceOf;
      else return b;
    }
  }
};

// Which nodes fuse into which kernels (fusion.cpp). Elementwise and layout nodes whose only user
// is an elementwise node or a reduction of the same shape are computed inside that user's kernel
// (their value is never stored); reshapes are views. Kept results (outputs, loss, metrics,
// gradients, updates) are always stored.
struct FusionPlan {
  std::vector<int> into;        // node id -> id of the node whose kernel computes it, or -1
  std::vector<bool> view;       // node id -> a reshape: no kernel, a view of its operand
  std::vector<bool> kept;       // node id -> a result the caller reads
  std::vector<int> with;        // node id -> id of an earlier root whose kernel also stores it (a sibling), or -1
  bool fused(int id) const { return into[id] >= 0; }
};
// `generatedPools`: tiling max pools are generated kernels (false when the lowering sends
// pooling to a library: then they neither fuse nor absorb anything).
FusionPlan planFusion(const Graph& g, bool enabled = true, bool generatedPools = true);
// The `fused` stage: the graph with each kernel's group of nodes (`sinter dump --emit=fused`).
std::string printFusion(const Graph& g, const FusionPlan& plan);

// How a matrix product (matmul, linear) runs.
enum class MatmulImpl { Auto, Generated, OneDnn, Reference };
const char* matmulImplName(MatmulImpl m);

// Whether this host's oneDNN convolutions compute in 16-channel blocks (AVX-512): then values
// between them and generated kernels pay to be stored so (blockLayouts); elsewhere oneDNN would
// reorder them to its 8-channel blocks anyway.
bool hostConvolutionsBlock16();

struct LowerOptions {
  bool fuse = true;        // fuse elementwise chains and reductions with their producers
  bool planMemory = true;  // one arena with liveness-based reuse and in-place updates
  MatmulImpl matmul = MatmulImpl::Auto;  // Auto: chooseMatmul per node
  // conv2d and its gradients: OneDnn or Reference (Auto: chooseConvolution; no generated form).
  MatmulImpl convolution = MatmulImpl::Auto;
  // An inference lstm: OneDnn or Reference (Auto: the runtime's fused forward, or chooseRecurrent
  // without fused kernels). A training step's lstm runs the fused forward whenever fusedKernels.
  MatmulImpl recurrent = MatmulImpl::Auto;
  // Composite ops the runtime has a fused kernel for (hasFusedKernel): use it, or the reference.
  bool fusedKernels = true;
  // oneDNN convolutions by Winograd's algorithm where winogradConvolution says it wins.
  bool winograd = true;
  // Values between oneDNN convolutions and generated kernels stored channel-blocked (blockLayouts).
  bool blockLayouts = hostConvolutionsBlock16();
};

// The measured rule (bench/matmul_dispatch.cpp, docs/benchmarks.md): a generated loop nest for
// products too small for oneDNN's call overhead to pay off, oneDNN otherwise. Never Auto.
MatmulImpl chooseMatmul(const Node& n);
MatmulImpl chooseConvolution(const Node& n);
MatmulImpl chooseRecurrent(const Node& n);
// Whether a oneDNN convolution step (conv2d, conv2d_grad_input, conv2d_grad_weight) should use
// Winograd's algorithm: the measured rule in lower.cpp (docs/benchmarks.md).
bool winogradConvolution(const Node& n);
// Whether the runtime has a fused kernel for `n` (runtime/fused_kernels.h; float32), given the
// results of `n` nothing reads (bit r of `unusedResults`).
bool hasFusedKernel(const Node& n, uint32_t unusedResults);

// Row kernels: softmax, log_softmax, layernorm(_grad), cross_entropy(_grad), bce_logits and bce
// of a sigmoid's output, lowered to loops with registers (lower.cpp); elementwise producers of
// the operands they read whole (rowOperand) fuse into them.
bool isRowKernel(const Node& n);
// maxpool2d / maxpool2d_grad whose windows tile the input (stride = kernel): generated kernels;
// the forward fuses into an elementwise user, the gradient absorbs an elementwise dy.
bool isTilingPool(const Node& n);
bool bceGenerated(const Node& n);
bool rowOperand(const Node& n, size_t k);

// Lowers a (simplified) graph: generated kernels where the op has a loop lowering, library
// calls otherwise, then plans memory. The graph must outlive the program.
Program lower(const Graph& g, const LowerOptions& opts = {});

// Bytes of one element, and of a buffer's elements (at least one) (memory.cpp).
int64_t elementBytes(Type t);
inline int64_t bufferBytes(const Buffer& b) { return std::max<int64_t>(1, b.elements) * elementBytes(b.type); }
// The arena bytes a memory takes: its bytes rounded up to the 64-byte alignment every memory
// starts at.
inline int64_t alignedBytes(const Buffer& b) { return (bufferBytes(b) + 63) / 64 * 64; }

// A buffer a step reads or writes: a generated kernel's Load or Store (with its index and the
// loops around it, outermost first: (variable, extent)), or a library call's operand, residual
// or result (index null, no loops).
struct Access {
  int buffer;
  ExprP index;
  std::vector<std::pair<int, int64_t>> loops{};
};
// Whether two expressions are the same tree (memory.cpp).
bool sameExpr(const ExprP& a, const ExprP& b);
// Appends what kernel `k` loads to `loads` and stores to `stores`, in statement order; what step
// `step` of `p` reads and writes (memory.cpp).
void kernelAccesses(const Kernel& k, std::vector<Access>& loads, std::vector<Access>& stores);
void stepAccesses(const Program& p, size_t step, std::vector<Access>& loads, std::vector<Access>& stores);

// Stores the values oneDNN's convolutions read and write as activations in their channel-blocked
// layout where every other step that touches them is a generated kernel that can follow it, and
// rewrites those kernels' indices (layout.cpp). Before collapseLoops and memory planning.
void blockLayouts(Program& p, const Graph& g);

// Assigns every stored, non-external buffer an arena offset: buffers whose lifetimes (first
// write to last read, in step order) do not overlap share memory; an elementwise kernel that
// reads an operand only at the index it writes, at that operand's last use, writes over it.
// Kept buffers live to the end.
void planMemory(Program& p);

// Running steps at the same time (schedule.cpp). Steps are listed in an order that is right when
// they run one after another, and the memory plan reuses arena bytes on that assumption. Step j
// must still follow an earlier step i when one writes bytes the other reads or writes (the same
// external buffer, or overlapping arena bytes: reads after writes, writes after reads, writes
// after writes), or when the caller orders them (`alsoOrdered`: (i, j) pairs with i < j, state
// the runtime's fused kernels pass between steps). With `separate`, as if every memory
// (Program::memoryOf) had bytes of its own — what the executor gives them before it runs steps
// side by side — so only a value's own writers and readers are ordered. Per step: those earlier
// steps.
std::vector<std::vector<int>> stepDependencies(const Program& p, const std::vector<std::pair<int, int>>& alsoOrdered = {},
                                               bool separate = false);

// Steps placed on lanes (threads) that run side by side. Each lane runs its steps in order; a
// step first waits until every other lane it depends on has finished enough of its steps.
struct LanePlan {
  std::vector<std::vector<int>> lanes;                   // per lane: its steps, in run order
  std::vector<std::vector<std::pair<int, int>>> waits;   // per step: (lane, steps it must have finished)
  double estimatedUs = 0;  // the plan's length by the costs it was made from
};
// List scheduling by the longest path to the end (HEFT): of the steps whose dependencies are
// placed, the one with the most work after it goes to the lane where it finishes first,
// counting `handoverUs` when it waits for a step on another lane. `costUs` per step.
// With `readBytes` (per step, per dependency: the bytes it reads of what that one wrote;
// partDependencies gives them), a step on another lane than a dependency also pays
// usPerByte for each of those bytes (they come from the other core's cache).
LanePlan planLanes(const std::vector<std::vector<int>>& deps, const std::vector<double>& costUs, int lanes, double handoverUs,
                   const std::vector<std::vector<int64_t>>* readBytes = nullptr, double usPerByte = 0);
// Step i on lane i % lanes, in program order: as many hand-overs as possible (tests).
LanePlan roundRobinLanes(const std::vector<std::vector<int>>& deps, int lanes);
// A oneDNN matrix product whose result rows can be computed apart: a linear (rows: every axis
// but the last), or a 2-D matmul that reads its first operand untransposed. Rows r..r'-1 of the
// result need rows r..r'-1 of operand 0 (and of the residual), every other operand whole.
struct RowSplit {
  int64_t rows;    // of operand 0 and of the result
  int64_t inRow;   // elements per row of operand 0
  int64_t outRow;  // elements per row of the result
};
std::optional<RowSplit> rowSplit(const Step& s);

// The part [begin, end) of step `step`'s split loop (Kernel::splitVar) or result rows
// (rowSplit), or the whole step (end < 0). A program's steps, some cut into parts, are what
// lanes run.
struct StepPart {
  int step;
  int64_t begin = 0, end = -1;
};
// stepDependencies over parts: what each part reads and writes is narrowed to the elements its
// range of the split loop touches (affine indices: by interval arithmetic; others: the whole
// buffer), so parts of one step, writing disjoint elements, are independent.
// With `readBytes`: per part and dependency (in the order of the result), the bytes of the
// part's reads that overlap the dependency's writes.
std::vector<std::vector<int>> partDependencies(const Program& p, const std::vector<StepPart>& parts,
                                               const std::vector<std::pair<int, int>>& alsoOrdered = {}, bool separate = false,
                                               std::vector<std::vector<int64_t>>* readBytes = nullptr);
// Sets Kernel::splitVar where the last top-level loop's iterations are independent: the kernel
// has no checks and nothing but register assignments before that loop; registers assigned in
// the loop are assigned before they are read in each iteration (and not outside it); every store
// in it has an affine index whose stride in the loop's variable is wider than the elements one
// iteration stores; and a memory the loop stores to is read only at the index it is stored at.
// Run after memory planning (in-place results share their operand's memory).
void markSplittable(Program& p);

// Whether running `plan` respects `deps`: every dependency on another lane is waited for, and
// no wait can deadlock (the executor checks every plan it adopts).
bool planRespects(const LanePlan& plan, const std::vector<std::vector<int>>& deps);

// What `--stats` reports.
struct ProgramStats {
  int kernels = 0;           // generated kernels
  int libraryCalls = 0;      // library (reference or oneDNN) steps
  int64_t flops = 0;         // arithmetic operations, every step
  int64_t bytesMoved = 0;    // bytes loaded and stored by every step (no cache reuse assumed)
  int64_t arenaBytes = 0;    // the planned arena
  int64_t unplannedBytes = 0;  // what one buffer per value would take
  int64_t externalBytes = 0;   // inputs, parameters and optimiser state
};
ProgramStats statsOf(const Program& p);
// Arithmetic operations of a library call, estimated from its shapes (matrix products and
// convolutions at 2 per multiply-add, attention and LSTM at their products; see stats.cpp).
int64_t libraryFlops(const Node& n);
std::string printStats(const ProgramStats& s);

// Merges perfectly nested loops whose accesses all move through memory as one loop (the outer
// variable's stride is the inner extent times the inner stride in every index) into one loop,
// and drops loops of extent 1 (collapse.cpp). Bitwise the same results; longer rows for the
// vectoriser.
void collapseLoops(Program& p);
// Whether expression e reads loop variable v; its coefficient when e is affine in v (an index
// built of adds, subtracts and multiplications by constants), nullopt otherwise.
bool mentions(const Expr& e, int v);
std::optional<int64_t> strideIn(const Expr& e, int v);

// Stable text of the whole program (`sinter dump --emit=loops`).
std::string printProgram(const Program& p);

// Expression builders.
ExprP intConst(int64_t v);
ExprP floatConst(double v, Type t);
ExprP var(int v);
ExprP load(int buffer, Type t, ExprP index);
ExprP unary(const std::string& op, ExprP a);
ExprP binary(const std::string& op, ExprP a, ExprP b);
ExprP select(ExprP cond, ExprP a, ExprP b);
ExprP reg(int r, Type t);
// `acc op x` for a reduction's accumulator (reassociable: see Expr::reassoc).
ExprP accumulate(const std::string& op, ExprP acc, ExprP x);

}  // namespace sinter::loops
