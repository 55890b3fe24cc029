// One bulk read of IAM shared by every IAM reconciler.
//
// IAM is global and GetAccountAuthorizationDetails returns users, groups, roles and customer
// managed policies together, so reading it once per type would cost five identical paginated
// reads per cycle. The engine calls each type's ObserveAll separately (concurrently, within
// the "iam" service limit), so the reconcilers share this object, created in RegisterAll:
//  - single flight: readers arriving while a read is under way wait for it;
//  - one read per cycle: each reader type is served a given read at most once. The engine
//    observes a (type, region) at most once per cycle, so a type asking again means a new
//    cycle, and it gets a fresh read. No cycle number is needed, and a quick second cycle
//    never sees stale data for the type that starts it;
//  - every IAM write (Invalidate) and an age limit drop the read, so a type observed alone a
//    long time after the others never gets an old answer;
//  - a read that finds what the last one found keeps its number (AccountRead::Number), so a
//    type need not make its resources of it again (IamType::MadeOf). What it found is told
//    by the digests of the answer's items (aws::ItemDigests), and an item read again byte for
//    byte is not converted again: a steady read costs a parse and a digest per item. The
//    items are kept packed, not as a DOM, and compressed together (account_read.h); what is
//    kept of each beside them is its list and digest, in two flat arrays, not a map's node.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/base/error.h"
#include "daemon/engine/async_tools.h"
#include "reconcilers/iam/account_read.h"

namespace awsr::reconcilers::iam {

class IamSnapshot {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  static constexpr std::chrono::seconds kMaxAge{10};

  explicit IamSnapshot(aws::AwsClient& client, Clock clock = std::chrono::steady_clock::now)
      : client_(client), clock_(std::move(clock)) {}

  // The account's IAM entities for `reader` (its type name), read now or shared from a read
  // no other call of the same reader has been served.
  boost::asio::awaitable<Result<std::shared_ptr<const AccountRead>>> Read(std::string reader);

  // Forgets the current read: called after every IAM write.
  void Invalidate() { current_.reset(); }

  // Whether the last answer has an item of these bytes (its digest): the client is told so,
  // and converts only the items it does not hold.
  bool Holds(const ShortDigest& digest) const { return HeldIndex(digest).has_value(); }

 private:
  // One item of the last read: the digest of its bytes and which list it was in.
  struct ItemRead {
    ShortDigest digest;
    std::uint8_t list;  // AccountList: 17 bytes an item, not 24
  };

  bool Servable(const std::string& reader) const;
  boost::asio::awaitable<Result<void>> Fetch();
  bool SameAsLast(const std::vector<aws::DigestedItem>& items) const;
  void Keep(std::vector<aws::DigestedItem> items);
  // The index in last_items_ of an item of this digest, if the last answer has one.
  std::optional<std::size_t> HeldIndex(const ShortDigest& digest) const;

  aws::AwsClient& client_;
  Clock clock_;
  std::unique_ptr<engine::AsyncSemaphore> single_flight_;  // made on first use, on the loop
  std::shared_ptr<const AccountRead> current_;
  std::uint64_t last_number_ = 0;                    // of the last answer kept; 0: none
  std::shared_ptr<const CompressedItems> last_;      // its items, in the answer's order
  std::vector<ItemRead> last_items_;                 // the same items' digests and lists
  std::vector<std::uint32_t> by_digest_;             // indices of last_items_, by digest
  std::shared_ptr<const aws::ItemDigests> digests_;  // the answer's lists, Holds for held
  std::chrono::steady_clock::time_point read_at_;
  std::set<std::string> served_;  // reader types that got current_
};

}  // namespace awsr::reconcilers::iam
