// References between exported resources: an ID or ARN that names another exported resource
// becomes Ref or Fn::GetAtt, so the files say what depends on what. A reference that would
// close a cycle (two security groups that allow each other) stays the literal ID.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "config/schema.h"
#include "daemon/engine/reconciler.h"

namespace awsr::exporting {

class ExportReferences {
 public:
  // A resource others may refer to: by its physical ID (Ref) or an ARN attribute (GetAtt).
  void AddTarget(const std::string& logical_id, const engine::ObservedResource& observed);
  // Rewrites `properties` of `logical_id` in place. Free-form values (policy documents) and
  // Tags stay as they are.
  void Rewrite(const std::string& logical_id, nlohmann::json& properties,
               const config::TypeSchema& schema);
  // The exported resources `logical_id` refers to.
  std::set<std::string> TargetsOf(const std::string& logical_id) const;

 private:
  void RewriteValue(const std::string& from, nlohmann::json& value, std::string_view key);
  std::optional<nlohmann::json> ReferenceTo(const std::string& from, const std::string& text,
                                            std::string_view key);
  bool Reaches(const std::string& from, const std::string& to) const;

  std::map<std::string, std::string> by_physical_id_;
  std::map<std::string, std::pair<std::string, std::string>> by_arn_;  // (logical ID, attribute)
  std::map<std::string, std::set<std::string>> edges_;
};

}  // namespace awsr::exporting
