#include "reconcilers/iam/account_read.h"

namespace awsr::reconcilers::iam {

PackedItem PackedItem::Pack(std::size_t list, const nlohmann::json& item) {
  PackedItem packed{list, nlohmann::json::to_msgpack(item)};
  packed.bytes.shrink_to_fit();  // held until the answer changes
  return packed;
}

nlohmann::json PackedItem::Unpack() const { return nlohmann::json::from_msgpack(bytes); }

const AccountDetails& AccountRead::Details() const {
  std::call_once(unpacked_, [this] {
    for (const PackedItem& item : *items_) details_.List(item.list).push_back(item.Unpack());
  });
  return details_;
}

}  // namespace awsr::reconcilers::iam
