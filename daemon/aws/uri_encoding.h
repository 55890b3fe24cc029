// Percent-encoding as SigV4 defines it: everything but A-Z a-z 0-9 - . _ ~ is escaped with
// upper-case hex. The same rules serve query strings, form bodies and S3 keys.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace awsr::aws {

// One query parameter or header: name and value, in order, repeats allowed.
using NameValue = std::pair<std::string, std::string>;

// Escapes every byte outside the unreserved set; '/' too unless keep_slash.
std::string UriEncode(std::string_view text, bool keep_slash = false);
// Reverses %XX escapes; with plus_is_space, '+' decodes to ' ' (form bodies).
std::string PercentDecode(std::string_view text, bool plus_is_space = false);
// "k=v&k2=v2" in the given order, keys and values UriEncoded.
std::string EncodeQuery(const std::vector<NameValue>& params);
// Splits "a=1&b" into decoded pairs ("b" has an empty value).
std::vector<NameValue> ParseQuery(std::string_view query);

}  // namespace awsr::aws
