#include "reconcilers/ec2/instance_resize.h"

#include <gtest/gtest.h>

namespace awsr::reconcilers::ec2 {
namespace {

struct ResizeCase {
  const char* reason;
  const char* state;
  bool type_differs;
  bool stopped_by_us;
  ResizeStep step;
};

class NextResizeStepTest : public ::testing::TestWithParam<ResizeCase> {};

TEST_P(NextResizeStepTest, OneStepPerPass) {
  const auto& row = GetParam();
  EXPECT_EQ(NextResizeStep(row.state, row.type_differs, row.stopped_by_us), row.step) << row.reason;
}

INSTANTIATE_TEST_SUITE_P(
    Table, NextResizeStepTest,
    ::testing::Values(
        ResizeCase{"running with another type: stop first", "running", true, false,
                   {.stop = true}},
        ResizeCase{"stopped by us with another type: modify, start, unmark", "stopped", true, true,
                   {.modify = true, .start = true, .unmark = true}},
        ResizeCase{"stopped by us, type already changed: start and unmark", "stopped", false, true,
                   {.start = true, .unmark = true}},
        ResizeCase{"stopped by someone else: new type, left stopped", "stopped", true, false,
                   {.modify = true}},
        ResizeCase{"running again, mark left behind: unmark", "running", false, true,
                   {.unmark = true}},
        ResizeCase{"still stopping: nothing until stopped", "stopping", true, true, {}},
        ResizeCase{"pending: nothing until running", "pending", true, false, {}},
        ResizeCase{"in sync", "running", false, false, {}}));

}  // namespace
}  // namespace awsr::reconcilers::ec2
