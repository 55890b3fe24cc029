// How a managed policy gets a new document. IAM keeps at most five versions of a policy and
// one of them is the default (the one in force). Pure.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace awsr::reconcilers::iam {

inline constexpr std::size_t kMaxPolicyVersions = 5;

struct VersionChange {
  // An existing version already holding the desired document: make it the default, nothing
  // new is created (someone set an older version back as default).
  std::string reuse;
  // Otherwise a new default version is created; when the policy is at the limit, this oldest
  // non-default version is deleted first.
  std::string prune;
};

// `versions`: [{id, document (canonical text)}], oldest first, as ObservedManagedPolicy keeps
// them; `desired_document`: the file's document in any form.
VersionChange PlanVersionChange(const nlohmann::json& versions, const std::string& default_version,
                                const nlohmann::json& desired_document);

}  // namespace awsr::reconcilers::iam
