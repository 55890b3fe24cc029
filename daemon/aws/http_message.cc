#include "daemon/aws/http_message.h"

#include <algorithm>
#include <cctype>

#include "daemon/aws/uri_encoding.h"

namespace awsr::aws {
namespace {

std::string_view FindHeader(const std::vector<NameValue>& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return {};
}

}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view HttpRequest::Header(std::string_view name) const {
  return FindHeader(headers, name);
}

void HttpRequest::SetHeader(std::string name, std::string value) {
  for (auto& [key, existing] : headers) {
    if (EqualsIgnoreCase(key, name)) {
      existing = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

std::string HttpRequest::Target() const {
  if (query.empty()) return path;
  return path + "?" + EncodeQuery(query);
}

std::string_view HttpResponse::Header(std::string_view name) const {
  return FindHeader(headers, name);
}

}  // namespace awsr::aws
