#include "reconcilers/lambda/function_children.h"

#include "daemon/base/json_fields.h"
#include "reconcilers/kit/parent_claims.h"
#include "reconcilers/lambda/lambda_calls.h"

namespace awsr::reconcilers::lambda {
namespace {

using nlohmann::json;

bool HoldsClaimOfKind(const engine::TagMap& tags, const std::string& kind) {
  const std::string prefix = kit::ClaimKey(kind, "");
  for (const auto& [key, value] : tags) {
    if (key.str().starts_with(prefix)) return true;
  }
  return false;
}

class FunctionClaimOwnership final : public engine::Ownership {
 public:
  explicit FunctionClaimOwnership(aws::AwsClient& client) : client_(client) {}

  engine::Task<void> Retag(engine::ObservedResource observed, engine::TagMap set,
                           std::vector<std::string> remove) override {
    engine::TagChanges changes = kit::ClaimRetag(observed, set, remove);
    co_return co_await RetagFunction(client_, observed.region, kit::ClaimSiteOf(observed).parent_id,
                                     std::move(changes.set), std::move(changes.remove));
  }

 private:
  aws::AwsClient& client_;
};

}  // namespace

std::string FunctionNameOf(const std::string& name_or_arn) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto colon = name_or_arn.find(':', start);
    parts.push_back(name_or_arn.substr(start, colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  // arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER], ACCOUNT:function:NAME, NAME[:Q]
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    if (parts[i] == "function") return parts[i + 1];
  }
  return parts.front();
}

engine::Task<std::vector<ParentFunction>> ParentsToRead(LambdaSharedReads& shared,
                                                        std::string reader, std::string region,
                                                        std::string kind,
                                                        std::set<std::string> wanted,
                                                        bool everything) {
  auto read = co_await shared.Parents(std::move(reader), std::move(region));
  if (!read) co_return read.error();
  const FunctionsWithTags& functions = **read;
  std::vector<ParentFunction> parents;
  for (const auto& function : functions.functions) {
    ParentFunction parent{
        StringField(function, "FunctionName"), StringField(function, "FunctionArn"), {}};
    const auto found = functions.tags.find(parent.arn);
    if (found == functions.tags.end()) continue;
    parent.tags = found->second;
    if (everything || wanted.contains(parent.name) || HoldsClaimOfKind(parent.tags, kind))
      parents.push_back(std::move(parent));
  }
  co_return parents;
}

engine::Task<ParentFunction> ReadParent(aws::AwsClient& client, std::string region,
                                        std::string name_or_arn) {
  aws::RestRequest call = LambdaCall(region, "GetFunctionConfiguration", "GET",
                                     FunctionPath(FunctionNameOf(name_or_arn), "/configuration"));
  auto configuration = co_await CallLambda(client, std::move(call));
  if (!configuration) co_return configuration.error();
  ParentFunction parent{
      StringField(*configuration, "FunctionName"), StringField(*configuration, "FunctionArn"), {}};
  auto tags = co_await FunctionTags(client, region, parent.arn);
  if (!tags) co_return tags.error();
  parent.tags = std::move(*tags);
  co_return parent;
}

engine::Task<void> Claim(aws::AwsClient& client, ParentFunction parent,
                         engine::DesiredResource desired, std::string claim_key,
                         bool child_present) {
  auto claimable = kit::CheckClaimable(parent.tags, desired, claim_key, child_present);
  if (!claimable) co_return claimable.error();
  if (kit::HoldsClaim(parent.tags, claim_key, desired)) co_return Result<void>{};
  engine::TagMap claim = {{claim_key, kit::ClaimValue(desired.ownership_tags)}};
  std::vector<std::string> none;
  co_return co_await RetagFunction(client, desired.region, parent.arn, std::move(claim),
                                   std::move(none));
}

engine::Task<void> DropClaim(aws::AwsClient& client, engine::ObservedResource observed) {
  const kit::ClaimSite site = kit::ClaimSiteOf(observed);
  engine::TagMap none;
  std::vector<std::string> remove = {site.key};
  auto dropped = co_await RetagFunction(client, observed.region, site.parent_id, std::move(none),
                                        std::move(remove));
  if (!dropped && dropped.error().kind != ErrorKind::kNotFound) co_return dropped;
  co_return Result<void>{};
}

std::shared_ptr<engine::Ownership> FunctionClaims(aws::AwsClient& client) {
  return std::make_shared<FunctionClaimOwnership>(client);
}

}  // namespace awsr::reconcilers::lambda
