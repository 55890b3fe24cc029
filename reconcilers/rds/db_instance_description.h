// AWS::RDS::DBInstance in CloudFormation's terms: a DescribeDBInstances record as observed
// properties, and the file's properties as CreateDBInstance and ModifyDBInstance parameters.
// Pure.
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "daemon/base/error.h"
#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::rds {

// One DBInstance record. Not ready unless `available`; values waiting in
// PendingModifiedValues are what it will have, so they are not sent again.
engine::ObservedResource InstanceFromRecord(const nlohmann::json& record,
                                            const std::string& region);

// CreateDBInstance's parameters (without Tags) from properties whose dynamic references are
// already resolved; an invalid-spec error naming a property this type cannot create with.
Result<nlohmann::json> CreateInstanceParams(const engine::DesiredResource& desired,
                                            const nlohmann::json& properties);

// ModifyDBInstance's parameters for the changed top-level `properties` (ApplyImmediately);
// an invalid-spec error for a property that cannot change in place.
Result<nlohmann::json> ModifyInstanceParams(const std::string& identifier,
                                            const nlohmann::json& properties,
                                            const std::set<std::string>& changed);

}  // namespace awsr::reconcilers::rds
