#include "reconcilers/ec2/vpc_gateway_attachment_reconciler.h"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's coroutine frames (GCC bug 109224).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include <set>

#include "daemon/aws/xml_to_json.h"
#include "reconcilers/ec2/ec2_calls.h"
#include "reconcilers/ec2/ec2_claims.h"
#include "reconcilers/ec2/ec2_tags.h"

namespace awsr::reconcilers::ec2 {
namespace {

using boost::asio::awaitable;
using nlohmann::json;

constexpr std::string_view kClaimKind = "attachment";

std::string AttachmentId(const std::string& gateway_id, const std::string& vpc_id) {
  return gateway_id + "|" + vpc_id;
}

// `gateway_id` attached to `vpc_id`, in AWS's attachment state ("" for an orphan claim).
engine::ObservedResource Attachment(const std::string& gateway_id, const std::string& vpc_id,
                                    const std::string& state, const std::string& region) {
  engine::ObservedResource observed;
  observed.physical_id = AttachmentId(gateway_id, vpc_id);
  observed.identity_key = observed.physical_id;
  observed.properties = {{"InternetGatewayId", gateway_id}, {"VpcId", vpc_id}};
  observed.aws_state = state;
  observed.ready = state != "attaching";
  RememberRegion(observed, region);
  RememberClaimSite(observed, {gateway_id, ClaimKey(kClaimKind, vpc_id)});
  return observed;
}

// Every attachment of one owned gateway that ObserveAll reports.
std::vector<engine::ObservedResource> AttachmentsOf(const json& gateway, const std::string& region,
                                                    const std::set<std::string>& identity_keys) {
  const std::string gateway_id = StringField(gateway, "internetGatewayId");
  std::vector<engine::ObservedResource> present;
  for (const auto& attachment : aws::AsList(gateway.value("attachmentSet", json()))) {
    present.push_back(Attachment(gateway_id, StringField(attachment, "vpcId"),
                                 StringField(attachment, "state"), region));
  }
  const auto orphan = [&](const std::string& vpc_id) {
    return Attachment(gateway_id, vpc_id, "", region);
  };
  return ReportChildren(ReadTagSet(gateway.value("tagSet", json())), kClaimKind, std::move(present),
                        orphan, identity_keys);
}

bool IsAttachedTo(const json& gateway, const std::string& vpc_id) {
  for (const auto& attachment : aws::AsList(gateway.value("attachmentSet", json()))) {
    if (StringField(attachment, "vpcId") == vpc_id) return true;
  }
  return false;
}

// The calls are built outside the coroutines: GCC 12 cannot keep a braced list alive across a
// co_await in the same expression.
aws::CallRequest AttachCall(const engine::DesiredResource& desired) {
  return Ec2Call(desired.region, "AttachInternetGateway",
                 {{"InternetGatewayId", StringField(desired.properties, "InternetGatewayId")},
                  {"VpcId", StringField(desired.properties, "VpcId")}});
}

aws::CallRequest DetachCall(const engine::ObservedResource& attachment) {
  return Ec2Call(RegionOf(attachment), "DetachInternetGateway",
                 {{"InternetGatewayId", StringField(attachment.properties, "InternetGatewayId")},
                  {"VpcId", StringField(attachment.properties, "VpcId")}});
}

}  // namespace

std::string VpcGatewayAttachmentReconciler::IdentityKey(
    const engine::DesiredResource& desired) const {
  return AttachmentId(StringField(desired.properties, "InternetGatewayId"),
                      StringField(desired.properties, "VpcId"));
}

// One paginated DescribeInternetGateways with the owner tag filter: attachments are only
// managed for gateways this daemon owns.
awaitable<Result<std::vector<engine::ObservedResource>>> VpcGatewayAttachmentReconciler::ObserveAll(
    engine::ObserveScope scope) {
  auto gateways = co_await DescribeOwned(client_, scope.region, scope.owner,
                                         "DescribeInternetGateways", "internetGatewaySet", 1000);
  if (!gateways) co_return gateways.error();
  const std::set<std::string> identity_keys(scope.identity_keys.begin(), scope.identity_keys.end());
  std::vector<engine::ObservedResource> observed;
  for (const auto& gateway : *gateways) {
    for (auto& attachment : AttachmentsOf(gateway, scope.region, identity_keys)) {
      observed.push_back(std::move(attachment));
    }
  }
  co_return observed;
}

engine::Diff VpcGatewayAttachmentReconciler::Compare(
    const engine::DesiredResource& desired, const engine::ObservedResource& observed) const {
  return engine::DiffProperties(desired.properties, observed.properties);
}

// Claim first, then attach (see RouteReconciler::Create).
awaitable<Result<engine::ObservedResource>> VpcGatewayAttachmentReconciler::Create(
    engine::DesiredResource desired) {
  const std::string gateway_id = StringField(desired.properties, "InternetGatewayId");
  const std::string vpc_id = StringField(desired.properties, "VpcId");
  auto gateway = co_await DescribeOne(
      client_,
      DescribeByIdCall(desired.region, "DescribeInternetGateways", "InternetGatewayId", gateway_id),
      "internetGatewaySet");
  if (!gateway) co_return gateway.error();
  engine::ObservedResource attachment = Attachment(gateway_id, vpc_id, "available", desired.region);
  const ClaimSite site = ClaimSiteOf(attachment);
  const TagMap parent_tags = ReadTagSet(gateway->value("tagSet", json()));
  auto exists = CheckClaimable(parent_tags, desired, site.key, IsAttachedTo(*gateway, vpc_id));
  if (!exists) co_return exists.error();
  if (!*exists) {
    if (!HoldsClaim(parent_tags, site.key, desired)) {
      auto claimed = co_await WriteClaim(client_, desired, site);
      if (!claimed) co_return claimed.error();
    }
    auto attached = co_await client_.Call(AttachCall(desired));
    if (!attached) co_return attached.error();
  }
  attachment.tags = desired.ownership_tags;
  co_return attachment;
}

// Another gateway or VPC: detach the old pair, attach the new one.
awaitable<Result<void>> VpcGatewayAttachmentReconciler::Update(engine::DesiredResource desired,
                                                               engine::ObservedResource observed,
                                                               engine::Diff diff) {
  (void)diff;
  auto detached = co_await Delete(std::move(observed));
  if (!detached) co_return detached;
  auto attached = co_await Create(std::move(desired));
  if (!attached) co_return attached.error();
  co_return Result<void>{};
}

// Detach, then drop the claim. Not attached any more (or an orphan claim) is fine. While the
// VPC still has public addresses mapped AWS answers DependencyViolation (kConflict), and the
// engine retries.
awaitable<Result<void>> VpcGatewayAttachmentReconciler::Delete(engine::ObservedResource observed) {
  auto detached = co_await client_.Call(DetachCall(observed));
  if (!detached && detached.error().kind != ErrorKind::kNotFound &&
      detached.error().aws_code != "Gateway.NotAttached") {
    co_return detached.error();
  }
  co_return co_await DropClaim(client_, std::move(observed));
}

awaitable<Result<void>> VpcGatewayAttachmentReconciler::RetagOwnership(
    engine::ObservedResource observed, std::map<std::string, std::string> add,
    std::vector<std::string> remove) {
  co_return co_await RetagClaim(client_, std::move(observed), std::move(add), std::move(remove));
}

}  // namespace awsr::reconcilers::ec2
