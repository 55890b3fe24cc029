// AWS::ElasticLoadBalancingV2::TargetGroup. Named (Name, 32 characters); Ref is the ARN. One
// paged DescribeTargetGroups per region and cycle, and DescribeTags 20 groups a call. The
// health check changes in place (ModifyTargetGroup); name, port, protocol, target type and VPC
// are create-only. Registered targets and target group attributes are not supported yet.
#include "daemon/aws/xml_to_json.h"
#include "daemon/base/json_fields.h"
#include "reconcilers/elbv2/elbv2_calls.h"
#include "reconcilers/elbv2/elbv2_observed.h"
#include "reconcilers/elbv2/elbv2_types.h"
#include "reconcilers/kit/calls.h"
#include "reconcilers/kit/ownership_tags.h"

namespace awsr::reconcilers::elbv2 {
namespace {

using engine::Task;
using nlohmann::json;

// Not written yet: registering targets needs a per-group DescribeTargetHealth, attributes a
// per-group DescribeTargetGroupAttributes.
constexpr const char* kTargetGroupUnsupported[] = {"Targets", "TargetGroupAttributes"};

Error TargetGroupUnsupported(const char* property) {
  return MakeError(ErrorKind::kInvalidSpec,
                   std::string("AWS::ElasticLoadBalancingV2::TargetGroup ") + property +
                       " is not supported yet");
}

class TargetGroupReconciler final : public engine::Reconciler {
 public:
  explicit TargetGroupReconciler(aws::AwsClient& client)
      : Reconciler({.type = "AWS::ElasticLoadBalancingV2::TargetGroup",
                    .service = kElbv2Service,
                    .name_property = "Name",
                    .max_name_length = 32}),
        client_(client) {}

  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    const aws::CallRequest call = Elbv2Call(scope.region, "DescribeTargetGroups");
    auto records = co_await DescribeAll(client_, call, "TargetGroups");
    if (!records) co_return records.error();
    std::vector<engine::ObservedResource> groups;
    std::vector<std::string> arns;
    for (const auto& record : *records) {
      groups.push_back(TargetGroupFromRecord(record, scope.region));
      arns.push_back(groups.back().physical_id);
    }
    auto tags = co_await DescribeTags(client_, scope.region, arns);
    if (!tags) co_return tags.error();
    for (auto& group : groups) SetTags(group, *tags, true);
    co_return kit::OursOrWanted(std::move(groups), scope);
  }

  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    for (const char* property : kTargetGroupUnsupported) {
      if (desired.properties.contains(property)) co_return TargetGroupUnsupported(property);
    }
    json params = {{"Name", desired.name}, {"Tags", kit::CreationTagList(desired)}};
    for (const char* name : kTargetGroupSettings) {
      if (desired.properties.contains(name)) params[name] = desired.properties[name];
    }
    const aws::CallRequest call = Elbv2Call(desired.region, "CreateTargetGroup", std::move(params));
    auto created = co_await client_.Call(call);
    if (!created) co_return created.error();
    const json groups = aws::AsList(created->data.value("TargetGroups", json()));
    if (groups.empty())
      co_return MakeError(ErrorKind::kInternal, "CreateTargetGroup answered none");
    engine::ObservedResource observed = TargetGroupFromRecord(groups[0], desired.region);
    observed.tags = kit::CreationTags(desired);
    observed.properties.Set("Tags", kit::UserTags(observed.tags));
    co_return observed;
  }

  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff diff) override {
    for (const char* property : kTargetGroupUnsupported) {
      if (diff.Touches(std::string("/") + property)) co_return TargetGroupUnsupported(property);
    }
    json params = {{"TargetGroupArn", observed.physical_id}};
    for (const char* name : kHealthCheckSettings) {
      if (desired.properties.contains(name)) params[name] = desired.properties[name];
    }
    const aws::CallRequest call = Elbv2Call(desired.region, "ModifyTargetGroup", std::move(params));
    co_return co_await kit::CallForEffect(client_, call);
  }

  Task<void> Delete(engine::ObservedResource observed) override {
    // A group a listener or rule still forwards to is ResourceInUse, a conflict: retried
    // after the engine has deleted those first.
    const aws::CallRequest call =
        Elbv2Call(observed.region, "DeleteTargetGroup", {{"TargetGroupArn", observed.physical_id}});
    co_return co_await kit::CallIgnoringNotFound(client_, call);
  }

 private:
  aws::AwsClient& client_;
};

}  // namespace

void AddTargetGroup(engine::Registry& registry, const kit::Context& context) {
  registry.Add(std::make_unique<TargetGroupReconciler>(context.client), Elbv2Tags(context.client));
}

}  // namespace awsr::reconcilers::elbv2
