// Building the HTTP request of a call and reading its response, per protocol. Pure: the
// client adds the endpoint, signs and sends.
#pragma once

#include <nlohmann/json.hpp>

#include "daemon/aws/aws_request.h"
#include "daemon/aws/http_message.h"
#include "daemon/aws/service_catalog.h"

namespace awsr::aws {

// The protocol, version and target prefix a call uses: its own overrides, else the catalog's.
// kInvalidSpec when neither knows the service.
Result<ServiceInfo> ResolveService(const CallRequest& call);

// Method, path (under base_path), headers and body for an RPC call; Host is added later.
HttpRequest EncodeCall(const CallRequest& call, const ServiceInfo& service,
                       std::string_view base_path);

// The JSON view of a successful response body. With `digests` (XML protocols only) the items of
// its list go to `items` instead (XmlToJson's digesting form).
Result<nlohmann::json> DecodeBody(Protocol protocol, std::string_view body,
                                  const ItemDigests* digests = nullptr,
                                  std::vector<DigestedItem>* items = nullptr);

// The token to send for the next page, or "" when this was the last page.
struct NextPage {
  std::string input_token;
  std::string value;
};
NextPage FindNextPage(const nlohmann::json& page, Protocol protocol, const PageTokens& tokens);

}  // namespace awsr::aws
