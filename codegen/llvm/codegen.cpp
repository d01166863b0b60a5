// codegen.cpp — see codegen.h. The one place that includes LLVM.
#include "codegen/llvm/codegen.h"

#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>

#include <cmath>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/TargetParser/Host.h>

#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <mutex>

#include "compiler/support/diag.h"

namespace sinter::llvmgen {

namespace {

void initialiseLLVM() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    llvm::InitializeNativeTargetAsmParser();
  });
}

std::string errorText(llvm::Error e) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << e;
  return os.str();
}

template <typename T>
T check(llvm::Expected<T> v, const std::string& what) {
  if (!v) throw InternalError("LLVM: " + what + ": " + errorText(v.takeError()));
  return std::move(*v);
}

std::string hostCpu(const CodegenOptions& o) { return o.cpu.empty() ? llvm::sys::getHostCPUName().str() : o.cpu; }

std::string hostFeatures(const CodegenOptions& o) {
  if (!o.cpu.empty()) return "";  // a named portable target: its own features
  llvm::StringMap<bool> features;
  std::string out;
  if (llvm::sys::getHostCPUFeatures(features))
    for (auto& f : features) out += (out.empty() ? "" : ",") + std::string(f.second ? "+" : "-") + f.first().str();
  return out;
}

std::unique_ptr<llvm::TargetMachine> targetMachine(const CodegenOptions& o) {
  initialiseLLVM();
  std::string triple = llvm::sys::getProcessTriple(), err;
  const llvm::Target* target = llvm::TargetRegistry::lookupTarget(triple, err);
  if (!target) throw InternalError("LLVM: no target for " + triple + ": " + err);
  llvm::TargetOptions to;
  return std::unique_ptr<llvm::TargetMachine>(target->createTargetMachine(triple, hostCpu(o), hostFeatures(o), to, llvm::Reloc::PIC_,
                                                                          std::nullopt, llvm::CodeGenOpt::Aggressive));
}

// Emits the kernels of one program into a module, each as `PREFIX<kernel name>` (a module may
// hold several programs: the AOT object does).
class Emitter {
 public:
  Emitter(const loops::Program& p, llvm::Module& m, const CodegenOptions& o, std::string prefix)
      : p_(p), ctx_(m.getContext()), b_(ctx_), module_(&m), opts_(o), prefix_(std::move(prefix)) {}

  // The kernel functions, in the order of p.kernels.
  std::vector<llvm::Function*> emit() {
    std::vector<llvm::Function*> fns;
    for (const loops::Kernel& k : p_.kernels) fns.push_back(emitKernel(k));
    return fns;
  }

 private:
  llvm::Type* typeOf(loops::Type t) {
    switch (t) {
      case loops::Type::f32: return b_.getFloatTy();
      case loops::Type::f64: return b_.getDoubleTy();
      case loops::Type::i64: return b_.getInt64Ty();
      case loops::Type::i1: return b_.getInt1Ty();
    }
    return nullptr;
  }

  llvm::Function* emitKernel(const loops::Kernel& k) {
    // void kernel(void** buffers, int64_t begin, int64_t end): [begin, end) of the split loop.
    auto* fnType = llvm::FunctionType::get(b_.getVoidTy(), {b_.getPtrTy(), b_.getInt64Ty(), b_.getInt64Ty()}, false);
    auto* fn = llvm::Function::Create(fnType, llvm::Function::ExternalLinkage, prefix_ + k.name, *module_);
    fn->addFnAttr(llvm::Attribute::NoUnwind);
    fn->addFnAttr("target-cpu", hostCpu(opts_));
    std::string features = hostFeatures(opts_);
    if (!features.empty()) fn->addFnAttr("target-features", features);
    fn->addFnAttr("prefer-vector-width", "512");
    fn_ = fn;
    buffers_.clear();
    vars_.assign(k.numVars, nullptr);
    b_.SetInsertPoint(llvm::BasicBlock::Create(ctx_, "entry", fn));
    bufferArray_ = fn->getArg(0);
    splitVar_ = k.splitVar, splitBegin_ = fn->getArg(1), splitEnd_ = fn->getArg(2);
    aliasScopes(k);
    // Registers as stack slots in the entry block: mem2reg turns them into SSA values, so a
    // reduction's accumulator becomes a loop-carried phi the vectoriser recognises.
    regs_.clear();
    for (size_t r = 0; r < k.regs.size(); ++r) regs_.push_back(b_.CreateAlloca(typeOf(k.regs[r]), nullptr, "r" + std::to_string(r)));
    for (const auto& s : k.body) emitStmt(*s);
    b_.CreateRetVoid();
    return fn;
  }

