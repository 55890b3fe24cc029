#include "daemon/aws/aws_error.h"

#include <gtest/gtest.h>

namespace awsr::aws {
namespace {

HttpResponse Response(int status, std::string body, std::vector<NameValue> headers = {}) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

TEST(AwsErrorTest, ParsesQueryErrors) {
  Error error = MakeAwsError(Protocol::kQuery, Response(404, R"(<ErrorResponse>
    <Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>no user</Message></Error>
    <RequestId>req-1</RequestId></ErrorResponse>)"), "iam", "GetUser");
  EXPECT_EQ(error.kind, ErrorKind::kNotFound);
  EXPECT_EQ(error.aws_code, "NoSuchEntity");
  EXPECT_EQ(error.message, "no user");
  EXPECT_EQ(error.request_id, "req-1");
  EXPECT_EQ(error.http_status, 404);
  EXPECT_EQ(error.service, "iam");
  EXPECT_EQ(error.context, "iam:GetUser");
}

TEST(AwsErrorTest, ParsesEc2Errors) {
  Error error = MakeAwsError(Protocol::kEc2, Response(400, R"(<Response><Errors><Error>
    <Code>InvalidGroup.Duplicate</Code><Message>exists</Message></Error></Errors>
    <RequestID>req-2</RequestID></Response>)"), "ec2", "CreateSecurityGroup");
  EXPECT_EQ(error.kind, ErrorKind::kConflict);
  EXPECT_EQ(error.aws_code, "InvalidGroup.Duplicate");
  EXPECT_EQ(error.request_id, "req-2");
}

TEST(AwsErrorTest, ParsesS3ErrorsAndBodilessHead) {
  Error error = MakeAwsError(Protocol::kRestXml, Response(404, R"(<Error><Code>NoSuchBucket</Code>
    <Message>gone</Message><RequestId>req-3</RequestId></Error>)"), "s3", "GetBucketTagging");
  EXPECT_EQ(error.kind, ErrorKind::kNotFound);
  EXPECT_EQ(error.request_id, "req-3");
  Error head = MakeAwsError(Protocol::kRestXml,
                            Response(404, "", {{"x-amz-request-id", "req-4"}}), "s3", "HeadBucket");
  EXPECT_EQ(head.kind, ErrorKind::kNotFound);
  EXPECT_EQ(head.aws_code, "NotFound");
  EXPECT_EQ(head.request_id, "req-4");
}

TEST(AwsErrorTest, ParsesJsonAndRestJsonErrors) {
  Error json = MakeAwsError(
      Protocol::kJson11,
      Response(400, R"({"__type":"com.amazonaws.secretsmanager#ResourceNotFoundException",
                        "Message":"no secret"})", {{"x-amzn-RequestId", "req-5"}}),
      "secretsmanager", "DescribeSecret");
  EXPECT_EQ(json.kind, ErrorKind::kNotFound);
  EXPECT_EQ(json.aws_code, "ResourceNotFoundException");
  EXPECT_EQ(json.message, "no secret");
  EXPECT_EQ(json.request_id, "req-5");
  Error rest = MakeAwsError(
      Protocol::kRestJson,
      Response(429, R"({"Type":"User","message":"slow down"})",
               {{"x-amzn-ErrorType", "TooManyRequestsException:http://internal.amazon.com/"}}),
      "lambda", "GetFunction");
  EXPECT_EQ(rest.kind, ErrorKind::kThrottled);
  EXPECT_EQ(rest.aws_code, "TooManyRequestsException");
  EXPECT_EQ(rest.message, "slow down");
}

TEST(AwsErrorTest, ClassifiesCodesInOnePlace) {
  struct Row {
    std::string code;
    int status;
    ErrorKind kind;
  };
  const std::vector<Row> rows = {
      {"Throttling", 400, ErrorKind::kThrottled},
      {"RequestLimitExceeded", 503, ErrorKind::kThrottled},
      {"SlowDown", 503, ErrorKind::kThrottled},
      {"Anything", 429, ErrorKind::kThrottled},
      {"InternalError", 500, ErrorKind::kTransient},
      {"ServiceUnavailable", 503, ErrorKind::kTransient},
      {"Unknown", 502, ErrorKind::kTransient},
      {"InvalidVpcID.NotFound", 400, ErrorKind::kNotFound},
      {"DBInstanceNotFound", 404, ErrorKind::kNotFound},
      {"EntityAlreadyExists", 409, ErrorKind::kConflict},
      {"DependencyViolation", 400, ErrorKind::kConflict},
      {"InvalidDBInstanceState", 400, ErrorKind::kConflict},
      {"ResourceInUseException", 400, ErrorKind::kConflict},
      {"AccessDenied", 403, ErrorKind::kAccessDenied},
      {"UnauthorizedOperation", 403, ErrorKind::kAccessDenied},
      {"SignatureDoesNotMatch", 403, ErrorKind::kAccessDenied},
      {"ValidationError", 400, ErrorKind::kInvalidSpec},
      {"MalformedPolicyDocument", 400, ErrorKind::kInvalidSpec},
      {"InvalidParameterValue", 400, ErrorKind::kInvalidSpec},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(ClassifyAwsError(row.code, row.status), row.kind) << row.code;
  }
}

// A describe page is megabytes: the request ID is found where each protocol writes it (EC2
// first, the query protocol's ResponseMetadata last), and anywhere else when it is neither.
TEST(AwsErrorTest, FindsTheRequestIdOfABigAnswerWhereverTheBodyHasIt) {
  const std::string items(200000, ' ');
  struct Case {
    std::string body;
    std::string request_id;
  };
  const std::vector<Case> cases = {
      {"<DescribeVpcsResponse><requestId>ec2-1</requestId>" + items + "</DescribeVpcsResponse>",
       "ec2-1"},
      {"<GetAccountAuthorizationDetailsResponse>" + items +
           "<ResponseMetadata><RequestId>iam-1</RequestId></ResponseMetadata>"
           "</GetAccountAuthorizationDetailsResponse>",
       "iam-1"},
      {"<Answer>" + items + "<RequestID>middle-1</RequestID>" + items + "</Answer>", "middle-1"},
      {"<Answer>" + items + "</Answer>", ""},
      {"<Answer><requestId>unterminated", ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(RequestIdOf(Response(200, c.body)), c.request_id) << c.body.substr(0, 60);
  }
  EXPECT_EQ(RequestIdOf(Response(200, "<requestId>in-body</requestId>",
                                 {{"x-amzn-RequestId", "in-header"}})),
            "in-header");
}

}  // namespace
}  // namespace awsr::aws
