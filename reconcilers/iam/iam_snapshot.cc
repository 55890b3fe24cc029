#include "reconcilers/iam/iam_snapshot.h"

#include <algorithm>
#include <boost/asio/this_coro.hpp>
#include <numeric>
#include <span>
#include <stdexcept>

#include "reconcilers/iam/iam_calls.h"

namespace awsr::reconcilers::iam {
namespace {

using boost::asio::awaitable;
using nlohmann::json;

// Everything the IAM types observe; AWS-managed policies are attached by ARN and never read.
aws::CallRequest AuthorizationDetailsCall(std::shared_ptr<const aws::ItemDigests> digests) {
  aws::CallRequest call =
      IamCall("GetAccountAuthorizationDetails",
              {{"Filter", json::array({"User", "Group", "Role", "LocalManagedPolicy"})},
               {"MaxItems", 1000}});
  call.item_digests = std::move(digests);
  return call;
}

}  // namespace

bool IamSnapshot::Servable(const std::string& reader) const {
  return current_ && !served_.contains(reader) && clock_() - read_at_ < kMaxAge;
}

awaitable<Result<std::shared_ptr<const AccountRead>>> IamSnapshot::Read(std::string reader) {
  if (!single_flight_) {
    single_flight_ =
        std::make_unique<engine::AsyncSemaphore>(co_await boost::asio::this_coro::executor, 1);
  }
  const engine::AsyncSemaphore::Permit flight = co_await single_flight_->Acquire();
  if (!Servable(reader)) {
    auto fetched = co_await Fetch();
    if (!fetched) co_return fetched.error();
  }
  served_.insert(reader);
  std::shared_ptr<const AccountRead> read = current_;
  co_return read;
}

awaitable<Result<void>> IamSnapshot::Fetch() {
  if (!digests_) {
    digests_ = std::make_shared<const aws::ItemDigests>(aws::ItemDigests{
        AccountListNames(), [this](const ShortDigest& digest) { return Holds(digest); }});
  }
  const aws::PageTokens detect_tokens;
  auto items =
      co_await client_.CallAllItems(AuthorizationDetailsCall(digests_), detect_tokens, 10000);
  if (!items) co_return items.error();
  if (!last_ || !SameAsLast(*items)) Keep(std::move(*items));
  current_ = std::make_shared<const AccountRead>(last_number_, last_);
  read_at_ = clock_();
  served_.clear();
  co_return Result<void>{};
}

bool IamSnapshot::SameAsLast(const std::vector<aws::DigestedItem>& items) const {
  return std::equal(items.begin(), items.end(), last_items_.begin(), last_items_.end(),
                    [](const aws::DigestedItem& item, const ItemRead& last) {
                      return item.list == last.list && item.digest == last.digest;
                    });
}

std::optional<std::size_t> IamSnapshot::HeldIndex(const ShortDigest& digest) const {
  const auto found = std::lower_bound(by_digest_.begin(), by_digest_.end(), digest,
                                      [this](std::uint32_t index, const ShortDigest& sought) {
                                        return last_items_[index].digest < sought;
                                      });
  if (found == by_digest_.end() || last_items_[*found].digest != digest) return std::nullopt;
  return *found;
}

// A held item is taken from the last read (the client left it unconverted); reads are single
// flight, so the last read is the one the client asked about during this read. Its items are
// decompressed once here and freed at the end.
void IamSnapshot::Keep(std::vector<aws::DigestedItem> items) {
  const ItemStream last = last_ ? last_->Decompress() : ItemStream();
  std::vector<std::span<const std::uint8_t>> last_packed;
  last_packed.reserve(last_items_.size());
  last.ForEach([&](const ItemStream::Item& item) { last_packed.push_back(item.packed); });

  ItemStream fresh;
  fresh.Reserve(last.Size());
  for (const aws::DigestedItem& item : items) {
    if (!item.value.is_null()) {
      fresh.Add(item.list, PackedJson(item.value).Bytes());
      continue;
    }
    // Left unconverted because the last answer holds it (reads are single flight): a held item
    // missing is a broken invariant, never an item to keep as null.
    const std::optional<std::size_t> held = HeldIndex(item.digest);
    if (!held) throw std::logic_error("IAM answer: an item left unconverted is not held");
    fresh.Add(item.list, last_packed.at(*held));
  }
  last_ = std::make_shared<const CompressedItems>(fresh);

  // New vectors, not the old ones refilled: each is exactly its size, held until a change.
  std::vector<ItemRead> read;
  read.reserve(items.size());
  for (const aws::DigestedItem& item : items) {
    read.push_back({item.digest, static_cast<std::uint8_t>(item.list)});
  }
  std::vector<std::uint32_t> by_digest(read.size());
  std::iota(by_digest.begin(), by_digest.end(), 0u);
  std::sort(by_digest.begin(), by_digest.end(),
            [&read](std::uint32_t a, std::uint32_t b) { return read[a].digest < read[b].digest; });
  last_items_ = std::move(read);
  by_digest_ = std::move(by_digest);
  ++last_number_;
}

}  // namespace awsr::reconcilers::iam