  // Alias scopes: within one kernel, distinct memories (Program::memoryOf) never overlap — the
  // memory planner gives buffers live at the same step disjoint arena bytes, views and in-place
  // results resolve to their source's memory, and inputs live outside the arena (two inputs may
  // share memory, but kernels only read them). Each load and store says so (!alias.scope and
  // !noalias), which lets LLVM keep accumulations in registers and vectorise without runtime
  // overlap checks.
  void aliasScopes(const loops::Kernel& k) {
    std::set<int> memories;
    std::function<void(const loops::ExprP&)> expr = [&](const loops::ExprP& e) {
      if (!e) return;
      if (e->kind == loops::Expr::Kind::Load) memories.insert(p_.memoryOf(e->buffer));
      expr(e->a), expr(e->b), expr(e->c);
    };
    std::function<void(const loops::StmtP&)> stmt = [&](const loops::StmtP& st) {
      for (const auto& b : st->body) stmt(b);
      if (st->kind == loops::Stmt::Kind::Store) memories.insert(p_.memoryOf(st->buffer));
      if (st->kind == loops::Stmt::Kind::Check) memories.insert(p_.memoryOf(p_.status));
      expr(st->index), expr(st->value), expr(st->detail);
    };
    for (const auto& st : k.body) stmt(st);
    scope_.clear(), noalias_.clear();
    llvm::MDBuilder md(ctx_);
    llvm::MDNode* domain = md.createAnonymousAliasScopeDomain(k.name);
    std::map<int, llvm::MDNode*> scopes;
    for (int m : memories) scopes[m] = md.createAnonymousAliasScope(domain, p_.buffers[m].name);
    for (int m : memories) {
      llvm::SmallVector<llvm::Metadata*, 8> others;
      for (const auto& [o, sc] : scopes)
        if (o != m) others.push_back(sc);
      scope_[m] = llvm::MDNode::get(ctx_, {scopes[m]});
      noalias_[m] = llvm::MDNode::get(ctx_, others);
    }
  }
  // Tags a load or store of buffer b with its memory's scope.
  llvm::Instruction* tag(llvm::Instruction* access, int b) {
    const int m = p_.memoryOf(b);
    auto it = scope_.find(m);
    if (it != scope_.end()) {
      access->setMetadata(llvm::LLVMContext::MD_alias_scope, it->second);
      access->setMetadata(llvm::LLVMContext::MD_noalias, noalias_.at(m));
    }
    return access;
  }

  // Base pointer of buffer i, loaded once per kernel from the argument array.
  llvm::Value* bufferPtr(int i) {
    i = p_.memoryOf(i);
    auto it = buffers_.find(i);
    if (it != buffers_.end()) return it->second;
    llvm::IRBuilderBase::InsertPointGuard guard(b_);
    b_.SetInsertPoint(&fn_->getEntryBlock(), fn_->getEntryBlock().begin());
    llvm::Value* slot = b_.CreateConstInBoundsGEP1_64(b_.getPtrTy(), bufferArray_, static_cast<uint64_t>(i));
    llvm::Value* ptr = b_.CreateLoad(b_.getPtrTy(), slot, "buf." + p_.buffers[i].name);
    buffers_[i] = ptr;
    return ptr;
  }

  // Whether a loop body accumulates into a register (a reduction).
  static bool accumulates(const loops::Stmt& s) {
    for (const auto& b : s.body)
      if (b->kind == loops::Stmt::Kind::Assign || (b->kind == loops::Stmt::Kind::For && accumulates(*b))) return true;
    return false;
  }

  // The largest |stride| in the loop's variable v among its loads and stores with a constant
  // stride other than 0 or 1 (every other element: a 2x2 pool's row); 0 when none has one.
  // Data-dependent indices do not count.
  static void accessStride(const loops::ExprP& index, int v, int64_t& most) {
    auto st = loops::strideIn(*index, v);
    if (st && *st != 0 && *st != 1) most = std::max(most, std::abs(*st));
  }
  static void loadStrides(const loops::Expr& e, int v, int64_t& most) {
    if (e.kind == loops::Expr::Kind::Load) accessStride(e.a, v, most);
    for (const loops::ExprP& o : {e.a, e.b, e.c})
      if (o) loadStrides(*o, v, most);
  }
  // Of the loop's stores, and (unless storesOnly) of its loads too.
  static int64_t largestStride(const loops::Stmt& innermostLoop, int v, bool storesOnly = false) {
    int64_t most = 0;
    for (const auto& b : innermostLoop.body) {
      if (b->kind == loops::Stmt::Kind::Store) accessStride(b->index, v, most);
      if (b->value && !storesOnly) loadStrides(*b->value, v, most);
    }
    return most;
  }

  static bool innermost(const loops::Stmt& s) {
    for (const auto& b : s.body)
      if (b->kind == loops::Stmt::Kind::For) return false;
    return true;
  }

