#include <gtest/gtest.h>

#include "reconcilers/iam/policy_document.h"
#include "reconcilers/iam/policy_versions.h"

namespace awsr::reconcilers::iam {
namespace {

using nlohmann::json;

json Document(const char* action) {
  return {{"Statement", {{{"Effect", "Allow"}, {"Action", action}, {"Resource", "*"}}}}};
}

json Versions(std::initializer_list<std::pair<const char*, const char*>> versions) {
  json list = json::array();
  for (const auto& [id, action] : versions) {
    list.push_back({{"id", id}, {"document", CanonicalText(Document(action))}});
  }
  return list;
}

struct VersionCase {
  const char* reason;
  json versions;
  std::string default_version;
  const char* desired_action;
  std::string reuse;
  std::string prune;
};

class PolicyVersionsTest : public ::testing::TestWithParam<VersionCase> {};

TEST_P(PolicyVersionsTest, PlansTheChange) {
  const VersionChange change = PlanVersionChange(
      GetParam().versions, GetParam().default_version, Document(GetParam().desired_action));
  EXPECT_EQ(change.reuse, GetParam().reuse) << GetParam().reason;
  EXPECT_EQ(change.prune, GetParam().prune) << GetParam().reason;
}

INSTANTIATE_TEST_SUITE_P(
    Table, PolicyVersionsTest,
    ::testing::Values(
        VersionCase{"a new document below the limit: just a new version",
                    Versions({{"v1", "a:A"}}), "v1", "b:B", "", ""},
        VersionCase{"an older version set back as default: make ours the default again",
                    Versions({{"v1", "a:A"}, {"v2", "b:B"}}), "v1", "b:B", "v2", ""},
        VersionCase{"at the limit: the oldest non-default version goes",
                    Versions({{"v1", "a:A"}, {"v2", "b:B"}, {"v3", "c:C"}, {"v4", "d:D"},
                              {"v5", "e:E"}}),
                    "v5", "f:F", "", "v1"},
        VersionCase{"at the limit with the oldest as default: the next oldest goes",
                    Versions({{"v1", "a:A"}, {"v2", "b:B"}, {"v3", "c:C"}, {"v4", "d:D"},
                              {"v5", "e:E"}}),
                    "v1", "f:F", "", "v2"}));

}  // namespace
}  // namespace awsr::reconcilers::iam
