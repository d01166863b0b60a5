// aot.cpp — fingerprints and the executor factory over an AOT registry (see aot.h).
#include "runtime/aot.h"

#include <cstdio>

#include "compiler/support/diag.h"

namespace sinter {

std::string graphFingerprint(const Graph& g, const loops::Program& p) {
  uint64_t h = 14695981039346656037ull;  // FNV-1a 64
  auto mix = [&h](const std::string& text) {
    for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  };
  mix(printGraph(g));
  mix("\n--\n");
  mix(loops::printProgram(p));
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

ExecutorFactory aotExecutorFactory(const sinter_aot_registry_t& registry) {
  if (registry.abi != kAotAbi)
    throw InternalError("this trainer's kernels were compiled for AOT ABI " + std::to_string(registry.abi) + ", the runtime expects " +
                        std::to_string(kAotAbi) + "; recompile it with sinter compile");
  const sinter_aot_registry_t* reg = &registry;
  return [reg](const Graph& g) -> std::unique_ptr<Executor> {
    loops::Program program = loops::lower(g);
    std::string fingerprint = graphFingerprint(g, program);
    for (int64_t k = 0; k < reg->num_programs; ++k) {
      const sinter_aot_program_t& p = reg->programs[k];
      if (fingerprint != p.fingerprint) continue;
      if (p.num_kernels != static_cast<int64_t>(program.kernels.size()))
        throw InternalError("AOT program '" + std::string(p.label) + "' has " + std::to_string(p.num_kernels) + " kernels, the graph " +
                            std::to_string(program.kernels.size()));
      std::vector<ProgramExecutor::KernelFn> kernels(p.kernels, p.kernels + p.num_kernels);
      return std::make_unique<ProgramExecutor>(g, std::move(program), std::move(kernels), nullptr);
    }
    std::string compiled;
    for (int64_t k = 0; k < reg->num_programs; ++k) compiled += std::string(compiled.empty() ? "" : ", ") + reg->programs[k].label;
    std::string bindings = *reg->bindings ? std::string(" --bind ") + reg->bindings : std::string();
    fail(SourceLoc{reg->spec_path, 0, 0}, "this trainer has no compiled kernels for graph '" + g.name + "' (fingerprint " + fingerprint +
                                              "); it was compiled (sinter compile" + bindings + ") for: " + compiled +
                                              ". Use the options it was compiled with, or compile it again with the ones you need");
  };
}

std::string formatBindings(const Bindings& b) {
  std::string out;
  for (const auto& [k, v] : b) out += (out.empty() ? "" : ",") + k + "=" + std::to_string(v);
  return out;
}

Bindings parseBindings(const std::string& text) {
  Bindings b;
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string item = text.substr(start, comma - start);
    size_t eq = item.find('=');
    if (eq == std::string::npos) throw InternalError("bad AOT bindings '" + text + "'");
    b[item.substr(0, eq)] = std::stoll(item.substr(eq + 1));
    start = comma + 1;
  }
  return b;
}

}  // namespace sinter
