// figures.h — sinter's pictures, one function per figure, drawn from a run directory's files.
//
// A run directory is what `sinter train --out DIR` leaves (metrics.jsonl, summary.json,
// tensors/NAME.npy) or what `sinter run --output DIR` leaves (NAME.npy). plotRun() decides which
// figures the files allow (docs/plots.md):
//   curves.png               metrics.jsonl                       loss and metrics, train and test, vs step
//   count24_attention.png    model count24: x, att.weights, values   the material's three panels
//   sparse_and_samples.png   model sparse_and*: bits, y (+ prob), data.relevant_positions
//   sparse_and_attention.png model sparse_and*: weights [B, T+1, T+1]
//   mnist_add_samples.png    model mnist_add: a, b, y, logits
//   attention_query0.png     single.weights, single              (sinter run of attention_basics)
//   attention_matrix.png     matrix.weights and/or masked.weights (+ matrix, masked)
// "model" is summary.json's; tensors are looked up as DIR/tensors/NAME.npy, then DIR/NAME.npy.
// Every PNG is written atomically into DIR.
#pragma once

#include <string>
#include <vector>

#include "runtime/json.h"
#include "runtime/tensor.h"

namespace sinter {

class RunDir {
 public:
  // Reads summary.json and metrics.jsonl when present. UserError when `dir` is not a directory
  // or one of the files is corrupt.
  static RunDir open(const std::string& dir);

  const std::string& path() const { return dir_; }
  const Json& summary() const { return summary_; }          // null when there is none
  const std::vector<Json>& metrics() const { return metrics_; }
  std::string model() const;                                 // summary's "model", or ""
  std::string dataInfo(const std::string& key) const;        // summary's "data"[key], or ""
  bool has(const std::string& tensor) const;
  std::string tensorPath(const std::string& tensor) const;   // "" when absent
  // The tensor; a UserError names the missing file and how to get it.
  Tensor tensor(const std::string& name) const;

 private:
  std::string dir_;
  Json summary_;
  std::vector<Json> metrics_;
};

// The figures. Each reads what it needs from the run, checks shapes (UserError when they do not
// fit), and writes one PNG.
void drawCurves(const RunDir& run, const std::string& png);
void drawCount24Attention(const RunDir& run, const std::string& png);
void drawSparseAndSamples(const RunDir& run, const std::string& png);
void drawSparseAndAttention(const RunDir& run, const std::string& png);
void drawMnistAddSamples(const RunDir& run, const std::string& png);
void drawAttentionQuery0(const RunDir& run, const std::string& png);
void drawAttentionMatrix(const RunDir& run, const std::string& png);

// Draws every figure the directory's files allow, into the directory; returns the PNGs written.
// UserError when the directory is missing or corrupt, or holds nothing to draw.
std::vector<std::string> plotRun(const std::string& dir);

}  // namespace sinter
