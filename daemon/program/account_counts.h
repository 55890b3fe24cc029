// Resource counts broken down by account and region, for /v1/status and /metrics: with files
// for many accounts, "3 in Error" alone does not say where to look. Rendered from the counts a
// published snapshot carries (StatusStore::Publish keeps them as statuses change), so the API's
// thread never walks the engine's statuses.
#pragma once

#include <nlohmann/json.hpp>

#include "api/metrics.h"
#include "daemon/engine/status_store.h"

namespace awsr {

// {"123456789012": {"us-east-1": {"Ready": 3, "Error": 1}}} over the resources files declare.
// A resource not planned yet (its account unknown) counts under "".
nlohmann::json CountsByAccountAndRegion(const engine::StatusCounts& counts);

// awsreconciled_account_resources{account, region, state}: every status the store keeps.
api::MetricFamily ResourcesByAccountMetric(const engine::StatusCounts& counts);

}  // namespace awsr
