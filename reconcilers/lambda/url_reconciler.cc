// AWS::Lambda::Url: a function's URL (one per function and qualifier). Ref and FunctionArn are
// the function's ARN (with the qualifier), FunctionUrl the URL. A URL takes no tags: it is
// owned by the claim "awsreconciled:url:<qualifier>" on its function (function_children.h),
// written before the URL is created and dropped after it is deleted, and is managed only on a
// function this daemon owns. Read with GetFunctionUrlConfig for those functions only.
// AuthType, Cors and InvokeMode change in place; the function and qualifier are create-only.
#include "daemon/aws/uri_encoding.h"
#include "daemon/base/json_fields.h"
#include "reconcilers/kit/parent_claims.h"
#include "reconcilers/lambda/function_children.h"
#include "reconcilers/lambda/lambda_calls.h"
#include "reconcilers/lambda/lambda_types.h"

namespace awsr::reconcilers::lambda {
namespace {

using engine::Task;
using nlohmann::json;

constexpr const char* kUrlKind = "url";
constexpr const char* kUrlMembers[] = {"AuthType", "Cors", "InvokeMode"};

std::string UrlKey(const std::string& function_name, const std::string& qualifier) {
  return qualifier.empty() ? function_name : function_name + ":" + qualifier;
}

// A URL (or a claim without one) as the engine sees it; `config` is null for a bare claim.
engine::ObservedResource UrlOf(const ParentFunction& parent, const std::string& qualifier,
                               const json& config, const std::string& region) {
  engine::ObservedResource observed;
  observed.physical_id = qualifier.empty() ? parent.arn : parent.arn + ":" + qualifier;
  observed.identity_key = UrlKey(parent.name, qualifier);
  observed.region = region;
  json properties = {{"TargetFunctionArn", parent.arn}};
  if (!qualifier.empty()) properties["Qualifier"] = qualifier;
  for (const char* member : kUrlMembers) {
    if (config.is_object() && config.contains(member) && !config[member].is_null())
      properties[member] = config[member];
  }
  observed.properties = properties;
  observed.attributes = {{"FunctionArn", observed.physical_id},
                         {"FunctionUrl", StringField(config, "FunctionUrl")}};
  kit::RememberClaimSite(observed, {parent.arn, kit::ClaimKey(kUrlKind, qualifier)});
  observed.internal["FunctionName"] = parent.name;
  observed.internal["Qualifier"] = qualifier;
  return observed;
}

aws::RestRequest UrlCall(const std::string& region, std::string operation, std::string method,
                         const std::string& function, const std::string& qualifier,
                         const json& body = nullptr) {
  aws::RestRequest call =
      LambdaCall(region, std::move(operation), std::move(method),
                 "/2021-10-31/functions/" + aws::UriEncode(function) + "/url", body);
  if (!qualifier.empty()) call.query.push_back({"Qualifier", qualifier});
  return call;
}

class UrlReconciler final : public engine::Reconciler {
 public:
  UrlReconciler(aws::AwsClient& client, std::shared_ptr<LambdaSharedReads> shared)
      : Reconciler({.type = "AWS::Lambda::Url", .service = "lambda"}),
        client_(client),
        shared_(std::move(shared)) {}

  std::string IdentityKey(const engine::DesiredResource& desired) const override {
    return UrlKey(FunctionNameOf(StringField(desired.properties, "TargetFunctionArn")),
                  StringField(desired.properties, "Qualifier"));
  }

  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    std::set<std::string> wanted_functions;
    for (const auto& key : scope.identity_keys)
      wanted_functions.insert(key.substr(0, key.find(':')));
    auto parents = co_await ParentsToRead(*shared_, std::string(Type()), scope.region, kUrlKind,
                                          wanted_functions, scope.everything);
    if (!parents) co_return parents.error();
    std::set<std::string> keys(scope.identity_keys.begin(), scope.identity_keys.end());
    std::vector<engine::ObservedResource> reported;
    for (const auto& parent : *parents) {
      // The qualifiers to look at: those claimed, and those a file asks for.
      std::set<std::string> qualifiers;
      const std::string prefix = kit::ClaimKey(kUrlKind, "");
      for (const auto& [key, value] : parent.tags) {
        if (key.str().starts_with(prefix)) qualifiers.insert(key.str().substr(prefix.size()));
      }
      if (scope.everything) qualifiers.insert("");  // an export: the function's own URL
      for (const auto& key : keys) {
        if (key == parent.name) qualifiers.insert("");
        if (key.starts_with(parent.name + ":"))
          qualifiers.insert(key.substr(parent.name.size() + 1));
      }
      std::vector<engine::ObservedResource> present;
      for (const auto& qualifier : qualifiers) {
        aws::RestRequest call =
            UrlCall(scope.region, "GetFunctionUrlConfig", "GET", parent.name, qualifier);
        auto config = co_await CallLambda(client_, std::move(call));
        if (!config && config.error().kind == ErrorKind::kNotFound) continue;
        if (!config) co_return config.error();
        present.push_back(UrlOf(parent, qualifier, *config, scope.region));
        if (scope.everything) keys.insert(present.back().identity_key);  // claimed or not
      }
      const auto orphan = [&](const std::string& qualifier) {
        return UrlOf(parent, qualifier, json(), scope.region);
      };
      for (auto& url : kit::ReportChildren(parent.tags, kUrlKind, std::move(present), orphan, keys))
        reported.push_back(std::move(url));
    }
    co_return reported;
  }

