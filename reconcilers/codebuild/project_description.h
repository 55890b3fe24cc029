// AWS::CodeBuild::Project between CloudFormation's names and CodeBuild's API, which are the
// same members spelled in camelCase ("ServiceRole" is "serviceRole", "BuildSpec" is
// "buildspec"). Pure.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "daemon/base/error.h"

namespace awsr::reconcilers::codebuild {

// The CreateProject/UpdateProject members for the file's properties: every property the file
// sets, renamed, except Name and Tags (the caller adds them).
nlohmann::json ProjectParams(const nlohmann::json& properties);

// A BatchGetProjects project as CloudFormation properties: the members CreateProject takes,
// renamed back, Tags left out (the caller sorts ours from the user's).
nlohmann::json ProjectProperties(const nlohmann::json& project);

// The properties CloudFormation has but this daemon does not write yet (webhook triggers,
// visibility), as an invalid-spec error naming the first the file sets.
std::optional<Error> UnsupportedProjectProperty(const nlohmann::json& properties);

}  // namespace awsr::reconcilers::codebuild
