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
// An instance stopped by someone else gets its new type but stays stopped. Pure.
#pragma once

#include <string_view>

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

}  // namespace awsr::reconcilers::ec2
