#include "daemon/engine/derived_observed.h"

#include <gtest/gtest.h>

namespace awsr::engine {
namespace derived_observed_test {

ObservedResource Vpc(const std::string& id) {
  ObservedResource vpc;
  vpc.physical_id = id;
  return vpc;
}

void SetGroup(ObservedResource& vpc, const std::string& group) {
  vpc.attributes["DefaultSecurityGroup"] = group;
}

// The same resource changed by the same inputs is handed the kept result; the resource as read
// is never changed; other inputs, another object or a forgotten resource make a new result.
TEST(DerivedObservedTest, TheSameResourceAndInputsGiveTheKeptResult) {
  DerivedObserved<std::string> grouped;
  const SharedObserved read = ShareObserved(Vpc("vpc-1"));
  const auto apply = [&](const SharedObserved& resource, const std::string& group) {
    ObservedList list(std::vector<SharedObserved>{resource});
    grouped.Apply(list, 0, group, SetGroup);
    return list.Shared(0);
  };
  const SharedObserved first = apply(read, "sg-1");
  EXPECT_NE(first, read);
  EXPECT_FALSE(read->attributes.contains("DefaultSecurityGroup"))
      << "the resource as read stays as read";
  EXPECT_EQ(first->attributes.at("DefaultSecurityGroup"), "sg-1");
  EXPECT_EQ(apply(read, "sg-1"), first);

  const SharedObserved other_group = apply(read, "sg-2");
  EXPECT_NE(other_group, first);
  EXPECT_EQ(other_group->attributes.at("DefaultSecurityGroup"), "sg-2");
  EXPECT_EQ(first->attributes.at("DefaultSecurityGroup"), "sg-1") << "handed out, kept as it was";

  const SharedObserved read_again = ShareObserved(Vpc("vpc-1"));
  const SharedObserved from_new_read = apply(read_again, "sg-2");
  EXPECT_NE(from_new_read, other_group) << "another object: changed afresh";
  EXPECT_EQ(apply(read_again, "sg-2"), from_new_read);

  // Handed its own result again (the index's, after a read that changed nothing): kept, and
  // the resource as read still gets it; other inputs change a copy of it.
  EXPECT_EQ(apply(from_new_read, "sg-2"), from_new_read);
  EXPECT_EQ(apply(read_again, "sg-2"), from_new_read);
  const SharedObserved regrouped = apply(from_new_read, "sg-3");
  EXPECT_NE(regrouped, from_new_read);
  EXPECT_EQ(regrouped->attributes.at("DefaultSecurityGroup"), "sg-3");
  EXPECT_EQ(from_new_read->attributes.at("DefaultSecurityGroup"), "sg-2");
  EXPECT_EQ(apply(regrouped, "sg-3"), regrouped);

  grouped.ForgetIf([](const std::string& id) { return id == "vpc-1"; });
  EXPECT_NE(apply(read_again, "sg-2"), from_new_read) << "forgotten";
}

}  // namespace derived_observed_test
}  // namespace awsr::engine
