// AWS::ElasticLoadBalancingV2::ListenerRule. Found by tags alone; Ref is the ARN. ELBv2 lists
// rules only per listener, so a cycle reads them under the listeners of the load balancers
// that are ours and the listeners a file names: DescribeListeners per balancer (the listener
// type's read, shared_listeners.h), DescribeRules per listener, DescribeTags 20 rules a call.
// CreateRule takes Tags: the ownership tags go on at creation. A rule at the same listener and
// priority without our tags is a look-alike. Conditions and actions change with ModifyRule, the
// priority with SetRulePriorities; more than five condition values is the file's mistake, named
// before anything is sent.
#include <set>

#include "daemon/aws/xml_to_json.h"
#include "daemon/base/json_fields.h"
#include "reconcilers/elbv2/elbv2_calls.h"
#include "reconcilers/elbv2/elbv2_observed.h"
#include "reconcilers/elbv2/elbv2_types.h"
#include "reconcilers/elbv2/listener_rule_conditions.h"
#include "reconcilers/kit/calls.h"
#include "reconcilers/kit/ownership_tags.h"

namespace awsr::reconcilers::elbv2 {
namespace {

using engine::Task;
using nlohmann::json;

// Members CloudFormation and CreateRule name alike.
constexpr const char* kRuleSettings[] = {"ListenerArn", "Priority", "Conditions", "Actions"};

class ListenerRuleReconciler final : public engine::Reconciler {
 public:
  ListenerRuleReconciler(aws::AwsClient& client, std::shared_ptr<SharedLoadBalancers> balancers,
                         std::shared_ptr<SharedListeners> listeners)
      : Reconciler({.type = "AWS::ElasticLoadBalancingV2::ListenerRule", .service = kElbv2Service}),
        client_(client),
        balancers_(std::move(balancers)),
        listeners_(std::move(listeners)) {}

  std::string IdentityKey(const engine::DesiredResource& desired) const override {
    return RuleKey(desired.properties.value("ListenerArn", json()),
                   desired.properties.value("Priority", json()));
  }

  engine::Diff Compare(const engine::DesiredResource& desired,
                       const engine::ObservedResource& observed) const override {
    return engine::DiffProperties(WithoutClientSecrets(desired.properties, "Actions"),
                                  observed.properties);
  }

  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    auto balancers = co_await balancers_->Read(std::string(Type()), scope.region);
    if (!balancers) co_return balancers.error();
    const std::vector<std::string> no_other_balancers;
    const std::vector<std::string> owned =
        OwnedLoadBalancerArns(**balancers, scope.owner, no_other_balancers, scope.everything);
    auto listeners = co_await listeners_->Under(std::string(Type()), scope.region, owned);
    if (!listeners) co_return listeners.error();
    std::set<std::string> parents;
    for (const auto& key : scope.identity_keys) parents.insert(ParentOfKey(key));
    for (const auto& listener : *listeners)
      parents.insert(StringField(listener.record, "ListenerArn"));
    const std::vector<std::string> listener_arns(parents.begin(), parents.end());
    auto records = co_await DescribeUnder(client_, scope.region, "DescribeRules", "ListenerArn",
                                          listener_arns, "Rules");
    if (!records) co_return records.error();
    std::vector<engine::ObservedResource> rules;
    std::vector<std::string> arns;
    for (const auto& child : *records) {
      if (IsTrue(child.record.value("IsDefault", json()))) continue;  // the listener's own
      rules.push_back(RuleFromRecord(child.parent, child.record, scope.region));
      arns.push_back(rules.back().physical_id);
    }
    auto tags = co_await DescribeTags(client_, scope.region, arns);
    if (!tags) co_return tags.error();
    for (auto& rule : rules) SetTags(rule, *tags, false);
    co_return kit::OursOrWanted(std::move(rules), scope);
  }

  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    if (auto invalid = CheckConditionValues(desired.properties.value("Conditions", json())))
      co_return *invalid;
    json params = {{"Tags", kit::CreationTagList(desired)}};
    for (const char* name : kRuleSettings) {
      if (desired.properties.contains(name)) params[name] = desired.properties[name];
    }
    const aws::CallRequest call = Elbv2Call(desired.region, "CreateRule", std::move(params));
    auto created = co_await client_.Call(call);
    if (!created) co_return created.error();
    const json rules = aws::AsList(created->data.value("Rules", json()));
    if (rules.empty()) co_return MakeError(ErrorKind::kInternal, "CreateRule answered none");
    engine::ObservedResource observed =
        RuleFromRecord(StringField(desired.properties, "ListenerArn"), rules[0], desired.region);
    observed.tags = kit::CreationTags(desired);
    co_return observed;
  }

  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff diff) override {
    if (auto invalid = CheckConditionValues(desired.properties.value("Conditions", json())))
      co_return *invalid;
    if (diff.Touches("/Conditions") || diff.Touches("/Actions")) {
      json params = {{"RuleArn", observed.physical_id}};
      if (desired.properties.contains("Conditions"))
        params["Conditions"] = desired.properties["Conditions"];
      if (desired.properties.contains("Actions")) params["Actions"] = desired.properties["Actions"];
      const aws::CallRequest call = Elbv2Call(desired.region, "ModifyRule", std::move(params));
      auto modified = co_await kit::CallForEffect(client_, call);
      if (!modified) co_return modified;
    }
    if (!diff.Touches("/Priority")) co_return Result<void>{};
    json priorities = json::array();
    priorities.push_back(
        {{"RuleArn", observed.physical_id}, {"Priority", desired.properties["Priority"]}});
    const aws::CallRequest call =
        Elbv2Call(desired.region, "SetRulePriorities", {{"RulePriorities", priorities}});
    co_return co_await kit::CallForEffect(client_, call);
  }

  Task<void> Delete(engine::ObservedResource observed) override {
    const aws::CallRequest call =
        Elbv2Call(observed.region, "DeleteRule", {{"RuleArn", observed.physical_id}});
    co_return co_await kit::CallIgnoringNotFound(client_, call);
  }

 private:
  aws::AwsClient& client_;
  std::shared_ptr<SharedLoadBalancers> balancers_;
  std::shared_ptr<SharedListeners> listeners_;
};

}  // namespace

void AddListenerRule(engine::Registry& registry, const kit::Context& context,
                     std::shared_ptr<SharedLoadBalancers> balancers,
                     std::shared_ptr<SharedListeners> listeners) {
  registry.Add(std::make_unique<ListenerRuleReconciler>(context.client, std::move(balancers),
                                                        std::move(listeners)),
               Elbv2Tags(context.client));
}

}  // namespace awsr::reconcilers::elbv2
