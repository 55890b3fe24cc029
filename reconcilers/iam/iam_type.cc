#include "reconcilers/iam/iam_type.h"

#include "daemon/aws/json_result.h"
#include "daemon/aws/xml_to_json.h"
#include "reconcilers/iam/iam_compare.h"
#include "reconcilers/kit/ownership_tags.h"

namespace awsr::reconcilers::iam {

using nlohmann::json;

engine::Diff IamType::Compare(const engine::DesiredResource& desired,
                              const engine::ObservedResource& observed) const {
  return CompareIam(desired, observed);
}

engine::ObservedList IamType::MadeOf(
    const AccountRead& read, const std::function<engine::ObservedList(const AccountRead&)>& make,
    std::uint64_t version) {
  return made_.Of(read, make, version);
}

Task<json> IamType::CreateOrFindOwn(engine::DesiredResource desired, aws::CallRequest create,
                                    aws::CallRequest get, std::string member) {
  auto created = co_await client_.Call(std::move(create));
  if (created) co_return aws::JsonValue(created->data.value(member, json::object()));
  if (created.error().aws_code != "EntityAlreadyExists") co_return aws::JsonError(created.error());
  auto existing = co_await client_.Call(std::move(get));
  if (!existing) co_return aws::JsonError(existing.error());
  json entity = existing->data.value(member, json::object());
  const auto tags = engine::TagsFromList(aws::AsList(entity.value("Tags", json())));
  if (!kit::IsOwnedBy(tags, desired)) co_return aws::JsonError(created.error());
  co_return aws::JsonValue(std::move(entity));
}

}  // namespace awsr::reconcilers::iam
