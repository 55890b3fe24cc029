// The lease as one DynamoDB item per owner: {owner (key), holder, epoch, expires_at_ms}, read
// consistently and written only under a ConditionExpression that names what was read, so of
// two daemons racing for an expired lease exactly one wins and the other is told
// ConditionalCheckFailedException.
//
// Header-only for now: only the daemon's composition root and its tests include it.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/lease/lease_store.h"

namespace awsr::lease {

class DynamoDbLease final : public LeaseStore {
 public:
  // `client` must have no write fence: the lease is what the fence is made of.
  DynamoDbLease(aws::AwsClient& client, std::string table, std::string region, std::string owner)
      : client_(client),
        table_(std::move(table)),
        region_(std::move(region)),
        owner_(std::move(owner)) {}

  boost::asio::awaitable<Result<LeaseView>> TryHold(
      std::string holder, LeaseWallClock::time_point now,
      LeaseWallClock::time_point expires_at) override {
    auto read = co_await Read();
    if (!read) co_return read.error();
    if (!*read) {  // never taken
      LeaseRecord mine{holder, 1, expires_at};
      auto put = co_await Call(std::string("PutItem"), FirstTakeParams(mine));
      co_return Outcome(std::move(put), mine, LeaseRecord{});
    }
    const LeaseRecord seen = **read;
    if (seen.holder == holder) {  // ours: extend the term, as long as nobody took it meanwhile
      LeaseRecord mine{holder, seen.epoch, expires_at};
      auto renewed = co_await Call(std::string("UpdateItem"), RenewParams(mine));
      co_return Outcome(std::move(renewed), mine, seen);
    }
    if (seen.expires_at >= now) co_return LeaseView{false, seen};  // someone else's term runs
    // Expired: take it over, on condition that it is still exactly what we read.
    LeaseRecord mine{holder, seen.epoch + 1, expires_at};
    auto taken = co_await Call(std::string("UpdateItem"), TakeOverParams(mine, seen));
    co_return Outcome(std::move(taken), mine, seen);
  }

  boost::asio::awaitable<Result<void>> Release(std::string holder, std::int64_t epoch) override {
    // Named, not a temporary in the co_await expression: GCC 12 destroys those twice.
    const LeaseRecord ended{holder, epoch, {}};
    auto released = co_await Call(std::string("UpdateItem"), RenewParams(ended));
    if (!released && !IsConditionFailed(released.error())) co_return released.error();
    co_return Result<void>{};
  }

  nlohmann::json Where() const override {
    nlohmann::json where = nlohmann::json::object();
    where["table"] = table_;
    return where;
  }

