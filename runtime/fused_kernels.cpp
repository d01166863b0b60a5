#include "runtime/fused_kernels.h"

#include "compiler/ir/ops.h"
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

std::unique_ptr<FusedKernel> makeFusedKernel(const Node& n) {
  const std::string& op = n.op->name;
  if (op == "lstm_grad") return std::make_unique<Adapter<FusedLstmGrad>>(n);
  throw InternalError("no fused kernel for " + op);
}

}  // namespace sinter
