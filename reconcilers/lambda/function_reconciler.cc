// AWS::Lambda::Function. Named (FunctionName, up to 64 characters); Ref is the name, Arn its
// ARN. Observed through the cycle's shared ListFunctions (function_shared_reads.h); ListFunctions
// carries no tags, so they are a detail the engine reads within its budget (ListTags, one call
// per function: engine/detail_reads.h), and only the functions a file names or the engine
// remembers are looked at.
//
// Lambda refuses a change while a function is Pending (just created) or its last update is
// InProgress, with a ResourceConflictException: the function then shows ready=false with
// "pending" or "updating", and the engine sends nothing until it is ready. ListFunctions does
// not show those states (only GetFunctionConfiguration does), so a function this daemon has
// just created or changed is read on its own each cycle until Lambda is done with it. For the
// same reason one pass makes one change: new code (UpdateFunctionCode) first, and the next
// pass, once that update is done, the configuration (UpdateFunctionConfiguration). A change
// made outside that is still in progress may meet a refusal: a conflict, retried.
#include <set>

#include "daemon/aws/json_result.h"
#include "daemon/base/json_fields.h"
#include "reconcilers/kit/detail_tags.h"
#include "reconcilers/kit/ownership_tags.h"
#include "reconcilers/kit/role_propagation.h"
#include "reconcilers/lambda/function_code.h"
#include "reconcilers/lambda/function_description.h"
#include "reconcilers/lambda/function_shared_reads.h"
#include "reconcilers/lambda/lambda_calls.h"
#include "reconcilers/lambda/lambda_types.h"

namespace awsr::reconcilers::lambda {
namespace {

using engine::Task;
using nlohmann::json;

// The function without its tags, which are a detail.
engine::ObservedResource FunctionFromConfiguration(const json& configuration,
                                                   const std::string& region) {
  engine::ObservedResource observed;
  observed.physical_id = StringField(configuration, "FunctionName");
  observed.identity_key = observed.physical_id;
  observed.region = region;
  observed.properties = FunctionProperties(configuration);
  const std::string arn = StringField(configuration, "FunctionArn");
  observed.attributes = {{"Arn", arn}};
  observed.internal = {{"FunctionArn", arn},
                       {"CodeSha256", StringField(configuration, "CodeSha256")},
                       {"RevisionId", StringField(configuration, "RevisionId")}};
  observed.aws_state = Busy(configuration);
  observed.ready = observed.aws_state.empty();
  return observed;
}

// A role IAM created moments ago is refused by Lambda until it has propagated: that is retried
// as transient, not reported as an invalid spec.
Error RetoldRoleRefusal(Error error, const json& properties) {
  if (!kit::IsRolePropagationRefusal(error)) return error;
  return kit::RolePropagating(std::move(error), StringField(properties, "Role"));
}

class FunctionReconciler final : public engine::Reconciler {
 public:
  FunctionReconciler(aws::AwsClient& client, std::string desired_dir,
                     std::shared_ptr<LambdaSharedReads> shared)
      : Reconciler({.type = "AWS::Lambda::Function",
                    .service = "lambda",
                    .name_property = "FunctionName",
                    .max_name_length = 64}),
        client_(client),
        desired_dir_(std::move(desired_dir)),
        shared_(std::move(shared)) {}

  std::vector<std::string_view> DetailProperties() const override { return {"Tags"}; }

  Task<json> ReadDetail(engine::ObservedResource observed, std::string property) override {
    (void)property;  // only Tags
    const std::string arn = StringField(observed.internal, "FunctionArn");
    auto tags = co_await FunctionTags(client_, observed.region, arn);
    if (!tags) co_return aws::JsonError(tags.error());
    // The same tags hold the claims of its URL and permissions: read once for both.
    shared_->RememberTags(arn, StringField(observed.internal, "RevisionId"), *tags);
    co_return aws::JsonValue(engine::TagList(*tags));
  }

  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    auto functions = co_await shared_->Functions(std::string(Type()), scope.region);
    if (!functions) co_return functions.error();
    std::vector<engine::ObservedResource> observed;
    for (const auto& listed : **functions) {
      auto function = co_await WithLifecycle(scope.region, listed);
      if (!function) co_return function.error();
      observed.push_back(FunctionFromConfiguration(*function, scope.region));
    }
    co_return kit::NamedOrRemembered(std::move(observed), scope);
  }

