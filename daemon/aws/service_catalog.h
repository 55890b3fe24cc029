// What the client must know per service to speak to it: protocol, API version (query/ec2) and
// X-Amz-Target prefix (JSON). Covers the services the daemon manages; a caller can override
// each field on a request for anything else.
#pragma once

#include <string_view>

#include "daemon/aws/protocol.h"

namespace awsr::aws {

struct ServiceInfo {
  std::string_view signing_name;
  Protocol protocol;
  std::string_view api_version;    // query/ec2 "Version"; REST-JSON path prefix date
  std::string_view target_prefix;  // JSON: X-Amz-Target is "<prefix>.<Operation>"
};

// nullptr for a service not in the table.
const ServiceInfo* FindService(std::string_view signing_name);

}  // namespace awsr::aws
