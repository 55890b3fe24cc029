// For types whose bulk list carries no tags (ECR repositories, log groups, S3 buckets): the
// engine reads each resource's tags as a detail within its budget (engine/detail_reads.h), so
// ObserveAll cannot tell ours from anyone's. It returns what the engine may care about — the
// resources a file names (identity keys) or the engine remembers (physical ids) — with tags
// unknown; anyone else's is never read.
#pragma once

#include <vector>

#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::kit {

std::vector<engine::ObservedResource> NamedOrRemembered(std::vector<engine::ObservedResource> all,
                                                        const engine::ObserveScope& scope);

}  // namespace awsr::reconcilers::kit
