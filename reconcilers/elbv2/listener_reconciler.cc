// AWS::ElasticLoadBalancingV2::Listener. Found by tags alone; Ref is the ARN. ELBv2 lists
// listeners only per load balancer, so a cycle reads them under the load balancers that are
// ours (or that a file names): DescribeListeners per balancer (shared with the rule type,
// shared_listeners.h), DescribeTags 20 listeners a call. CloudFormation gives listeners no Tags,
// but CreateListener takes them: the ownership tags go on at creation. A listener on the same
// balancer and port without our tags is a look-alike. Everything but the load balancer changes in
// place (ModifyListener).
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

class ListenerReconciler final : public engine::Reconciler {
 public:
  ListenerReconciler(aws::AwsClient& client, std::shared_ptr<SharedLoadBalancers> balancers,
                     std::shared_ptr<SharedListeners> listeners)
      : Reconciler({.type = "AWS::ElasticLoadBalancingV2::Listener", .service = kElbv2Service}),
        client_(client),
        balancers_(std::move(balancers)),
        listeners_(std::move(listeners)) {}

  // The rule type finds rules under the listeners: neither plans on a list of them older than
  // a change of one.
  void BeforeWrite() override { listeners_->Invalidate(); }

  std::string IdentityKey(const engine::DesiredResource& desired) const override {
    return ListenerKey(desired.properties.value("LoadBalancerArn", json()),
                       desired.properties.value("Port", json()));
  }

  engine::Diff Compare(const engine::DesiredResource& desired,
                       const engine::ObservedResource& observed) const override {
    return engine::DiffProperties(WithoutClientSecrets(desired.properties, "DefaultActions"),
                                  observed.properties);
  }

  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    std::vector<std::string> wanted;
    for (const auto& key : scope.identity_keys) wanted.push_back(ParentOfKey(key));
    auto balancers = co_await balancers_->Read(std::string(Type()), scope.region);
    if (!balancers) co_return balancers.error();
    const std::vector<std::string> parents =
        OwnedLoadBalancerArns(**balancers, scope.owner, wanted, scope.everything);
    auto records = co_await listeners_->Under(std::string(Type()), scope.region, parents);
    if (!records) co_return records.error();
    std::vector<engine::ObservedResource> listeners;
    std::vector<std::string> arns;
    for (const auto& child : *records) {
      listeners.push_back(ListenerFromRecord(child.record, scope.region));
      arns.push_back(listeners.back().physical_id);
    }
    auto tags = co_await DescribeTags(client_, scope.region, arns);
    if (!tags) co_return tags.error();
    for (auto& listener : listeners) SetTags(listener, *tags, false);
    co_return kit::OursOrWanted(std::move(listeners), scope);
  }

  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    json params = {{"Tags", kit::CreationTagList(desired)}};
    for (const char* name : kListenerSettings) {
      if (desired.properties.contains(name)) params[name] = desired.properties[name];
    }
    const aws::CallRequest call = Elbv2Call(desired.region, "CreateListener", std::move(params));
    auto created = co_await client_.Call(call);
    if (!created) co_return created.error();
    const json listeners = aws::AsList(created->data.value("Listeners", json()));
    if (listeners.empty())
      co_return MakeError(ErrorKind::kInternal, "CreateListener answered none");
    engine::ObservedResource observed = ListenerFromRecord(listeners[0], desired.region);
    observed.tags = kit::CreationTags(desired);
    co_return observed;
  }

  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff) override {
    json params = {{"ListenerArn", observed.physical_id}};
    for (const char* name : kListenerSettings) {
      if (std::string_view(name) != "LoadBalancerArn" && desired.properties.contains(name))
        params[name] = desired.properties[name];
    }
    const aws::CallRequest call = Elbv2Call(desired.region, "ModifyListener", std::move(params));
    co_return co_await kit::CallForEffect(client_, call);
  }

  Task<void> Delete(engine::ObservedResource observed) override {
    const aws::CallRequest call =
        Elbv2Call(observed.region, "DeleteListener", {{"ListenerArn", observed.physical_id}});
    co_return co_await kit::CallIgnoringNotFound(client_, call);
  }

 private:
  aws::AwsClient& client_;
  std::shared_ptr<SharedLoadBalancers> balancers_;
  std::shared_ptr<SharedListeners> listeners_;
};

}  // namespace

void AddListener(engine::Registry& registry, const kit::Context& context,
                 std::shared_ptr<SharedLoadBalancers> balancers,
                 std::shared_ptr<SharedListeners> listeners) {
  registry.Add(std::make_unique<ListenerReconciler>(context.client, std::move(balancers),
                                                    std::move(listeners)),
               Elbv2Tags(context.client));
}

}  // namespace awsr::reconcilers::elbv2
