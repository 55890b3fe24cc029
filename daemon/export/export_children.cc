#include "daemon/export/export_children.h"

#include <algorithm>
#include <array>

#include "daemon/base/json_fields.h"

namespace awsr::exporting {
namespace {

struct ChildType {
  std::string_view type;
  std::string_view parent_property;
  std::string_view parent_type;
};

constexpr std::array<ChildType, 5> kChildTypes = {{
    {"AWS::ElasticLoadBalancingV2::Listener", "LoadBalancerArn",
     "AWS::ElasticLoadBalancingV2::LoadBalancer"},
    {"AWS::ElasticLoadBalancingV2::ListenerRule", "ListenerArn",
     "AWS::ElasticLoadBalancingV2::Listener"},
    {"AWS::Lambda::Url", "TargetFunctionArn", "AWS::Lambda::Function"},
    {"AWS::Lambda::Permission", "FunctionName", "AWS::Lambda::Function"},
    {"AWS::IAM::UserToGroupAddition", "GroupName", "AWS::IAM::Group"},
}};

const ChildType* ChildTypeOf(std::string_view type) {
  for (const ChildType& child : kChildTypes) {
    if (child.type == type) return &child;
  }
  return nullptr;
}

bool Names(const FoundResource& parent, std::string_view type, const std::string& id) {
  const engine::ObservedResource& observed = parent.observed;
  if (parent.type != type) return false;
  return observed.physical_id == id ||
         std::any_of(observed.attributes.begin(), observed.attributes.end(),
                     [&](const auto& attribute) { return attribute.second == id; });
}

}  // namespace

bool IsChildType(std::string_view type) { return ChildTypeOf(type) != nullptr; }

bool GoesByParentId(const FoundResource& found) {
  const ChildType* child = ChildTypeOf(found.type);
  return child != nullptr && StringField(found.observed.properties, child->parent_property) ==
                                 found.observed.physical_id;
}

bool ParentLeftOut(const FoundResource& found, const std::vector<const FoundResource*>& all,
                   const std::vector<const FoundResource*>& kept) {
  const ChildType* child = ChildTypeOf(found.type);
  if (child == nullptr) return false;
  const std::string parent_id = StringField(found.observed.properties, child->parent_property);
  const auto named = [&](const FoundResource* parent) {
    return Names(*parent, child->parent_type, parent_id);
  };
  return std::any_of(all.begin(), all.end(), named) &&
         std::none_of(kept.begin(), kept.end(), named);
}

}  // namespace awsr::exporting
