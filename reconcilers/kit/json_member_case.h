// CloudFormation spells members in PascalCase ("ContainerDefinitions"); some APIs (ECS,
// CodeBuild) in camelCase ("containerDefinitions"). These convert a value between the two,
// every object member at every depth, except the members of the maps named in `keep` (a log
// configuration's Options, a container's DockerLabels), whose keys are the user's. Pure.
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>

namespace awsr::reconcilers::kit {

std::string LowerFirst(std::string name);
std::string UpperFirst(std::string name);

// `value` with every member name camelCased (PascalCased), except inside a member whose
// camelCase name is in `keep` ("options", "dockerLabels").
nlohmann::json ToCamelCase(const nlohmann::json& value, const std::set<std::string>& keep = {});
nlohmann::json ToPascalCase(const nlohmann::json& value, const std::set<std::string>& keep = {});

}  // namespace awsr::reconcilers::kit
