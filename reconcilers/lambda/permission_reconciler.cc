// AWS::Lambda::Permission: one statement of a function's resource policy (AddPermission). It
// takes no tags: it is owned by the claim "awsreconciled:permission:<statement id>" on its
// function (function_children.h) and managed only on a function this daemon owns. The
// statement id is "<owner>-<logical id>" (AWS's characters only), so two owners never meet.
// Read with GetPolicy for those functions only. Every property is create-only. A statement
// added elsewhere has an id of its own: a file takes it over with AdoptId FUNCTION/STATEMENT-ID
// (its identity key), since a statement id names nothing outside its function.
#include <cctype>

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

constexpr const char* kPermissionKind = "permission";
// AddPermission's members, as CloudFormation names them (Lambda spells them alike).
constexpr const char* kPermissionMembers[] = {
    "Action",         "Principal",        "SourceArn",          "SourceAccount",
    "PrincipalOrgID", "EventSourceToken", "FunctionUrlAuthType"};

std::string StatementIdFor(const engine::DesiredResource& desired) {
  const auto owner = desired.ownership_tags.find(engine::kOwnerTag);
  std::string id =
      (owner == desired.ownership_tags.end() ? "" : owner->second + "-") + desired.logical_id;
  for (auto& c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '-';
  }
  return id.substr(0, 100);
}

std::string PermissionKey(const std::string& function_name, const std::string& statement_id) {
  return function_name + "/" + statement_id;
}

// A statement's condition value under `test` ("ArnLike") and `key` ("AWS:SourceArn").
std::string ConditionValue(const json& statement, const char* test, const char* key) {
  const json condition = statement.value("Condition", json::object());
  if (!condition.is_object() || !condition.contains(test) || !condition[test].is_object())
    return "";
  return StringField(condition[test], key);
}

// The principal as AddPermission took it: a service, an account, an ARN or "*".
std::string PrincipalOf(const json& principal) {
  if (principal.is_string()) return principal.get<std::string>();
  if (!StringField(principal, "Service").empty()) return StringField(principal, "Service");
  const std::string aws = StringField(principal, "AWS");
  // "arn:aws:iam::123456789012:root" is how the account "123456789012" is written.
  if (aws.starts_with("arn:aws:iam::") && aws.ends_with(":root"))
    return aws.substr(13, aws.size() - 13 - 5);
  return aws;
}

engine::ObservedResource PermissionOf(const ParentFunction& parent, const std::string& statement_id,
                                      const json& statement, const std::string& region) {
  engine::ObservedResource observed;
  observed.physical_id = statement_id;
  observed.identity_key = PermissionKey(parent.name, statement_id);
  observed.region = region;
  json properties = json::object();
  if (statement.is_object()) {
    properties = {{"Action", statement.value("Action", json())},
                  {"Principal", PrincipalOf(statement.value("Principal", json()))}};
    const std::pair<const char*, std::pair<const char*, const char*>> conditions[] = {
        {"SourceArn", {"ArnLike", "AWS:SourceArn"}},
        {"SourceAccount", {"StringEquals", "AWS:SourceAccount"}},
        {"PrincipalOrgID", {"StringEquals", "aws:PrincipalOrgID"}},
        {"FunctionUrlAuthType", {"StringEquals", "lambda:FunctionUrlAuthType"}},
        {"EventSourceToken", {"StringEquals", "lambda:EventSourceToken"}}};
    for (const auto& [property, where] : conditions) {
      const std::string value = ConditionValue(statement, where.first, where.second);
      if (!value.empty()) properties[property] = value;
    }
  }
  properties["FunctionName"] = parent.name;  // Compare leaves it to the identity
  observed.properties = properties;
  kit::RememberClaimSite(observed, {parent.arn, kit::ClaimKey(kPermissionKind, statement_id)});
  observed.internal["FunctionName"] = parent.name;
  return observed;
}

class PermissionReconciler final : public engine::Reconciler {
 public:
  PermissionReconciler(aws::AwsClient& client, std::shared_ptr<LambdaSharedReads> shared)
      : Reconciler({.type = "AWS::Lambda::Permission", .service = "lambda"}),
        client_(client),
        shared_(std::move(shared)) {}

