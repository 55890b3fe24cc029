// libFuzzer target: any bytes as an AWS answer, in every protocol: the body decoded to JSON,
// the error parsed out of it, the next page found, and the result written out again as the
// status file and the API would; and XML read with a list's items digested.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/aws/aws_error.h"
#include "daemon/aws/protocol_codec.h"
#include "daemon/aws/xml_to_json.h"
#include "daemon/base/json_fields.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace awsr::aws;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  for (const Protocol protocol : {Protocol::kQuery, Protocol::kEc2, Protocol::kJson10,
                                  Protocol::kJson11, Protocol::kRestXml, Protocol::kRestJson}) {
    auto decoded = DecodeBody(protocol, body);
    if (decoded) {
      (void)awsr::DumpJson(*decoded);
      (void)FindNextPage(*decoded, protocol, PageTokens{});
      (void)FindNextPage(*decoded, protocol, PageTokens{"Marker", "NextMarker"});
    }
    HttpResponse response;
    response.status = 400 + static_cast<int>(size % 200);
    response.body = std::string(body);
    response.headers.emplace_back("x-amzn-ErrorType", std::string(body.substr(0, 64)));
    const awsr::Error error = MakeAwsError(protocol, response, "ec2", "DescribeVpcs");
    (void)error.Describe();
    (void)RequestIdOf(response);
  }
  // The digesting form, every item held or none: the answer less one list, and its items.
  for (const bool held : {false, true}) {
    const ItemDigests digests{{"vpcSet"}, [held](const awsr::ShortDigest&) { return held; }};
    std::vector<DigestedItem> items;
    (void)XmlToJson(body, digests, items);
  }
  (void)AsList(nlohmann::json(std::string(body)));
  return 0;
}
