// One GetAccountAuthorizationDetails answer as IamSnapshot hands it out: a number that stays
// the same while the answer does, and the answer's items kept packed (MessagePack), made into
// AccountDetails only for a reader that asks. A steady cycle's types see the number unchanged
// and make nothing again (IamType::MadeOf), so between changes no DOM of the whole account is
// held: at 10,000 resources that DOM was ~8 MB beside the users, roles and groups made of it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <vector>

#include "daemon/base/packed_json.h"
#include "reconcilers/iam/account_details.h"

namespace awsr::reconcilers::iam {

// An item of the answer: the list it is in (AccountDetails::ListNames) and the item packed.
struct PackedItem {
  std::size_t list = 0;
  PackedJson item;
};

class AccountRead {
 public:
  AccountRead(std::uint64_t number, std::shared_ptr<const std::vector<PackedItem>> items)
      : number_(number), items_(std::move(items)) {}

  // Equal for two reads that found the same answer, item for item.
  std::uint64_t Number() const { return number_; }
  // The answer's items in their lists, unpacked by the first caller and held by this read.
  const AccountDetails& Details() const;

 private:
  std::uint64_t number_;
  std::shared_ptr<const std::vector<PackedItem>> items_;
  mutable std::once_flag unpacked_;
  mutable AccountDetails details_;
};

}  // namespace awsr::reconcilers::iam
