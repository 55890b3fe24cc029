#include "reconcilers/iam/account_read.h"

namespace awsr::reconcilers::iam {

const AccountDetails& AccountRead::Details() const {
  std::call_once(unpacked_, [this] {
    for (const PackedItem& item : *items_) details_.List(item.list).push_back(item.item.Unpack());
  });
  return details_;
}

}  // namespace awsr::reconcilers::iam
