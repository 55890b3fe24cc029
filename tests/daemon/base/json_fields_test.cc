// Reading members of JSON without trusting its shape: a value that is not an object, a null
// that holds nothing yet (an observed resource's internal details), a member of another type.
#include "daemon/base/json_fields.h"

#include <gtest/gtest.h>

namespace awsr {
namespace {

using nlohmann::json;

TEST(JsonFieldsTest, AStringMemberIsReadOnlyFromAnObjectThatHasItAsAString) {
  struct Row {
    const char* what;
    json object;
    std::string expected;
  };
  const Row rows[] = {
      {"a string member", {{"arn", "arn:aws:x"}}, "arn:aws:x"},
      {"absent", {{"other", "x"}}, ""},
      {"a number", {{"arn", 7}}, ""},
      {"a null (nothing set yet)", json(), ""},
      {"an array", json::array({"arn"}), ""},
  };
  for (const Row& row : rows) EXPECT_EQ(StringField(row.object, "arn"), row.expected) << row.what;
}

TEST(JsonFieldsTest, MemberOrGivesTheFallbackWhereValueWouldThrowOnANull) {
  const json none;  // what ObservedResource::internal is until a type sets something
  ASSERT_THROW(static_cast<void>(none.value("pending", false)), json::type_error);
  EXPECT_FALSE(MemberOr(none, "pending", false));
  EXPECT_EQ(MemberOr(none, "versions", json::array()), json::array());

  const json set = {{"pending", true}, {"versions", {{{"id", "v2"}}}}};
  EXPECT_TRUE(MemberOr(set, "pending", false));
  EXPECT_EQ(MemberOr(set, "versions", json::array()).size(), 1u);
  EXPECT_EQ(MemberOr(set, "absent", std::string("fallback")), "fallback");
}

}  // namespace
}  // namespace awsr
