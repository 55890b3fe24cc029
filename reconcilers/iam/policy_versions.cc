#include "reconcilers/iam/policy_versions.h"

#include "reconcilers/iam/policy_document.h"

namespace awsr::reconcilers::iam {

VersionChange PlanVersionChange(const nlohmann::json& versions, const std::string& default_version,
                                const nlohmann::json& desired_document) {
  VersionChange change;
  const std::string wanted = CanonicalText(desired_document);
  for (const auto& version : versions) {
    if (version.value("id", "") != default_version && version.value("document", "") == wanted) {
      change.reuse = version.value("id", "");
      return change;
    }
  }
  if (versions.size() < kMaxPolicyVersions) return change;
  for (const auto& version : versions) {
    if (version.value("id", "") != default_version) {
      change.prune = version.value("id", "");
      break;
    }
  }
  return change;
}

}  // namespace awsr::reconcilers::iam
