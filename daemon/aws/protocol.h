// The AWS wire protocols the client speaks.
#pragma once

#include <string_view>

namespace awsr::aws {

enum class Protocol {
  kQuery,     // form-encoded POST, XML response; lists as Name.member.N (IAM, STS, RDS, ...)
  kEc2,       // like query, lists as Name.N
  kJson10,    // POST with X-Amz-Target, application/x-amz-json-1.0
  kJson11,    // same, application/x-amz-json-1.1
  kRestXml,   // S3: method + path + query + headers, XML bodies
  kRestJson,  // Lambda: method + path + query + headers, JSON bodies
};

std::string_view ToString(Protocol protocol);
inline bool IsXmlProtocol(Protocol p) {
  return p == Protocol::kQuery || p == Protocol::kEc2 || p == Protocol::kRestXml;
}

}  // namespace awsr::aws
