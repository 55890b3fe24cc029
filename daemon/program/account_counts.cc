#include "daemon/program/account_counts.h"

#include <tuple>

namespace awsr {

nlohmann::json CountsByAccountAndRegion(
    const engine::StatusStore& store, const std::map<std::string, config::ResourceDecl>& in_force) {
  nlohmann::json counts = nlohmann::json::object();
  for (const auto& [id, status] : store.All()) {
    if (!in_force.contains(id)) continue;
    auto& count =
        counts[status.account][status.region][std::string(engine::ToString(status.state))];
    count = count.is_null() ? 1 : count.get<int>() + 1;
  }
  return counts;
}

api::MetricFamily ResourcesByAccountMetric(const engine::StatusStore& store) {
  api::MetricFamily family{
      "awsreconciled_account_resources", "Resources by account, region and state.", "gauge", {}};
  std::map<std::tuple<std::string, std::string, std::string>, double> counts;
  for (const auto& [id, status] : store.All()) {
    ++counts[{status.account, status.region, std::string(engine::ToString(status.state))}];
  }
  for (const auto& [key, count] : counts) {
    const auto& [account, region, state] = key;
    family.samples.push_back(
        {"", {{"account", account}, {"region", region}, {"state", state}}, count});
  }
  return family;
}

}  // namespace awsr
