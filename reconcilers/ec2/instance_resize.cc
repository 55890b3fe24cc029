#include "reconcilers/ec2/instance_resize.h"

#include "reconcilers/ec2/ec2_calls.h"
#include "reconcilers/ec2/ec2_ownership.h"
#include "reconcilers/ec2/instance_description.h"

namespace awsr::reconcilers::ec2 {

ResizeStep NextResizeStep(std::string_view state, bool type_differs, bool stopped_by_us) {
  ResizeStep step;
  if (state == "running") {
    step.stop = type_differs;
    step.unmark = stopped_by_us && !type_differs;
  } else if (state == "stopped") {
    step.modify = type_differs;
    step.start = stopped_by_us;
    step.unmark = stopped_by_us;
  }
  return step;
}

engine::Task<void> ResizeInstance(aws::AwsClient& client, engine::DesiredResource desired,
                                  engine::ObservedResource observed) {
  const std::string type = StringField(desired.properties, "InstanceType");
  const std::string& id = observed.physical_id;
  const ResizeStep step =
      NextResizeStep(observed.aws_state, StringField(observed.properties, "InstanceType") != type,
                     observed.tags.contains(kStoppedForResizeTag));
  TagChanges mark;
  if (step.stop) {
    // Marked before it stops, so whichever pass finds it stopped knows to start it again.
    mark.set[std::string(kStoppedForResizeTag)] = type;
    auto marked = co_await ApplyTagChanges(client, desired.region, id, std::move(mark));
    if (!marked) co_return marked;
    const aws::CallRequest stop = Ec2Call(desired.region, "StopInstances", {{"InstanceId", {id}}});
    auto stopped = co_await kit::CallForEffect(client, stop);
    if (!stopped) co_return stopped;
    // Not done yet: the next passes wait while it stops, then modify and start it.
    Error error =
        MakeError(ErrorKind::kConflict, "stopping to change InstanceType to " + type +
                                            "; it is changed and started again once stopped");
    error.context = "ec2:Instance " + id;
    co_return error;
  }
  std::vector<aws::CallRequest> calls;
  if (step.modify) {
    calls.push_back(Ec2Call(desired.region, "ModifyInstanceAttribute",
                            {{"InstanceId", id}, {"InstanceType", {{"Value", type}}}}));
  }
  if (step.start)
    calls.push_back(Ec2Call(desired.region, "StartInstances", {{"InstanceId", {id}}}));
  for (const aws::CallRequest& call : calls) {
    auto done = co_await kit::CallForEffect(client, call);
    if (!done) co_return done;
  }
  if (!step.unmark) co_return Result<void>{};
  mark.remove.push_back(std::string(kStoppedForResizeTag));
  co_return co_await ApplyTagChanges(client, desired.region, id, std::move(mark));
}

}  // namespace awsr::reconcilers::ec2
