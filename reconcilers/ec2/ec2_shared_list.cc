#include "reconcilers/ec2/ec2_shared_list.h"

#include "reconcilers/ec2/ec2_calls.h"

namespace awsr::reconcilers::ec2 {

using nlohmann::json;

Task<std::shared_ptr<const SharedOwnedList::Items>> SharedOwnedList::Read(
    std::string reader, engine::ObserveScope scope) {
  if (owner_ != scope.owner) {
    read_.Invalidate();
    owner_ = scope.owner;
  }
  co_return co_await read_.Read(std::move(reader), std::move(scope.region));
}

Task<SharedOwnedList::Items> SharedOwnedList::Fetch(SharedOwnedList& self, std::string region) {
  engine::ObserveScope scope;
  scope.region = std::move(region);
  scope.owner = self.owner_;
  aws::CallRequest call = OwnedCall(scope, self.describe_, self.page_size_);
  // No digest is held: every item comes whole, for the child types.
  call.item_digests = std::make_shared<const aws::ItemDigests>(
      aws::ItemDigests{{self.list_field_}, [](const ShortDigest&) { return false; }});
  const aws::PageTokens detect_tokens;
  co_return co_await self.client_.CallAllItems(std::move(call), detect_tokens, 10000);
}

Task<engine::ObservedList> SharedOwnedList::Observe(std::string reader, engine::ObserveScope scope,
                                                    kit::ObservedMemo& memo,
                                                    kit::ObservedMemo::Convert convert) {
  const kit::ObservedMemo::Read read = memo.Start(list_field_);
  const kit::ObservedMemo::HeldEqual held_equal = scope.held_equal;
  auto shared = co_await Read(std::move(reader), std::move(scope));
  if (!shared) co_return shared.error();
  Items items;
  items.reserve((*shared)->size());
  for (const aws::DigestedItem& item : **shared) {
    items.push_back({item.digest, read.digests()->held(item.digest) ? json() : item.value});
  }
  co_return memo.Finish(read, std::move(items), convert, held_equal);
}

Task<engine::ObservedList> SharedListTaggedType::ObserveAll(engine::ObserveScope scope) {
  // Export's read of everything and a focused read are the type's own, not the cycle's list.
  if (scope.everything || !scope.focus.empty()) {
    co_return co_await Ec2TaggedType::ObserveAll(std::move(scope));
  }
  const std::string region = scope.region;
  kit::ObservedMemo::Convert from_item = [this, region](const json& item) {
    return FromItem(item, region);
  };
  co_return co_await list_->Observe(std::string(Type()), std::move(scope), memos_[region],
                                    std::move(from_item));
}

}  // namespace awsr::reconcilers::ec2
