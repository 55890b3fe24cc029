#include "config/intrinsics.h"

#include <algorithm>
#include <map>

#include "config/intrinsic_call.h"
#include "daemon/base/json_fields.h"

namespace awsr::config {
namespace {

using nlohmann::json;
using Pointer = json::json_pointer;
using Visit = std::function<void(const Result<IntrinsicCall>&, const Pointer&)>;

// Text Fn::Sub and Fn::Join may produce for one resource; far above any property AWS accepts.
constexpr std::size_t kMaxProducedBytes = 4 << 20;

// Calls `visit` for each intrinsic under `value`, including those nested in another's arguments.
void Walk(const json& value, const Pointer& at, const Visit& visit) {
  if (IsIntrinsic(value)) {
    auto call = DecodeIntrinsic(value);
    visit(call, at);
    if (!call || call->operand == nullptr) return;
    const Pointer operand_at = at / call->key / "1";
    if (call->function == IntrinsicFunction::kSub) {
      for (const auto& [name, variable] : call->operand->items()) {
        Walk(variable, operand_at / name, visit);
      }
    } else {
      Walk(*call->operand, operand_at, visit);
    }
  } else if (value.is_object()) {
    for (const auto& [key, child] : value.items()) Walk(child, at / key, visit);
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) Walk(value[i], at / i, visit);
  }
}

// Text for Fn::Sub and Fn::Join: strings as they are, numbers and booleans as written.
std::optional<std::string> AsText(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number() || value.is_boolean()) return value.dump();
  return std::nullopt;
}

// Values are plain json rather than Result<json> (json converts to anything, which makes
// Result<json> ambiguous); the first error is kept aside and stops the walk.
class Resolver {
 public:
  explicit Resolver(const ResolveContext& context) : context_(context) {}

  json Value(const json& value) {
    if (failed()) return value;
    if (IsIntrinsic(value)) return Call(value);
    if (!value.is_structured()) return value;
    json out = value.is_object() ? json::object() : json::array();
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (value.is_object()) {
        out[it.key()] = Value(*it);
      } else {
        out.push_back(Value(*it));
      }
    }
    return out;
  }

  bool failed() const { return error_.has_value(); }
  const Error& error() const { return *error_; }
  std::vector<std::string> TakePending() {
    std::sort(pending_.begin(), pending_.end());
    pending_.erase(std::unique(pending_.begin(), pending_.end()), pending_.end());
    return std::move(pending_);
  }

 private:
  json Call(const json& value) {
    auto call = DecodeIntrinsic(value);
    if (!call) return Fail(call.error());
    const std::size_t pending_before = pending_.size();
    json result;
    switch (call->function) {
      case IntrinsicFunction::kRef:
        result = Ref(call->target);
        break;
      case IntrinsicFunction::kGetAtt:
        result = GetAtt(call->target, call->attribute);
        break;
      case IntrinsicFunction::kSub:
        result = Sub(*call);
        break;
      case IntrinsicFunction::kJoin:
        result = Join(*call);
        break;
    }
    // A call that waits on anything stays as written, so a later pass can resolve it.
    return pending_.size() > pending_before ? value : result;
  }

  json Ref(const std::string& target) {
    if (IsPseudoParameter(target)) return Pseudo(target);
    std::optional<std::string> id = context_.ref ? context_.ref(target) : std::nullopt;
    if (!id) {
      pending_.push_back(target);
      return json();
    }
    return *id;
  }

  json GetAtt(const std::string& target, const std::string& attribute) {
    std::optional<json> value =
        context_.get_att ? context_.get_att(target, attribute) : std::nullopt;
    if (!value) {
      pending_.push_back(target + "." + attribute);
      return json();
    }
    return *value;
  }

  std::string Pseudo(std::string_view name) const {
    if (name == "AWS::Region") return context_.region;
    if (name == "AWS::AccountId") return context_.account_id;
    if (name == "AWS::Partition") return PartitionOf(context_.region);
    if (name == "AWS::URLSuffix") return UrlSuffixOf(context_.region);
    return context_.owner;  // AWS::StackName
  }

  json Sub(const IntrinsicCall& call) {
    std::string out;
    // Each variable is resolved once however often the template names it: nested Subs would
    // otherwise cost time exponential in their depth.
    std::map<std::string, std::optional<std::string>> resolved;
    for (const SubPart& part : call.template_parts) {
      if (!part.is_variable) {
        out += part.text;
      } else if (auto known = resolved.find(part.text); known != resolved.end()) {
        if (known->second) out += *known->second;
      } else {
        const std::size_t pending_before = pending_.size();
        json value;
        if (call.operand != nullptr && call.operand->contains(part.text)) {
          value = Value((*call.operand)[part.text]);
        } else {
          auto [id, attribute] = SplitResourceVariable(part.text);
          value = attribute.empty() ? Ref(id) : GetAtt(id, attribute);
        }
        if (failed()) return json();
        std::optional<std::string> text;
        if (pending_.size() == pending_before) {  // else the whole call stays as written
          text = AsText(value);
          if (!text) {
            return Fail("Fn::Sub: ${" + part.text + "} is not a string: " + DumpJson(value));
          }
          out += *text;
        }
        resolved.emplace(part.text, std::move(text));
      }
      if (!Produced(out.size(), "Fn::Sub")) return json();
    }
    produced_ += out.size();
    return out;
  }

  // Whether `size` more bytes of text fit in what one resource may produce; fails if not.
  // Without the cap, a few nested Subs naming a variable twice each double the output per level.
  bool Produced(std::size_t size, std::string_view function) {
    if (produced_ + size <= kMaxProducedBytes) return true;
    Fail(std::string(function) + ": the resource's expanded text exceeds " +
         std::to_string(kMaxProducedBytes >> 20) + " MiB");
    return false;
  }

  json Join(const IntrinsicCall& call) {
    const std::size_t pending_before = pending_.size();
    json items = Value(*call.operand);
    if (pending_.size() > pending_before) return json();  // the whole call stays as written
    if (!items.is_array()) return Fail("Fn::Join: expects a list of values");
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
      auto text = AsText(items[i]);
      if (!text) return Fail("Fn::Join: expects strings, got " + DumpJson(items[i]));
      out += (i == 0 ? "" : call.delimiter) + *text;
      if (!Produced(out.size(), "Fn::Join")) return json();
    }
    produced_ += out.size();
    return out;
  }

  json Fail(Error error) {
    if (!error_) error_ = std::move(error);
    return json();
  }
  json Fail(std::string message) { return Fail(MakeError(ErrorKind::kInvalidSpec, message)); }

  const ResolveContext& context_;
  std::size_t produced_ = 0;
  std::vector<std::string> pending_;
  std::optional<Error> error_;
};

}  // namespace

