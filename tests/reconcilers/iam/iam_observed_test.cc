// The bulk read in CloudFormation's shape, from details as the client hands them over (XML
// leaves as strings, URL-encoded documents).
#include "reconcilers/iam/iam_observed.h"

#include <gtest/gtest.h>

#include "reconcilers/iam/policy_document.h"

namespace awsr::reconcilers::iam {
namespace {

using nlohmann::json;

// The four lists of an answer, as the client hands them over.
struct Lists {
  json users, groups, roles, policies;
};

Lists Details() {
  Lists details;
  details.users = json::parse(R"([
    {"UserName": "alice", "UserId": "AIDA1", "Path": "/", "Arn": "arn:aws:iam::1:user/alice",
     "GroupList": ["Admin"],
     "AttachedManagedPolicies": [{"PolicyName": "P", "PolicyArn": "arn:aws:iam::1:policy/P"}],
     "UserPolicyList": [{"PolicyName": "inline",
                         "PolicyDocument": "%7B%22Statement%22%3A%5B%5D%7D"}],
     "Tags": [{"Key": "awsreconciled:owner", "Value": "me"}, {"Key": "team", "Value": "a"}]},
    {"UserName": "bob", "UserId": "AIDA2", "Path": "/", "Arn": "arn:aws:iam::1:user/bob",
     "GroupList": "", "AttachedManagedPolicies": "", "UserPolicyList": ""}])");
  details.groups = json::parse(R"([
    {"GroupName": "Admin", "GroupId": "AGPA1", "Path": "/", "Arn": "arn:aws:iam::1:group/Admin",
     "AttachedManagedPolicies": [{"PolicyArn": "arn:aws:iam::1:policy/P"}],
     "GroupPolicyList": ""}])");
  details.roles = json::parse(R"([
    {"RoleName": "r", "RoleId": "AROA1", "Path": "/", "Arn": "arn:aws:iam::1:role/r",
     "AssumeRolePolicyDocument": "%7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%7D%7D",
     "AttachedManagedPolicies": "", "RolePolicyList": ""}])");
  details.policies = json::parse(R"([
    {"PolicyName": "P", "PolicyId": "ANPA1", "Arn": "arn:aws:iam::1:policy/P", "Path": "/",
     "DefaultVersionId": "v2", "Description": "d",
     "PolicyVersionList": [
       {"VersionId": "v10", "IsDefaultVersion": "false", "Document": "%7B%7D"},
       {"VersionId": "v2", "IsDefaultVersion": "true",
        "Document": "%7B%22Statement%22%3A%5B%5D%7D"}]}])");
  return details;
}

// The read IamSnapshot would make of `lists`.
AccountRead ReadOf(const Lists& lists) {
  ItemStream items;
  const std::pair<AccountList, const json*> in[] = {{AccountList::kUsers, &lists.users},
                                                    {AccountList::kGroups, &lists.groups},
                                                    {AccountList::kRoles, &lists.roles},
                                                    {AccountList::kPolicies, &lists.policies}};
  for (const auto& [list, members] : in) {
    for (const json& item : *members) {
      items.Add(static_cast<std::size_t>(list), PackedJson(item).Bytes());
    }
  }
  return AccountRead(1, std::make_shared<const CompressedItems>(items));
}

TEST(IamObservedTest, UserCarriesGroupsPoliciesAndOnlyUserTags) {
  const auto user = ObservedUser(Details().users[0]);
  EXPECT_EQ(user.physical_id, "alice");
  EXPECT_EQ(user.identity_key, "alice");
  EXPECT_EQ(user.properties["Groups"], json::array({"Admin"}));
  EXPECT_EQ(user.properties["ManagedPolicyArns"], json::array({"arn:aws:iam::1:policy/P"}));
  EXPECT_EQ(user.properties["Policies"][0]["PolicyName"], "inline");
  EXPECT_TRUE(SamePolicy(user.properties["Policies"][0]["PolicyDocument"],
                         json::parse(R"({"Statement": []})")))
      << "the document is decoded";
  EXPECT_EQ(user.properties["Tags"], json::parse(R"([{"Key": "team", "Value": "a"}])"));
  EXPECT_EQ(user.Tag("awsreconciled:owner"), "me");
  EXPECT_EQ(user.attributes.at("Arn"), "arn:aws:iam::1:user/alice");
}

