// Write-only properties: values AWS takes but never shows (master passwords, a secret's
// value) and every property holding a dynamic reference. They are compared by nothing AWS
// returns: a stamp of the file's text for them (a salted hash, never the value) rides on the
// resource as the tag awsreconciled:write-only, so they are written on create and again only
// when that text changes, across restarts too. Pure.
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>

#include "daemon/engine/diff.h"
#include "daemon/engine/reconciler.h"
#include "daemon/engine/tags.h"

namespace awsr::reconcilers::kit {

inline constexpr std::string_view kWriteOnlyTag = "awsreconciled:write-only";

class WriteOnly {
 public:
  // `always`: the type's properties AWS never returns ("MasterUserPassword").
  explicit WriteOnly(std::set<std::string> always) : always_(std::move(always)) {}

  // The top-level properties of `desired` that are write-only: `always` ones it sets and
  // those holding a dynamic reference.
  std::set<std::string> In(const engine::DesiredResource& desired) const;

  // The stamp of those properties' text; empty when the file sets none.
  std::string Stamp(const engine::DesiredResource& desired) const;

  // The creation tags plus the stamp.
  engine::TagMap CreationTags(const engine::DesiredResource& desired) const;
  nlohmann::json CreationTagList(const engine::DesiredResource& desired) const;

  // The generic diff of everything else, plus one change per write-only property when the
  // stamp on `observed` is not the file's. Changes show words, never values.
  engine::Diff Compare(const engine::DesiredResource& desired,
                       const engine::ObservedResource& observed,
                       const engine::DiffRules& rules = {}) const;

  // `properties` without the write-only ones: what may be shown or compared.
  nlohmann::json Without(const engine::DesiredResource& desired) const;

 private:
  std::set<std::string> always_;
};

}  // namespace awsr::reconcilers::kit