  // Loop metadata for an innermost loop (nullptr: leave it to LLVM's heuristics).
  //  - Strided rows (a 2x2 pool's row of 13 windows reads and writes every other element):
  //    vectorise with a scalar remainder, by force. Below 16 iterations LLVM would otherwise fold
  //    the tail into masked iterations, and masked stride-2 accesses become gathers and scatters
  //    (slow everywhere, very slow on AMD: mnist_add's pool1 gradient took 6.5 ms, now 1.8);
  //    unmasked, they are wide loads and stores with shuffles. Where 8 or 4 lanes make fewer
  //    vector plus remainder iterations than 16, that width: 4 for the row of 13 (3 + 1, against
  //    1 + 5 at 8, LLVM's choice; the pool1 gradient 1.89 -> 1.56-1.61 ms, its forward 0.70 ->
  //    0.56, mnist_add's step 29.8 -> 29.4 ms in 4 alternating pairs).
  //  - Short rows otherwise: vectorise with a masked last iteration instead of a scalar
  //    remainder when the extent is no multiple of the vector width (softmax rows of 31).
  //  - Neither is fully unrolled before the vectoriser sees it: an unrolled register reduction
  //    leaves a serial chain of adds or maxes (layernorm rows of 32), and an unrolled row of
  //    4-64 makes LLVM vectorise the loop around it instead, with a vector per unrolled element
  //    (a linear with one input feature and 32 outputs spilled 64 registers; sparse_and_sat's
  //    step 1.31 -> 1.20 ms) or with gathers (the pool above).
  //  - No masking for longer loops: the vectoriser then masks every iteration, not only the
  //    last (count24's rows of 200 took twice as long as with a remainder loop).
  llvm::MDNode* innermostLoopHints(const loops::Stmt& s) {
    llvm::LLVMContext& c = ctx_;
    llvm::SmallVector<llvm::Metadata*, 3> ops = {nullptr};
    auto hint = [&](const char* name, llvm::Constant* value) {
      llvm::SmallVector<llvm::Metadata*, 2> node = {llvm::MDString::get(c, name)};
      if (value) node.push_back(llvm::ConstantAsMetadata::get(value));
      ops.push_back(llvm::MDNode::get(c, node));
    };
    const int64_t stride = largestStride(s, s.var);
    const bool strided = s.extent >= 4 && s.extent < 64 && stride > 0;
    const bool tail = s.extent % 16 != 0 && s.extent < 64, reduction = accumulates(s);
    const bool shortRow = s.extent >= 16 && s.extent <= 64;
    if (strided && stride > 4 && (reduction || largestStride(s, s.var, true) > 4)) {
      // A sum along a wide stride (a bias gradient over channel-blocked positions 16 apart) or
      // stores along one (a pool gradient zeroing the last column of each plane): vectorised,
      // every element is a gather or a scatter (conv2's bias gradient in mnist_add's step:
      // 0.41 ms; scalar 0.19, the plain layout's contiguous sum 0.29). Wide-strided loads feeding
      // contiguous stores stay vectorised (a transposing copy: gathers won, 13-16 us against 18).
      hint("llvm.loop.vectorize.enable", b_.getFalse());
    } else if (strided) {
      hint("llvm.loop.vectorize.enable", b_.getTrue());
      // Interleaved groups (strides up to 4) without an accumulation (whose registers a forced
      // width could spill): 8 or 4 lanes where that makes fewer vector plus remainder iterations
      // than 16 (ties to the narrower; not interleaved, which would double them again).
      if (!reduction && stride <= 4) {
        auto iterations = [&](int64_t vf) { return s.extent / vf + s.extent % vf; };
        int64_t best = 16;
        for (int64_t vf : {8, 4})
          if (iterations(vf) <= iterations(best)) best = vf;
        if (best != 16) {
          hint("llvm.loop.vectorize.width", b_.getInt32(static_cast<uint32_t>(best)));
          hint("llvm.loop.interleave.count", b_.getInt32(1));
        }
      }
    } else if (s.extent >= 8 && (tail || reduction || shortRow)) {
      if (tail) hint("llvm.loop.vectorize.predicate.enable", b_.getTrue());
    } else {
      return nullptr;
    }
    hint("llvm.loop.unroll.disable", nullptr);
    llvm::MDNode* loopId = llvm::MDNode::getDistinct(c, ops);
    loopId->replaceOperandWith(0, loopId);
    return loopId;
  }

  void emitStmt(const loops::Stmt& s) {
    if (s.kind == loops::Stmt::Kind::Assign) {
      b_.CreateStore(emitExpr(*s.value), regs_.at(s.var));
      return;
    }
    if (s.kind == loops::Stmt::Kind::Check) {
      // if (!ok && status[0] == 0) status = {check + 1, index, detail}: a cold branch.
      llvm::Value* ok = emitExpr(*s.value);
      llvm::BasicBlock* fail = llvm::BasicBlock::Create(ctx_, "check.fail", fn_);
      llvm::BasicBlock* record = llvm::BasicBlock::Create(ctx_, "check.record", fn_);
      llvm::BasicBlock* cont = llvm::BasicBlock::Create(ctx_, "check.ok", fn_);
      llvm::MDBuilder md(ctx_);
      b_.CreateCondBr(ok, cont, fail, md.createBranchWeights(1u << 20, 1));
      b_.SetInsertPoint(fail);
      llvm::Value* status = bufferPtr(p_.status);
      llvm::Value* first = b_.CreateICmpEQ(tag(b_.CreateLoad(b_.getInt64Ty(), status), p_.status), b_.getInt64(0));
      b_.CreateCondBr(first, record, cont);
      b_.SetInsertPoint(record);
      tag(b_.CreateStore(b_.getInt64(s.check + 1), status), p_.status);
      tag(b_.CreateStore(emitExpr(*s.index), b_.CreateConstInBoundsGEP1_64(b_.getInt64Ty(), status, 1)), p_.status);
      tag(b_.CreateStore(emitExpr(*s.detail), b_.CreateConstInBoundsGEP1_64(b_.getInt64Ty(), status, 2)), p_.status);
      b_.CreateBr(cont);
      b_.SetInsertPoint(cont);
      return;
    }
    if (s.kind == loops::Stmt::Kind::Store) {
      llvm::Value* v = emitExpr(*s.value);
      llvm::Type* t = typeOf(p_.buffers[s.buffer].type);
      llvm::Value* addr = b_.CreateInBoundsGEP(t, bufferPtr(s.buffer), emitExpr(*s.index));
      tag(b_.CreateStore(v, addr), s.buffer);
      return;
    }
    // for var in 0..extent (extent >= 1): a rotated loop. The split loop runs [begin, end) of
    // it instead (the executor passes a non-empty range inside 0..extent).
    const bool split = s.var == splitVar_;
    llvm::BasicBlock* pre = b_.GetInsertBlock();
    llvm::BasicBlock* body = llvm::BasicBlock::Create(ctx_, "loop.i" + std::to_string(s.var), fn_);
    llvm::BasicBlock* exit = llvm::BasicBlock::Create(ctx_, "exit.i" + std::to_string(s.var), fn_);
    b_.CreateBr(body);
    b_.SetInsertPoint(body);
    llvm::PHINode* iv = b_.CreatePHI(b_.getInt64Ty(), 2, "i" + std::to_string(s.var));
    iv->addIncoming(split ? splitBegin_ : b_.getInt64(0), pre);
    vars_[s.var] = iv;
    for (const auto& inner : s.body) emitStmt(*inner);
    llvm::Value* next = b_.CreateAdd(iv, b_.getInt64(1), "", true, true);
    iv->addIncoming(next, b_.GetInsertBlock());
    llvm::BranchInst* latch = b_.CreateCondBr(b_.CreateICmpSLT(next, split ? splitEnd_ : b_.getInt64(s.extent)), body, exit);
    if (innermost(s)) latch->setMetadata(llvm::LLVMContext::MD_loop, innermostLoopHints(s));
    b_.SetInsertPoint(exit);
  }

