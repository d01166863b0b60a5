// diag.h — source locations and user-facing errors.
//
// Every mistake a user can make in a spec is reported as
//   FILE:LINE:COL: error: MESSAGE
// (1-based line and column) by throwing `UserError`. The CLI catches it, prints `what()` and
// exits with status 2. Internal invariant violations are `InternalError` (exit 1): they are our
// bugs, never the user's.
#pragma once

#include <stdexcept>
#include <string>

namespace sinter {

struct SourceLoc {
  std::string file;  // path as given on the command line; empty when unknown
  int line = 0;      // 1-based; 0 = unknown
  int col = 0;       // 1-based; 0 = unknown

  bool known() const { return line > 0; }
  std::string str() const;  // "file:line:col", or "file" when the position is unknown
};

class UserError : public std::runtime_error {
 public:
  UserError(SourceLoc loc, const std::string& message);
  const SourceLoc& loc() const { return loc_; }
  const std::string& message() const { return message_; }

 private:
  SourceLoc loc_;
  std::string message_;
};

class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

[[noreturn]] void fail(const SourceLoc& loc, const std::string& message);

// Levenshtein distance, for "did you mean" suggestions.
int editDistance(const std::string& a, const std::string& b);

// The closest candidate to `word` if it is plausibly a typo of it, else "".
template <typename Range>
std::string closestName(const std::string& word, const Range& candidates) {
  std::string best;
  int bestDist = 1 << 30;
  for (const auto& c : candidates) {
    int d = editDistance(word, std::string(c));
    if (d < bestDist) bestDist = d, best = std::string(c);
  }
  int limit = std::max<int>(2, static_cast<int>(word.size()) / 3);
  return bestDist <= limit ? best : std::string();
}

// " (did you mean 'x'?)" or "".
template <typename Range>
std::string didYouMean(const std::string& word, const Range& candidates) {
  std::string best = closestName(word, candidates);
  return best.empty() ? std::string() : " (did you mean '" + best + "'?)";
}

}  // namespace sinter
