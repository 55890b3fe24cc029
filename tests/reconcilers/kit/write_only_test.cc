#include "reconcilers/kit/write_only.h"

#include <gtest/gtest.h>

namespace awsr::reconcilers::kit {
namespace {

using nlohmann::json;

const std::string kPassword = "Sup3rSecretPass";

engine::DesiredResource Desired(json password, std::string logical_id = "Analytics") {
  engine::DesiredResource desired;
  desired.logical_id = logical_id;
  desired.properties = {{"NodeType", "dc2.large"}, {"MasterUserPassword", std::move(password)}};
  desired.ownership_tags = {{"awsreconciled:owner", "me"},
                            {"awsreconciled:logical-id", logical_id}};
  return desired;
}

engine::ObservedResource Observed(std::string stamp) {
  engine::ObservedResource observed;
  observed.properties = json{{"NodeType", "dc2.large"}};
  if (!stamp.empty()) observed.tags[std::string(kWriteOnlyTag)] = std::move(stamp);
  return observed;
}

const WriteOnly kPasswords({"MasterUserPassword"});

TEST(WriteOnlyTest, TheStampStandsForTheTextSaltedByTheResourceAndHidesTheValue) {
  const std::string stamp = kPasswords.Stamp(Desired(kPassword));
  EXPECT_EQ(stamp, kPasswords.Stamp(Desired(kPassword)));
  EXPECT_NE(stamp, kPasswords.Stamp(Desired("0therPassword1")));
  EXPECT_NE(stamp, kPasswords.Stamp(Desired(kPassword, "Other")));
  EXPECT_EQ(stamp.find(kPassword), std::string::npos);
  EXPECT_EQ(stamp.size(), 32u);
  engine::DesiredResource none = Desired(kPassword);
  none.properties.erase("MasterUserPassword");
  EXPECT_EQ(kPasswords.Stamp(none), "");
}

TEST(WriteOnlyTest, PropertiesWithDynamicReferencesAreWriteOnlyToo) {
  engine::DesiredResource desired = Desired(kPassword);
  desired.properties["Token"] = "{{resolve:ssm:/api/token}}";
  EXPECT_EQ(kPasswords.In(desired), (std::set<std::string>{"MasterUserPassword", "Token"}));
  EXPECT_EQ(kPasswords.Without(desired), (json{{"NodeType", "dc2.large"}}));
}

TEST(WriteOnlyTest, ComparesNothingButTheStamp) {
  const engine::DesiredResource desired = Desired(kPassword);
  EXPECT_TRUE(kPasswords.Compare(desired, Observed(kPasswords.Stamp(desired))).empty());
  const engine::Diff changed = kPasswords.Compare(desired, Observed("0123"));
  ASSERT_EQ(changed.changes.size(), 1u);
  EXPECT_EQ(changed.changes[0].path, "/MasterUserPassword");
  EXPECT_EQ(changed.changes[0].desired.dump().find(kPassword), std::string::npos);
  EXPECT_EQ(changed.changes[0].observed, json("(write-only)"));
  // Never stamped (adopted, or created before it had one): written once.
  EXPECT_EQ(kPasswords.Compare(desired, Observed("")).changes.size(), 1u);
}

TEST(WriteOnlyTest, CreationTagsCarryTheStamp) {
  const engine::TagMap tags = kPasswords.CreationTags(Desired(kPassword));
  EXPECT_EQ(tags.at(std::string(kWriteOnlyTag)), kPasswords.Stamp(Desired(kPassword)));
  EXPECT_EQ(tags.at("awsreconciled:owner"), "me");
}

}  // namespace
}  // namespace awsr::reconcilers::kit
