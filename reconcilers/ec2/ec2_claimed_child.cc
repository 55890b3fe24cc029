#include "reconcilers/ec2/ec2_claimed_child.h"

#include <set>

#include "daemon/aws/xml_to_json.h"
#include "reconcilers/ec2/ec2_calls.h"
#include "reconcilers/ec2/ec2_claims.h"
#include "reconcilers/ec2/ec2_ownership.h"

namespace awsr::reconcilers::ec2 {

using nlohmann::json;

std::string ClaimedChild::IdentityKey(const engine::DesiredResource& desired) const {
  return StringField(desired.properties, shape_.parent_property) + "|" +
         StringField(desired.properties, shape_.child_property);
}

engine::ObservedResource ClaimedChild::Child(const std::string& parent_id, const std::string& child,
                                             const std::string& region) const {
  engine::ObservedResource observed;
  observed.physical_id = parent_id + "|" + child;
  observed.identity_key = observed.physical_id;
  observed.region = region;
  observed.properties = {{shape_.parent_property, parent_id}, {shape_.child_property, child}};
  RememberClaimSite(observed, {parent_id, ClaimKey(shape_.kind, child)});
  return observed;
}

Task<engine::ObservedList> ClaimedChild::ObserveAll(engine::ObserveScope scope) {
  if (scope.everything) {
    auto parents = co_await DescribeOwned(client_, scope, shape_.describe, shape_.list_field,
                                          shape_.page_size);
    if (!parents) co_return parents.error();
    std::vector<engine::ObservedResource> observed;
    for (const auto& parent : *parents) {
      for (auto& child : Listed(parent, scope.region)) observed.push_back(std::move(child));
    }
    co_return observed;
  }
  auto shared = co_await parents_->Read(std::string(Type()), scope);
  if (!shared) co_return shared.error();
  const std::shared_ptr<const SharedOwnedList::Items> parents = *shared;
  Made now{std::set<std::string>(scope.identity_keys.begin(), scope.identity_keys.end()), {}};
  Made& before = made_[scope.region];
  const bool same_keys = before.wanted == now.wanted;
  std::vector<engine::SharedObserved> observed;
  for (const aws::DigestedItem& item : *parents) {
    std::vector<engine::SharedObserved> children;
    if (const auto made = before.by_parent.find(item.digest);
        same_keys && made != before.by_parent.end()) {
      children = made->second;
    } else {
      const json& parent = item.value;
      const std::string parent_id = StringField(parent, shape_.parent_field);
      const auto orphan = [&](const std::string& child) {
        return Child(parent_id, child, scope.region);
      };
      for (auto& child : ReportChildren(ReadTagSet(parent.value("tagSet", json())), shape_.kind,
                                        Listed(parent, scope.region), orphan, now.wanted)) {
        children.push_back(engine::ShareObserved(std::move(child)));
      }
    }
    observed.insert(observed.end(), children.begin(), children.end());
    now.by_parent.emplace(item.digest, std::move(children));
  }
  before = std::move(now);
  co_return engine::ObservedList(std::move(observed));
}

Task<engine::ObservedResource> ClaimedChild::Create(engine::DesiredResource desired) {
  const std::string parent_id = StringField(desired.properties, shape_.parent_property);
  auto parent = co_await DescribeOne(
      client_, DescribeByIdCall(desired.region, shape_.describe, shape_.parent_property, parent_id),
      shape_.list_field);
  if (!parent) co_return parent.error();
  std::vector<engine::ObservedResource> listed = Listed(*parent, desired.region);
  const std::string key = IdentityKey(desired);
  std::erase_if(listed, [&](const engine::ObservedResource& c) { return c.identity_key != key; });
  const ClaimSite site{
      parent_id, ClaimKey(shape_.kind, StringField(desired.properties, shape_.child_property))};
  const TagMap parent_tags = ReadTagSet(parent->value("tagSet", json()));
  auto exists = CheckClaimable(parent_tags, desired, site.key, !listed.empty());
  if (!exists) co_return exists.error();
  engine::ObservedResource child;
  if (*exists) {
    child = std::move(listed.front());
  } else {
    if (!HoldsClaim(parent_tags, site.key, desired)) {
      auto claimed = co_await WriteClaim(client_, desired, site);
      if (!claimed) co_return claimed.error();
    }
    auto created = co_await CreateChild(desired);
    if (!created) co_return created;
    child = std::move(*created);
  }
  child.tags = desired.ownership_tags;
  co_return child;
}

Task<void> ClaimedChild::Delete(engine::ObservedResource observed) {
  auto deleted = co_await DeleteChild(observed);
  if (!deleted) co_return deleted;
  co_return co_await DropClaim(client_, std::move(observed));
}

}  // namespace awsr::reconcilers::ec2
