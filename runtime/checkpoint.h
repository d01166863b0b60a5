// checkpoint.h — safetensors files.
//
// Format (https://github.com/huggingface/safetensors): 8-byte little-endian header length N, an
// N-byte JSON header {"NAME": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]},
// "__metadata__": {"key": "value"}}, then the raw little-endian data. sinter writes a run's
// parameters under the spec's names (so `safetensors.torch.load_file` gives a PyTorch state_dict)
// to checkpoint.safetensors, and the optimiser's state with the step to optimizer.safetensors.
// Writes are atomic (temp file + rename).
#pragma once

#include <map>
#include <string>

#include "runtime/tensor.h"

namespace sinter {

struct SafeTensors {
  std::map<std::string, Tensor> tensors;
  std::map<std::string, std::string> metadata;
};

void writeSafeTensors(const std::string& path, const SafeTensors& st);
// UserError naming the file on anything malformed or truncated.
SafeTensors readSafeTensors(const std::string& path);

}  // namespace sinter
