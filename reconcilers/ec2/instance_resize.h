// Changing an instance's type, which AWS allows only while the instance is stopped. A
// reconciler never waits, so the change spans passes, each deciding its step from what it
// observes (the instance's state, its type, and the kStoppedForResizeTag the first step sets):
//
//   running, other type     -> mark the instance, StopInstances; the pass reports a conflict
//                              so the engine comes back soon
//   stopping                -> not ready: the engine waits and requeues
//   stopped, other type     -> ModifyInstanceAttribute, then StartInstances if we stopped it
//   stopped by us, same type-> StartInstances (a pass failed between modify and start)
//   pending                 -> not ready: the engine waits until it runs
//   running, marked         -> remove the mark (a pass failed between start and unmarking)
//
// An instance stopped by someone else gets its new type but stays stopped. NextResizeStep is
// pure; ResizeInstance takes the step a pass decides.
#pragma once

#include <string_view>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::ec2 {

struct ResizeStep {
  bool stop = false;    // tag kStoppedForResizeTag, then StopInstances
  bool modify = false;  // ModifyInstanceAttribute InstanceType
  bool start = false;   // StartInstances
  bool unmark = false;  // remove kStoppedForResizeTag
  bool operator==(const ResizeStep&) const = default;
};

// state: AWS's instance state name; type_differs: the file's InstanceType is not the
// instance's; stopped_by_us: the instance carries kStoppedForResizeTag.
ResizeStep NextResizeStep(std::string_view state, bool type_differs, bool stopped_by_us);

// Reconciler::Update's share for a changed InstanceType: the next step for `observed`. A stop
// ends in a kConflict error ("stopping..."), so the engine comes back soon.
engine::Task<void> ResizeInstance(aws::AwsClient& client, engine::DesiredResource desired,
                                  engine::ObservedResource observed);

}  // namespace awsr::reconcilers::ec2
