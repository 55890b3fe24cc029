// Which AWS actions change something: AWS's own split of actions into reads (Describe*, Get*,
// List*, Head*, BatchGet*) and mutating actions, the split EC2's request buckets are sized by
// (defined in request_pacing.cc, which uses it). STS only hands out credentials.
#pragma once

#include <string_view>

namespace awsr::aws {

bool IsMutatingOperation(std::string_view service, std::string_view operation);

}  // namespace awsr::aws