  std::string IdentityKey(const engine::DesiredResource& desired) const override {
    return PermissionKey(FunctionNameOf(StringField(desired.properties, "FunctionName")),
                         StatementIdFor(desired));
  }

  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    std::set<std::string> wanted_functions;
    for (const auto& key : scope.identity_keys)
      wanted_functions.insert(key.substr(0, key.find('/')));
    auto parents = co_await ParentsToRead(*shared_, std::string(Type()), scope.region,
                                          kPermissionKind, wanted_functions, scope.everything);
    if (!parents) co_return parents.error();
    std::set<std::string> keys(scope.identity_keys.begin(), scope.identity_keys.end());
    std::vector<engine::ObservedResource> reported;
    for (const auto& parent : *parents) {
      auto statements = co_await Statements(scope.region, parent.name);
      if (!statements) co_return statements.error();
      std::vector<engine::ObservedResource> present;
      for (const auto& statement : *statements) {
        const std::string sid = StringField(statement, "Sid");
        const bool claimed = parent.tags.contains(kit::ClaimKey(kPermissionKind, sid));
        if (scope.everything) keys.insert(PermissionKey(parent.name, sid));  // claimed or not
        if (claimed || keys.contains(PermissionKey(parent.name, sid)))
          present.push_back(PermissionOf(parent, sid, statement, scope.region));
      }
      const auto orphan = [&](const std::string& sid) {
        return PermissionOf(parent, sid, json(), scope.region);
      };
      for (auto& permission :
           kit::ReportChildren(parent.tags, kPermissionKind, std::move(present), orphan, keys))
        reported.push_back(std::move(permission));
    }
    co_return reported;
  }

  // A file's AdoptId, FUNCTION/STATEMENT-ID: that statement, read on its own. A bare statement
  // id (one the engine remembers) names no function: unknown, so nothing is looked up.
  Task<std::optional<engine::ObservedResource>> Lookup(std::string physical_id,
                                                       std::string region) override {
    using Found = std::optional<engine::ObservedResource>;
    const auto slash = physical_id.find('/');
    if (slash == std::string::npos) co_return Found();
    const std::string function = physical_id.substr(0, slash);
    const std::string sid = physical_id.substr(slash + 1);
    auto parent = co_await ReadParent(client_, region, function);
    if (!parent && parent.error().kind == ErrorKind::kNotFound) co_return Found();
    if (!parent) co_return parent.error();
    auto statements = co_await Statements(region, parent->name);
    if (!statements) co_return statements.error();
    for (const auto& statement : *statements) {
      if (StringField(statement, "Sid") != sid) continue;
      engine::ObservedResource observed = PermissionOf(*parent, sid, statement, region);
      observed.tags = kit::ClaimedTags(parent->tags, kit::ClaimKey(kPermissionKind, sid));
      co_return Found(std::move(observed));
    }
    co_return Found();
  }

  // The function is the identity: a name (its Ref) or an ARN names the same one.
  engine::Diff Compare(const engine::DesiredResource& desired,
                       const engine::ObservedResource& observed) const override {
    json wanted = desired.properties;
    wanted.erase("FunctionName");
    return engine::DiffProperties(wanted, observed.properties);
  }

  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    const std::string function = StringField(desired.properties, "FunctionName");
    auto parent = co_await ReadParent(client_, desired.region, function);
    if (!parent) co_return parent.error();
    const std::string sid = StatementIdFor(desired);
    const std::string claim_key = kit::ClaimKey(kPermissionKind, sid);
    auto statements = co_await Statements(desired.region, parent->name);
    if (!statements) co_return statements.error();
    json existing;
    for (const auto& statement : *statements) {
      if (StringField(statement, "Sid") == sid) existing = statement;
    }
    auto claimed = co_await Claim(client_, *parent, desired, claim_key, !existing.is_null());
    if (!claimed) co_return claimed.error();
    if (existing.is_null()) {
      json body = {{"StatementId", sid}};
      for (const char* member : kPermissionMembers) {
        if (desired.properties.contains(member)) body[member] = desired.properties[member];
      }
      aws::RestRequest call = LambdaCall(desired.region, "AddPermission", "POST",
                                         FunctionPath(parent->name, "/policy"), body);
      auto added = co_await CallLambda(client_, std::move(call));
      if (!added) co_return added.error();
      existing = json::parse(StringField(*added, "Statement"), nullptr, false);
    }
    engine::ObservedResource observed = PermissionOf(*parent, sid, existing, desired.region);
    parent->tags[claim_key] = kit::ClaimValue(desired.ownership_tags);
    observed.tags = kit::ClaimedTags(parent->tags, claim_key);
    co_return observed;
  }

  // Claims live in the function's tags: a write drops the cycle's shared reads.
  void BeforeWrite() override { shared_->Invalidate(); }

  Task<void> Delete(engine::ObservedResource observed) override {
    aws::RestRequest call =
        LambdaCall(observed.region, "RemovePermission", "DELETE",
                   FunctionPath(StringField(observed.internal, "FunctionName"),
                                "/policy/" + aws::UriEncode(observed.physical_id)));
    auto removed = co_await CallLambda(client_, std::move(call));
    if (!removed && removed.error().kind != ErrorKind::kNotFound) co_return removed.error();
    co_return co_await DropClaim(client_, std::move(observed));
  }

 private:
  // The statements of the function's resource policy; none when it has no policy.
  Task<std::vector<json>> Statements(std::string region, std::string function) {
    aws::RestRequest call =
        LambdaCall(region, "GetPolicy", "GET", FunctionPath(function, "/policy"));
    auto policy = co_await CallLambda(client_, std::move(call));
    if (!policy && policy.error().kind == ErrorKind::kNotFound) co_return std::vector<json>();
    if (!policy) co_return policy.error();
    const json document = json::parse(StringField(*policy, "Policy"), nullptr, false);
    std::vector<json> statements;
    if (document.is_object() && document.contains("Statement")) {
      const json& listed = document["Statement"];
      if (listed.is_array()) {
        for (const auto& statement : listed) statements.push_back(statement);
      } else if (listed.is_object()) {
        statements.push_back(listed);
      }
    }
    co_return statements;
  }

  aws::AwsClient& client_;
  std::shared_ptr<LambdaSharedReads> shared_;
};

}  // namespace

void AddPermission(engine::Registry& registry, const kit::Context& context,
                   std::shared_ptr<LambdaSharedReads> shared) {
  registry.Add(std::make_unique<PermissionReconciler>(context.client, std::move(shared)),
               FunctionClaims(context.client));
}

}  // namespace awsr::reconcilers::lambda
