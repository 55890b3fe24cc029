#include "reconcilers/elbv2/elbv2_observed.h"

#include <string_view>

#include "daemon/aws/xml_to_json.h"
#include "daemon/base/json_fields.h"
#include "reconcilers/kit/ownership_tags.h"

namespace awsr::reconcilers::elbv2 {

using nlohmann::json;

namespace {

constexpr std::string_view kBalancerArnPart = ":loadbalancer/";
constexpr const char* kListenerLists[] = {"DefaultActions", "Certificates", "AlpnPolicy"};

}  // namespace

engine::ObservedResource TargetGroupFromRecord(const json& group, const std::string& region) {
  engine::ObservedResource observed;
  observed.physical_id = StringField(group, "TargetGroupArn");
  observed.identity_key = StringField(group, "TargetGroupName");
  observed.region = region;
  json properties = {{"Name", observed.identity_key}};
  for (const char* name : kTargetGroupSettings) {
    if (group.contains(name) && group[name] != "") properties[name] = group[name];
  }
  observed.properties = properties;
  json balancers = aws::AsList(group.value("LoadBalancerArns", json()));
  const std::string& arn = observed.physical_id;
  const auto full_name = arn.find("targetgroup/");
  observed.attributes = {
      {"TargetGroupArn", arn},
      {"TargetGroupName", observed.identity_key},
      {"TargetGroupFullName", full_name == std::string::npos ? "" : arn.substr(full_name)},
      {"LoadBalancerArns", balancers}};
  return observed;
}

engine::ObservedResource LoadBalancerFromRecord(const json& balancer, const std::string& region) {
  engine::ObservedResource observed;
  observed.physical_id = StringField(balancer, "LoadBalancerArn");
  observed.identity_key = StringField(balancer, "LoadBalancerName");
  observed.region = region;
  json subnets = json::array();
  for (const auto& zone : aws::AsList(balancer.value("AvailabilityZones", json())))
    subnets.push_back(StringField(zone, "SubnetId"));
  const json groups = aws::AsList(balancer.value("SecurityGroups", json()));
  observed.properties = {{"Name", observed.identity_key},
                         {"Scheme", StringField(balancer, "Scheme")},
                         {"Type", StringField(balancer, "Type")},
                         {"IpAddressType", StringField(balancer, "IpAddressType")},
                         {"Subnets", subnets},
                         {"SecurityGroups", groups}};
  const std::string& arn = observed.physical_id;
  const auto part = arn.find(kBalancerArnPart);
  observed.attributes = {
      {"CanonicalHostedZoneID", StringField(balancer, "CanonicalHostedZoneId")},
      {"DNSName", StringField(balancer, "DNSName")},
      {"LoadBalancerFullName",
       part == std::string::npos ? "" : arn.substr(part + kBalancerArnPart.size())},
      {"LoadBalancerName", observed.identity_key},
      {"SecurityGroups", groups}};
  const std::string state = StringField(balancer.value("State", json::object()), "Code");
  observed.aws_state = state;
  observed.ready = state.empty() || state == "active";
  return observed;
}

std::string ListenerKey(const json& load_balancer_arn, const json& port) {
  return (load_balancer_arn.is_string() ? load_balancer_arn.get<std::string>() : "") + "#" +
         engine::ScalarText(port).value_or("");
}

engine::ObservedResource ListenerFromRecord(const json& listener, const std::string& region) {
  engine::ObservedResource observed;
  observed.physical_id = StringField(listener, "ListenerArn");
  observed.region = region;
  json properties = json::object();
  for (const char* name : kListenerSettings) {
    if (listener.contains(name)) properties[name] = listener[name];
  }
  for (const char* name : kListenerLists) {
    if (listener.contains(name)) properties[name] = aws::AsList(listener[name]);
  }
  observed.properties = properties;
  observed.identity_key =
      ListenerKey(listener.value("LoadBalancerArn", json()), listener.value("Port", json()));
  observed.attributes = {{"ListenerArn", observed.physical_id}};
  return observed;
}

std::string RuleKey(const json& listener_arn, const json& priority) {
  return (listener_arn.is_string() ? listener_arn.get<std::string>() : "") + "#" +
         engine::ScalarText(priority).value_or("");
}

engine::ObservedResource RuleFromRecord(const std::string& listener_arn, const json& rule,
                                        const std::string& region) {
  engine::ObservedResource observed;
  observed.physical_id = StringField(rule, "RuleArn");
  observed.region = region;
  observed.properties = {{"ListenerArn", listener_arn},
                         {"Priority", rule.value("Priority", json())},
                         {"Conditions", aws::AsList(rule.value("Conditions", json()))},
                         {"Actions", aws::AsList(rule.value("Actions", json()))}};
  observed.identity_key = RuleKey(listener_arn, observed.properties["Priority"]);
  observed.attributes = {{"RuleArn", observed.physical_id}, {"IsDefault", false}};
  return observed;
}

json WithoutClientSecrets(json properties, const char* actions_property) {
  if (!properties.contains(actions_property) || !properties[actions_property].is_array())
    return properties;
  for (auto& action : properties[actions_property]) {
    if (action.is_object() && action.contains("AuthenticateOidcConfig") &&
        action["AuthenticateOidcConfig"].is_object())
      action["AuthenticateOidcConfig"].erase("ClientSecret");
  }
  return properties;
}

std::string ParentOfKey(const std::string& identity_key) {
  return identity_key.substr(0, identity_key.rfind('#'));
}

}  // namespace awsr::reconcilers::elbv2
