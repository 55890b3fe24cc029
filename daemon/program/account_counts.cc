#include "daemon/program/account_counts.h"

namespace awsr {
namespace {

std::string StateName(std::size_t state) {
  return std::string(engine::ToString(static_cast<engine::ResourceState>(state)));
}

}  // namespace

nlohmann::json CountsByAccountAndRegion(const engine::StatusCounts& counts) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [place, by_state] : counts.by_account_region) {
    const auto& [account, region] = place;
    for (std::size_t state = 0; state < by_state.desired.size(); ++state) {
      if (by_state.desired[state] > 0)
        out[account][region][StateName(state)] = by_state.desired[state];
    }
  }
  return out;
}

api::MetricFamily ResourcesByAccountMetric(const engine::StatusCounts& counts) {
  api::MetricFamily family{
      "awsreconciled_account_resources", "Resources by account, region and state.", "gauge", {}};
  for (const auto& [place, by_state] : counts.by_account_region) {
    const auto& [account, region] = place;
    for (std::size_t state = 0; state < by_state.desired.size(); ++state) {
      const std::size_t count = by_state.desired[state] + by_state.not_desired[state];
      if (count == 0) continue;
      family.samples.push_back(
          {"",
           {{"account", account}, {"region", region}, {"state", StateName(state)}},
           static_cast<double>(count)});
    }
  }
  return family;
}

}  // namespace awsr
