#include "daemon/aws/environment.h"

#include <unistd.h>

extern char** environ;  // NOLINT(readability-identifier-naming): POSIX name

namespace awsr::aws {

Environment Environment::FromProcess() {
  std::map<std::string, std::string> variables;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view pair(*entry);
    size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    variables.emplace(pair.substr(0, eq), pair.substr(eq + 1));
  }
  return Environment(std::move(variables));
}

std::optional<std::string> Environment::Get(std::string_view name) const {
  auto it = variables_.find(name);
  if (it == variables_.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

std::string Environment::GetOr(std::string_view name, std::string fallback) const {
  return Get(name).value_or(std::move(fallback));
}

}  // namespace awsr::aws
