// The ownership tags as every service's reconcilers apply and read them. Pure.
//
// A resource is ours when it carries our owner tag and the logical ID of the file resource it
// was created for; those tags (engine/reconciler.h) are set in the create call itself, beside
// the file's Tags, and the engine's Ownership (engine/ownership.h) changes them afterwards.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "daemon/engine/reconciler.h"
#include "daemon/engine/tags.h"

namespace awsr::reconcilers::kit {

// The tags a resource gets at creation: the file's Tags plus the ownership tags.
engine::TagMap CreationTags(const engine::DesiredResource& desired);
// CreationTags as [{Key, Value}], the create call's Tags in most APIs.
nlohmann::json CreationTagList(const engine::DesiredResource& desired);

// CloudFormation's Tags for the user's tags only (awsreconciled:* left out), sorted by key.
nlohmann::json UserTags(const engine::TagMap& tags);

// Whether `tags` mark the resource as the one `desired` would have created.
bool IsOwnedBy(const engine::TagMap& tags, const engine::DesiredResource& desired);

// Whether an owner tag's value is `owner`'s, or marks a resource `owner` released (the engine
// takes it back when its file returns: engine/identity.h).
bool IsOursOrReleased(std::string_view owner_tag, std::string_view owner);

// What ObserveAll returns of a list that holds everyone's resources: ours (owner tag), those we
// released, and the look-alikes the engine asked about by identity key.
engine::ObservedList OursOrWanted(engine::ObservedList all, const engine::ObserveScope& scope);

}  // namespace awsr::reconcilers::kit