  // --- float32 exp, log, tanh and Φ as straight-line IR: the loop vectoriser widens them (calls to
  // libm's expf / logf / tanhf / erfcf stay scalar). exp, log and tanh: Cephes' polynomials
  // (relative error ~1e-7); Φ: a fitted one (phiF32). NaN propagates; exp(x) is 0 below -87.3
  // and +inf above 88.72.
  llvm::Value* f(double v) { return llvm::ConstantFP::get(b_.getFloatTy(), v); }
  // Horner's rule with fused multiply-adds where the target has them (llvm.fmuladd: one
  // rounding instead of two, half the instructions).
  llvm::Value* poly(llvm::Value* x, std::initializer_list<double> coefficients) {  // highest first
    llvm::Value* acc = nullptr;
    for (double c : coefficients)
      acc = acc ? b_.CreateIntrinsic(llvm::Intrinsic::fmuladd, {b_.getFloatTy()}, {acc, x, f(c)}) : f(c);
    return acc;
  }
  llvm::Value* expF32(llvm::Value* x) {
    llvm::Value* lo = b_.CreateFCmpOLT(x, f(-87.3)), *hi = b_.CreateFCmpOGT(x, f(88.72));
    llvm::Value* c = b_.CreateSelect(lo, f(-87.3), b_.CreateSelect(hi, f(88.72), x));
    llvm::Value* n = b_.CreateUnaryIntrinsic(llvm::Intrinsic::floor, b_.CreateFAdd(b_.CreateFMul(c, f(1.44269504088896341)), f(0.5)));
    llvm::Value* r = b_.CreateFAdd(b_.CreateFSub(c, b_.CreateFMul(n, f(0.693359375))), b_.CreateFMul(n, f(2.12194440e-4)));
    llvm::Value* p = poly(r, {1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1});
    llvm::Value* y = b_.CreateFAdd(b_.CreateFAdd(b_.CreateFMul(p, b_.CreateFMul(r, r)), r), f(1.0));
    // y 2^n as (2 y) 2^(n-1): n - 1 + 127 in the exponent bits (the clamp keeps n in [-126, 128],
    // so 2^(n-1) is a normal float or, at the bottom, 0 — float's denormal range, flushed).
    llvm::Value* bits = b_.CreateShl(b_.CreateAdd(b_.CreateFPToSI(n, b_.getInt32Ty()), b_.getInt32(126)), 23);
    llvm::Value* e = b_.CreateFMul(b_.CreateFMul(y, f(2.0)), b_.CreateBitCast(bits, b_.getFloatTy()));
    return b_.CreateSelect(lo, f(0.0), b_.CreateSelect(hi, f(INFINITY), e));
  }
  // ln x: Cephes' logf (relative error ~1e-7). x = m 2^e with m in [sqrt(1/2), sqrt(2)) from the
  // bits, ln(1 + (m - 1)) by a polynomial, plus e ln 2 in two parts. Below float's smallest
  // normal (denormals are flushed in compiled steps, 0 included) -inf; negative or NaN: NaN;
  // +inf: +inf.
  llvm::Value* logF32(llvm::Value* x) {
    llvm::Value* bits = b_.CreateBitCast(x, b_.getInt32Ty());
    llvm::Value* e = b_.CreateSub(b_.CreateAnd(b_.CreateLShr(bits, 23), b_.getInt32(0xff)), b_.getInt32(126));  // x = m 2^e, m in [0.5, 1)
    llvm::Value* m = b_.CreateBitCast(b_.CreateOr(b_.CreateAnd(bits, b_.getInt32(0x007fffff)), b_.getInt32(0x3f000000)), b_.getFloatTy());
    llvm::Value* low = b_.CreateFCmpOLT(m, f(0.707106781186547524));
    llvm::Value* ef = b_.CreateSIToFP(b_.CreateSub(e, b_.CreateZExt(low, b_.getInt32Ty())), b_.getFloatTy());
    llvm::Value* r = b_.CreateFSub(b_.CreateSelect(low, b_.CreateFAdd(m, m), m), f(1.0));  // in [sqrt(1/2) - 1, sqrt(2) - 1)
    llvm::Value* z = b_.CreateFMul(r, r);
    llvm::Value* p = poly(r, {7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1,
                              2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1});
    llvm::Value* y = b_.CreateFMul(b_.CreateFMul(p, r), z);
    y = b_.CreateFAdd(y, b_.CreateFMul(ef, f(-2.12194440e-4)));
    y = b_.CreateFSub(y, b_.CreateFMul(z, f(0.5)));
    llvm::Value* result = b_.CreateFAdd(b_.CreateFAdd(r, y), b_.CreateFMul(ef, f(0.693359375)));
    result = b_.CreateSelect(b_.CreateFCmpOEQ(x, f(INFINITY)), f(INFINITY), result);
    result = b_.CreateSelect(b_.CreateFCmpOLT(x, f(1.17549435e-38)), f(-INFINITY), result);
    return b_.CreateSelect(b_.CreateFCmpULT(x, f(0.0)), f(NAN), result);  // negative or NaN
  }
  llvm::Value* tanhF32(llvm::Value* x) {
    llvm::Value* a = b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, x);
    llvm::Value* z = b_.CreateFMul(x, x);
    llvm::Value* small =
        b_.CreateFAdd(b_.CreateFMul(b_.CreateFMul(poly(z, {-5.70498872745e-3, 2.06390887954e-2, -5.37397155531e-2, 1.33314422036e-1, -3.33332819422e-1}), z), x), x);
    llvm::Value* big = b_.CreateFSub(f(1.0), b_.CreateFDiv(f(2.0), b_.CreateFAdd(expF32(b_.CreateFMul(a, f(2.0))), f(1.0))));
    big = b_.CreateBinaryIntrinsic(llvm::Intrinsic::copysign, big, x);
    return b_.CreateSelect(b_.CreateFCmpOLT(a, f(0.625)), small, b_.CreateSelect(b_.CreateFCmpUNO(x, x), x, big));
  }
  // Φ(x), the standard normal CDF (gelu's x Φ(x)), as erfc(|x|/√2)/2 below 0 and 1 - that
  // above: no 1 + erf(x/√2) cancelling in the lower tail, so relative accuracy there too. With
  // z = |x|/√2 and t = 1/(1 + 0.4 z), erfc(z) = exp(-z²) R(t), R a degree-9 polynomial fitted by
  // reweighted least squares to erfc(z) e^{z²} on z in [0, 9.5] (relative error < 2.8e-8; beyond
  // 9.5, exp(-z²) is 0 in float). exp(-z²) is computed as exp((x x) (-0.5)), the very expression
  // of φ(x) in gelu's derivative, so a kernel holding both (derivative saving) evaluates one exp.
  // Measured against double erfc on 2·10⁶ points of [-95, 95]: gelu within (2e-6 + 6e-8 x²)
  // relative (test_llvm; the x² term is exp's argument x²/2 rounding in float), Φ within 4e-6
  // relative down to 1e-30.
  llvm::Value* phiF32(llvm::Value* x) {
    llvm::Value* z = b_.CreateFMul(b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, x), f(0.70710678118654752));
    llvm::Value* t = b_.CreateFDiv(f(1.0), b_.CreateIntrinsic(llvm::Intrinsic::fmuladd, {b_.getFloatTy()}, {z, f(0.4), f(1.0)}));
    llvm::Value* r = poly(t, {0.026942653519112403, -0.065363363891173198, -0.085423933437231162, 0.30431716483908761, -0.091901585854103754,
                              0.28094921163869768, 0.17323383978653095, 0.23223603638257057, 0.22497831864489948, 3.1685555943683497e-05});
    llvm::Value* e = expF32(b_.CreateFMul(b_.CreateFMul(x, x), f(-0.5)));
    llvm::Value* half = b_.CreateFMul(f(0.5), b_.CreateFMul(r, e));  // erfc(z) / 2
    return b_.CreateSelect(b_.CreateFCmpOLE(x, f(0.0)), half, b_.CreateFSub(f(1.0), half));  // NaN: 1 - NaN
  }
  // Φ(x) in double: erfc(-x/√2)/2 from libm.
  llvm::Value* phiF64(llvm::Value* x) {
    llvm::Type* f64 = b_.getDoubleTy();
    llvm::Value* arg = b_.CreateFMul(x, llvm::ConstantFP::get(f64, -0.70710678118654752440));
    return b_.CreateFMul(llvm::ConstantFP::get(f64, 0.5), libm("erfc", loops::Type::f64, arg));
  }

  llvm::Value* libm(const std::string& name, loops::Type t, llvm::Value* x) {
    std::string symbol = t == loops::Type::f32 ? name + "f" : name;
    llvm::Type* ty = typeOf(t);
    llvm::FunctionCallee f = module_->getOrInsertFunction(symbol, llvm::FunctionType::get(ty, {ty}, false));
    if (auto* fn = llvm::dyn_cast<llvm::Function>(f.getCallee())) {
      fn->setDoesNotThrow();
      fn->setOnlyAccessesInaccessibleMemOrArgMem();
    }
    return b_.CreateCall(f, {x});
  }

  llvm::Value* emitExpr(const loops::Expr& e) {
    using K = loops::Expr::Kind;
    switch (e.kind) {
      case K::Int: return b_.getInt64(e.i);
      case K::Float: return llvm::ConstantFP::get(typeOf(e.type), e.f);
      case K::Var: return vars_.at(e.var);
      case K::Reg: return b_.CreateLoad(typeOf(e.type), regs_.at(e.var));
      case K::Load: {
        llvm::Type* t = typeOf(e.type);
        return tag(b_.CreateLoad(t, b_.CreateInBoundsGEP(t, bufferPtr(e.buffer), emitExpr(*e.a))), e.buffer);
      }
      case K::Unary: {
        llvm::Value* x = emitExpr(*e.a);
        if (e.op == "splitmix64") {  // runtime/rng.h's splitmix64, wrapping 64-bit arithmetic
          llvm::Value* v = b_.CreateAdd(x, b_.getInt64(0x9E3779B97F4A7C15ull));
          v = b_.CreateMul(b_.CreateXor(v, b_.CreateLShr(v, 30)), b_.getInt64(0xBF58476D1CE4E5B9ull));
          v = b_.CreateMul(b_.CreateXor(v, b_.CreateLShr(v, 27)), b_.getInt64(0x94D049BB133111EBull));
          return b_.CreateXor(v, b_.CreateLShr(v, 31));
        }
        if (e.op == "neg") return b_.CreateFNeg(x);
        if (e.op == "abs") return b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, x);
        const bool f32 = e.type == loops::Type::f32;
        if (e.op == "exp") return f32 ? expF32(x) : b_.CreateUnaryIntrinsic(llvm::Intrinsic::exp, x);
        if (e.op == "log") return f32 ? logF32(x) : b_.CreateUnaryIntrinsic(llvm::Intrinsic::log, x);
        if (e.op == "sqrt") return b_.CreateUnaryIntrinsic(llvm::Intrinsic::sqrt, x);
        if (e.op == "tanh" && f32) return tanhF32(x);
        if (e.op == "ncdf") return f32 ? phiF32(x) : phiF64(x);
        if (e.op == "tanh") return libm(e.op, e.type, x);
        throw InternalError("codegen: unknown unary op " + e.op);
      }
      case K::Binary: {
        llvm::Value *a = emitExpr(*e.a), *b = emitExpr(*e.b);
        const loops::Type operand = e.a->type;
        const bool isInt = operand == loops::Type::i64;
        if (e.op == "and" || e.op == "or") return e.op == "and" ? b_.CreateAnd(a, b) : b_.CreateOr(a, b);
        if (isInt) {
          if (e.op == "add") return b_.CreateAdd(a, b);
          if (e.op == "sub") return b_.CreateSub(a, b);
          if (e.op == "mul") return b_.CreateMul(a, b);
          if (e.op == "div") return b_.CreateSDiv(a, b);
          if (e.op == "rem") return b_.CreateSRem(a, b);
          if (e.op == "xor") return b_.CreateXor(a, b);
          if (e.op == "shr") return b_.CreateLShr(a, b);
          if (e.op == "max") return b_.CreateBinaryIntrinsic(llvm::Intrinsic::smax, a, b);
          if (e.op == "min") return b_.CreateBinaryIntrinsic(llvm::Intrinsic::smin, a, b);
          if (e.op == "gt") return b_.CreateICmpSGT(a, b);
          if (e.op == "lt") return b_.CreateICmpSLT(a, b);
          if (e.op == "ge") return b_.CreateICmpSGE(a, b);
          if (e.op == "le") return b_.CreateICmpSLE(a, b);
          if (e.op == "eq") return b_.CreateICmpEQ(a, b);
          if (e.op == "ne") return b_.CreateICmpNE(a, b);
          throw InternalError("codegen: unknown integer op " + e.op);
        }
        // A reduction's accumulation may be reassociated (and, for max/min, assume no NaN and
        // ignore the sign of zero): what LLVM's vectoriser needs to split it into lanes.
        llvm::IRBuilderBase::FastMathFlagGuard guard(b_);
        if (e.reassoc) {
          llvm::FastMathFlags fmf;
          fmf.setAllowReassoc();
          fmf.setNoSignedZeros();
          if (e.op != "add") fmf.setNoNaNs();
          b_.setFastMathFlags(fmf);
        }
        if (e.op == "add") return b_.CreateFAdd(a, b);
        if (e.op == "sub") return b_.CreateFSub(a, b);
        if (e.op == "mul") return b_.CreateFMul(a, b);
        if (e.op == "div") return b_.CreateFDiv(a, b);
        if (e.op == "max") return b_.CreateBinaryIntrinsic(llvm::Intrinsic::maxnum, a, b);
        if (e.op == "min") return b_.CreateBinaryIntrinsic(llvm::Intrinsic::minnum, a, b);
        if (e.op == "gt") return b_.CreateFCmpOGT(a, b);
        if (e.op == "lt") return b_.CreateFCmpOLT(a, b);
        if (e.op == "ge") return b_.CreateFCmpOGE(a, b);
        if (e.op == "le") return b_.CreateFCmpOLE(a, b);
        if (e.op == "eq") return b_.CreateFCmpOEQ(a, b);
        if (e.op == "ne") return b_.CreateFCmpUNE(a, b);
        throw InternalError("codegen: unknown binary op " + e.op);
      }
      case K::Select: return b_.CreateSelect(emitExpr(*e.a), emitExpr(*e.b), emitExpr(*e.c));
    }
    throw InternalError("codegen: unknown expression");
  }

  const loops::Program& p_;
  llvm::LLVMContext& ctx_;
  llvm::IRBuilder<> b_;
  llvm::Module* module_;
  const CodegenOptions& opts_;
  std::string prefix_;
  llvm::Function* fn_ = nullptr;
  llvm::Value* bufferArray_ = nullptr;
  int splitVar_ = -1;                                            // the kernel's split loop
  llvm::Value *splitBegin_ = nullptr, *splitEnd_ = nullptr;      // and its range (arguments)
  std::map<int, llvm::Value*> buffers_;
  std::vector<llvm::Value*> vars_;
  std::vector<llvm::AllocaInst*> regs_;
  std::map<int, llvm::MDNode*> scope_, noalias_;  // per memory of the kernel being emitted
};

