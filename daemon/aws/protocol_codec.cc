#include "daemon/aws/protocol_codec.h"

#include "daemon/aws/form_encoding.h"
#include "daemon/aws/json_result.h"
#include "daemon/aws/xml_to_json.h"
#include "daemon/base/json_fields.h"

namespace awsr::aws {
namespace {

std::string StringOf(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return {};
  return DumpJson(value);
}

}  // namespace

Result<ServiceInfo> ResolveService(const CallRequest& call) {
  ServiceInfo info{};
  if (const ServiceInfo* known = FindService(call.service)) info = *known;
  if (call.protocol) info.protocol = *call.protocol;
  if (!call.api_version.empty()) info.api_version = call.api_version;
  if (!call.target_prefix.empty()) info.target_prefix = call.target_prefix;
  bool usable = !info.signing_name.empty() || call.protocol.has_value();
  if (!usable) {
    return MakeError(ErrorKind::kInvalidSpec, "unknown AWS service '" + call.service +
                                                  "': give its protocol on the request");
  }
  return info;
}

HttpRequest EncodeCall(const CallRequest& call, const ServiceInfo& service,
                       std::string_view base_path) {
  HttpRequest request;
  request.method = "POST";
  request.path = std::string(base_path) + "/";
  switch (service.protocol) {
    case Protocol::kQuery:
    case Protocol::kEc2:
      request.headers.emplace_back("Content-Type",
                                   "application/x-www-form-urlencoded; charset=utf-8");
      request.body =
          EncodeFormBody(call.operation, service.api_version, call.params,
                         service.protocol == Protocol::kEc2 ? ListStyle::kEc2 : ListStyle::kMember);
      break;
    case Protocol::kJson10:
    case Protocol::kJson11:
      request.headers.emplace_back("Content-Type", service.protocol == Protocol::kJson10
                                                       ? "application/x-amz-json-1.0"
                                                       : "application/x-amz-json-1.1");
      request.headers.emplace_back("X-Amz-Target",
                                   std::string(service.target_prefix) + "." + call.operation);
      request.body = call.params.is_null() ? "{}" : DumpJson(call.params);
      break;
    case Protocol::kRestXml:
    case Protocol::kRestJson:
      break;  // REST calls are built by the client from RestRequest
  }
  return request;
}

Result<nlohmann::json> DecodeBody(Protocol protocol, std::string_view body,
                                  const ItemDigests* digests, std::vector<DigestedItem>* items) {
  if (IsXmlProtocol(protocol)) {
    if (protocol == Protocol::kRestXml && !body.starts_with("<")) {
      return JsonValue(nlohmann::json::object());  // an object's bytes, not a document
    }
    if (digests != nullptr && items != nullptr) return XmlToJson(body, *digests, *items);
    return XmlToJson(body);
  }
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return JsonValue(nlohmann::json::object());
  }
  if (JsonNestingDepth(body) > kMaxResponseDepth) {
    return JsonError(MakeError(ErrorKind::kTransient, "JSON response nested too deep"));
  }
  auto parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return JsonError(MakeError(ErrorKind::kTransient, "malformed JSON response"));
  }
  return JsonValue(std::move(parsed));
}

NextPage FindNextPage(const nlohmann::json& page, Protocol protocol, const PageTokens& tokens) {
  if (!page.is_object()) return {};
  if (!tokens.output_token.empty()) {
    auto it = page.find(tokens.output_token);
    if (it == page.end()) return {};
    return {tokens.input_token.empty() ? tokens.output_token : tokens.input_token, StringOf(*it)};
  }
  for (const char* name : {"NextToken", "nextToken"}) {
    if (auto it = page.find(name); it != page.end() && !StringOf(*it).empty()) {
      // ec2 answers in camelCase but is asked in PascalCase.
      std::string input = protocol == Protocol::kEc2 ? "NextToken" : name;
      return {input, StringOf(*it)};
    }
  }
  if (auto it = page.find("IsTruncated"); it != page.end() && StringOf(*it) != "true") {
    return {};
  }
  for (const char* name : {"Marker", "NextMarker"}) {  // IAM, RDS, ELB, Lambda
    if (auto it = page.find(name); it != page.end() && !StringOf(*it).empty()) {
      return {"Marker", StringOf(*it)};
    }
  }
  return {};
}

}  // namespace awsr::aws
