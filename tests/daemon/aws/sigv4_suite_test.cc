// Drives the official AWS SigV4 test suite (tests/data/sigv4): every classic case and
// every aws-c-auth v4 case, header signing and presigning, compared stage by stage.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "daemon/aws/sigv4.h"
#include "daemon/aws/uri_encoding.h"

namespace awsr::aws {
namespace {

namespace fs = std::filesystem;

const fs::path kSuiteDir = fs::path(AWSR_SOURCE_DIR) / "tests" / "data" / "sigv4";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Parses the suite's raw request format: request line (the target may hold spaces), headers
// with continuation lines folded in, a blank line, then the body.
HttpRequest ParseRawRequest(const std::string& raw) {
  HttpRequest request;
  size_t line_end = raw.find('\n');
  std::string line = raw.substr(0, line_end);
  request.method = line.substr(0, line.find(' '));
  std::string target = line.substr(line.find(' ') + 1, line.rfind(' ') - line.find(' ') - 1);
  size_t question = target.find('?');
  request.path = target.substr(0, question);
  if (question != std::string::npos) request.query = ParseQuery(target.substr(question + 1));
  size_t pos = line_end == std::string::npos ? raw.size() : line_end + 1;
  while (pos < raw.size()) {
    line_end = raw.find('\n', pos);
    if (line_end == std::string::npos) line_end = raw.size();
    line = raw.substr(pos, line_end - pos);
    pos = line_end + 1;
    if (line.empty()) {
      if (pos < raw.size()) request.body = raw.substr(pos);
      break;
    }
    if ((line[0] == ' ' || line[0] == '\t') && !request.headers.empty()) {
      request.headers.back().second += "\n" + line;
      continue;
    }
    size_t colon = line.find(':');
    request.headers.emplace_back(line.substr(0, colon), line.substr(colon + 1));
  }
  return request;
}

Credentials SuiteCredentials() {
  Credentials credentials;
  credentials.access_key_id = "AKIDEXAMPLE";
  credentials.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  return credentials;
}

SigningParams SuiteParams() {
  SigningParams params;
  params.region = "us-east-1";
  params.service = "service";
  params.time = std::chrono::system_clock::from_time_t(1440938160);  // 2015-08-30T12:36:00Z
  return params;
}

std::vector<std::string> CaseDirs(const fs::path& root, std::string_view marker_file) {
  std::vector<std::string> cases;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_directory()) continue;
    fs::path dir = entry.path();
    bool has_marker = marker_file.empty() ? fs::exists(dir / (dir.filename().string() + ".req"))
                                          : fs::exists(dir / marker_file);
    if (has_marker) cases.push_back(fs::relative(dir, root).string());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

// --- Classic format: .req / .creq / .sts / .authz --------------------------------------------

class ClassicSuiteTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ClassicSuiteTest, MatchesEveryStage) {
  fs::path dir = kSuiteDir / "aws4_testsuite" / GetParam();
  std::string name = dir.filename().string();
  HttpRequest request = ParseRawRequest(ReadFile(dir / (name + ".req")));
  Credentials credentials = SuiteCredentials();
  // The botocore driver passes a token for this one case; the request file does not carry it.
  if (name == "get-vanilla-with-session-token") {
    credentials.session_token = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";
  }
  Signature signature = SignRequest(request, credentials, SuiteParams());
  EXPECT_EQ(signature.canonical_request, ReadFile(dir / (name + ".creq")));
  EXPECT_EQ(signature.string_to_sign, ReadFile(dir / (name + ".sts")));
  EXPECT_EQ(request.Header("Authorization"), ReadFile(dir / (name + ".authz")));
}

INSTANTIATE_TEST_SUITE_P(Sigv4, ClassicSuiteTest,
                         ::testing::ValuesIn(CaseDirs(kSuiteDir / "aws4_testsuite", "")), TestName);

TEST(ClassicSuiteCount, HasAllThirtyFourCases) {
  EXPECT_EQ(CaseDirs(kSuiteDir / "aws4_testsuite", "").size(), 34u);
}

// --- aws-c-auth format: context.json + header-* / query-* ------------------------------------

struct CAuthCase {
  HttpRequest request;
  Credentials credentials;
  SigningParams params;
  std::chrono::seconds expires{0};
};

CAuthCase LoadCAuthCase(const fs::path& dir) {
  auto context = nlohmann::json::parse(ReadFile(dir / "context.json"));
  CAuthCase out;
  out.request = ParseRawRequest(ReadFile(dir / "request.txt"));
  out.params = SuiteParams();
  out.credentials.access_key_id = context["credentials"]["access_key_id"];
  out.credentials.secret_access_key = context["credentials"]["secret_access_key"];
  out.credentials.session_token = context["credentials"].value("token", "");
  out.params.region = context["region"];
  out.params.service = context["service"];
  out.params.normalize_path = context["normalize"];
  out.params.add_content_sha256_header = context["sign_body"];
  out.params.sign_session_token = !context.value("omit_session_token", false);
  out.expires = std::chrono::seconds(context["expiration_in_seconds"].get<int>());
  return out;
}

class CAuthSuiteTest : public ::testing::TestWithParam<std::string> {
 protected:
  fs::path Dir() const { return kSuiteDir / "aws-signing-test-suite" / "v4" / GetParam(); }
};

TEST_P(CAuthSuiteTest, HeaderSigningMatchesEveryStage) {
  CAuthCase c = LoadCAuthCase(Dir());
  Signature signature = SignRequest(c.request, c.credentials, c.params);
  EXPECT_EQ(signature.canonical_request, ReadFile(Dir() / "header-canonical-request.txt"));
  EXPECT_EQ(signature.string_to_sign, ReadFile(Dir() / "header-string-to-sign.txt"));
  EXPECT_EQ(signature.signature, ReadFile(Dir() / "header-signature.txt"));
  HttpRequest expected = ParseRawRequest(ReadFile(Dir() / "header-signed-request.txt"));
  EXPECT_EQ(c.request.Header("Authorization"), expected.Header("Authorization"));
  EXPECT_EQ(c.request.Header("X-Amz-Security-Token"), expected.Header("X-Amz-Security-Token"));
}

TEST_P(CAuthSuiteTest, PresigningMatchesEveryStage) {
  CAuthCase c = LoadCAuthCase(Dir());
  c.params.add_content_sha256_header = false;  // presigned URLs carry no extra headers
  Signature signature = PresignRequest(c.request, c.credentials, c.params, c.expires);
  EXPECT_EQ(signature.canonical_request, ReadFile(Dir() / "query-canonical-request.txt"));
  EXPECT_EQ(signature.string_to_sign, ReadFile(Dir() / "query-string-to-sign.txt"));
  EXPECT_EQ(signature.signature, ReadFile(Dir() / "query-signature.txt"));
  HttpRequest expected = ParseRawRequest(ReadFile(Dir() / "query-signed-request.txt"));
  auto sorted = [](std::vector<NameValue> query) {
    std::sort(query.begin(), query.end());
    return query;
  };
  EXPECT_EQ(sorted(c.request.query), sorted(expected.query));
}

INSTANTIATE_TEST_SUITE_P(Sigv4, CAuthSuiteTest,
                         ::testing::ValuesIn(CaseDirs(kSuiteDir / "aws-signing-test-suite" / "v4",
                                                    "context.json")),
                         TestName);

TEST(CAuthSuiteCount, HasAllThirtyEightCases) {
  EXPECT_EQ(CaseDirs(kSuiteDir / "aws-signing-test-suite" / "v4", "context.json").size(), 38u);
}

TEST(CAuthSuiteV4a, Skipped) {
  GTEST_SKIP() << "SigV4a (ECDSA P-256) is not implemented: no service the daemon manages needs "
                  "multi-region signing";
}

}  // namespace
}  // namespace awsr::aws
