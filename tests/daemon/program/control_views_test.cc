#include "daemon/program/control_views.h"

#include <gtest/gtest.h>

namespace awsr {
namespace {

using nlohmann::json;

const json kResources = json::parse(R"({"resources": [
  {"logical_id": "MainVpc", "type": "AWS::EC2::VPC", "state": "Ready", "physical_id": "vpc-1",
   "message": ""},
  {"logical_id": "Web", "type": "AWS::EC2::SecurityGroup", "state": "Pending",
   "physical_id": "", "message": "waiting for MainVpc"}]})");

TEST(ControlViewsTest, ResourcesAreATableOrTheirNames) {
  EXPECT_EQ(RenderView("get", {"resources"}, kResources, false, false),
            "LOGICAL ID  TYPE                     STATE    PHYSICAL ID  MESSAGE\n"
            "MainVpc     AWS::EC2::VPC            Ready    vpc-1\n"
            "Web         AWS::EC2::SecurityGroup  Pending               waiting for MainVpc\n");
  EXPECT_EQ(RenderView("get", {"resources"}, kResources, true, false), "MainVpc\nWeb\n");
}

TEST(ControlViewsTest, OneResourceShowsItsDiffErrorAndEvents) {
  const json resource = json::parse(R"({"logical_id": "Web", "type": "AWS::EC2::SecurityGroup",
    "state": "Drifted", "physical_id": "sg-1", "file": "web.json", "region": "eu-west-1",
    "message": "", "last_error": {"code": "Throttling", "message": "slow down"},
    "diff": [{"path": "/GroupDescription", "observed": "old", "desired": "new",
              "immutable": true}],
    "events": [{"time": "T1", "logical_id": "Web", "action": "update", "message": "tags"}]})");
  const std::string text = RenderView("get", {"resources", "Web"}, resource, false, false);
  EXPECT_NE(text.find("Web  AWS::EC2::SecurityGroup  Drifted\n"), std::string::npos) << text;
  EXPECT_NE(text.find("physical_id: sg-1\nfile: web.json\nregion: eu-west-1\n"), std::string::npos);
  EXPECT_NE(text.find("last error: Throttling slow down"), std::string::npos);
  EXPECT_NE(text.find("  /GroupDescription: old -> new (replacement)\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("  T1  Web  update  tags\n"), std::string::npos);
}

TEST(ControlViewsTest, PlanListsActionsThenCounts) {
  const json plan = json::parse(R"({"mode": "plan", "observed_at": "T", "in_sync": 3,
    "actions": [{"action": "update", "logical_id": "Web", "type": "AWS::EC2::SecurityGroup",
                 "physical_id": "sg-1", "message": "",
                 "changes": [{"path": "/Tags"}, {"path": "/GroupDescription"}]},
                {"action": "create", "logical_id": "Db", "type": "AWS::RDS::DBInstance",
                 "physical_id": "", "message": "missing", "changes": []}]})");
  EXPECT_EQ(RenderView("plan", {}, plan, false, false),
            "ACTION  LOGICAL ID  TYPE                     PHYSICAL ID  CHANGES\n"
            "update  Web         AWS::EC2::SecurityGroup  sg-1         /Tags, /GroupDescription\n"
            "create  Db          AWS::RDS::DBInstance                  missing\n"
            "\n2 to do, 3 in sync (observed T)\n");
  const json empty = {{"in_sync", 5}, {"observed_at", "T"}, {"actions", json::array()}};
  EXPECT_EQ(RenderView("plan", {}, empty, false, false),
            "nothing to do: 0 to do, 5 in sync (observed T)\n");
}

TEST(ControlViewsTest, FilesListTheirProblemsWithPointers) {
  const json files = json::parse(R"({"files": [
    {"name": "a.json", "state": "ok", "resources": 2, "problems": []},
    {"name": "b.json", "state": "error", "resources": 0,
     "problems": [{"pointer": "/Resources/X/Type", "message": "unknown type"}]}]})");
  EXPECT_EQ(RenderView("get", {"files"}, files, false, false),
            "FILE    STATE  RESOURCES  PROBLEMS\n"
            "a.json  ok     2          0\n"
            "b.json  error  0          1\n"
            "\nb.json:/Resources/X/Type: unknown type\n");
}

TEST(ControlViewsTest, StatusSummarisesCountsByState) {
  const json status = json::parse(R"({"version": "0.1.0", "owner": "team", "mode": "apply",
    "account_id": "123", "region": "eu-west-1", "phase": "running", "ready": true, "cycles": 4,
    "last_cycle_at": "T1", "next_cycle_at": "T2", "desired_dir": "/d",
    "files": {"total": 2, "with_errors": 1},
    "resources": {"total": 3, "by_state": {"Pending": 1, "Ready": 2}}})");
  EXPECT_EQ(RenderView("status", {}, status, false, false),
            "awsreconciled 0.1.0  owner team  mode apply  account 123  region eu-west-1\n"
            "phase running  cycles 4  last T1  next T2\n"
            "files 2 (1 with problems) in /d\n"
            "resources 3: 1 Pending, 2 Ready\n");
}

}  // namespace
}  // namespace awsr