std::vector<Located> CheckIntrinsics(const json& value, const Pointer& at) {
  std::vector<Located> problems;
  Walk(value, at, [&](const Result<IntrinsicCall>& call, const Pointer& where) {
    if (!call) problems.push_back({where.to_string(), call.error().message});
  });
  return problems;
}

std::vector<LocatedReference> FindReferences(const json& value, const Pointer& at) {
  std::vector<LocatedReference> references;
  Walk(value, at, [&](const Result<IntrinsicCall>& call, const Pointer& where) {
    if (!call) return;
    switch (call->function) {
      case IntrinsicFunction::kRef:
        if (!IsPseudoParameter(call->target)) {
          references.push_back({{call->target, ""}, where.to_string()});
        }
        break;
      case IntrinsicFunction::kGetAtt:
        references.push_back({{call->target, call->attribute}, where.to_string()});
        break;
      case IntrinsicFunction::kSub:
        for (const SubPart& part : call->template_parts) {
          if (!part.is_variable || IsPseudoParameter(part.text)) continue;
          if (call->operand != nullptr && call->operand->contains(part.text)) continue;
          auto [id, attribute] = SplitResourceVariable(part.text);
          references.push_back({{id, attribute}, where.to_string()});
        }
        break;
      case IntrinsicFunction::kJoin:
        break;
    }
  });
  return references;
}

std::set<std::string> References(const json& value) {
  std::set<std::string> ids;
  for (const Reference& reference : FindReferences(value)) ids.insert(reference.logical_id);
  return ids;
}

Result<Resolved> Resolve(const json& value, const ResolveContext& context) {
  Resolver resolver(context);
  json resolved = resolver.Value(value);
  if (resolver.failed()) return resolver.error();
  return Resolved{std::move(resolved), resolver.TakePending()};
}

std::string PartitionOf(std::string_view region) {
  if (region.starts_with("cn-")) return "aws-cn";
  if (region.starts_with("us-gov-")) return "aws-us-gov";
  return "aws";
}

std::string UrlSuffixOf(std::string_view region) {
  return region.starts_with("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
}

}  // namespace awsr::config
