// executor.h — running a graph: the reference interpreter or a compiled program.
//
// The training driver and `sinter run` talk to an Executor, made for one graph by a factory the
// CLI picks (`--backend interp|llvm`). ProgramExecutor runs a lowered loop-IR program whose
// kernels some backend compiled (the LLVM JIT today; an AOT object later): it owns every
// buffer, binds the feeds to the external ones (zero-copy: kernels read the caller's tensors),
// calls the generated kernels and, for library steps, the node's oneDNN, fused or reference
// kernel over views of the buffers. It does not link LLVM.
#pragma once

#include <functional>
#include <atomic>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "compiler/loops/loop_ir.h"
#include "runtime/interpreter.h"
#include "runtime/fused_kernels.h"
#include "runtime/onednn.h"

namespace sinter {

class Executor {
 public:
  virtual ~Executor() = default;
  // The results, indexed like evaluate()'s. The interpreter returns every node's; a compiled
  // program only the inputs, parameters, state and kept results (outputs, loss, metrics,
  // gradients, updates) — the rest are empty tensors, their memory reused. The result and the
  // tensors in it belong to the executor (they may alias its buffers) and stay valid until the
  // next run or the executor's destruction: copy what must outlive either. (Held, not rebuilt:
  // building it per run was ~1–2% of a compiled step of sparse_and_mlp's size, in malloc. The
  // interpreter holds its last run's values until its next run.)
  virtual const Values& run(const std::map<std::string, Tensor>& feeds, const EvalOptions& opts) = 0;
  // The caller lends the optimiser state it feeds (a training driver that feeds each update back
  // as the next step's state): run() may then write a state tensor's next value over the tensor
  // fed for it, and the update result views that tensor. Call before the first run. Parameters
  // are never written: a driver re-running a failed step (a non-finite loss) on the reference
  // interpreter needs the step's parameters, and the forward and backward never read the state.
  // The state of a failed step is written all the same: a caller that goes on after one must
  // restore it.
  virtual void updateStateInPlace() {}
};

using ExecutorFactory = std::function<std::unique_ptr<Executor>(const Graph&)>;

// The reference interpreter behind the Executor interface.
std::unique_ptr<Executor> makeInterpreterExecutor(const Graph& g);

class ProgramExecutor : public Executor {
 public:
  // [begin, end): the range of the kernel's split loop (loops::Kernel::splitVar); ignored by
  // kernels without one.
  using KernelFn = void (*)(void** buffers, int64_t begin, int64_t end);
  // `keepAlive` owns whatever the kernel pointers live in (a JIT session).
  ProgramExecutor(const Graph& g, loops::Program program, std::vector<KernelFn> kernels, std::shared_ptr<void> keepAlive);
  const Values& run(const std::map<std::string, Tensor>& feeds, const EvalOptions& opts) override;
  // Each state update computed by an elementwise fused kernel (adam_update, sgd_update) that is
  // the last step to read its state is written over the fed state (its buffer in place of the
  // external one; the lanes order it after the state's readers). Measured on Adam's pass alone
  // (65536 floats, one core): 18.3 -> 13.5 µs — writing lines already in cache instead of new
  // ones; and the driver copies nothing back.
  void updateStateInPlace() override;
  // Runs the steps again on the feeds the last run() bound, which must still be alive (they are
  // read in place; benchmarks time the steps alone).
  void rerun(const EvalOptions& opts);
  const loops::Program& program() const { return program_; }

  // How run() spreads the steps over threads. Auto: a program whose steps all keep to one thread
  // (none reaches kParallelFlops, runtime/threads.h) times its first runs step by step; if a
  // plan made from those times (loops::planLanes, on threadCount() lanes) promises at least 15%
  // less time than one thread, the next runs try it, and later runs keep it if their median
  // beats the timed one-thread runs' by 5% (19 runs in all decide). Off: one step after
  // another, big steps spreading over the threads themselves. RoundRobin: every step that can be
  // cut in a part per lane cut, part i on lane i % threadCount(), from the first run (tests: as
  // many hand-overs as possible). Every mode computes the same values in an order the steps'
  // dependencies allow: a generated kernel's parts are its code on its elements, bitwise the
  // whole kernel; a product cut by rows is oneDNN's kernel for fewer rows, used only where it
  // computes the whole product's bits (oneDNN does not promise it: partsKeepBits tries each
  // cut once). Results returned by
  // run() stay valid until the next run() or setLanes(). SINTER_LANES=auto|off|roundrobin sets the mode of every executor
  // made afterwards (default auto).
  enum class Lanes { Auto, Off, RoundRobin };
  void setLanes(Lanes mode);
  // Auto's thresholds: a plan is tried when its estimate is below planBelow × the one-thread
  // time, kept when its runs' median is below keepBelow × the one-thread runs' (0.85, 0.95;
  // tests force either outcome).
  void setTrialThresholds(double planBelow, double keepBelow) { planBelow_ = planBelow, keepBelow_ = keepBelow; }
  // The plan runs use now (its lanes run lanePlanParts()' indices); null while steps run one
  // after another.
  const loops::LanePlan* lanePlan() const { return plan_ ? &*plan_ : nullptr; }
  const std::vector<loops::StepPart>& lanePlanParts() const { return parts_; }

