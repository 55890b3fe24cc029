// Process environment behind a value, so credential and endpoint code is tested without setenv.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace awsr::aws {

class Environment {
 public:
  // A snapshot of this process's environment and home directory.
  static Environment FromProcess();
  // An explicit map, for tests.
  explicit Environment(const std::map<std::string, std::string>& variables = {})
      : variables_(variables.begin(), variables.end()) {}

  // The variable's value; nullopt when unset or empty (AWS tools treat empty as unset).
  std::optional<std::string> Get(std::string_view name) const;
  std::string GetOr(std::string_view name, std::string fallback) const;
  void Set(std::string name, std::string value) { variables_[std::move(name)] = std::move(value); }

 private:
  std::map<std::string, std::string, std::less<>> variables_;
};

}  // namespace awsr::aws
