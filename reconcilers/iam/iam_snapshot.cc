#include "reconcilers/iam/iam_snapshot.h"

#include <algorithm>
#include <boost/asio/this_coro.hpp>

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
        AccountListNames(), [this](const Digest& digest) { return held_.contains(digest); }});
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

// A held item is taken from the last read (the client left it unconverted); reads are single
// flight, so held_ is the map the client asked during this read.
void IamSnapshot::Keep(std::vector<aws::DigestedItem> items) {
  auto fresh = std::make_shared<std::vector<PackedItem>>();
  fresh->reserve(items.size());
  for (const aws::DigestedItem& item : items) {
    fresh->push_back(item.value.is_null() ? PackedItem{item.list, held_.at(item.digest)->item}
                                          : PackedItem{item.list, item.value});
  }
  // The list is complete: pointers into it hold as long as the read is kept.
  held_.clear();
  last_items_.clear();
  for (std::size_t i = 0; i < items.size(); ++i) {
    held_.emplace(items[i].digest, &(*fresh)[i]);
    last_items_.push_back({items[i].list, items[i].digest});
  }
  last_ = std::move(fresh);
  ++last_number_;
}

}  // namespace awsr::reconcilers::iam