void optimise(llvm::Module& m, llvm::TargetMachine* tm, int level) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb(tm);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::OptimizationLevel ol = level >= 3 ? llvm::OptimizationLevel::O3 : level == 2 ? llvm::OptimizationLevel::O2
                                           : level == 1 ? llvm::OptimizationLevel::O1 : llvm::OptimizationLevel::O0;
  if (level == 0) return;
  llvm::ModulePassManager mpm = pb.buildPerModuleDefaultPipeline(ol);
  mpm.run(m, mam);
}

std::string moduleText(const llvm::Module& m) {
  std::string s;
  llvm::raw_string_ostream os(s);
  m.print(os, nullptr);
  return os.str();
}

void verify(const llvm::Module& m) {
  std::string err;
  llvm::raw_string_ostream os(err);
  if (llvm::verifyModule(m, &os)) throw InternalError("LLVM: generated module does not verify: " + os.str());
}

// What the JIT, the dumps and the AOT object share: one module holding the kernels of
// `programs` (each with its symbol prefix), verified, and, when `optimised`, given the target's
// data layout and run through the pipeline at opts.optLevel. `tm` is the target machine used.
struct BuiltModule {
  std::unique_ptr<llvm::TargetMachine> tm;
  std::unique_ptr<llvm::Module> module;
  std::vector<std::vector<llvm::Function*>> kernels;  // per program, in the order of its kernels
};

