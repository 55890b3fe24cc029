#include "reconcilers/ec2/ec2_ownership.h"

#include "reconcilers/ec2/ec2_calls.h"
#include "reconcilers/kit/tag_calls.h"

namespace awsr::reconcilers::ec2 {
namespace {

using nlohmann::json;

aws::CallRequest CreateTagsCall(const std::string& region, const std::string& resource_id,
                                const TagMap& tags) {
  return Ec2Call(region, "CreateTags",
                 {{"ResourceId", {resource_id}}, {"Tag", engine::TagList(tags)}});
}

// A tag given by key alone goes whatever its value.
aws::CallRequest DeleteTagsCall(const std::string& region, const std::string& resource_id,
                                const std::vector<std::string>& keys) {
  json tag_list = json::array();
  for (const auto& key : keys) tag_list.push_back({{"Key", key}});
  return Ec2Call(region, "DeleteTags", {{"ResourceId", {resource_id}}, {"Tag", tag_list}});
}

class ParentClaimOwnership final : public engine::Ownership {
 public:
  explicit ParentClaimOwnership(aws::AwsClient& client) : client_(client) {}

  engine::Task<void> Retag(engine::ObservedResource observed, TagMap set,
                           std::vector<std::string> remove) override {
    const std::string parent_id = ClaimSiteOf(observed).parent_id;
    co_return co_await ApplyTagChanges(client_, observed.region, parent_id,
                                       ClaimRetag(observed, set, remove));
  }

 private:
  aws::AwsClient& client_;
};

}  // namespace

engine::Task<void> ApplyTagChanges(aws::AwsClient& client, std::string region,
                                   std::string resource_id, TagChanges changes) {
  if (!changes.set.empty()) {
    auto created =
        co_await kit::CallForEffect(client, CreateTagsCall(region, resource_id, changes.set));
    if (!created) co_return created;
  }
  if (changes.remove.empty()) co_return Result<void>{};
  co_return co_await kit::CallForEffect(client,
                                        DeleteTagsCall(region, resource_id, changes.remove));
}

std::shared_ptr<engine::Ownership> ResourceTags(aws::AwsClient& client, TaggedId id) {
  if (!id) id = [](const engine::ObservedResource& observed) { return observed.physical_id; };
  auto set = [id](const engine::ObservedResource& observed, const TagMap& tags) {
    return CreateTagsCall(observed.region, id(observed), tags);
  };
  auto remove = [id](const engine::ObservedResource& observed,
                     const std::vector<std::string>& keys) {
    return DeleteTagsCall(observed.region, id(observed), keys);
  };
  return std::make_shared<kit::TagCalls>(client, std::move(set), std::move(remove));
}

std::shared_ptr<engine::Ownership> ParentClaim(aws::AwsClient& client) {
  return std::make_shared<ParentClaimOwnership>(client);
}

engine::Task<void> WriteClaim(aws::AwsClient& client, engine::DesiredResource desired,
                              ClaimSite site) {
  TagChanges changes;
  changes.set[site.key] = ClaimValue(desired.ownership_tags);
  co_return co_await ApplyTagChanges(client, desired.region, site.parent_id, std::move(changes));
}

engine::Task<void> DropClaim(aws::AwsClient& client, engine::ObservedResource observed) {
  const ClaimSite site = ClaimSiteOf(observed);
  TagChanges changes;
  changes.remove.push_back(site.key);
  auto dropped =
      co_await ApplyTagChanges(client, observed.region, site.parent_id, std::move(changes));
  if (!dropped && dropped.error().kind != ErrorKind::kNotFound) co_return dropped;
  co_return Result<void>{};
}

}  // namespace awsr::reconcilers::ec2
