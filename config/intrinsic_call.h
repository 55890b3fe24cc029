// The syntax of the intrinsic functions a desired-state file may use: Ref, Fn::GetAtt, Fn::Sub,
// Fn::Join. Decoding is the one place that knows their argument shapes; checking, reference
// finding and resolving all build on it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "config/sub_template.h"
#include "daemon/base/error.h"

namespace awsr::config {

// AWS::Region, AWS::AccountId, AWS::Partition, AWS::URLSuffix, AWS::StackName.
bool IsPseudoParameter(std::string_view name);

// An intrinsic call is an object with a single key, "Ref" or "Fn::<Name>".
bool IsIntrinsic(const nlohmann::json& value);

enum class IntrinsicFunction { kRef, kGetAtt, kSub, kJoin };

struct IntrinsicCall {
  IntrinsicFunction function = IntrinsicFunction::kRef;
  std::string key;        // "Ref", "Fn::GetAtt", ...: the pointer token of the call
  std::string target;     // Ref: a logical ID or pseudo parameter; Fn::GetAtt: a logical ID
  std::string attribute;  // Fn::GetAtt
  std::vector<SubPart> template_parts;  // Fn::Sub
  std::string delimiter;                // Fn::Join
  // Fn::Sub: the variables object (null when there is none); Fn::Join: the items to join.
  // Both sit at the pointer <call>/<key>/1 and may hold further intrinsics.
  const nlohmann::json* operand = nullptr;
};

// Decodes a value for which IsIntrinsic() holds. The result points into `value`. Errors
// (kInvalidSpec) name the function and what is wrong with its arguments.
Result<IntrinsicCall> DecodeIntrinsic(const nlohmann::json& value);

// A Fn::Sub variable that is neither a local variable nor a pseudo parameter refers to a
// resource: "Id" (like Ref) or "Id.Attr" (like Fn::GetAtt). Returns {id, attribute}.
std::pair<std::string, std::string> SplitResourceVariable(std::string_view name);

}  // namespace awsr::config
