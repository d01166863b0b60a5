// data.h — data sources for training and evaluation.
//
// A source produces named arrays whose first dimension indexes samples; the names are the spec's
// input names (count24 gives x and y; sparse_and gives bits and y; ...). Arrays are cast to the
// dtype each input declares. Built-in generators follow the teaching material's rules exactly
// (MODELS.md); files (.npz, directories of .npy, CSV) are read as they are.
//
// Randomness: the training split is drawn from the stream (seed, "<source>.train"), the test split
// from (seed, "<source>.test"), any shared choice (sparse_and's relevant positions) from
// (seed, "<source>.function"). Fresh-batch generators (count24 with fresh=true) draw batch k of
// training from (seed, "<source>.batch", k).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "compiler/ir/graph.h"
#include "compiler/spec/spec.h"
#include "runtime/tensor.h"

namespace sinter {

using Arrays = std::map<std::string, Tensor>;

struct DataSplits {
  Arrays train, test;  // every input of the graph, first dimension = samples
  int64_t trainSize = 0, testSize = 0;
  Arrays val;           // held out of train by carveValidation (model selection); else empty
  int64_t valSize = 0;
  // Set for generators that draw a fresh training batch every step: (batch size, step) -> batch.
  std::function<Arrays(int64_t, int64_t)> freshBatch;
  // Set for sources that augment training data: rewrites a training minibatch (a copy) in place
  // before step `step` runs it, deterministically in (seed, step). Test and validation rows are
  // never augmented.
  std::function<void(Arrays&, int64_t)> augment;
  std::map<std::string, std::string> info;  // facts worth reporting (e.g. sparse_and's positions)
  std::map<std::string, std::string> files; // files the trainer writes into its out dir (imdb: vocab.txt)
};

// Loads or generates the data the spec's recipe names, shaped for the inputs of `g` (whose
// batch dimension is the first). `specDir` resolves relative file paths. UserError on a source
// that does not provide an input, on unreadable files, or on shapes that do not fit.
DataSplits loadData(const CallSpec& source, const Graph& g, uint64_t seed, const std::string& specDir);

// Moves a seeded random `fraction` (0 < fraction < 1) of the training rows into `val`: the
// validation split that picks the best epoch, so the test split is looked at once. UserError for
// generators that draw fresh training batches (no fixed training set to carve).
void carveValidation(DataSplits& data, double fraction, uint64_t seed, const CallSpec& source);

// Rows `rows` of every array (a minibatch).
Arrays takeRows(const Arrays& arrays, const std::vector<int64_t>& rows);

// The generators, also used by tests and `sinter run`.
Arrays generateCount24(int64_t n, int64_t length, uint64_t seed, const std::string& stream);
Arrays generateAttentionClusters(int64_t items, int64_t keyDim, int64_t valueDim, int64_t cluster, uint64_t seed);
struct SparseAnd {
  std::vector<int64_t> relevant;  // sorted positions
  Arrays train, test;
  int tries = 0;                  // draws needed for the training set
};
SparseAnd generateSparseAnd(int64_t bits, int64_t k, int64_t nTrain, int64_t nTest, uint64_t seed);

}  // namespace sinter