BuiltModule buildModule(llvm::LLVMContext& ctx, const std::string& name,
                        const std::vector<std::pair<const loops::Program*, std::string>>& programs, const CodegenOptions& opts,
                        bool optimised) {
  initialiseLLVM();
  BuiltModule b;
  b.module = std::make_unique<llvm::Module>(name, ctx);
  b.module->setTargetTriple(llvm::sys::getProcessTriple());
  for (const auto& [p, prefix] : programs) b.kernels.push_back(Emitter(*p, *b.module, opts, prefix).emit());
  verify(*b.module);
  if (optimised) {
    b.tm = targetMachine(opts);
    b.module->setDataLayout(b.tm->createDataLayout());
    optimise(*b.module, b.tm.get(), opts.optLevel);
  }
  return b;
}

// Machine code of a finished module: assembly text or a relocatable object.
std::string emitFile(llvm::Module& m, llvm::TargetMachine& tm, llvm::CodeGenFileType type) {
  llvm::SmallString<0> buffer;
  llvm::raw_svector_ostream os(buffer);
  llvm::legacy::PassManager pm;
  if (tm.addPassesToEmitFile(pm, os, nullptr, type)) throw InternalError("LLVM: the target cannot emit this file type");
  pm.run(m);
  return std::string(buffer.str());
}

