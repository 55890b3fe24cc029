#include "reconcilers/iam/iam_compare.h"

#include "reconcilers/iam/iam_calls.h"
#include "reconcilers/iam/policy_document.h"

namespace awsr::reconcilers::iam {
namespace {

using nlohmann::json;

constexpr const char* kDocumentProperties[] = {"PolicyDocument", "AssumeRolePolicyDocument"};

json InlinePoliciesAsText(const json& policies) {
  json normalised = json::array();
  for (const auto& policy : policies.is_array() ? policies : json::array()) {
    normalised.push_back(
        {{"PolicyName", StringField(policy, "PolicyName")},
         {"PolicyDocument", CanonicalText(policy.value("PolicyDocument", json()))}});
  }
  return normalised;
}

json Normalised(json properties) {
  if (!properties.is_object()) return properties;
  for (const char* member : kDocumentProperties) {
    if (properties.contains(member) && !properties[member].is_null()) {
      properties[member] = CanonicalText(properties[member]);
    }
  }
  if (properties.contains("Policies") && !properties["Policies"].is_null()) {
    properties["Policies"] = InlinePoliciesAsText(properties["Policies"]);
  }
  return properties;
}

}  // namespace

engine::Diff CompareIam(const engine::DesiredResource& desired,
                        const engine::ObservedResource& observed) {
  engine::DiffRules rules;
  rules.set_properties = {"ManagedPolicyArns", "Groups", "Users", "Roles", "Policies"};
  return engine::DiffProperties(Normalised(desired.properties), Normalised(observed.properties),
                                rules);
}

}  // namespace awsr::reconcilers::iam
