// A status's texts are written without a DOM (a list of 10,000 is rendered whole on demand):
// they must be the bytes DumpJson writes, and status.json's must read back as the status.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "daemon/base/json_fields.h"
#include "daemon/engine/status.h"

namespace awsr::engine {
namespace {

using nlohmann::json;

WallClock::time_point At(int hours) {
  return WallClock::time_point{} + std::chrono::hours(400000 + hours);
}

ResourceStatus Full() {
  ResourceStatus status;
  status.logical_id = "WebSecurityGroup";
  status.type = "AWS::EC2::SecurityGroup";
  status.region = "eu-west-1";
  status.account = "123456789012";
  status.role_arn = "arn:aws:iam::123456789012:role/deployer";
  status.file = "/etc/awsreconciled/desired/web.yaml";
  status.state = ResourceState::kError;
  status.message = "the last pass failed";
  status.physical_id = "sg-0abc";
  status.SetCondition("Ready", true, "Available", "", At(1));
  status.SetCondition("Synced", false, "ReconcileError", "throttled", At(2));
  status.set_diff({{"/GroupDescription", "web", "old", true},
                   {"/Tags", json::array({{{"Key", "a"}, {"Value", "b"}}}), nullptr, false}});
  status.set_last_error(
      LastError{"Throttling", "RequestLimitExceeded", "slow down", "req-1", false, At(3)});
  status.attempts = 3;
  status.set_next_attempt_at(At(4));
  status.set_create_pending_since(At(5));
  status.details_read_at = At(6);
  status.dependencies = {"Vpc", "Network"};
  status.deletion_policy = "Retain";
  status.updated_at = At(7);
  return status;
}

// Every kind of string DumpJson escapes or replaces, in every string member.
std::vector<ResourceStatus> Statuses() {
  std::vector<ResourceStatus> statuses{ResourceStatus{}, Full()};
  for (const std::string& odd : {std::string("say \"hi\" \\ back"), std::string("tab\there\n"),
                                 std::string("caf\xc3\xa9 \xe2\x9c\x93"), std::string("\x7f\x01"),
                                 std::string("bad \xff byte")}) {
    ResourceStatus status = Full();
    status.logical_id = status.message = status.file = status.physical_id = odd;
    status.SetCondition("Synced", false, "ReconcileError", odd, At(2));
    LastError error = *status.last_error();
    error.message = odd;
    status.set_last_error(error);
    status.dependencies.insert(odd);
    statuses.push_back(status);
  }
  return statuses;
}

std::string ShownText(const ResourceStatus& status) {
  std::string text;
  AppendStatusText(text, status);
  return text;
}

std::string SavedText(const ResourceStatus& status) {
  std::string text;
  AppendSavedText(text, status);
  return text;
}

TEST(StatusTextTest, TheTextsAreWhatDumpJsonWritesOfThem) {
  for (const ResourceStatus& status : Statuses()) {
    for (const std::string& text : {ShownText(status), SavedText(status)}) {
      EXPECT_EQ(text, DumpJson(json::parse(text))) << text;
    }
  }
}

TEST(StatusTextTest, TheShownTextHasEveryMember) {
  const json summary = json::parse(ShownText(Full()));
  EXPECT_EQ(summary["details_read_at"], FormatTime(At(6)));
  EXPECT_EQ(summary["logical_id"], "WebSecurityGroup");
  EXPECT_EQ(summary["state"], "Error");
  EXPECT_EQ(summary["attempts"], 3);
  EXPECT_EQ(summary["conditions"][1]["status"], "False");
  EXPECT_EQ(summary["conditions"][1]["reason"], "ReconcileError");
  EXPECT_EQ(summary["diff"][0]["immutable"], true);
  EXPECT_EQ(summary["diff"][1]["observed"], nullptr);
  EXPECT_EQ(summary["last_error"]["terminal"], false);
  EXPECT_EQ(summary["dependencies"], json::array({"Network", "Vpc"}));
  EXPECT_EQ(summary["role_arn"], "arn:aws:iam::123456789012:role/deployer");

  const json bare = json::parse(ShownText(ResourceStatus{}));
  EXPECT_EQ(bare["last_error"], nullptr);
  EXPECT_FALSE(bare.contains("role_arn")) << "the daemon's own credentials";
  EXPECT_EQ(bare["next_attempt_at"], "");
  EXPECT_EQ(bare["state"], "Pending");
}

TEST(StatusTextTest, TheSavedTextReadsBackAsTheStatusWithoutItsReadTime) {
  for (ResourceStatus status : Statuses()) {
    const json saved = json::parse(SavedText(status));
    EXPECT_FALSE(saved.contains("details_read_at"));
    if (status.logical_id.find('\xff') != std::string::npos) {
      EXPECT_EQ(saved["logical_id"], "bad \xef\xbf\xbd byte") << "replaced, as DumpJson does";
      continue;
    }
    status.details_read_at.reset();
    EXPECT_EQ(StatusFromJson(saved), status) << saved.dump();
  }
}

TEST(StatusTextTest, AStatusKeepsReadyAndSyncedAndNoOtherCondition) {
  ResourceStatus status = Full();
  status.SetCondition("Synced", true, "ReconcileSuccess", "", At(6));
  status.SetCondition("Other", true, "Whatever", "", At(7));
  ASSERT_EQ(status.conditions.size(), 2u);
  EXPECT_EQ(status.FindCondition("Synced")->reason, "ReconcileSuccess");
  EXPECT_EQ(status.FindCondition("Synced")->last_transition, At(6)) << "False -> True";
  EXPECT_EQ(status.FindCondition("Other"), nullptr);

  // Another type saved first (a hand-edited file) takes neither one's place.
  json saved = json::parse(SavedText(status));
  saved["conditions"].insert(saved["conditions"].begin(),
                             {{"type", "Other"}, {"status", "True"}, {"reason", "Whatever"}});
  const ResourceStatus read = StatusFromJson(saved);
  EXPECT_EQ(read.conditions, status.conditions);
}

TEST(StatusTextTest, WhatIsOffOrUnderWayIsKeptOnlyWhileAnyOfItIs) {
  ResourceStatus status;
  status.set_create_pending_since(At(1));
  status.set_last_error(LastError{"Throttling", "Throttling", "slow down", "req-1", false, At(2)});
  status.set_next_attempt_at(At(3));
  status.set_diff({{"/CidrBlock", "10.0.0.0/16", "10.1.0.0/16", true}});
  EXPECT_EQ(status.create_pending_since(), At(1));
  ASSERT_NE(status.last_error(), nullptr);
  EXPECT_EQ(status.last_error()->message, "slow down");
  EXPECT_EQ(status.next_attempt_at(), At(3));
  ASSERT_EQ(status.diff().size(), 1u);
  // Each cleared alone leaves the others.
  status.set_create_pending_since(std::nullopt);
  EXPECT_FALSE(status.create_pending_since());
  EXPECT_NE(status.last_error(), nullptr);
  status.set_last_error(std::nullopt);
  status.set_next_attempt_at(std::nullopt);
  EXPECT_EQ(status.diff().size(), 1u);
  status.set_diff({});
  // Settled: equal to a status that never had any of it, in memory and as text.
  EXPECT_EQ(status, ResourceStatus{});
  EXPECT_EQ(ShownText(status), ShownText(ResourceStatus{}));
}

TEST(StatusTextTest, ConditionsAreShownReadyFirstWhicheverWasSetFirst) {
  ResourceStatus status;
  status.SetCondition("Synced", false, "ReconcileError", "throttled", At(1));
  status.SetCondition("Ready", true, "Available", "", At(2));
  const json shown = json::parse(ShownText(status));
  ASSERT_EQ(shown["conditions"].size(), 2u);
  EXPECT_EQ(shown["conditions"][0]["type"], "Ready");
  EXPECT_EQ(shown["conditions"][1]["type"], "Synced");
  EXPECT_EQ(shown["conditions"][1]["message"], "throttled");
  EXPECT_EQ(ResourceStatus{}.conditions.size(), 0u);
  EXPECT_EQ(json::parse(ShownText(ResourceStatus{}))["conditions"], json::array());
}

}  // namespace
}  // namespace awsr::engine