// A private constant C string; returns a pointer to its first byte.
llvm::Constant* cString(llvm::Module& m, const std::string& s, const std::string& name) {
  llvm::Constant* data = llvm::ConstantDataArray::getString(m.getContext(), s, true);
  auto* gv = new llvm::GlobalVariable(m, data->getType(), true, llvm::GlobalValue::PrivateLinkage, data, name);
  gv->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
  gv->setAlignment(llvm::Align(1));
  return gv;
}

// The registry runtime/aot.h declares, as LLVM constants (the struct layouts must match):
//   sinter_aot_program  { ptr fingerprint, ptr label, i64 num_kernels, ptr kernels }
//   sinter_aot_registry { i64 abi, ptr model, ptr spec_path, ptr spec_dir, ptr spec_text,
//                         ptr bindings, ptr cpu, i64 num_programs, ptr programs }
void emitRegistry(llvm::Module& m, const AotImage& image, const std::vector<std::vector<llvm::Function*>>& kernels) {
  llvm::LLVMContext& ctx = m.getContext();
  llvm::Type* ptr = llvm::PointerType::get(ctx, 0);
  llvm::Type* i64 = llvm::Type::getInt64Ty(ctx);
  auto* programType = llvm::StructType::create(ctx, {ptr, ptr, i64, ptr}, "sinter_aot_program");
  auto* registryType = llvm::StructType::create(ctx, {i64, ptr, ptr, ptr, ptr, ptr, ptr, i64, ptr}, "sinter_aot_registry");
  std::vector<llvm::Constant*> programs;
  for (size_t p = 0; p < image.programs.size(); ++p) {
    std::vector<llvm::Constant*> fns(kernels[p].begin(), kernels[p].end());
    auto* arrayType = llvm::ArrayType::get(ptr, fns.size());
    auto* table = new llvm::GlobalVariable(m, arrayType, true, llvm::GlobalValue::PrivateLinkage, llvm::ConstantArray::get(arrayType, fns),
                                           "sinter_aot_p" + std::to_string(p) + "_kernels");
    const std::string tag = "sinter_aot_p" + std::to_string(p);
    programs.push_back(llvm::ConstantStruct::get(programType, {cString(m, image.programs[p].fingerprint, tag + "_fingerprint"),
                                                               cString(m, image.programs[p].label, tag + "_label"),
                                                               llvm::ConstantInt::get(i64, fns.size()), table}));
  }
  auto* programsType = llvm::ArrayType::get(programType, programs.size());
  auto* programArray = new llvm::GlobalVariable(m, programsType, true, llvm::GlobalValue::PrivateLinkage,
                                                llvm::ConstantArray::get(programsType, programs), "sinter_aot_programs");
  llvm::Constant* registry = llvm::ConstantStruct::get(
      registryType, {llvm::ConstantInt::get(i64, image.abi), cString(m, image.model, "sinter_aot_model"),
                     cString(m, image.specPath, "sinter_aot_spec_path"), cString(m, image.specDir, "sinter_aot_spec_dir"),
                     cString(m, image.specText, "sinter_aot_spec_text"), cString(m, image.bindings, "sinter_aot_bindings"),
                     cString(m, image.cpu, "sinter_aot_cpu"), llvm::ConstantInt::get(i64, programs.size()), programArray});
  new llvm::GlobalVariable(m, registryType, true, llvm::GlobalValue::ExternalLinkage, registry, "sinter_aot_registry");
}

}  // namespace

