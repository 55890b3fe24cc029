#include "reconcilers/iam/iam_ownership.h"

#include "reconcilers/iam/iam_calls.h"
#include "reconcilers/kit/tag_calls.h"

namespace awsr::reconcilers::iam {
namespace {

class TagsThen final : public engine::Ownership {
 public:
  TagsThen(std::shared_ptr<engine::Ownership> tags,
           std::function<void(const engine::ObservedResource&)> after)
      : tags_(std::move(tags)), after_(std::move(after)) {}

  Task<void> Retag(engine::ObservedResource observed, engine::TagMap set,
                   std::vector<std::string> remove) override {
    auto retagged = co_await tags_->Retag(observed, std::move(set), std::move(remove));
    after_(observed);
    co_return retagged;
  }

 private:
  std::shared_ptr<engine::Ownership> tags_;
  std::function<void(const engine::ObservedResource&)> after_;
};

class Ledger final : public engine::Ownership {
 public:
  Ledger(std::shared_ptr<OwnershipLedger> ledger, std::string kind,
         std::function<nlohmann::json(const engine::ObservedResource&)> details)
      : ledger_(std::move(ledger)), kind_(std::move(kind)), details_(std::move(details)) {}

  Task<void> Retag(engine::ObservedResource observed, engine::TagMap set,
                   std::vector<std::string> remove) override {
    co_return ledger_->Retag(kind_, observed.physical_id, details_(observed), set, remove);
  }

 private:
  std::shared_ptr<OwnershipLedger> ledger_;
  std::string kind_;
  std::function<nlohmann::json(const engine::ObservedResource&)> details_;
};

}  // namespace

std::shared_ptr<engine::Ownership> IamTags(
    aws::AwsClient& client, std::string kind, std::string member,
    std::function<void(const engine::ObservedResource&)> after) {
  auto set = [kind, member](const engine::ObservedResource& observed, const engine::TagMap& tags) {
    return IamCall("Tag" + kind, {{member, observed.physical_id}, {"Tags", engine::TagList(tags)}});
  };
  auto remove = [kind, member](const engine::ObservedResource& observed,
                               const std::vector<std::string>& keys) {
    return IamCall("Untag" + kind, {{member, observed.physical_id}, {"TagKeys", keys}});
  };
  auto tags = std::make_shared<kit::TagCalls>(client, std::move(set), std::move(remove));
  if (!after) return tags;
  return std::make_shared<TagsThen>(std::move(tags), std::move(after));
}

std::shared_ptr<engine::Ownership> LedgerTags(
    std::shared_ptr<OwnershipLedger> ledger, std::string kind,
    std::function<nlohmann::json(const engine::ObservedResource&)> details) {
  return std::make_shared<Ledger>(std::move(ledger), std::move(kind), std::move(details));
}

}  // namespace awsr::reconcilers::iam
