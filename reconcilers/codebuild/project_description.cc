#include "reconcilers/codebuild/project_description.h"

#include <array>
#include <cctype>
#include <string_view>
#include <utility>

namespace awsr::reconcilers::codebuild {
namespace {

using nlohmann::json;

// Where the two spellings differ by more than the first letter's case.
constexpr std::array<std::pair<std::string_view, std::string_view>, 1> kProjectRenames = {{
    {"BuildSpec", "buildspec"},
}};

// The top-level properties CodeBuild answers as it takes them.
constexpr std::array<std::string_view, 17> kProjectMembers = {"Description",
                                                              "Source",
                                                              "SecondarySources",
                                                              "SourceVersion",
                                                              "SecondarySourceVersions",
                                                              "Artifacts",
                                                              "SecondaryArtifacts",
                                                              "Cache",
                                                              "Environment",
                                                              "ServiceRole",
                                                              "TimeoutInMinutes",
                                                              "QueuedTimeoutInMinutes",
                                                              "EncryptionKey",
                                                              "VpcConfig",
                                                              "LogsConfig",
                                                              "FileSystemLocations",
                                                              "ConcurrentBuildLimit"};

constexpr std::array<std::string_view, 3> kUnsupportedProjectProperties = {"Triggers", "Visibility",
                                                                           "ResourceAccessRole"};

std::string ProjectApiName(const std::string& name) {
  for (const auto& [cfn, api] : kProjectRenames) {
    if (name == cfn) return std::string(api);
  }
  std::string out = name;
  if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

std::string ProjectCfnName(const std::string& name) {
  for (const auto& [cfn, api] : kProjectRenames) {
    if (name == api) return std::string(cfn);
  }
  std::string out = name;
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

// `value` with every object member renamed by `rename`, at every depth.
template <typename Rename>
json ProjectRenamed(const json& value, Rename rename) {
  if (value.is_array()) {
    json out = json::array();
    for (const auto& item : value) out.push_back(ProjectRenamed(item, rename));
    return out;
  }
  if (!value.is_object()) return value;
  json out = json::object();
  for (const auto& [key, member] : value.items()) out[rename(key)] = ProjectRenamed(member, rename);
  return out;
}

}  // namespace

json ProjectParams(const json& properties) {
  json params = json::object();
  for (const auto& [key, value] : properties.items()) {
    if (key == "Name" || key == "Tags") continue;
    params[ProjectApiName(key)] = ProjectRenamed(value, ProjectApiName);
  }
  return params;
}

json ProjectProperties(const json& project) {
  json properties = json::object();
  if (project.contains("name")) properties["Name"] = project["name"];
  for (const auto name : kProjectMembers) {
    const std::string api = ProjectApiName(std::string(name));
    if (project.contains(api))
      properties[std::string(name)] = ProjectRenamed(project[api], ProjectCfnName);
  }
  if (project.contains("badge") && project["badge"].contains("badgeEnabled"))
    properties["BadgeEnabled"] = project["badge"]["badgeEnabled"];
  return properties;
}

std::optional<Error> UnsupportedProjectProperty(const json& properties) {
  for (const auto name : kUnsupportedProjectProperties) {
    if (properties.contains(std::string(name))) {
      return MakeError(ErrorKind::kInvalidSpec, "AWS::CodeBuild::Project Properties/" +
                                                    std::string(name) + " is not supported yet");
    }
  }
  return std::nullopt;
}

}  // namespace awsr::reconcilers::codebuild
