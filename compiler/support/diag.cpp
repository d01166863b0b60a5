#include "compiler/support/diag.h"

#include <algorithm>
#include <vector>

namespace sinter {

std::string SourceLoc::str() const {
  std::string f = file.empty() ? std::string("<input>") : file;
  if (line <= 0) return f;
  return f + ":" + std::to_string(line) + ":" + std::to_string(col > 0 ? col : 1);
}

UserError::UserError(SourceLoc loc, const std::string& message)
    : std::runtime_error(loc.str() + ": error: " + message), loc_(std::move(loc)), message_(message) {}

void fail(const SourceLoc& loc, const std::string& message) { throw UserError(loc, message); }

int editDistance(const std::string& a, const std::string& b) {
  std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      int subst = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace sinter