struct JitProgram::Impl {
  std::unique_ptr<llvm::orc::LLJIT> jit;
};

JitProgram::~JitProgram() = default;

std::unique_ptr<JitProgram> JitProgram::compile(const loops::Program& p, const CodegenOptions& opts) {
  auto start = std::chrono::steady_clock::now();
  auto ctx = std::make_unique<llvm::LLVMContext>();
  BuiltModule built = buildModule(*ctx, p.name, {{&p, ""}}, opts, true);
  std::unique_ptr<llvm::Module> m = std::move(built.module);

  auto jtmb = check(llvm::orc::JITTargetMachineBuilder::detectHost(), "detecting the host");
  if (!opts.cpu.empty()) jtmb.setCPU(opts.cpu);
  jtmb.setCodeGenOptLevel(llvm::CodeGenOpt::Aggressive);
  auto jit = check(llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(jtmb)).create(), "creating the JIT");
  jit->getMainJITDylib().addGenerator(check(llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
                                                jit->getDataLayout().getGlobalPrefix()),
                                            "resolving process symbols"));
  m->setDataLayout(jit->getDataLayout());
  if (auto err = jit->addIRModule(llvm::orc::ThreadSafeModule(std::move(m), std::move(ctx))))
    throw InternalError("LLVM: adding the module: " + errorText(std::move(err)));

  std::unique_ptr<JitProgram> out(new JitProgram());
  for (const loops::Kernel& k : p.kernels)
    out->kernels_.push_back(check(jit->lookup(k.name), "looking up " + k.name).toPtr<KernelFn>());
  out->impl_ = std::make_unique<Impl>();
  out->impl_->jit = std::move(jit);
  out->compileMs_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return out;
}

std::string emitLLVM(const loops::Program& p, bool optimised, const CodegenOptions& opts) {
  llvm::LLVMContext ctx;
  return moduleText(*buildModule(ctx, p.name, {{&p, ""}}, opts, optimised).module);
}

std::string emitAssembly(const loops::Program& p, const CodegenOptions& opts) {
  llvm::LLVMContext ctx;
  BuiltModule built = buildModule(ctx, p.name, {{&p, ""}}, opts, true);
  return emitFile(*built.module, *built.tm, llvm::CGFT_AssemblyFile);
}

std::string emitObject(const AotImage& image, const CodegenOptions& opts) {
  llvm::LLVMContext ctx;
  std::vector<std::pair<const loops::Program*, std::string>> programs;
  for (size_t p = 0; p < image.programs.size(); ++p)
    programs.push_back({image.programs[p].program, "sinter_aot_p" + std::to_string(p) + "_"});
  BuiltModule built = buildModule(ctx, image.model, programs, opts, true);
  emitRegistry(*built.module, image, built.kernels);
  verify(*built.module);
  return emitFile(*built.module, *built.tm, llvm::CGFT_ObjectFile);
}

}  // namespace sinter::llvmgen
