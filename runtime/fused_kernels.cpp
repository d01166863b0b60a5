#include "runtime/fused_kernels.h"

#include "compiler/ir/ops.h"
#include "runtime/attention.h"
#include "runtime/lstm.h"

namespace sinter {

namespace {

template <typename K>
class Adapter : public FusedKernel {
 public:
  explicit Adapter(const Node& n) : k_(n) {}
  void run(const std::vector<const Tensor*>& in, std::vector<Tensor>& results) override { k_.run(in, results); }

 private:
  K k_;
};

}  // namespace

std::unique_ptr<FusedKernel> makeFusedKernel(const Node& n, uint32_t unusedResults) {
  const std::string& op = n.op->name;
  if (op == "adam_update" || op == "sgd_update") return makeOptimizerKernel(n);
  if (op == "lstm_grad") return std::make_unique<Adapter<FusedLstmGrad>>(n);
  if (op == "attention" || op == "mha" || op == "attention_grad" || op == "mha_grad") return makeAttentionKernel(n, !(unusedResults & 2));
  throw InternalError("no fused kernel for " + op);
}

}  // namespace sinter