  // The file may name the function by name (its Ref) or ARN; either is the same function.
  engine::Diff Compare(const engine::DesiredResource& desired,
                       const engine::ObservedResource& observed) const override {
    json wanted = desired.properties;
    if (FunctionNameOf(StringField(wanted, "TargetFunctionArn")) ==
        StringField(observed.internal, "FunctionName"))
      wanted["TargetFunctionArn"] = observed.properties["TargetFunctionArn"];
    return engine::DiffProperties(wanted, observed.properties);
  }

  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    const std::string qualifier = StringField(desired.properties, "Qualifier");
    const std::string function = StringField(desired.properties, "TargetFunctionArn");
    auto parent = co_await ReadParent(client_, desired.region, function);
    if (!parent) co_return parent.error();
    const std::string claim_key = kit::ClaimKey(kUrlKind, qualifier);
    aws::RestRequest get =
        UrlCall(desired.region, "GetFunctionUrlConfig", "GET", parent->name, qualifier);
    auto existing = co_await CallLambda(client_, std::move(get));
    if (!existing && existing.error().kind != ErrorKind::kNotFound) co_return existing.error();
    auto claimed = co_await Claim(client_, *parent, desired, claim_key, bool(existing));
    if (!claimed) co_return claimed.error();
    json config = existing ? *existing : json();
    if (!existing) {
      json body = json::object();
      for (const char* member : kUrlMembers) {
        if (desired.properties.contains(member)) body[member] = desired.properties[member];
      }
      aws::RestRequest call =
          UrlCall(desired.region, "CreateFunctionUrlConfig", "POST", parent->name, qualifier, body);
      auto created = co_await CallLambda(client_, std::move(call));
      if (!created) co_return created.error();
      config = std::move(*created);
    }
    engine::ObservedResource observed = UrlOf(*parent, qualifier, config, desired.region);
    parent->tags[claim_key] = kit::ClaimValue(desired.ownership_tags);
    observed.tags = kit::ClaimedTags(parent->tags, claim_key);
    co_return observed;
  }

  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff) override {
    json body = json::object();
    for (const char* member : kUrlMembers) {
      if (desired.properties.contains(member)) body[member] = desired.properties[member];
    }
    aws::RestRequest call = UrlCall(desired.region, "UpdateFunctionUrlConfig", "PUT",
                                    StringField(observed.internal, "FunctionName"),
                                    StringField(observed.internal, "Qualifier"), body);
    auto updated = co_await CallLambda(client_, std::move(call));
    if (!updated) co_return updated.error();
    co_return Result<void>{};
  }

  // Claims live in the function's tags: a write drops the cycle's shared reads.
  void BeforeWrite() override { shared_->Invalidate(); }

  Task<void> Delete(engine::ObservedResource observed) override {
    aws::RestRequest call = UrlCall(observed.region, "DeleteFunctionUrlConfig", "DELETE",
                                    StringField(observed.internal, "FunctionName"),
                                    StringField(observed.internal, "Qualifier"));
    auto deleted = co_await CallLambda(client_, std::move(call));
    if (!deleted && deleted.error().kind != ErrorKind::kNotFound) co_return deleted.error();
    co_return co_await DropClaim(client_, std::move(observed));
  }

 private:
  aws::AwsClient& client_;
  std::shared_ptr<LambdaSharedReads> shared_;
};

}  // namespace

void AddUrl(engine::Registry& registry, const kit::Context& context,
            std::shared_ptr<LambdaSharedReads> shared) {
  registry.Add(std::make_unique<UrlReconciler>(context.client, std::move(shared)),
               FunctionClaims(context.client));
}

}  // namespace awsr::reconcilers::lambda
