#include "reconcilers/ec2/instance_resize.h"

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

}  // namespace awsr::reconcilers::ec2
