#include "reconcilers/iam/iam_principal.h"

#include <algorithm>

#include "reconcilers/iam/iam_calls.h"
#include "reconcilers/iam/name_lists.h"
#include "reconcilers/iam/policy_document.h"

namespace awsr::reconcilers::iam {
namespace {

using boost::asio::awaitable;
using nlohmann::json;

// verb: "Attach", "Detach", "Put", "Delete".
aws::CallRequest PolicyCall(const Principal& principal, const std::string& verb, json params) {
  params[principal.kind + "Name"] = principal.name;
  return IamCall(verb + principal.kind + "Policy", std::move(params));
}

aws::CallRequest AttachmentCall(const Principal& principal, const char* verb,
                                const std::string& arn) {
  return PolicyCall(principal, verb, {{"PolicyArn", arn}});
}

aws::CallRequest PutInlineCall(const Principal& principal, const json& policy) {
  return PolicyCall(principal, "Put",
                    {{"PolicyName", StringField(policy, "PolicyName")},
                     {"PolicyDocument", WireDocument(policy.value("PolicyDocument", json()))}});
}

aws::CallRequest DeleteInlineCall(const Principal& principal, const std::string& name) {
  return PolicyCall(principal, "Delete", {{"PolicyName", name}});
}

// The inline policy named `name` in `policies`, or null.
json InlineNamed(const json& policies, const std::string& name) {
  for (const auto& policy : policies) {
    if (StringField(policy, "PolicyName") == name) return policy;
  }
  return json();
}

json InlineNames(const json& policies) {
  json names = json::array();
  for (const auto& policy : policies) names.push_back(StringField(policy, "PolicyName"));
  return names;
}

awaitable<Result<void>> SyncManagedPolicies(aws::AwsClient& client, Principal principal,
                                            json desired, json observed) {
  const auto attach = [principal](const std::string& arn) {
    return AttachmentCall(principal, "Attach", arn);
  };
  const auto detach = [principal](const std::string& arn) {
    return AttachmentCall(principal, "Detach", arn);
  };
  co_return co_await SyncNames(client, std::move(desired), std::move(observed), attach, detach);
}

awaitable<Result<void>> SyncInlinePolicies(aws::AwsClient& client, Principal principal,
                                           json desired, json observed) {
  for (const auto& policy : desired) {
    const json current = InlineNamed(observed, StringField(policy, "PolicyName"));
    if (!current.is_null() && SamePolicy(policy.value("PolicyDocument", json()),
                                         current.value("PolicyDocument", json()))) {
      continue;
    }
    auto put = co_await CallForEffect(client, PutInlineCall(principal, policy));
    if (!put) co_return put;
  }
  for (const auto& name : Missing(InlineNames(observed), InlineNames(desired))) {
    auto deleted = co_await CallIgnoringNotFound(client, DeleteInlineCall(principal, name));
    if (!deleted) co_return deleted;
  }
  co_return Result<void>{};
}

}  // namespace

awaitable<Result<void>> SyncPolicies(aws::AwsClient& client, Principal principal, json desired,
                                     json observed) {
  if (desired.contains("ManagedPolicyArns")) {
    auto synced =
        co_await SyncManagedPolicies(client, principal, NameList(desired, "ManagedPolicyArns"),
                                     NameList(observed, "ManagedPolicyArns"));
    if (!synced) co_return synced;
  }
  if (desired.contains("Policies")) {
    auto synced = co_await SyncInlinePolicies(client, principal, NameList(desired, "Policies"),
                                              NameList(observed, "Policies"));
    if (!synced) co_return synced;
  }
  co_return Result<void>{};
}

awaitable<Result<void>> RemovePolicies(aws::AwsClient& client, Principal principal, json observed) {
  json nothing = json::object();
  nothing["ManagedPolicyArns"] = json::array();
  nothing["Policies"] = json::array();
  co_return co_await SyncPolicies(client, std::move(principal), std::move(nothing),
                                  std::move(observed));
}

}  // namespace awsr::reconcilers::iam
