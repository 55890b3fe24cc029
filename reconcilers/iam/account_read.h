// One GetAccountAuthorizationDetails answer as IamSnapshot hands it out: a number that stays
// the same while the answer does, and the answer's items kept packed (MessagePack) in one
// compressed frame (compressed_items.h), unpacked one at a time for a reader that asks. A steady
// cycle's types see the number unchanged and make nothing again (IamType::MadeOf); a changed
// answer is read item by item, so no DOM of the whole account is ever made: at 10,000 resources
// that DOM was ~8 MB, held at once beside the users, roles and groups made of it and freed amid
// them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>

#include "daemon/base/packed_json.h"
#include "reconcilers/iam/account_details.h"
#include "reconcilers/iam/compressed_items.h"

namespace awsr::reconcilers::iam {

class AccountRead {
 public:
  AccountRead(std::uint64_t number, std::shared_ptr<const CompressedItems> items)
      : number_(number), items_(std::move(items)) {}

  // Equal for two reads that found the same answer, item for item.
  std::uint64_t Number() const { return number_; }
  // Calls `visit(item)` for each item of `list`, in the answer's order, each unpacked on its own
  // and freed after the call. The items are decompressed for the call and freed after it: a
  // type reads them only when the number moves.
  template <typename Visit>
  void ForEach(AccountList list, Visit visit) const {
    const ItemStream stream = items_->Decompress();
    stream.ForEach([&](const ItemStream::Item& item) {
      if (item.list == static_cast<std::size_t>(list)) visit(PackedJson::Unpack(item.packed));
    });
  }

 private:
  std::uint64_t number_;
  std::shared_ptr<const CompressedItems> items_;  // in the answer's order, lists as AccountList
};

}  // namespace awsr::reconcilers::iam
