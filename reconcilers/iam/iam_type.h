// What every IAM type shares: it observes through the one bulk read of the account
// (iam_snapshot.h), which each write makes stale; its documents and name lists compare by
// meaning (iam_compare.h); and a create that AWS refuses as "already exists" may be our own
// earlier create whose answer was lost.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"
#include "reconcilers/iam/iam_calls.h"
#include "reconcilers/iam/iam_snapshot.h"
#include "reconcilers/iam/read_memo.h"

namespace awsr::reconcilers::iam {

class IamType : public engine::Reconciler {
 public:
  IamType(engine::TypeInfo info, aws::AwsClient& client, std::shared_ptr<IamSnapshot> snapshot)
      : Reconciler(info), client_(client), snapshot_(std::move(snapshot)) {}

  engine::Diff Compare(const engine::DesiredResource& desired,
                       const engine::ObservedResource& observed) const override;
  void BeforeWrite() override { snapshot_->Invalidate(); }

 protected:
  // The entity `create` makes (its answer's `member`: "User", "Role"), or, when AWS says it
  // exists, the one `get` reads if its tags say it is ours (a retry after a lost answer, or a
  // crash). Someone else's entity of that name stays the EntityAlreadyExists error.
  Task<nlohmann::json> CreateOrFindOwn(engine::DesiredResource desired, aws::CallRequest create,
                                       aws::CallRequest get, std::string member);

  // What `make` makes of the read, made again only when the read's number is not
  // that of the answer it last made them of, or `version` moved: an unchanged answer keeps its
  // number (IamSnapshot), and the same resources go back to the engine, which then knows them
  // unchanged without comparing them. `make` reads nothing but the read and what `version`
  // stands for (a group's ledger: OwnershipLedger::Generation).
  engine::ObservedList MadeOf(const AccountRead& read,
                              const std::function<engine::ObservedList(const AccountRead&)>& make,
                              std::uint64_t version = 0);

  aws::AwsClient& client_;
  std::shared_ptr<IamSnapshot> snapshot_;  // shared by every IAM type

 private:
  ReadMemo<engine::ObservedList> made_;
};

}  // namespace awsr::reconcilers::iam
