#include "reconcilers/ec2/instance_description.h"

#include "daemon/aws/xml_to_json.h"
#include "reconcilers/ec2/ec2_calls.h"
#include "reconcilers/ec2/ec2_tags.h"

namespace awsr::reconcilers::ec2 {

using nlohmann::json;

std::string InstanceProfileName(std::string_view name_or_arn) {
  if (!name_or_arn.starts_with("arn:")) return std::string(name_or_arn);
  return std::string(name_or_arn.substr(name_or_arn.rfind('/') + 1));
}

engine::ObservedResource InstanceFromDescribe(const json& instance, const std::string& region) {
  engine::ObservedResource observed;
  observed.physical_id = StringField(instance, "instanceId");
  observed.tags = ReadTagSet(instance.value("tagSet", json()));
  observed.identity_key = observed.Tag(engine::kLogicalIdTag);
  json group_ids = json::array();
  for (const auto& group : aws::AsList(instance.value("groupSet", json()))) {
    group_ids.push_back(StringField(group, "groupId"));
  }
  // DescribeInstances leaves out what an instance does not have: null says "none" (absent
  // would mean unknown, engine/diff.h).
  const std::string key = StringField(instance, "keyName");
  const std::string arn = StringField(instance.value("iamInstanceProfile", json::object()), "arn");
  observed.properties = {
      {"ImageId", StringField(instance, "imageId")},
      {"InstanceType", StringField(instance, "instanceType")},
      {"SubnetId", StringField(instance, "subnetId")},
      {"SecurityGroupIds", std::move(group_ids)},
      {"Tags", kit::UserTags(observed.tags)},
      {"KeyName", key.empty() ? json() : json(key)},
      {"IamInstanceProfile", arn.empty() ? json() : json(InstanceProfileName(arn))}};
  const json placement = instance.value("placement", json::object());
  observed.attributes = {{"AvailabilityZone", StringField(placement, "availabilityZone")},
                         {"PrivateIp", StringField(instance, "privateIpAddress")},
                         {"PrivateDnsName", StringField(instance, "privateDnsName")},
                         {"PublicDnsName", StringField(instance, "dnsName")}};
  // Only an instance with a public address has the attribute: a reference to it waits.
  if (const std::string public_ip = StringField(instance, "ipAddress"); !public_ip.empty()) {
    observed.attributes["PublicIp"] = public_ip;
  }
  observed.aws_state = StringField(instance.value("instanceState", json::object()), "name");
  observed.ready = observed.aws_state == "running" || observed.aws_state == "stopped";
  observed.region = region;
  return observed;
}

json RunInstancesParams(const engine::DesiredResource& desired) {
  const json& properties = desired.properties;
  json params = {{"ImageId", StringField(properties, "ImageId")},
                 {"MinCount", 1},
                 {"MaxCount", 1},
                 {"ClientToken", desired.client_token},
                 {"TagSpecification", TagSpecifications("instance", desired)}};
  for (const char* member : {"InstanceType", "KeyName", "SubnetId", "UserData"}) {
    if (const std::string value = StringField(properties, member); !value.empty()) {
      params[member] = value;
    }
  }
  if (const auto groups = properties.find("SecurityGroupIds");
      groups != properties.end() && groups->is_array() && !groups->empty()) {
    params["SecurityGroupId"] = *groups;
  }
  if (const std::string profile = StringField(properties, "IamInstanceProfile"); !profile.empty()) {
    params["IamInstanceProfile"] =
        profile.starts_with("arn:") ? json{{"Arn", profile}} : json{{"Name", profile}};
  }
  return params;
}

engine::Diff CompareInstance(const engine::DesiredResource& desired,
                             const engine::ObservedResource& observed) {
  json wanted = json::object();
  for (std::string_view property : kManagedInstanceProperties) {
    const auto found = desired.properties.find(std::string(property));
    if (found != desired.properties.end() && property != "UserData")
      wanted[std::string(property)] = *found;
  }
  if (wanted.contains("IamInstanceProfile") && wanted["IamInstanceProfile"].is_string()) {
    wanted["IamInstanceProfile"] =
        InstanceProfileName(wanted["IamInstanceProfile"].get<std::string>());
  }
  engine::DiffRules rules;
  rules.set_properties = {"SecurityGroupIds"};
  engine::Diff diff = engine::DiffProperties(wanted, observed.properties, rules);
  if (observed.tags.contains(kStoppedForResizeTag) &&
      wanted.contains("InstanceType") && !diff.Touches("/InstanceType")) {
    diff.changes.push_back(engine::Change{"/InstanceType", wanted["InstanceType"],
                                          observed.aws_state.str() + " for a type change", false});
  }
  return diff;
}

}  // namespace awsr::reconcilers::ec2
