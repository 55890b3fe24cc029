// AWS::ElasticLoadBalancingV2::LoadBalancer. Named (Name, 32 characters); Ref is the ARN. One
// paged DescribeLoadBalancers per region and cycle, and DescribeTags 20 balancers a call. AWS
// provisions a new balancer for a few minutes: it is not ready while its state is
// "provisioning". Subnets and security groups change in place; name, scheme and type are
// create-only. SubnetMappings are sent at creation and not compared (AWS answers zones);
// LoadBalancerAttributes are not supported yet.
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

// What changes in place, each by its own call: SetSubnets, SetSecurityGroups.
constexpr const char* kBalancerSettables[] = {"Subnets", "SecurityGroups"};
constexpr const char* kBalancerCreateSettings[] = {"Scheme",  "Type",           "IpAddressType",
                                                   "Subnets", "SubnetMappings", "SecurityGroups"};

class LoadBalancerReconciler final : public engine::Reconciler {
 public:
  LoadBalancerReconciler(aws::AwsClient& client, std::shared_ptr<SharedLoadBalancers> shared)
      : Reconciler({.type = "AWS::ElasticLoadBalancingV2::LoadBalancer",
                    .service = kElbv2Service,
                    .name_property = "Name",
                    .max_name_length = 32}),
        client_(client),
        shared_(std::move(shared)) {}

  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    auto list = co_await shared_->Read(std::string(Type()), scope.region);
    if (!list) co_return list.error();
    std::vector<engine::ObservedResource> balancers;
    for (const auto& record : (*list)->records) {
      balancers.push_back(LoadBalancerFromRecord(record, scope.region));
      SetTags(balancers.back(), (*list)->tags, true);
    }
    co_return kit::OursOrWanted(std::move(balancers), scope);
  }

  // Listeners and rules are found under the balancers: none of the three plans on a list
  // older than a change of a balancer or its tags.
  void BeforeWrite() override { shared_->Invalidate(); }

  engine::Diff Compare(const engine::DesiredResource& desired,
                       const engine::ObservedResource& observed) const override {
    engine::DiffRules rules;
    rules.set_properties = {"Subnets", "SecurityGroups"};
    return engine::DiffProperties(desired.properties, observed.properties, rules);
  }

  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    if (desired.properties.contains("LoadBalancerAttributes"))
      co_return Unsupported("LoadBalancerAttributes");
    json params = {{"Name", desired.name}, {"Tags", kit::CreationTagList(desired)}};
    for (const char* name : kBalancerCreateSettings) {
      if (desired.properties.contains(name)) params[name] = desired.properties[name];
    }
    const aws::CallRequest call =
        Elbv2Call(desired.region, "CreateLoadBalancer", std::move(params));
    auto created = co_await client_.Call(call);
    if (!created) co_return created.error();
    const json balancers = aws::AsList(created->data.value("LoadBalancers", json()));
    if (balancers.empty())
      co_return MakeError(ErrorKind::kInternal, "CreateLoadBalancer answered none");
    engine::ObservedResource observed = LoadBalancerFromRecord(balancers[0], desired.region);
    observed.tags = kit::CreationTags(desired);
    observed.properties.Set("Tags", kit::UserTags(observed.tags));
    co_return observed;
  }

  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff diff) override {
    for (const auto& change : diff.changes) {
      if (change.path != "/Subnets" && change.path != "/SecurityGroups")
        co_return Unsupported(change.path.substr(1) + " in place");
    }
    for (const char* name : kBalancerSettables) {
      if (!diff.Touches(std::string("/") + name)) continue;
      const aws::CallRequest call =
          Elbv2Call(desired.region, std::string("Set") + name,
                    {{"LoadBalancerArn", observed.physical_id}, {name, desired.properties[name]}});
      auto set = co_await kit::CallForEffect(client_, call);
      if (!set) co_return set;
    }
    co_return Result<void>{};
  }

  Task<void> Delete(engine::ObservedResource observed) override {
    // AWS deletes the balancer's listeners and rules with it.
    const aws::CallRequest call = Elbv2Call(observed.region, "DeleteLoadBalancer",
                                            {{"LoadBalancerArn", observed.physical_id}});
    co_return co_await kit::CallIgnoringNotFound(client_, call);
  }

 private:
  static Error Unsupported(const std::string& what) {
    return MakeError(ErrorKind::kInvalidSpec,
                     "AWS::ElasticLoadBalancingV2::LoadBalancer " + what + " is not supported yet");
  }

  aws::AwsClient& client_;
  std::shared_ptr<SharedLoadBalancers> shared_;
};

}  // namespace

void AddLoadBalancer(engine::Registry& registry, const kit::Context& context,
                     std::shared_ptr<SharedLoadBalancers> shared) {
  registry.Add(std::make_unique<LoadBalancerReconciler>(context.client, std::move(shared)),
               Elbv2Tags(context.client));
}

}  // namespace awsr::reconcilers::elbv2
