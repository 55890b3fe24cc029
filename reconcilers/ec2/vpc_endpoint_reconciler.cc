// AWS::EC2::VPCEndpoint: a gateway endpoint (S3, DynamoDB: routes in the listed route tables)
// or an interface endpoint (network interfaces in the listed subnets). EC2's tagged shape,
// created idempotently with the resource's client token; an interface endpoint is not ready
// while `pending`. Route tables, subnets, groups, private DNS and the policy change in place.
#include <algorithm>

#include "daemon/aws/xml_to_json.h"
#include "reconcilers/ec2/ec2_calls.h"
#include "reconcilers/ec2/ec2_ownership.h"
#include "reconcilers/ec2/ec2_tagged_type.h"
#include "reconcilers/ec2/ec2_types.h"

namespace awsr::reconcilers::ec2 {
namespace {

using nlohmann::json;

// The lists that change through ModifyVpcEndpoint's Add…/Remove…: file name, wire element.
struct EndpointList {
  const char* property;
  const char* element;
};
constexpr EndpointList kLists[] = {{"RouteTableIds", "RouteTableId"},
                                   {"SubnetIds", "SubnetId"},
                                   {"SecurityGroupIds", "SecurityGroupId"}};

json Strings(const json& items, const char* member) {
  json out = json::array();
  for (const auto& item : aws::AsList(items))
    out.push_back(member == nullptr ? item : json(StringField(item, member)));
  return out;
}

// A policy document as text for the wire, whether the file wrote JSON or text.
std::string PolicyText(const json& policy) {
  return policy.is_string() ? policy.get<std::string>() : policy.dump();
}

class VpcEndpointReconciler final : public Ec2TaggedType {
 public:
  explicit VpcEndpointReconciler(aws::AwsClient& client)
      : Ec2TaggedType({.type = "AWS::EC2::VPCEndpoint", .service = "ec2"},
                      {"DescribeVpcEndpoints", "vpcEndpointSet", 1000, "CreateVpcEndpoint",
                       "vpcEndpoint", "vpc-endpoint", "DeleteVpcEndpoints", "VpcEndpointId"},
                      client) {}

  // Endpoints on their way out are gone as far as the files are concerned.
  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    auto endpoints = co_await Ec2TaggedType::ObserveAll(std::move(scope));
    if (!endpoints) co_return endpoints.error();
    endpoints->EraseIf([](const engine::ObservedResource& endpoint) {
      return endpoint.aws_state == "deleting" || endpoint.aws_state == "deleted";
    });
    co_return std::move(*endpoints);
  }

  engine::Diff Compare(const engine::DesiredResource& desired,
                       const engine::ObservedResource& observed) const override {
    json wanted = desired.properties;
    if (wanted.contains("PolicyDocument") && wanted["PolicyDocument"].is_string())
      wanted["PolicyDocument"] =
          json::parse(wanted["PolicyDocument"].get<std::string>(), nullptr, false);
    engine::DiffRules rules;
    rules.set_properties = {"RouteTableIds", "SubnetIds", "SecurityGroupIds"};
    return engine::DiffProperties(wanted, observed.properties, rules);
  }

  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff diff) override {
    json params = {{"VpcEndpointId", observed.physical_id}};
    for (const auto& list : kLists) {
      if (!diff.Touches(std::string("/") + list.property)) continue;
      const json wanted = desired.properties.value(list.property, json::array());
      const json present = observed.properties.Value(list.property, json::array());
      json add = json::array();
      json remove = json::array();
      for (const auto& id : wanted)
        if (std::find(present.begin(), present.end(), id) == present.end()) add.push_back(id);
      for (const auto& id : present)
        if (std::find(wanted.begin(), wanted.end(), id) == wanted.end()) remove.push_back(id);
      if (!add.empty()) params[std::string("Add") + list.element] = add;
      if (!remove.empty()) params[std::string("Remove") + list.element] = remove;
    }
    if (diff.Touches("/PrivateDnsEnabled"))
      params["PrivateDnsEnabled"] = IsTrue(desired.properties["PrivateDnsEnabled"]);
    if (diff.Touches("/PolicyDocument"))
      params["PolicyDocument"] = PolicyText(desired.properties["PolicyDocument"]);
    const aws::CallRequest call = Ec2Call(desired.region, "ModifyVpcEndpoint", std::move(params));
    co_return co_await kit::CallForEffect(client(), call);
  }

  // DeleteVpcEndpoints answers an unknown ID in Unsuccessful, not as an error: done either way.
  Task<void> Delete(engine::ObservedResource observed) override {
    const aws::CallRequest call = Ec2Call(observed.region, "DeleteVpcEndpoints",
                                          {{"VpcEndpointId", json::array({observed.physical_id})}});
    co_return co_await kit::CallIgnoringNotFound(client(), call);
  }

 protected:
  engine::ObservedResource FromItem(const json& endpoint,
                                    const std::string& region) const override {
    engine::ObservedResource observed = Tagged(endpoint, "vpcEndpointId", region);
    observed.aws_state = StringField(endpoint, "state");
    observed.ready = observed.aws_state == "available";
    json properties = observed.properties;
    properties["VpcId"] = StringField(endpoint, "vpcId");
    properties["ServiceName"] = StringField(endpoint, "serviceName");
    properties["VpcEndpointType"] = StringField(endpoint, "vpcEndpointType");
    properties["RouteTableIds"] = Strings(endpoint.value("routeTableIdSet", json()), nullptr);
    properties["SubnetIds"] = Strings(endpoint.value("subnetIdSet", json()), nullptr);
    properties["SecurityGroupIds"] = Strings(endpoint.value("groupSet", json()), "groupId");
    properties["PrivateDnsEnabled"] = IsTrue(endpoint.value("privateDnsEnabled", json()));
    const json policy = json::parse(StringField(endpoint, "policyDocument"), nullptr, false);
    if (!policy.is_discarded()) properties["PolicyDocument"] = policy;
    observed.properties = properties;
    observed.attributes = {
        {"Id", observed.physical_id},
        {"CreationTimestamp", StringField(endpoint, "creationTimestamp")},
        {"NetworkInterfaceIds", Strings(endpoint.value("networkInterfaceIdSet", json()), nullptr)},
        {"DnsEntries", Strings(endpoint.value("dnsEntrySet", json()), "dnsName")}};
    return observed;
  }

  json CreateParams(const engine::DesiredResource& desired) const override {
    const json& properties = desired.properties;
    json params = {{"VpcId", properties.value("VpcId", json())},
                   {"ServiceName", properties.value("ServiceName", json())},
                   {"ClientToken", desired.client_token}};
    if (properties.contains("VpcEndpointType"))
      params["VpcEndpointType"] = properties["VpcEndpointType"];
    for (const auto& list : kLists) {
      if (properties.contains(list.property)) params[list.element] = properties[list.property];
    }
    if (properties.contains("PrivateDnsEnabled"))
      params["PrivateDnsEnabled"] = IsTrue(properties["PrivateDnsEnabled"]);
    if (properties.contains("PolicyDocument"))
      params["PolicyDocument"] = PolicyText(properties["PolicyDocument"]);
    return params;
  }
};

}  // namespace

void AddVpcEndpoint(engine::Registry& registry, const kit::Context& context) {
  registry.Add(std::make_unique<VpcEndpointReconciler>(context.client),
               ResourceTags(context.client));
}

}  // namespace awsr::reconcilers::ec2