 private:
  // The requests, built outside the coroutines (GCC 12 mishandles braced lists in them).
  static nlohmann::json Number(std::int64_t value) {
    nlohmann::json number = nlohmann::json::object();
    number["N"] = std::to_string(value);
    return number;
  }
  static nlohmann::json Text(const std::string& value) {
    nlohmann::json text = nlohmann::json::object();
    text["S"] = value;
    return text;
  }
  static std::int64_t Millis(LeaseWallClock::time_point time) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
  }
  static bool IsConditionFailed(const Error& error) {
    return error.aws_code == "ConditionalCheckFailedException";
  }
  nlohmann::json Key() const {
    nlohmann::json key = nlohmann::json::object();
    key["owner"] = Text(owner_);
    return key;
  }
  nlohmann::json FirstTakeParams(const LeaseRecord& mine) const {
    nlohmann::json item = Key();
    item["holder"] = Text(mine.holder);
    item["epoch"] = Number(mine.epoch);
    item["expires_at_ms"] = Number(Millis(mine.expires_at));
    nlohmann::json params = nlohmann::json::object();
    params["Item"] = std::move(item);
    params["ConditionExpression"] = "attribute_not_exists(#o)";
    params["ExpressionAttributeNames"]["#o"] = "owner";
    return params;
  }
  // Extends `mine.holder`'s term at its epoch to mine.expires_at (epoch 0 of time: releases).
  nlohmann::json RenewParams(const LeaseRecord& mine) const {
    nlohmann::json params = Conditional("SET #x = :x", "#h = :me AND #e = :epoch");
    params["ExpressionAttributeValues"][":x"] = Number(Millis(mine.expires_at));
    params["ExpressionAttributeValues"][":me"] = Text(mine.holder);
    params["ExpressionAttributeValues"][":epoch"] = Number(mine.epoch);
    return params;
  }
  nlohmann::json TakeOverParams(const LeaseRecord& mine, const LeaseRecord& seen) const {
    nlohmann::json params =
        Conditional("SET #h = :me, #x = :x, #e = :next", "#e = :epoch AND #x = :seen");
    auto& values = params["ExpressionAttributeValues"];
    values[":me"] = Text(mine.holder);
    values[":x"] = Number(Millis(mine.expires_at));
    values[":next"] = Number(mine.epoch);
    values[":epoch"] = Number(seen.epoch);
    values[":seen"] = Number(Millis(seen.expires_at));
    return params;
  }
  // An UpdateItem of our item; DynamoDB refuses #names an expression does not use, and these
  // use all three.
  nlohmann::json Conditional(const char* update, const char* condition) const {
    nlohmann::json params = nlohmann::json::object();
    params["Key"] = Key();
    params["UpdateExpression"] = update;
    params["ConditionExpression"] = condition;
    params["ExpressionAttributeNames"]["#h"] = "holder";
    params["ExpressionAttributeNames"]["#e"] = "epoch";
    params["ExpressionAttributeNames"]["#x"] = "expires_at_ms";
    return params;
  }
  nlohmann::json GetParams() const {
    nlohmann::json params = nlohmann::json::object();
    params["Key"] = Key();
    params["ConsistentRead"] = true;
    return params;
  }
  Result<std::optional<LeaseRecord>> Parse(const nlohmann::json& data) const {
    const auto item = data.find("Item");
    if (item == data.end() || !item->is_object()) return std::optional<LeaseRecord>();
    auto number = [&item](const char* name) -> std::int64_t {
      const auto found = item->find(name);
      if (found == item->end() || !found->is_object() || !found->contains("N")) return 0;
      return std::stoll((*found)["N"].get<std::string>());
    };
    try {
      LeaseRecord record;
      if (item->contains("holder") && (*item)["holder"].contains("S"))
        record.holder = (*item)["holder"]["S"].get<std::string>();
      record.epoch = number("epoch");
      record.expires_at =
          LeaseWallClock::time_point(std::chrono::milliseconds(number("expires_at_ms")));
      return std::optional<LeaseRecord>(std::move(record));
    } catch (const std::exception& e) {  // a hand-edited item: say which table holds it
      return MakeError(ErrorKind::kInternal,
                       "lease item of " + owner_ + " in " + table_ + " is malformed: " + e.what());
    }
  }

  // A write that lost the race (the condition failed) is not an error: someone else holds it.
  static Result<LeaseView> Outcome(Result<aws::AwsResponse> written, LeaseRecord mine,
                                   LeaseRecord seen) {
    if (written) return LeaseView{true, std::move(mine)};
    if (IsConditionFailed(written.error())) return LeaseView{false, std::move(seen)};
    return written.error();
  }

  boost::asio::awaitable<Result<std::optional<LeaseRecord>>> Read() {
    auto got = co_await Call(std::string("GetItem"), GetParams());
    if (!got) co_return got.error();
    co_return Parse(got->data);
  }

  boost::asio::awaitable<Result<aws::AwsResponse>> Call(std::string operation,
                                                        nlohmann::json params) {
    params["TableName"] = table_;
    aws::CallRequest call("dynamodb", std::move(operation), std::move(params));
    call.region = region_;
    co_return co_await client_.Call(std::move(call));
  }

  aws::AwsClient& client_;
  std::string table_;
  std::string region_;
  std::string owner_;
};

}  // namespace awsr::lease
