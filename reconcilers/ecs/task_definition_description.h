// A task definition revision as the file describes it and as ECS answers it. Pure.
//
// ECS spells members in camelCase, CloudFormation in PascalCase; the keys of a log
// configuration's options and of docker labels are the user's and keep their spelling. A
// container's environment is a set: compared sorted by name.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "daemon/engine/diff.h"
#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::ecs {

// RegisterTaskDefinition's parameters for the file's properties (no tags).
nlohmann::json RegisterParams(const nlohmann::json& properties, const std::string& family);

// The revision DescribeTaskDefinition answers, as CloudFormation properties (no Tags).
nlohmann::json TaskDefinitionProperties(const nlohmann::json& definition);

// What differs between the file and the current revision. A revision never changes, so every
// difference but the family and the Tags is made by registering a new revision: those are
// reported under "/Revision/<property>", which the engine does not count as create-only (the
// schema marks the properties themselves immutable, as CloudFormation replaces the revision).
engine::Diff CompareRevision(const nlohmann::json& desired, const nlohmann::json& observed);

// "family" of "arn:aws:ecs:REGION:ACCOUNT:task-definition/family:7", and its revision number
// (0 when the ARN has none).
std::string FamilyOfArn(const std::string& arn);
int RevisionOfArn(const std::string& arn);

}  // namespace awsr::reconcilers::ecs
