// AWS::EC2::Instance: one instance per logical ID, launched idempotently (RunInstances with the
// resource's client token) and found by the ownership tags, like a VPC. A type change stops and
// restarts the instance over several passes (instance_resize.h).
#include "daemon/aws/xml_to_json.h"
#include "reconcilers/ec2/ec2_calls.h"
#include "reconcilers/ec2/ec2_ownership.h"
#include "reconcilers/ec2/ec2_types.h"
#include "reconcilers/ec2/instance_description.h"
#include "reconcilers/ec2/instance_resize.h"

namespace awsr::reconcilers::ec2 {
namespace {

using nlohmann::json;

Error InstanceError(ErrorKind kind, const std::string& instance_id, std::string message) {
  Error error = MakeError(kind, std::move(message));
  error.context = "ec2:Instance " + instance_id;
  return error;
}

// operation: StopInstances, StartInstances, TerminateInstances.
aws::CallRequest InstanceCall(const std::string& region, const std::string& operation,
                              const std::string& instance_id) {
  return Ec2Call(region, operation, {{"InstanceId", {instance_id}}});
}

class InstanceReconciler final : public engine::Reconciler {
 public:
  explicit InstanceReconciler(aws::AwsClient& client)
      : Reconciler({.type = "AWS::EC2::Instance", .service = "ec2"}), client_(client) {}

  // One paginated DescribeInstances per region and cycle, filtered on the owner tag and the
  // states an instance can come back from; with a focus, also on the logical-ID tag. Instances
  // have no name, so there are no look-alikes: an instance is ours by its tags or it is not.
  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    std::vector<aws::CallRequest> calls;
    if (scope.focus.empty()) {
      calls.push_back(OwnedCall(scope, "DescribeInstances", 1000));
    } else {
      calls = FocusedCalls(scope, "DescribeInstances", 1000);
    }
    std::vector<engine::ObservedResource> observed;
    for (aws::CallRequest& call : calls) {
      if (!call.params.contains("Filter")) call.params["Filter"] = json::array();
      call.params["Filter"].push_back(LiveStates());
      auto described = co_await Describe(std::move(call));
      if (!described) co_return described.error();
      for (auto& instance : *described) observed.push_back(std::move(instance));
    }
    co_return observed;
  }

  bool ObservesFocus() const override { return true; }

  // One instance by id (a file's AdoptId, or a remembered one missing from the list); a
  // terminated one is gone.
  Task<std::optional<engine::ObservedResource>> Lookup(std::string physical_id,
                                                       std::string region) override {
    json params = {{"InstanceId", json::array({physical_id})},
                   {"Filter", json::array({LiveStates()})}};
    auto found = co_await Describe(Ec2Call(region, "DescribeInstances", std::move(params)));
    if (!found && found.error().kind != ErrorKind::kNotFound) co_return found.error();
    if (!found || found->empty()) co_return std::optional<engine::ObservedResource>();
    co_return std::optional<engine::ObservedResource>(std::move(found->front()));
  }

  engine::Diff Compare(const engine::DesiredResource& desired,
                       const engine::ObservedResource& observed) const override {
    return CompareInstance(desired, observed);
  }

  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    auto launched =
        co_await client_.Call(Ec2Call(desired.region, "RunInstances", RunInstancesParams(desired)));
    if (!launched) co_return launched.error();
    const json instances = aws::AsList(launched->data.value("instancesSet", json()));
    if (instances.empty()) {
      co_return InstanceError(ErrorKind::kInternal, desired.logical_id,
                              "RunInstances answered without an instance");
    }
    engine::ObservedResource instance = InstanceFromDescribe(instances[0], desired.region);
    // The client token is per logical ID: AWS answers a repeated launch with the first
    // instance, even once it is terminated.
    if (instance.aws_state == "shutting-down" || instance.aws_state == "terminated") {
      co_return InstanceError(ErrorKind::kConflict, instance.physical_id,
                              "this logical ID's launch token belongs to a terminated instance; "
                              "AWS keeps it for a while, or use another logical ID");
    }
    instance.tags = kit::CreationTags(desired);
    instance.identity_key = desired.logical_id;
    instance.properties.Set("Tags", kit::UserTags(instance.tags));
    co_return instance;
  }

  // ImageId, SubnetId, KeyName and the rest need a replacement, which the engine decides from
  // the specification. Groups change in place on a running instance; the type last, since its
  // first step stops the instance and ends the pass.
  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff diff) override {
    if (diff.Touches("/IamInstanceProfile")) {
      co_return InstanceError(ErrorKind::kInvalidSpec, observed.physical_id,
                              "changing IamInstanceProfile of a running instance is not "
                              "supported yet: replace the instance");
    }
    if (diff.Touches("/SecurityGroupIds")) {
      const aws::CallRequest call = Ec2Call(desired.region, "ModifyInstanceAttribute",
                                            {{"InstanceId", observed.physical_id},
                                             {"GroupId", desired.properties["SecurityGroupIds"]}});
      auto modified = co_await kit::CallForEffect(client_, call);
      if (!modified) co_return modified;
    }
    if (!diff.Touches("/InstanceType")) co_return Result<void>{};
    co_return co_await ResizeInstance(client_, std::move(desired), std::move(observed));
  }

  // The instance goes to shutting-down and drops out of ObserveAll; its subnet and groups are
  // free once AWS has terminated it (their deletes meanwhile fail with DependencyViolation and
  // are retried by the engine).
  Task<void> Delete(engine::ObservedResource observed) override {
    co_return co_await kit::CallIgnoringNotFound(
        client_, InstanceCall(observed.region, "TerminateInstances", observed.physical_id));
  }

 private:
  // The states an instance can come back from (terminated ones stay visible for a while;
  // shutting-down ones are as good as gone).
  static json LiveStates() {
    return Filter("instance-state-name", {"pending", "running", "stopping", "stopped"});
  }

  Task<std::vector<engine::ObservedResource>> Describe(aws::CallRequest call) {
    const std::string region = call.region;
    auto reservations = co_await DescribeAll(client_, std::move(call), "reservationSet");
    if (!reservations) co_return reservations.error();
    std::vector<engine::ObservedResource> observed;
    for (const auto& reservation : *reservations) {
      for (const auto& instance : aws::AsList(reservation.value("instancesSet", json())))
        observed.push_back(InstanceFromDescribe(instance, region));
    }
    co_return observed;
  }

  aws::AwsClient& client_;
};

}  // namespace

void AddInstance(engine::Registry& registry, const kit::Context& context) {
  registry.Add(std::make_unique<InstanceReconciler>(context.client), ResourceTags(context.client));
}

}  // namespace awsr::reconcilers::ec2
