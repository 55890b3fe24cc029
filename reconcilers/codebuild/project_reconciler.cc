// AWS::CodeBuild::Project. Named (Name, 150 characters); Ref is the name. A cycle lists the
// region's project names (ListProjects) and reads them 100 a call (BatchGetProjects, tags
// included). CodeBuild has no tag calls for projects: tags are part of the project, so the
// ownership replaces the whole set with UpdateProject. A service role IAM created moments ago
// is refused until CodeBuild can assume it; that refusal is retried (kit/role_propagation.h).
#include <algorithm>

#include "daemon/base/json_fields.h"
#include "reconcilers/codebuild/codebuild_types.h"
#include "reconcilers/codebuild/project_description.h"
#include "reconcilers/kit/calls.h"
#include "reconcilers/kit/ownership_tags.h"
#include "reconcilers/kit/role_propagation.h"

namespace awsr::reconcilers::codebuild {
namespace {

using engine::Task;
using nlohmann::json;

constexpr std::size_t kProjectsPerBatchGet = 100;

// CodeBuild's tags are [{key, value}].
json CodeBuildTagList(const engine::TagMap& tags) {
  json list = json::array();
  for (const auto& [key, value] : tags) list.push_back({{"key", key}, {"value", value}});
  return list;
}

engine::TagMap CodeBuildTags(const json& list) {
  engine::TagMap tags;
  for (const auto& tag : list) tags[StringField(tag, "key")] = StringField(tag, "value");
  return tags;
}

engine::ObservedResource ProjectFromAnswer(const json& project, const std::string& region) {
  engine::ObservedResource observed;
  observed.physical_id = StringField(project, "name");
  observed.identity_key = observed.physical_id;
  observed.region = region;
  observed.tags = CodeBuildTags(project.value("tags", json::array()));
  observed.properties = ProjectProperties(project);
  observed.properties.Set("Tags", kit::UserTags(observed.tags));
  observed.attributes = {{"Arn", StringField(project, "arn")}};
  return observed;
}

// Tags are a member of the project: a retag sends the whole new set.
class ProjectTags final : public engine::Ownership {
 public:
  explicit ProjectTags(aws::AwsClient& client) : client_(client) {}

  Task<void> Retag(engine::ObservedResource observed, engine::TagMap set,
                   std::vector<std::string> remove) override {
    if (set.empty() && remove.empty()) co_return Result<void>{};
    engine::TagMap tags = observed.tags;
    for (const auto& key : remove) tags.erase(key);
    for (auto& [key, value] : set) tags[key] = std::move(value);
    const aws::CallRequest call =
        kit::RegionCall("codebuild", observed.region, "UpdateProject",
                        {{"name", observed.physical_id}, {"tags", CodeBuildTagList(tags)}});
    co_return co_await kit::CallForEffect(client_, call);
  }

 private:
  aws::AwsClient& client_;
};

class ProjectReconciler final : public engine::Reconciler {
 public:
  explicit ProjectReconciler(aws::AwsClient& client)
      : Reconciler({.type = "AWS::CodeBuild::Project",
                    .service = "codebuild",
                    .name_property = "Name",
                    .max_name_length = 150}),
        client_(client) {}

  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    const aws::PageTokens tokens{"nextToken", "nextToken"};
    const aws::CallRequest list = kit::RegionCall("codebuild", scope.region, "ListProjects");
    auto pages = co_await client_.CallAllPages(list, tokens, 10000);
    if (!pages) co_return pages.error();
    std::vector<std::string> names;
    for (const auto& page : *pages) {
      for (const auto& name : page.value("projects", json::array()))
        names.push_back(name.get<std::string>());
    }
    auto projects = co_await BatchGet(scope.region, names);
    if (!projects) co_return projects.error();
    co_return kit::OursOrWanted(std::move(*projects), scope);
  }

  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    if (auto unsupported = UnsupportedProjectProperty(desired.properties)) co_return *unsupported;
    json params = ProjectParams(desired.properties);
    params["name"] = desired.name;
    params["tags"] = CodeBuildTagList(kit::CreationTags(desired));
    const aws::CallRequest call =
        kit::RegionCall("codebuild", desired.region, "CreateProject", std::move(params));
    auto answer = co_await client_.Call(call);
    auto created = kit::RetryWhileRolePropagates(std::move(answer), Role(desired));
    if (!created) co_return created.error();
    co_return ProjectFromAnswer(created->data.value("project", json::object()), desired.region);
  }

  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff) override {
    if (auto unsupported = UnsupportedProjectProperty(desired.properties)) co_return *unsupported;
    json params = ProjectParams(desired.properties);
    params["name"] = observed.physical_id;
    const aws::CallRequest call =
        kit::RegionCall("codebuild", desired.region, "UpdateProject", std::move(params));
    auto answer = co_await client_.Call(call);
    auto updated = kit::RetryWhileRolePropagates(std::move(answer), Role(desired));
    if (!updated) co_return updated.error();
    co_return Result<void>{};
  }

  Task<void> Delete(engine::ObservedResource observed) override {
    const aws::CallRequest call = kit::RegionCall("codebuild", observed.region, "DeleteProject",
                                                  {{"name", observed.physical_id}});
    co_return co_await kit::CallIgnoringNotFound(client_, call);
  }

 private:
  static std::string Role(const engine::DesiredResource& desired) {
    return StringField(desired.properties, "ServiceRole");
  }

  // The projects named, read 100 a call; names deleted since the list are left out.
  Task<std::vector<engine::ObservedResource>> BatchGet(std::string region,
                                                       std::vector<std::string> names) {
    std::vector<engine::ObservedResource> projects;
    for (std::size_t start = 0; start < names.size(); start += kProjectsPerBatchGet) {
      json batch = json::array();
      for (std::size_t i = start; i < std::min(names.size(), start + kProjectsPerBatchGet); ++i)
        batch.push_back(names[i]);
      const aws::CallRequest call =
          kit::RegionCall("codebuild", region, "BatchGetProjects", {{"names", batch}});
      auto got = co_await client_.Call(call);
      if (!got) co_return got.error();
      for (const auto& project : got->data.value("projects", json::array()))
        projects.push_back(ProjectFromAnswer(project, region));
    }
    co_return projects;
  }

  aws::AwsClient& client_;
};

}  // namespace

void AddProject(engine::Registry& registry, const kit::Context& context) {
  registry.Add(std::make_unique<ProjectReconciler>(context.client),
               std::make_unique<ProjectTags>(context.client));
}

}  // namespace awsr::reconcilers::codebuild
