// Logical IDs for exported resources: readable, stable for the same account, unique.
#pragma once

#include <set>
#include <string>

#include "daemon/export/account_reading.h"

namespace awsr::exporting {

// Our own logical-ID tag when the resource is ours (a daemon of this owner must find it under
// the same ID); else the Name tag or the name, in CamelCase with the type's short name after
// it ("web-servers" security group -> WebServersSecurityGroup; a listener or rule by its
// balancer's name and its port or priority: Web443Listener); else the physical ID
// ("vpc-0abc" -> Vpc0abc). Made unique against `taken` (2, 3, ... appended) and added to it.
std::string ExportLogicalId(const FoundResource& resource, bool ours, std::set<std::string>& taken);

// "web-servers" -> "WebServers": letters and digits only, each word capitalised.
std::string CamelCase(std::string_view text);

}  // namespace awsr::exporting
