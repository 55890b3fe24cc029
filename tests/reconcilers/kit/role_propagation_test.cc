#include "reconcilers/kit/role_propagation.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace awsr::reconcilers::kit {
namespace {

Error AwsError(std::string code, std::string message) {
  Error error = MakeError(ErrorKind::kInvalidSpec, std::move(message));
  error.aws_code = std::move(code);
  error.http_status = 400;
  return error;
}

struct RefusalCase {
  std::string reason;
  std::string code;
  std::string message;
  bool refusal;
};

TEST(RolePropagationTest, RecognisesEachServicesWordsForARoleItCannotAssume) {
  const std::vector<RefusalCase> cases = {
      {"CodeBuild", "InvalidInputException",
       "CodeBuild is not authorized to perform: sts:AssumeRole on arn:aws:iam::1:role/build", true},
      {"Lambda", "InvalidParameterValueException",
       "The role defined for the function cannot be assumed by Lambda.", true},
      {"Lambda, a policy attached moments ago", "InvalidParameterValueException",
       "The provided execution role does not have permissions to call CreateNetworkInterface on "
       "EC2",
       true},
      {"ECS", "InvalidParameterException",
       "Unable to assume role and validate the specified targetGroupArn.", true},
      {"another bad parameter of the same code", "InvalidInputException",
       "Invalid buildspec: no phases", false},
      {"the words under another code", "AccessDeniedException",
       "not authorized to perform: sts:AssumeRole", false},
  };
  for (const auto& row : cases) {
    EXPECT_EQ(IsRolePropagationRefusal(AwsError(row.code, row.message)), row.refusal)
        << row.reason;
  }
}

TEST(RolePropagationTest, RetellsARefusalAsTransientNamingTheRoleAndKeepsOtherErrors) {
  Result<int> refused = AwsError("InvalidInputException",
                                 "CodeBuild is not authorized to perform: sts:AssumeRole on x");
  const Result<int> retold = RetryWhileRolePropagates(refused, "arn:aws:iam::1:role/build");
  ASSERT_FALSE(retold);
  EXPECT_EQ(retold.error().kind, ErrorKind::kTransient);
  EXPECT_TRUE(retold.error().Retryable());
  EXPECT_EQ(retold.error().aws_code, "InvalidInputException");
  EXPECT_NE(retold.error().message.find("arn:aws:iam::1:role/build"), std::string::npos);
  EXPECT_NE(retold.error().message.find("propagating"), std::string::npos);

  Result<int> other = AwsError("InvalidInputException", "Invalid buildspec");
  EXPECT_EQ(RetryWhileRolePropagates(other, "r").error().kind, ErrorKind::kInvalidSpec);
  EXPECT_EQ(RetryWhileRolePropagates(Result<int>(7), "r").value(), 7);
}

}  // namespace
}  // namespace awsr::reconcilers::kit