  // The URL and permission types observe through the same function list.
  void BeforeWrite() override { shared_->Invalidate(); }

  engine::Diff Compare(const engine::DesiredResource& desired,
                       const engine::ObservedResource& observed) const override {
    engine::Diff diff = CompareConfiguration(desired.properties, observed.properties);
    if (!desired.properties.contains("Code")) return diff;
    // The zip is read here, so a new zip under the same path is a change.
    auto code = ReadCode(desired.properties["Code"], desired_dir_);
    const std::string deployed = StringField(observed.internal, "CodeSha256");
    if (!code) {
      diff.changes.push_back({"/Code", code.error().message, deployed, false});
    } else if (!CodeMatches(*code, deployed, observed.Tag(kCodeSourceTag))) {
      const std::string wanted = code->sha256.empty() ? code->stamp : "sha256 " + code->sha256;
      const std::string seen =
          code->sha256.empty() ? observed.Tag(kCodeSourceTag) : "sha256 " + deployed;
      diff.changes.push_back({"/Code", wanted, seen, false});
    }
    return diff;
  }

  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    auto code = ReadCode(desired.properties.value("Code", json()), desired_dir_);
    if (!code) co_return code.error();
    auto params = ConfigurationParams(desired.properties);
    if (!params) co_return params.error();
    engine::TagMap tags = kit::CreationTags(desired);
    if (!code->stamp.empty()) tags[std::string(kCodeSourceTag)] = code->stamp;
    (*params)["FunctionName"] = desired.name;
    (*params)["Code"] = code->params;
    (*params)["Tags"] = tags;
    for (const char* member : {"PackageType", "Architectures"}) {
      if (desired.properties.contains(member)) (*params)[member] = desired.properties[member];
    }
    aws::RestRequest call =
        LambdaCall(desired.region, "CreateFunction", "POST", "/2015-03-31/functions", *params);
    auto created = co_await CallLambda(client_, std::move(call));
    if (!created) co_return RetoldRoleRefusal(created.error(), desired.properties);
    settling_.insert(desired.name);
    engine::ObservedResource observed = FunctionFromConfiguration(*created, desired.region);
    observed.tags = std::move(tags);
    observed.properties.Set("Tags", kit::UserTags(observed.tags));
    co_return observed;
  }

  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff diff) override {
    if (diff.Touches("/PackageType"))
      co_return MakeError(ErrorKind::kInvalidSpec,
                          "AWS::Lambda::Function PackageType cannot change in place");
    settling_.insert(observed.physical_id);
    if (diff.Touches("/Code") || diff.Touches("/Architectures"))
      co_return co_await UpdateCode(std::move(desired), std::move(observed),
                                    diff.Touches("/Architectures"));
    auto params = ConfigurationParams(desired.properties);
    if (!params) co_return params.error();
    aws::RestRequest call =
        LambdaCall(desired.region, "UpdateFunctionConfiguration", "PUT",
                   FunctionPath(observed.physical_id, "/configuration"), *params);
    auto updated = co_await CallLambda(client_, std::move(call));
    if (!updated) co_return RetoldRoleRefusal(updated.error(), desired.properties);
    co_return Result<void>{};
  }

  Task<void> Delete(engine::ObservedResource observed) override {
    aws::RestRequest call =
        LambdaCall(observed.region, "DeleteFunction", "DELETE", FunctionPath(observed.physical_id));
    auto deleted = co_await CallLambda(client_, std::move(call));
    if (!deleted && deleted.error().kind != ErrorKind::kNotFound) co_return deleted.error();
    co_return Result<void>{};
  }

 private:
  // The function as listed, or, while it may still be settling after a change of ours, as
  // GetFunctionConfiguration shows it (with State and LastUpdateStatus).
  Task<json> WithLifecycle(std::string region, json listed) {
    const std::string name = StringField(listed, "FunctionName");
    if (!settling_.contains(name)) co_return aws::JsonValue(std::move(listed));
    aws::RestRequest call =
        LambdaCall(region, "GetFunctionConfiguration", "GET", FunctionPath(name, "/configuration"));
    auto read = co_await CallLambda(client_, std::move(call));
    if (!read && read.error().kind == ErrorKind::kNotFound)
      co_return aws::JsonValue(std::move(listed));
    if (!read) co_return read;
    if (Busy(*read).empty()) settling_.erase(name);
    co_return read;
  }

  // The image a function runs: GetFunction's Code.ImageUri (the list does not show it).
  Task<std::string> DeployedImage(std::string region, std::string name) {
    aws::RestRequest call = LambdaCall(region, "GetFunction", "GET", FunctionPath(name));
    auto function = co_await CallLambda(client_, std::move(call));
    if (!function) co_return function.error();
    co_return StringField(function->value("Code", json::object()), "ImageUri");
  }

  // New code (and architectures, which travel with it); an S3 or image source is then recorded.
  Task<void> UpdateCode(engine::DesiredResource desired, engine::ObservedResource observed,
                        bool new_architectures) {
    auto code = ReadCode(desired.properties.value("Code", json()), desired_dir_);
    if (!code) co_return code.error();
    // An adopted image function has no record of its image yet, but AWS has: the image it
    // already runs is recorded, not deployed again.
    if (!new_architectures && code->params.contains("ImageUri") &&
        observed.Tag(kCodeSourceTag).empty()) {
      auto deployed = co_await DeployedImage(desired.region, observed.physical_id);
      if (!deployed) co_return deployed.error();
      if (*deployed == StringField(code->params, "ImageUri")) {
        engine::TagMap stamp = {{std::string(kCodeSourceTag), code->stamp}};
        std::vector<std::string> none;
        co_return co_await RetagFunction(client_, desired.region,
                                         StringField(observed.internal, "FunctionArn"),
                                         std::move(stamp), std::move(none));
      }
    }
    json params = code->params;
    if (desired.properties.contains("Architectures"))
      params["Architectures"] = desired.properties["Architectures"];
    aws::RestRequest call = LambdaCall(desired.region, "UpdateFunctionCode", "PUT",
                                       FunctionPath(observed.physical_id, "/code"), params);
    auto updated = co_await CallLambda(client_, std::move(call));
    if (!updated) co_return updated.error();
    if (code->stamp.empty() || observed.Tag(kCodeSourceTag) == code->stamp)
      co_return Result<void>{};
    engine::TagMap stamp = {{std::string(kCodeSourceTag), code->stamp}};
    std::vector<std::string> none;
    co_return co_await RetagFunction(client_, desired.region,
                                     StringField(observed.internal, "FunctionArn"),
                                     std::move(stamp), std::move(none));
  }

  aws::AwsClient& client_;
  std::string desired_dir_;
  std::shared_ptr<LambdaSharedReads> shared_;
  std::set<std::string> settling_;  // functions we created or changed, until Lambda is done
};

}  // namespace

void AddFunction(engine::Registry& registry, const kit::Context& context,
                 std::shared_ptr<LambdaSharedReads> shared) {
  registry.Add(
      std::make_unique<FunctionReconciler>(context.client, context.desired_dir, std::move(shared)),
      LambdaFunctionTags(context.client));
}

}  // namespace awsr::reconcilers::lambda
