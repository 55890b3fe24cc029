// What an IAM type makes of a read (its resources, the memberships, the managed policies), kept
// while the read's number stands: an unchanged answer keeps its number (IamSnapshot), so a
// steady cycle makes nothing again and hands on the very same value.
#pragma once

#include <cstdint>

#include "reconcilers/iam/account_read.h"

namespace awsr::reconcilers::iam {

template <typename Value>
class ReadMemo {
 public:
  // `make(read)`, made again only when the read's number is not that of the read it was last
  // made of, or `version` moved (what else `make` reads: a group's ledger's generation).
  template <typename Make>
  const Value& Of(const AccountRead& read, const Make& make, std::uint64_t version = 0) {
    if (read.Number() != number_ || version != version_) {
      value_ = make(read);
      number_ = read.Number();
      version_ = version;
    }
    return value_;
  }

 private:
  std::uint64_t number_ = 0;  // of the read value_ was made of; 0: none
  std::uint64_t version_ = 0;
  Value value_{};
};

}  // namespace awsr::reconcilers::iam
