// AWS::EC2::VPCGatewayAttachment: an internet gateway attached to a VPC. AWS gives the
// attachment no ID or tags: it is "<gateway-id>|<vpc-id>" (Ref and identity key), seen in
// DescribeInternetGateways' attachments of our gateways, and ours when the gateway is ours and
// claims it (ec2_claimed_child.h). Both properties are mutable: a change detaches and attaches
// again. Only internet gateways (InternetGatewayId) are supported, not VpnGatewayId.
#include "daemon/aws/xml_to_json.h"
#include "reconcilers/ec2/ec2_calls.h"
#include "reconcilers/ec2/ec2_claimed_child.h"
#include "reconcilers/ec2/ec2_ownership.h"
#include "reconcilers/ec2/ec2_types.h"

namespace awsr::reconcilers::ec2 {
namespace {

using nlohmann::json;

// operation: "AttachInternetGateway" or "DetachInternetGateway".
aws::CallRequest GatewayCall(const char* operation, const std::string& region,
                             const json& properties) {
  return Ec2Call(region, operation,
                 {{"InternetGatewayId", StringField(properties, "InternetGatewayId")},
                  {"VpcId", StringField(properties, "VpcId")}});
}

class VpcGatewayAttachmentReconciler final : public ClaimedChild {
 public:
  VpcGatewayAttachmentReconciler(aws::AwsClient& client, std::shared_ptr<SharedOwnedList> gateways)
      : ClaimedChild({.type = "AWS::EC2::VPCGatewayAttachment", .service = "ec2"},
                     {"attachment", "DescribeInternetGateways", "internetGatewaySet", 1000,
                      "InternetGatewayId", "internetGatewayId", "VpcId"},
                     client, std::move(gateways)) {}

  // Another gateway or VPC: detach the old pair, attach the new one.
  Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                    engine::Diff) override {
    auto detached = co_await Delete(std::move(observed));
    if (!detached) co_return detached;
    auto attached = co_await Create(std::move(desired));
    if (!attached) co_return attached.error();
    co_return Result<void>{};
  }

 protected:
  std::vector<engine::ObservedResource> Listed(const json& gateway,
                                               const std::string& region) const override {
    std::vector<engine::ObservedResource> attachments;
    for (const auto& attachment : aws::AsList(gateway.value("attachmentSet", json()))) {
      attachments.push_back(Child(StringField(gateway, "internetGatewayId"),
                                  StringField(attachment, "vpcId"), region));
      attachments.back().aws_state = StringField(attachment, "state");
      attachments.back().ready = attachments.back().aws_state != "attaching";
    }
    return attachments;
  }

  Task<engine::ObservedResource> CreateChild(engine::DesiredResource desired) override {
    auto attached = co_await kit::CallForEffect(
        client(), GatewayCall("AttachInternetGateway", desired.region, desired.properties));
    if (!attached) co_return attached.error();
    engine::ObservedResource attachment =
        Child(StringField(desired.properties, "InternetGatewayId"),
              StringField(desired.properties, "VpcId"), desired.region);
    attachment.aws_state = "available";
    co_return attachment;
  }

  // Not attached any more (or an orphan claim) is fine. While the VPC still has public
  // addresses mapped AWS answers DependencyViolation (kConflict), and the engine retries.
  Task<void> DeleteChild(engine::ObservedResource attachment) override {
    auto detached = co_await client().Call(
        GatewayCall("DetachInternetGateway", attachment.region, attachment.properties));
    if (!detached && detached.error().kind != ErrorKind::kNotFound &&
        detached.error().aws_code != "Gateway.NotAttached") {
      co_return detached.error();
    }
    co_return Result<void>{};
  }
};

}  // namespace

void AddVpcGatewayAttachment(engine::Registry& registry, const kit::Context& context,
                             std::shared_ptr<SharedOwnedList> gateways) {
  registry.Add(
      std::make_unique<VpcGatewayAttachmentReconciler>(context.client, std::move(gateways)),
      ParentClaim(context.client));
}

}  // namespace awsr::reconcilers::ec2
