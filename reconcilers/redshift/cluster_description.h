// AWS::Redshift::Cluster in CloudFormation's terms: a DescribeClusters record as observed
// properties, and the file's properties as CreateCluster and ModifyCluster parameters. Pure.
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "daemon/base/error.h"
#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::redshift {

// One Cluster record. Not ready unless `available`; IAM roles being removed are gone.
engine::ObservedResource ClusterFromRecord(const nlohmann::json& record, const std::string& region);

// CreateCluster's parameters (without Tags) from properties whose dynamic references are
// resolved; an invalid-spec error naming a property this type cannot create with.
Result<nlohmann::json> CreateClusterParams(const engine::DesiredResource& desired,
                                           const nlohmann::json& properties);

// ModifyCluster's parameters for the changed top-level `properties` other than IamRoles
// (ModifyClusterIamRoles' business); an invalid-spec error for what cannot change in place.
// A resize sends NodeType, ClusterType and NumberOfNodes together.
Result<nlohmann::json> ModifyClusterParams(const std::string& identifier,
                                           const nlohmann::json& properties,
                                           const std::set<std::string>& changed);

// ModifyClusterIamRoles' parameters that turn the `observed` properties' IamRoles into the
// `desired` ones.
nlohmann::json IamRoleChanges(const std::string& identifier, const nlohmann::json& desired,
                              const nlohmann::json& observed);

}  // namespace awsr::reconcilers::redshift
