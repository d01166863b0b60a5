// codegen.cpp — see codegen.h. The one place that includes LLVM.
#include "codegen/llvm/codegen.h"

#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/TargetParser/Host.h>

#include <chrono>
#include <map>
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

// Emits the kernels of a program into a module.
class Emitter {
 public:
  Emitter(const loops::Program& p, llvm::LLVMContext& ctx, const CodegenOptions& o)
      : p_(p), ctx_(ctx), b_(ctx), module_(std::make_unique<llvm::Module>(p.name, ctx)), opts_(o) {}

  std::unique_ptr<llvm::Module> emit() {
    module_->setTargetTriple(llvm::sys::getProcessTriple());
    for (const loops::Kernel& k : p_.kernels) emitKernel(k);
    std::string err;
    llvm::raw_string_ostream os(err);
    if (llvm::verifyModule(*module_, &os)) throw InternalError("LLVM: generated module does not verify: " + os.str());
    return std::move(module_);
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

  void emitKernel(const loops::Kernel& k) {
    auto* fnType = llvm::FunctionType::get(b_.getVoidTy(), {b_.getPtrTy()}, false);
    auto* fn = llvm::Function::Create(fnType, llvm::Function::ExternalLinkage, k.name, *module_);
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
    for (const auto& s : k.body) emitStmt(*s);
    b_.CreateRetVoid();
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

  void emitStmt(const loops::Stmt& s) {
    if (s.kind == loops::Stmt::Kind::Store) {
      llvm::Value* v = emitExpr(*s.value);
      llvm::Type* t = typeOf(p_.buffers[s.buffer].type);
      llvm::Value* addr = b_.CreateInBoundsGEP(t, bufferPtr(s.buffer), emitExpr(*s.index));
      b_.CreateStore(v, addr);
      return;
    }
    // for var in 0..extent (extent >= 1): a rotated loop.
    llvm::BasicBlock* pre = b_.GetInsertBlock();
    llvm::BasicBlock* body = llvm::BasicBlock::Create(ctx_, "loop.i" + std::to_string(s.var), fn_);
    llvm::BasicBlock* exit = llvm::BasicBlock::Create(ctx_, "exit.i" + std::to_string(s.var), fn_);
    b_.CreateBr(body);
    b_.SetInsertPoint(body);
    llvm::PHINode* iv = b_.CreatePHI(b_.getInt64Ty(), 2, "i" + std::to_string(s.var));
    iv->addIncoming(b_.getInt64(0), pre);
    vars_[s.var] = iv;
    for (const auto& inner : s.body) emitStmt(*inner);
    llvm::Value* next = b_.CreateAdd(iv, b_.getInt64(1), "", true, true);
    iv->addIncoming(next, b_.GetInsertBlock());
    b_.CreateCondBr(b_.CreateICmpSLT(next, b_.getInt64(s.extent)), body, exit);
    b_.SetInsertPoint(exit);
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
      case K::Load: {
        llvm::Type* t = typeOf(e.type);
        return b_.CreateLoad(t, b_.CreateInBoundsGEP(t, bufferPtr(e.buffer), emitExpr(*e.a)));
      }
      case K::Unary: {
        llvm::Value* x = emitExpr(*e.a);
        if (e.op == "neg") return b_.CreateFNeg(x);
        if (e.op == "exp") return b_.CreateUnaryIntrinsic(llvm::Intrinsic::exp, x);
        if (e.op == "log") return b_.CreateUnaryIntrinsic(llvm::Intrinsic::log, x);
        if (e.op == "sqrt") return b_.CreateUnaryIntrinsic(llvm::Intrinsic::sqrt, x);
        if (e.op == "tanh" || e.op == "erf") return libm(e.op, e.type, x);
        throw InternalError("codegen: unknown unary op " + e.op);
      }
      case K::Binary: {
        llvm::Value *a = emitExpr(*e.a), *b = emitExpr(*e.b);
        bool isInt = e.a->type == loops::Type::i64;
        if (e.op == "add") return isInt ? b_.CreateAdd(a, b) : b_.CreateFAdd(a, b);
        if (e.op == "sub") return isInt ? b_.CreateSub(a, b) : b_.CreateFSub(a, b);
        if (e.op == "mul") return isInt ? b_.CreateMul(a, b) : b_.CreateFMul(a, b);
        if (e.op == "div") return isInt ? b_.CreateSDiv(a, b) : b_.CreateFDiv(a, b);
        if (e.op == "max") return b_.CreateBinaryIntrinsic(llvm::Intrinsic::maxnum, a, b);
        if (e.op == "min") return b_.CreateBinaryIntrinsic(llvm::Intrinsic::minnum, a, b);
        if (e.op == "gt") return b_.CreateFCmpOGT(a, b);
        if (e.op == "lt") return b_.CreateFCmpOLT(a, b);
        if (e.op == "ge") return b_.CreateFCmpOGE(a, b);
        if (e.op == "le") return b_.CreateFCmpOLE(a, b);
        if (e.op == "eq") return b_.CreateFCmpOEQ(a, b);
        throw InternalError("codegen: unknown binary op " + e.op);
      }
      case K::Select: return b_.CreateSelect(emitExpr(*e.a), emitExpr(*e.b), emitExpr(*e.c));
    }
    throw InternalError("codegen: unknown expression");
  }

  const loops::Program& p_;
  llvm::LLVMContext& ctx_;
  llvm::IRBuilder<> b_;
  std::unique_ptr<llvm::Module> module_;
  const CodegenOptions& opts_;
  llvm::Function* fn_ = nullptr;
  llvm::Value* bufferArray_ = nullptr;
  std::map<int, llvm::Value*> buffers_;
  std::vector<llvm::Value*> vars_;
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

}  // namespace

struct JitProgram::Impl {
  std::unique_ptr<llvm::orc::LLJIT> jit;
};

JitProgram::~JitProgram() = default;

std::unique_ptr<JitProgram> JitProgram::compile(const loops::Program& p, const CodegenOptions& opts) {
  auto start = std::chrono::steady_clock::now();
  initialiseLLVM();
  auto ctx = std::make_unique<llvm::LLVMContext>();
  std::unique_ptr<llvm::Module> m = Emitter(p, *ctx, opts).emit();
  std::unique_ptr<llvm::TargetMachine> tm = targetMachine(opts);
  m->setDataLayout(tm->createDataLayout());
  optimise(*m, tm.get(), opts.optLevel);

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
  std::unique_ptr<llvm::Module> m = Emitter(p, ctx, opts).emit();
  if (optimised) {
    std::unique_ptr<llvm::TargetMachine> tm = targetMachine(opts);
    m->setDataLayout(tm->createDataLayout());
    optimise(*m, tm.get(), opts.optLevel);
  }
  return moduleText(*m);
}

std::string emitAssembly(const loops::Program& p, const CodegenOptions& opts) {
  llvm::LLVMContext ctx;
  std::unique_ptr<llvm::Module> m = Emitter(p, ctx, opts).emit();
  std::unique_ptr<llvm::TargetMachine> tm = targetMachine(opts);
  m->setDataLayout(tm->createDataLayout());
  optimise(*m, tm.get(), opts.optLevel);
  llvm::SmallString<0> buffer;
  llvm::raw_svector_ostream os(buffer);
  llvm::legacy::PassManager pm;
  if (tm->addPassesToEmitFile(pm, os, nullptr, llvm::CGFT_AssemblyFile))
    throw InternalError("LLVM: the target cannot emit assembly");
  pm.run(*m);
  return std::string(buffer.str());
}

}  // namespace sinter::llvmgen
