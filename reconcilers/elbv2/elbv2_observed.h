// ELBv2 answers as observed resources in CloudFormation's names, and the identity keys of
// listeners and rules. The answers are XML read as JSON: numbers and booleans arrive as text,
// an empty list as "" (aws::AsList), and members AWS leaves out stay unknown. Pure.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>

#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::elbv2 {

// Target group members CloudFormation and the API name alike: written at creation, read back.
// From HealthCheckEnabled on, the health check: what ModifyTargetGroup changes in place.
inline constexpr const char* kTargetGroupSettings[] = {"Port",
                                                       "Protocol",
                                                       "ProtocolVersion",
                                                       "VpcId",
                                                       "TargetType",
                                                       "IpAddressType",
                                                       "HealthCheckEnabled",
                                                       "HealthCheckPath",
                                                       "HealthCheckPort",
                                                       "HealthCheckProtocol",
                                                       "HealthCheckIntervalSeconds",
                                                       "HealthCheckTimeoutSeconds",
                                                       "HealthyThresholdCount",
                                                       "UnhealthyThresholdCount",
                                                       "Matcher"};
inline constexpr std::span<const char* const> kHealthCheckSettings =
    std::span(kTargetGroupSettings).subspan(6);
static_assert(std::string_view(kHealthCheckSettings.front()) == "HealthCheckEnabled");

// Listener members CloudFormation and the API name alike: all are sent on create, all but the
// load balancer on modify.
inline constexpr const char* kListenerSettings[] = {"LoadBalancerArn", "Port",      "Protocol",
                                                    "DefaultActions",  "SslPolicy", "Certificates",
                                                    "AlpnPolicy"};

engine::ObservedResource TargetGroupFromRecord(const nlohmann::json& group,
                                               const std::string& region);
// Not ready while AWS provisions it (State.Code "provisioning"), with that state.
engine::ObservedResource LoadBalancerFromRecord(const nlohmann::json& balancer,
                                                const std::string& region);
engine::ObservedResource ListenerFromRecord(const nlohmann::json& listener,
                                            const std::string& region);
// A rule does not name its listener: `listener_arn` is the one it was listed under.
engine::ObservedResource RuleFromRecord(const std::string& listener_arn, const nlohmann::json& rule,
                                        const std::string& region);

// `properties` with every OIDC action's ClientSecret in `actions_property` left out: AWS writes
// it and never answers it, so compared it would be a change every cycle.
nlohmann::json WithoutClientSecrets(nlohmann::json properties, const char* actions_property);

// "LOAD-BALANCER-ARN#PORT": a listener without our tags there is a look-alike.
std::string ListenerKey(const nlohmann::json& load_balancer_arn, const nlohmann::json& port);
// "LISTENER-ARN#PRIORITY", the same for rules.
std::string RuleKey(const nlohmann::json& listener_arn, const nlohmann::json& priority);
// The parent ARN of either key: the part before the last '#'.
std::string ParentOfKey(const std::string& identity_key);

}  // namespace awsr::reconcilers::elbv2
