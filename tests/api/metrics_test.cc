#include "api/metrics.h"

#include <gtest/gtest.h>

#include <limits>

namespace awsr::api {
namespace {

TEST(MetricsTest, RendersFamiliesWithHelpTypeAndEscapedLabels) {
  const std::string text = RenderPrometheus({
      {"awsreconciled_resources", "Resources by state.", "gauge",
       {{"", {{"state", "Ready"}}, 3}, {"", {{"state", "Error"}}, 0}}},
      {"awsreconciled_aws_calls_total", "AWS calls.", "counter",
       {{"", {{"operation", "Describe\"Vpcs\""}, {"service", "ec2"}}, 12}}},
      {"awsreconciled_cycle_seconds", "Cycle durations.", "histogram",
       {{"_bucket", {{"le", "+Inf"}}, 2}, {"_sum", {}, 0.25}, {"_count", {}, 2}}},
  });
  EXPECT_EQ(text,
            "# HELP awsreconciled_resources Resources by state.\n"
            "# TYPE awsreconciled_resources gauge\n"
            "awsreconciled_resources{state=\"Ready\"} 3\n"
            "awsreconciled_resources{state=\"Error\"} 0\n"
            "# HELP awsreconciled_aws_calls_total AWS calls.\n"
            "# TYPE awsreconciled_aws_calls_total counter\n"
            "awsreconciled_aws_calls_total{operation=\"Describe\\\"Vpcs\\\"\",service=\"ec2\"} 12\n"
            "# HELP awsreconciled_cycle_seconds Cycle durations.\n"
            "# TYPE awsreconciled_cycle_seconds histogram\n"
            "awsreconciled_cycle_seconds_bucket{le=\"+Inf\"} 2\n"
            "awsreconciled_cycle_seconds_sum 0.25\n"
            "awsreconciled_cycle_seconds_count 2\n");
}

}  // namespace
}  // namespace awsr::api
