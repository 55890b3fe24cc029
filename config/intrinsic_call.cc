#include "config/intrinsic_call.h"

#include <array>

namespace awsr::config {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 5> kPseudoParameters = {
    "AWS::Region", "AWS::AccountId", "AWS::Partition", "AWS::URLSuffix", "AWS::StackName"};

Error Invalid(std::string_view function, std::string_view what) {
  return MakeError(ErrorKind::kInvalidSpec, std::string(function) + ": " + std::string(what));
}

bool IsNonEmptyString(const json& value) {
  return value.is_string() && !value.get_ref<const std::string&>().empty();
}

// A logical ID, or a name that only looks like a pseudo parameter.
Result<std::string> CheckTarget(std::string_view function, std::string name) {
  if (name.starts_with("AWS::") && !IsPseudoParameter(name)) {
    return Invalid(function, "unsupported pseudo parameter " + name);
  }
  return name;
}

Result<IntrinsicCall> DecodeRef(const json& args, IntrinsicCall call) {
  if (!IsNonEmptyString(args)) return Invalid("Ref", "expects a logical ID string");
  auto target = CheckTarget("Ref", args.get<std::string>());
  if (!target) return target.error();
  call.target = *target;
  return call;
}

Result<IntrinsicCall> DecodeGetAtt(const json& args, IntrinsicCall call) {
  if (IsNonEmptyString(args)) {
    const auto& text = args.get_ref<const std::string&>();
    const auto dot = text.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == text.size()) {
      return Invalid("Fn::GetAtt", "expects \"LogicalId.Attribute\"");
    }
    call.target = text.substr(0, dot);
    call.attribute = text.substr(dot + 1);
  } else if (args.is_array() && args.size() == 2 && IsNonEmptyString(args[0]) &&
             IsNonEmptyString(args[1])) {
    call.target = args[0].get<std::string>();
    call.attribute = args[1].get<std::string>();
  } else {
    return Invalid("Fn::GetAtt", "expects [\"LogicalId\", \"Attribute\"] or \"LogicalId.Attribute\"");
  }
  if (call.target.starts_with("AWS::")) return Invalid("Fn::GetAtt", "expects a logical ID");
  return call;
}

Result<IntrinsicCall> DecodeSub(const json& args, IntrinsicCall call) {
  const json* text = &args;
  if (args.is_array()) {
    if (args.size() != 2 || !args[0].is_string() || !args[1].is_object()) {
      return Invalid("Fn::Sub", "expects a string or [string, {variables}]");
    }
    text = &args[0];
    call.operand = &args[1];
  } else if (!args.is_string()) {
    return Invalid("Fn::Sub", "expects a string or [string, {variables}]");
  }
  auto parts = ParseSubTemplate(text->get_ref<const std::string&>());
  if (!parts) return parts.error();
  for (const SubPart& part : *parts) {
    if (!part.is_variable || (call.operand && call.operand->contains(part.text))) continue;
    auto target = CheckTarget("Fn::Sub", SplitResourceVariable(part.text).first);
    if (!target) return target.error();
  }
  call.template_parts = std::move(*parts);
  return call;
}

Result<IntrinsicCall> DecodeJoin(const json& args, IntrinsicCall call) {
  if (!args.is_array() || args.size() != 2 || !args[0].is_string() ||
      !(args[1].is_array() || IsIntrinsic(args[1]))) {
    return Invalid("Fn::Join", "expects [\"delimiter\", [values...]]");
  }
  call.delimiter = args[0].get<std::string>();
  call.operand = &args[1];
  return call;
}

}  // namespace

bool IsPseudoParameter(std::string_view name) {
  for (std::string_view pseudo : kPseudoParameters) {
    if (name == pseudo) return true;
  }
  return false;
}

bool IsIntrinsic(const json& value) {
  if (!value.is_object() || value.size() != 1) return false;
  const std::string& key = value.begin().key();
  return key == "Ref" || key.starts_with("Fn::");
}

std::pair<std::string, std::string> SplitResourceVariable(std::string_view name) {
  if (name.starts_with("AWS::")) return {std::string(name), ""};
  const auto dot = name.find('.');
  if (dot == std::string_view::npos) return {std::string(name), ""};
  return {std::string(name.substr(0, dot)), std::string(name.substr(dot + 1))};
}

Result<IntrinsicCall> DecodeIntrinsic(const json& value) {
  IntrinsicCall call;
  call.key = value.begin().key();
  const json& args = value.begin().value();
  if (call.key == "Ref") {
    call.function = IntrinsicFunction::kRef;
    return DecodeRef(args, std::move(call));
  }
  if (call.key == "Fn::GetAtt") {
    call.function = IntrinsicFunction::kGetAtt;
    return DecodeGetAtt(args, std::move(call));
  }
  if (call.key == "Fn::Sub") {
    call.function = IntrinsicFunction::kSub;
    return DecodeSub(args, std::move(call));
  }
  if (call.key == "Fn::Join") {
    call.function = IntrinsicFunction::kJoin;
    return DecodeJoin(args, std::move(call));
  }
  return Invalid(call.key, "unsupported intrinsic function (supported: Ref, Fn::GetAtt, "
                           "Fn::Sub, Fn::Join)");
}

}  // namespace awsr::config
