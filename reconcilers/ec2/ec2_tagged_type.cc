#include "reconcilers/ec2/ec2_tagged_type.h"

#include "reconcilers/ec2/ec2_calls.h"

namespace awsr::reconcilers::ec2 {

using nlohmann::json;

Task<engine::ObservedList> Ec2TaggedType::ObserveAll(engine::ObserveScope scope) {
  kit::ObservedMemo::Convert from_item = [this, region = scope.region](const json& item) {
    return FromItem(item, region);
  };
  // A focused read is a few items: converted as they are, and the memo keeps the whole read.
  if (!scope.focus.empty()) {
    co_return co_await DescribeEach(client_, FocusedCalls(scope, shape_.describe, shape_.page_size),
                                    shape_.list_field, std::move(from_item));
  }
  aws::CallRequest call = OwnedCall(scope, shape_.describe, shape_.page_size);
  co_return co_await DescribeObserved(client_, std::move(call), shape_.list_field,
                                      memos_[scope.region], std::move(from_item),
                                      std::move(scope.held_equal));
}

Task<std::optional<engine::ObservedResource>> Ec2TaggedType::Lookup(std::string physical_id,
                                                                    std::string region) {
  const aws::CallRequest call =
      DescribeByIdCall(region, shape_.describe, shape_.id_member, physical_id);
  auto items = co_await DescribeAll(client_, call, shape_.list_field);
  if (!items && items.error().kind != ErrorKind::kNotFound) co_return items.error();
  if (!items || items->empty()) co_return std::optional<engine::ObservedResource>();
  co_return std::optional<engine::ObservedResource>(FromItem(items->front(), region));
}

Task<engine::ObservedResource> Ec2TaggedType::Create(engine::DesiredResource desired) {
  json params = CreateParams(desired);
  params["TagSpecification"] = TagSpecifications(shape_.tag_type, desired);
  auto created = co_await client_.Call(Ec2Call(desired.region, shape_.create, std::move(params)));
  if (!created) co_return created.error();
  co_return FromItem(created->data.value(shape_.created, json()), desired.region);
}

Task<void> Ec2TaggedType::Delete(engine::ObservedResource observed) {
  json params = json::object();
  params[shape_.id_member] = observed.physical_id;
  co_return co_await kit::CallIgnoringNotFound(
      client_, Ec2Call(observed.region, shape_.remove, std::move(params)));
}

engine::ObservedResource Ec2TaggedType::Tagged(const json& item, const char* id_field,
                                               const std::string& region) const {
  engine::ObservedResource observed;
  observed.physical_id = StringField(item, id_field);
  observed.region = region;
  observed.tags = ReadTagSet(item.value("tagSet", json()));
  observed.identity_key = observed.Tag(engine::kLogicalIdTag);
  observed.properties = json{{"Tags", kit::UserTags(observed.tags)}};
  return observed;
}

}  // namespace awsr::reconcilers::ec2
