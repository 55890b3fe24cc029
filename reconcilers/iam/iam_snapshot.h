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
//    items are kept packed, not as a DOM (account_read.h).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
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

 private:
  // One item of the last read: which list it was in and the digest of its bytes.
  struct ItemRead {
    std::size_t list;
    Digest digest;
  };

  bool Servable(const std::string& reader) const;
  boost::asio::awaitable<Result<void>> Fetch();
  bool SameAsLast(const std::vector<aws::DigestedItem>& items) const;
  void Keep(std::vector<aws::DigestedItem> items);

  aws::AwsClient& client_;
  Clock clock_;
  std::unique_ptr<engine::AsyncSemaphore> single_flight_;  // made on first use, on the loop
  std::shared_ptr<const AccountRead> current_;
  std::uint64_t last_number_ = 0;                        // of the last answer kept; 0: none
  std::shared_ptr<const std::vector<PackedItem>> last_;  // its items, in the answer's order
  std::vector<ItemRead> last_items_;                     // the same items' lists and digests
  std::unordered_map<Digest, const PackedItem*, DigestHash> held_;  // into *last_
  std::shared_ptr<const aws::ItemDigests> digests_;  // the answer's lists, held_ for held
  std::chrono::steady_clock::time_point read_at_;
  std::set<std::string> served_;  // reader types that got current_
};

}  // namespace awsr::reconcilers::iam
