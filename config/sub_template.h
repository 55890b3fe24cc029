// The template language of Fn::Sub: "arn:${AWS::Partition}:s3:::${Bucket}/*".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "daemon/base/error.h"

namespace awsr::config {

struct SubPart {
  bool is_variable = false;
  // Literal text, or the variable's name: "Bucket", "Bucket.Arn", "AWS::Region".
  std::string text;
};

// Splits a template into literal text and ${Variable} parts. "${!Name}" is the escape for a
// literal "${Name}". A "${" never closed is literal text, as CloudFormation leaves it.
Result<std::vector<SubPart>> ParseSubTemplate(std::string_view text);

}  // namespace awsr::config
