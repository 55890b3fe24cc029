#include "reconcilers/elbv2/listener_rule_conditions.h"

#include <string>

namespace awsr::reconcilers::elbv2 {
namespace {

std::size_t ValuesIn(const nlohmann::json& holder) {
  if (!holder.is_object()) return 0;
  const auto values = holder.find("Values");
  return values != holder.end() && values->is_array() ? values->size() : 0;
}

}  // namespace

std::size_t ConditionValueCount(const nlohmann::json& conditions) {
  if (!conditions.is_array()) return 0;
  std::size_t count = 0;
  for (const auto& condition : conditions) {
    if (!condition.is_object()) continue;
    count += ValuesIn(condition);
    for (const auto& [member, value] : condition.items()) {
      if (member.ends_with("Config")) count += ValuesIn(value);
    }
  }
  return count;
}

std::optional<Error> CheckConditionValues(const nlohmann::json& conditions) {
  const std::size_t count = ConditionValueCount(conditions);
  if (count <= kMaxConditionValuesPerRule) return std::nullopt;
  return MakeError(ErrorKind::kInvalidSpec,
                   "Properties/Conditions holds " + std::to_string(count) +
                       " condition values; AWS allows at most " +
                       std::to_string(kMaxConditionValuesPerRule) +
                       " in one rule (every path pattern, host, header, method, query and source "
                       "IP value counts): split them over several rules");
}

}  // namespace awsr::reconcilers::elbv2
