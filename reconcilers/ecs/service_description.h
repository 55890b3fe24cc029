// An ECS service as the file describes it and as DescribeServices answers it. Pure.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "daemon/engine/diff.h"
#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::ecs {

// The cluster's name of a name or ARN ("default" when the file names none).
std::string ClusterName(const nlohmann::json& cluster);

// CreateService's parameters for the file's properties (no name, cluster or tags).
nlohmann::json ServiceParams(const nlohmann::json& properties);
// UpdateService's members for the properties the diff changes.
nlohmann::json ServiceUpdateParams(const nlohmann::json& properties, const engine::Diff& diff);

// The service as CloudFormation properties (no Tags, no Cluster: the cluster is part of the
// identity key).
nlohmann::json ServiceProperties(const nlohmann::json& service);

// Whether the service is steady, and otherwise the word for what it is doing: a deployment
// rolling out ("deploying"), or tasks still starting or stopping ("scaling").
struct ServiceProgress {
  bool steady = true;
  std::string state;
};
ServiceProgress ProgressOf(const nlohmann::json& service);

// Compares as ECS means it: subnets and security groups are sets, and a task definition named
// by family or family:revision matches the revision ECS runs.
engine::Diff CompareService(const nlohmann::json& desired, const nlohmann::json& observed);

}  // namespace awsr::reconcilers::ecs