  // Per-step timing (`sinter bench --profile`): while on, rerun() adds each step's wall time to
  // its total (turning it on resets the totals). stepName(i) says what step i runs ("k3_prob" or
  // "matmul %d.h (oneDNN)").
  void setProfiling(bool on) {
    if (on && !profiling_) stepNs_.assign(program_.steps.size(), 0.0);
    profiling_ = on;
  }
  const std::vector<double>& stepNanoseconds() const { return stepNs_; }
  std::string stepName(size_t i) const;

  // The lanes' timeline (`sinter bench --profile` with lanes): while on, each run on lanes
  // records when each part started and ended (µs from the run's start) and on which lane.
  struct LaneEvent {
    int lane;
    double startUs, endUs;
  };
  void setLaneTracing(bool on) { tracing_ = on; }
  const std::vector<LaneEvent>& laneTrace() const { return trace_; }  // per part of lanePlanParts()
  std::string partName(size_t k) const;  // what part k runs: its step, and its range if cut

 private:
  void trialRun(const EvalOptions& opts, int lanes);  // one run of Auto's trial (its phases)
  void runStep(size_t i, const EvalOptions& opts, OneDnnRunCache* reorders);
  void runSequential(const EvalOptions& opts, std::vector<double>* stepNs);
  void runLanes(const EvalOptions& opts);
  // The steps as lanes run them: a kernel with a split loop or a product with rows to split
  // (loops::rowSplit) whose cost reaches minCost is cut into up to `lanes` parts; a product
  // only where its parts compute its bits (partsKeepBits).
  std::vector<loops::StepPart> cutSteps(const std::vector<double>& stepCost, int lanes, double minCost) const;
  void setParts(std::vector<loops::StepPart> parts);  // parts_, with a kernel for each product's part
  void runPart(size_t k, const EvalOptions& opts);
  void runParts(const EvalOptions& opts, std::vector<double>* partNs);  // parts_ in order, each timed if partNs
  void usePlan(loops::LanePlan plan, std::vector<loops::StepPart> parts);
  // Places each arena memory b at offsets[b] (-1: not in the arena) in a new arena.
  void layoutMemories(const std::vector<int64_t>& offsets);

  const Graph& g_;
  loops::Program program_;
  std::vector<KernelFn> kernels_;
  std::shared_ptr<void> keepAlive_;
  Tensor arena_;                  // the planned memory (laid out apart while lanes run)
  std::vector<Tensor> owned_;     // buffers outside the arena (external; unplanned)
  std::vector<void*> pointers_;   // per program buffer: its memory, what kernels receive
  std::vector<std::vector<Tensor>> views_;  // per node and result: a view of its buffer
  // (node id, result, buffer) of every value in external memory: rebound to the feeds each run.
  std::vector<std::tuple<int, int, int>> externalViews_;
  // Per run, precomputed: the source nodes with their buffers, and per node and result whether
  // callers may read it (external or kept).
  std::vector<std::pair<const Node*, int>> sources_;
  std::vector<std::vector<bool>> readable_;
  Values results_;  // what run() returns: views_ where readable_, else empty (publish())
  void publish(int node, int result) { results_[node][result] = readable_[node][result] ? views_[node][result] : Tensor(); }
  // Per library step: its operands' views (stable objects: views_ is updated in place) and its
  // kernel, looked up once.
  std::vector<std::vector<const Tensor*>> stepInputs_;
  std::vector<OneDnnKernel*> onednnAt_;
  std::vector<FusedKernel*> fusedAt_;
  std::map<size_t, OneDnnKernel> onednn_;   // per oneDNN step: its primitive, built once
  OneDnnRunCache reordered_;                // operand reorders shared by one run's oneDNN steps
  std::map<size_t, std::unique_ptr<FusedKernel>> fused_;  // per fused-kernel step
  bool profiling_ = false;
  std::vector<double> stepNs_;
  // Lanes (see setLanes).
  Lanes lanes_ = Lanes::Auto;
  bool laneEligible_ = false;                   // no step spreads over threads itself
  std::vector<std::pair<int, int>> fusedOrder_;  // steps sharing a fused kernel's state
  enum class Phase { Warm, Timing, Cutting, Trying, Decided };  // Auto's trial (rerun)
  static constexpr int kTrialRuns = 7, kCutRuns = 3;  // 1 + 7 + 3 + 1 + 7 = 19 runs decide
  Phase phase_ = Phase::Warm;
  int phaseRuns_ = 0;
  std::vector<double> timedNs_;  // per step, its fastest timed run
  std::vector<double> partNs_;   // per part (Cutting), its fastest timed run
  std::vector<double> trial_[2];     // run times on lanes, on one thread
  double planBelow_ = 0.85, keepBelow_ = 0.95;
  std::vector<int64_t> plannedOffset_;  // per buffer: its planned arena offset, -1 if none
  std::optional<loops::LanePlan> plan_;         // over parts_
  std::vector<loops::StepPart> parts_;          // the steps as lanes (and Cutting) run them
  std::vector<std::unique_ptr<OneDnnKernel>> partKernels_;  // per part of a row-split product
  struct alignas(64) LaneProgress {
    std::atomic<int> done{0};            // steps this lane finished this run
    std::atomic<bool> failed{false};     // lane 0's: a lane threw
  };
  std::unique_ptr<LaneProgress[]> progress_;
  bool tracing_ = false;
  std::vector<LaneEvent> trace_;
};

}  // namespace sinter
