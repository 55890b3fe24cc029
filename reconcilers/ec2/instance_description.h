// An EC2 instance between AWS's shape and CloudFormation's: reading one item of
// DescribeInstances (or RunInstances) into an observed resource, and the RunInstances
// parameters of a desired one. Pure.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::ec2 {

// The properties this reconciler launches with and compares. Others the file may set are
// neither sent nor compared (see docs/resource-types.md).
inline constexpr std::string_view kManagedInstanceProperties[] = {
    "ImageId", "InstanceType",       "KeyName", "SubnetId", "SecurityGroupIds",
    "Tags",    "IamInstanceProfile", "UserData"};

// Set on an instance the daemon stops to change its type, so that a later pass starts it again
// even if that pass finds the type already changed (a failure between modify and start).
inline constexpr std::string_view kStoppedForResizeTag = "awsreconciled:stopped-for-resize";

// One item of an instancesSet. `ready` is false while AWS moves it (pending, stopping); a
// stopped instance is ready, so a pass can act on it.
engine::ObservedResource InstanceFromDescribe(const nlohmann::json& instance,
                                              const std::string& region);

// CloudFormation's IamInstanceProfile is a profile name; AWS reports the profile's ARN
// ("arn:aws:iam::123456789012:instance-profile/path/name"). A name stays as it is.
std::string InstanceProfileName(std::string_view name_or_arn);

// Reconciler::Compare for instances. Only the managed properties count, UserData excepted: AWS
// returns it one instance at a time, so it is applied at launch and not watched.
// SecurityGroupIds is a set. An instance the daemon stopped for a type change shows
// /InstanceType as changed until it is started again, so the pass that finds it stopped acts
// even when its type is already right.
engine::Diff CompareInstance(const engine::DesiredResource& desired,
                             const engine::ObservedResource& observed);

// RunInstances for exactly one instance, idempotent through desired.client_token, tagged at
// launch.
nlohmann::json RunInstancesParams(const engine::DesiredResource& desired);

}  // namespace awsr::reconcilers::ec2
