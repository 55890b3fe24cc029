// Resource counts broken down by account and region, for /v1/status and /metrics: with files
// for many accounts, "3 in Error" alone does not say where to look.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "api/metrics.h"
#include "config/document.h"
#include "daemon/engine/status_store.h"

namespace awsr {

// {"123456789012": {"us-east-1": {"Ready": 3, "Error": 1}}} over the resources in force. A
// resource not planned yet (its account unknown) counts under "".
nlohmann::json CountsByAccountAndRegion(
    const engine::StatusStore& store, const std::map<std::string, config::ResourceDecl>& in_force);

// awsreconciled_account_resources{account, region, state}: every resource the store knows.
api::MetricFamily ResourcesByAccountMetric(const engine::StatusStore& store);

}  // namespace awsr
