#include "reconcilers/iam/iam_principal.h"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's coroutine frames (GCC bug 109224).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include <algorithm>

#include "reconcilers/iam/iam_calls.h"
#include "reconcilers/iam/policy_document.h"

namespace awsr::reconcilers::iam {
namespace {

using boost::asio::awaitable;
using nlohmann::json;

json ListOrEmpty(const json& properties, const char* member) {
  const auto found = properties.find(member);
  return found != properties.end() && found->is_array() ? *found : json::array();
}

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
                    {{"PolicyName", Text(policy, "PolicyName")},
                     {"PolicyDocument", WireDocument(policy.value("PolicyDocument", json()))}});
}

aws::CallRequest DeleteInlineCall(const Principal& principal, const std::string& name) {
  return PolicyCall(principal, "Delete", {{"PolicyName", name}});
}

// The inline policy named `name` in `policies`, or null.
json InlineNamed(const json& policies, const std::string& name) {
  for (const auto& policy : policies) {
    if (Text(policy, "PolicyName") == name) return policy;
  }
  return json();
}

json InlineNames(const json& policies) {
  json names = json::array();
  for (const auto& policy : policies) names.push_back(Text(policy, "PolicyName"));
  return names;
}

awaitable<Result<void>> SyncManagedPolicies(aws::AwsClient& client, Principal principal,
                                            json desired, json observed) {
  for (const auto& arn : Missing(desired, observed)) {
    auto attached = co_await CallForEffect(client, AttachmentCall(principal, "Attach", arn));
    if (!attached) co_return attached;
  }
  for (const auto& arn : Missing(observed, desired)) {
    auto detached =
        co_await CallIgnoringNotFound(client, AttachmentCall(principal, "Detach", arn));
    if (!detached) co_return detached;
  }
  co_return Result<void>{};
}

awaitable<Result<void>> SyncInlinePolicies(aws::AwsClient& client, Principal principal,
                                           json desired, json observed) {
  for (const auto& policy : desired) {
    const json current = InlineNamed(observed, Text(policy, "PolicyName"));
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

std::vector<std::string> Missing(const json& from, const json& without) {
  std::vector<std::string> missing;
  for (const auto& item : from) {
    if (!item.is_string()) continue;
    if (std::find(without.begin(), without.end(), item) == without.end()) {
      missing.push_back(item.get<std::string>());
    }
  }
  return missing;
}

awaitable<Result<void>> SyncPolicies(aws::AwsClient& client, Principal principal, json desired,
                                     json observed) {
  if (desired.contains("ManagedPolicyArns")) {
    auto synced =
        co_await SyncManagedPolicies(client, principal, ListOrEmpty(desired, "ManagedPolicyArns"),
                                     ListOrEmpty(observed, "ManagedPolicyArns"));
    if (!synced) co_return synced;
  }
  if (desired.contains("Policies")) {
    auto synced = co_await SyncInlinePolicies(client, principal, ListOrEmpty(desired, "Policies"),
                                              ListOrEmpty(observed, "Policies"));
    if (!synced) co_return synced;
  }
  co_return Result<void>{};
}

awaitable<Result<void>> RemovePolicies(aws::AwsClient& client, Principal principal,
                                       json observed) {
  json nothing = json::object();
  nothing["ManagedPolicyArns"] = json::array();
  nothing["Policies"] = json::array();
  co_return co_await SyncPolicies(client, std::move(principal), std::move(nothing),
                                  std::move(observed));
}

}  // namespace awsr::reconcilers::iam
