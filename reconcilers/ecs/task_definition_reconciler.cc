// AWS::ECS::TaskDefinition. Named by its family (Family); Ref is the ARN of the current
// revision ("…:task-definition/web:3"), which changes with every change of content.
//
// A revision never changes: a changed container, size or role registers a new revision of
// the family (with the tags) and deregisters the one it replaces, as CloudFormation's
// replacement does. The engine knows the family as one resource, the current revision its
// physical id; a service referring to it with Ref sees the new ARN and rolls a deployment.
//
// Observed with one paginated ListTaskDefinitions (active revisions, the latest of each
// family counts) and DescribeTaskDefinition with tags: ECS has no bulk describe. To keep a
// cycle's reads bounded by what this daemon manages, a family is described again each cycle
// only when it was ours at the last read, a file names it, or its latest revision is new;
// anyone else's family is described once per revision. (A revision's content never changes;
// its tags can: a family of someone else's tagged ours from outside is seen at its next
// revision or the next start.)
#include <map>
#include <set>

#include "daemon/base/json_fields.h"
#include "reconcilers/ecs/ecs_tags.h"
#include "reconcilers/ecs/ecs_types.h"
#include "reconcilers/ecs/task_definition_description.h"
#include "reconcilers/kit/calls.h"
#include "reconcilers/kit/ownership_tags.h"

namespace awsr::reconcilers::ecs {
namespace {

using engine::Task;
using nlohmann::json;

engine::ObservedResource RevisionFromRecord(const json& definition, const json& tags,
                                            const std::string& region) {
  engine::ObservedResource observed;
  observed.physical_id = StringField(definition, "taskDefinitionArn");
  observed.identity_key = StringField(definition, "family");
  observed.region = region;
  observed.tags = EcsTagMap(tags);
  observed.properties = TaskDefinitionProperties(definition);
  observed.properties.Set("Tags", kit::UserTags(observed.tags));
  observed.attributes = {{"TaskDefinitionArn", observed.physical_id}};
  observed.internal = {{"Arn", observed.physical_id}};
  return observed;
}

class TaskDefinitionReconciler final : public engine::Reconciler {
 public:
  explicit TaskDefinitionReconciler(aws::AwsClient& client)
      : Reconciler({.type = "AWS::ECS::TaskDefinition",
                    .service = "ecs",
                    .name_property = "Family",
                    .max_name_length = 255}),
        client_(client) {}

  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    const aws::CallRequest list = EcsCall(scope.region, "ListTaskDefinitions",
                                          {{"status", "ACTIVE"}, {"maxResults", 100}});
    auto pages = co_await client_.CallAllPages(list, kEcsPageTokens, kMaxEcsPages);
    if (!pages) co_return pages.error();
    std::map<std::string, std::string> latest;  // family -> ARN of its newest active revision
    for (const auto& page : *pages) {
      for (const auto& item : page.value("taskDefinitionArns", json::array())) {
        const std::string arn = item.get<std::string>();
        auto& current = latest[FamilyOfArn(arn)];
        if (RevisionOfArn(arn) > RevisionOfArn(current)) current = arn;
      }
    }
    const std::set<std::string> wanted(scope.identity_keys.begin(), scope.identity_keys.end());
    std::map<std::string, Remembered> remembered;
    std::vector<engine::ObservedResource> revisions;
    for (const auto& [family, arn] : latest) {
      const std::string key = scope.region + "/" + family;
      const auto known = remembered_.find(key);
      const bool reread = known == remembered_.end() || known->second.arn != arn ||
                          known->second.ours || wanted.contains(family);
      if (!reread) {
        remembered[key] = known->second;
        continue;  // someone else's family, unchanged: not ours, not wanted
      }
      auto described = co_await Describe(scope.region, arn);
      if (!described) co_return described.error();
      if (!*described) continue;
      remembered[key] = {arn, !(*described)->Tag(engine::kOwnerTag).empty()};
      revisions.push_back(std::move(**described));
    }
    // Families of other regions are kept; this region's are replaced by what it lists now.
    for (auto& [key, value] : remembered_) {
      if (!key.starts_with(scope.region + "/")) remembered.emplace(key, std::move(value));
    }
    remembered_ = std::move(remembered);
    co_return kit::OursOrWanted(std::move(revisions), scope);
  }

  engine::Diff Compare(const engine::DesiredResource& desired,
                       const engine::ObservedResource& observed) const override {
    return CompareRevision(desired.properties, observed.properties);
  }

  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    co_return co_await Register(std::move(desired));
  }

  // A new revision carrying the file's content and every tag, then the old one deregistered.
  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff) override {
    auto registered = co_await Register(std::move(desired));
    if (!registered) co_return registered.error();
    co_return co_await Deregister(observed);
  }

  Task<void> Delete(engine::ObservedResource observed) override {
    co_return co_await Deregister(std::move(observed));
  }

 private:
  Task<engine::ObservedResource> Register(engine::DesiredResource desired) {
    json params = RegisterParams(desired.properties, desired.name);
    params["tags"] = EcsCreationTags(desired);
    const aws::CallRequest call = EcsCall(desired.region, "RegisterTaskDefinition", std::move(params));
    auto registered = co_await client_.Call(call);
    if (!registered) co_return registered.error();
    co_return RevisionFromRecord(registered->data.value("taskDefinition", json::object()),
                                 registered->data.value("tags", EcsCreationTags(desired)),
                                 desired.region);
  }

  // Deregistering marks the revision INACTIVE; running tasks keep it. Not found is done.
  Task<void> Deregister(engine::ObservedResource observed) {
    const aws::CallRequest call = EcsCall(observed.region, "DeregisterTaskDefinition",
                                          {{"taskDefinition", observed.physical_id}});
    auto deregistered = co_await kit::CallIgnoringNotFound(client_, call);
    // ECS answers a revision it does not know with a ClientException.
    if (!deregistered && deregistered.error().aws_code == "ClientException" &&
        deregistered.error().message.find("does not exist") != std::string::npos)
      co_return Result<void>{};
    co_return deregistered;
  }

  Task<std::optional<engine::ObservedResource>> Describe(std::string region, std::string arn) {
    const aws::CallRequest call = EcsCall(region, "DescribeTaskDefinition",
                                          {{"taskDefinition", arn}, {"include", json::array({"TAGS"})}});
    auto described = co_await client_.Call(call);
    if (!described) {
      // Deregistered between the list and the describe: gone.
      if (described.error().kind == ErrorKind::kNotFound) co_return std::optional<engine::ObservedResource>();
      co_return described.error();
    }
    const json& definition = described->data.value("taskDefinition", json::object());
    if (StringField(definition, "status") != "ACTIVE") co_return std::optional<engine::ObservedResource>();
    co_return std::optional<engine::ObservedResource>(
        RevisionFromRecord(definition, described->data.value("tags", json::array()), region));
  }

  struct Remembered {
    std::string arn;    // the latest revision described
    bool ours = false;  // it carried an owner tag
  };
  aws::AwsClient& client_;
  std::map<std::string, Remembered> remembered_;  // by "region/family"
};

}  // namespace

void AddTaskDefinition(engine::Registry& registry, const kit::Context& context) {
  registry.Add(std::make_unique<TaskDefinitionReconciler>(context.client),
               EcsTags(context.client));
}

}  // namespace awsr::reconcilers::ecs
