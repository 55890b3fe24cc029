#include "reconcilers/ec2/instance_reconciler.h"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's coroutine frames (GCC bug 109224).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include "daemon/aws/xml_to_json.h"
#include "reconcilers/ec2/ec2_calls.h"
#include "reconcilers/ec2/ec2_tags.h"
#include "reconcilers/ec2/instance_description.h"
#include "reconcilers/ec2/instance_resize.h"

namespace awsr::reconcilers::ec2 {
namespace {

using boost::asio::awaitable;
using nlohmann::json;

Error InstanceError(ErrorKind kind, const std::string& instance_id, std::string message) {
  Error error = MakeError(kind, std::move(message));
  error.context = "ec2:Instance " + instance_id;
  return error;
}

bool StoppedByUs(const engine::ObservedResource& observed) {
  return observed.tags.contains(std::string(kStoppedForResizeTag));
}

// The calls are built outside the coroutines: GCC 12 cannot keep a braced list alive across a
// co_await in the same expression.
aws::CallRequest DescribeOwnedInstances(const std::string& region, const std::string& owner) {
  // Terminated instances stay visible for a while; shutting-down ones are as good as gone.
  return Ec2Call(region, "DescribeInstances",
                 {{"Filter", {OwnerFilter(owner), Filter("instance-state-name",
                                                         {"pending", "running", "stopping",
                                                          "stopped"})}},
                  {"MaxResults", 1000}});
}

aws::CallRequest InstanceIdsCall(const std::string& region, const std::string& operation,
                                 const std::string& instance_id) {
  return Ec2Call(region, operation, {{"InstanceId", {instance_id}}});
}

aws::CallRequest ModifyTypeCall(const std::string& region, const std::string& instance_id,
                                const std::string& type) {
  return Ec2Call(region, "ModifyInstanceAttribute",
                 {{"InstanceId", instance_id}, {"InstanceType", {{"Value", type}}}});
}

aws::CallRequest ModifyGroupsCall(const std::string& region, const std::string& instance_id,
                                  const json& group_ids) {
  return Ec2Call(region, "ModifyInstanceAttribute",
                 {{"InstanceId", instance_id}, {"GroupId", group_ids}});
}

TagChanges MarkStoppedForResize(const std::string& type) {
  TagChanges changes;
  changes.set[std::string(kStoppedForResizeTag)] = type;
  return changes;
}

TagChanges UnmarkStoppedForResize() {
  TagChanges changes;
  changes.remove.push_back(std::string(kStoppedForResizeTag));
  return changes;
}

}  // namespace

// One paginated DescribeInstances per region and cycle, filtered on the owner tag and the
// states an instance can come back from. Instances have no name, so there are no look-alikes
// to find: an instance is ours by its tags or it is not ours.
awaitable<Result<std::vector<engine::ObservedResource>>> InstanceReconciler::ObserveAll(
    engine::ObserveScope scope) {
  auto reservations = co_await DescribeAll(
      client_, DescribeOwnedInstances(scope.region, scope.owner), "reservationSet");
  if (!reservations) co_return reservations.error();
  std::vector<engine::ObservedResource> observed;
  for (const auto& reservation : *reservations) {
    for (const auto& instance : aws::AsList(reservation.value("instancesSet", json()))) {
      observed.push_back(InstanceFromDescribe(instance, scope.region));
    }
  }
  co_return observed;
}

// Only the managed properties count, UserData excepted: AWS returns it one instance at a time,
// so it is applied at launch and not watched. SecurityGroupIds is a set. An instance we stopped
// for a type change shows /InstanceType as changed until it is started again, so the pass that
// finds it stopped acts even when its type is already right.
engine::Diff InstanceReconciler::Compare(const engine::DesiredResource& desired,
                                         const engine::ObservedResource& observed) const {
  json wanted = json::object();
  for (std::string_view property : kManagedInstanceProperties) {
    const auto found = desired.properties.find(std::string(property));
    if (found != desired.properties.end() && property != "UserData") {
      wanted[std::string(property)] = *found;
    }
  }
  if (wanted.contains("IamInstanceProfile") && wanted["IamInstanceProfile"].is_string()) {
    wanted["IamInstanceProfile"] =
        InstanceProfileName(wanted["IamInstanceProfile"].get<std::string>());
  }
  engine::DiffRules rules;
  rules.set_properties = {"SecurityGroupIds"};
  engine::Diff diff = engine::DiffProperties(wanted, observed.properties, rules);
  if (StoppedByUs(observed) && wanted.contains("InstanceType") && !diff.Touches("/InstanceType")) {
    diff.changes.push_back(engine::Change{"/InstanceType", wanted["InstanceType"],
                                          observed.aws_state + " for a type change", false});
  }
  return diff;
}

awaitable<Result<engine::ObservedResource>> InstanceReconciler::Create(
    engine::DesiredResource desired) {
  auto launched = co_await client_.Call(Ec2Call(desired.region, "RunInstances",
                                                RunInstancesParams(desired)));
  if (!launched) co_return launched.error();
  const json instances = aws::AsList(launched->data.value("instancesSet", json()));
  if (instances.empty()) {
    co_return InstanceError(ErrorKind::kInternal, desired.logical_id,
                            "RunInstances answered without an instance");
  }
  engine::ObservedResource instance = InstanceFromDescribe(instances[0], desired.region);
  // The client token is per logical ID: AWS answers a repeated launch with the first instance,
  // even once it is terminated.
  if (instance.aws_state == "shutting-down" || instance.aws_state == "terminated") {
    co_return InstanceError(ErrorKind::kConflict, instance.physical_id,
                            "this logical ID's launch token belongs to a terminated instance; "
                            "AWS keeps it for a while, or use another logical ID");
  }
  instance.tags = CreationTags(desired);
  instance.identity_key = desired.logical_id;
  instance.properties["Tags"] = UserTags(instance.tags);
  co_return instance;
}

// ImageId, SubnetId, KeyName and the rest need a replacement, which the engine decides from the
// specification. Groups and tags change in place on a running instance; the type last, since
// its first step stops the instance and ends the pass.
awaitable<Result<void>> InstanceReconciler::Update(engine::DesiredResource desired,
                                                   engine::ObservedResource observed,
                                                   engine::Diff diff) {
  if (diff.Touches("/IamInstanceProfile")) {
    co_return InstanceError(ErrorKind::kInvalidSpec, observed.physical_id,
                            "changing IamInstanceProfile of a running instance is not supported "
                            "yet: replace the instance");
  }
  if (diff.Touches("/SecurityGroupIds")) {
    auto modified = co_await Send(ModifyGroupsCall(desired.region, observed.physical_id,
                                                   desired.properties["SecurityGroupIds"]));
    if (!modified) co_return modified;
  }
  if (diff.Touches("/Tags")) {
    auto tagged = co_await ApplyTagChanges(
        client_, desired.region, observed.physical_id,
        UserTagChanges(desired.properties.value("Tags", json::array()), observed.tags));
    if (!tagged) co_return tagged;
  }
  if (!diff.Touches("/InstanceType")) co_return Result<void>{};
  co_return co_await Resize(std::move(desired), std::move(observed));
}

awaitable<Result<void>> InstanceReconciler::Resize(engine::DesiredResource desired,
                                                   engine::ObservedResource observed) {
  const std::string type = StringField(desired.properties, "InstanceType");
  const ResizeStep step =
      NextResizeStep(observed.aws_state, observed.properties.value("InstanceType", "") != type,
                     StoppedByUs(observed));
  if (step.stop) {
    // Marked before it stops, so whichever pass finds it stopped knows to start it again.
    auto marked = co_await ApplyTagChanges(client_, desired.region, observed.physical_id,
                                           MarkStoppedForResize(type));
    if (!marked) co_return marked;
    auto stopped = co_await Send(InstanceIdsCall(desired.region, "StopInstances",
                                                 observed.physical_id));
    if (!stopped) co_return stopped;
    // Not done yet: a conflict (wrong state) brings the engine back soon, and the next passes
    // wait while it stops, then modify and start it.
    co_return InstanceError(ErrorKind::kConflict, observed.physical_id,
                            "stopping to change InstanceType to " + type +
                                "; it is changed and started again once stopped");
  }
  if (step.modify) {
    auto modified = co_await Send(ModifyTypeCall(desired.region, observed.physical_id, type));
    if (!modified) co_return modified;
  }
  if (step.start) {
    auto started = co_await Send(InstanceIdsCall(desired.region, "StartInstances",
                                                 observed.physical_id));
    if (!started) co_return started;
  }
  if (step.unmark) {
    co_return co_await ApplyTagChanges(client_, desired.region, observed.physical_id,
                                       UnmarkStoppedForResize());
  }
  co_return Result<void>{};
}

// The instance goes to shutting-down and drops out of ObserveAll; its subnet and groups are
// free once AWS has terminated it (their deletes meanwhile fail with DependencyViolation and are
// retried by the engine).
awaitable<Result<void>> InstanceReconciler::Delete(engine::ObservedResource observed) {
  co_return co_await DeleteIgnoringNotFound(
      client_, InstanceIdsCall(RegionOf(observed), "TerminateInstances", observed.physical_id));
}

awaitable<Result<void>> InstanceReconciler::RetagOwnership(engine::ObservedResource observed,
                                                           std::map<std::string, std::string> add,
                                                           std::vector<std::string> remove) {
  co_return co_await Retag(client_, std::move(observed), std::move(add), std::move(remove));
}

awaitable<Result<void>> InstanceReconciler::Send(aws::CallRequest call) {
  auto answered = co_await client_.Call(std::move(call));
  if (!answered) co_return answered.error();
  co_return Result<void>{};
}

}  // namespace awsr::reconcilers::ec2