TEST(IamObservedTest, EmptyListsArriveAsEmptyStrings) {
  const auto user = ObservedUser(Details().users[1]);
  EXPECT_EQ(user.properties["Groups"], json::array());
  EXPECT_EQ(user.properties["ManagedPolicyArns"], json::array());
  EXPECT_EQ(user.properties["Policies"], json::array());
  EXPECT_TRUE(user.tags.empty());
}

TEST(IamObservedTest, RoleTrustPolicyIsDecodedAndRoleIdIsAnAttribute) {
  const auto role = ObservedRole(Details().roles[0]);
  EXPECT_TRUE(SamePolicy(role.properties["AssumeRolePolicyDocument"],
                         json::parse(R"({"Statement": [{"Effect": "Allow"}]})")));
  EXPECT_EQ(role.attributes.at("RoleId"), "AROA1");
  EXPECT_FALSE(role.properties.Contains("Description")) << "not in the bulk read";
}

TEST(IamObservedTest, ManagedPolicyAttachmentsComeFromThePrincipals) {
  const Lists details = Details();
  const auto policy =
      ObservedManagedPolicy(details.policies[0], PolicyAttachments::Of(ReadOf(details)));
  EXPECT_EQ(policy.physical_id, "arn:aws:iam::1:policy/P");
  EXPECT_EQ(policy.identity_key, "P");
  EXPECT_EQ(policy.properties["Users"], json::array({"alice"}));
  EXPECT_EQ(policy.properties["Groups"], json::array({"Admin"}));
  EXPECT_EQ(policy.properties["Roles"], json::array());
  EXPECT_EQ(policy.internal["default_version"], "v2");
  EXPECT_EQ(policy.internal["versions"][0]["id"], "v2") << "oldest first, by number";
  EXPECT_EQ(policy.internal["versions"][1]["id"], "v10");
}

// A list that leaves out a create-only field must not make a healthy resource look replaced:
// the name and path come from the ARN, and a description the list omits stays unknown.
TEST(IamObservedTest, FieldsAListLeavesOutAreDerivedOrUnknownNeverChanged) {
  const Lists details = Details();
  const auto policy = ObservedManagedPolicy(
      json::parse(R"({"PolicyId": "ANPA2", "Arn": "arn:aws:iam::1:policy/team/Deploy",
                      "PolicyVersionList": ""})"),
      PolicyAttachments::Of(ReadOf(details)));
  EXPECT_EQ(policy.identity_key, "Deploy");
  EXPECT_EQ(policy.properties["ManagedPolicyName"], "Deploy");
  EXPECT_EQ(policy.properties["Path"], "/team/");
  EXPECT_FALSE(policy.properties.Contains("Description"));

  engine::DesiredResource desired;
  desired.properties = {
      {"ManagedPolicyName", "Deploy"}, {"Path", "/team/"}, {"Description", "deploys"}};
  EXPECT_TRUE(engine::DiffProperties(desired.properties, policy.properties).empty());

  const auto user = ObservedUser(
      json::parse(R"({"UserId": "AIDA3", "Arn": "arn:aws:iam::1:user/carol", "GroupList": ""})"));
  EXPECT_EQ(user.physical_id, "carol");
  EXPECT_EQ(user.properties["Path"], "/");
}

TEST(IamObservedTest, MembersAreReadOffTheUsers) {
  const auto members = MembersByGroup(ReadOf(Details()));
  EXPECT_EQ(members.at("Admin"), std::vector<std::string>({"alice"}));
  EXPECT_FALSE(members.contains("Other"));
}

}  // namespace
}  // namespace awsr::reconcilers::iam
