// AWS::EC2::InternetGateway. Unnamed: found by the ownership tags alone. Its attachment to a
// VPC is a resource of its own (vpc_gateway_attachment_reconciler.cc).
#include "reconcilers/ec2/ec2_ownership.h"
#include "reconcilers/ec2/ec2_shared_list.h"
#include "reconcilers/ec2/ec2_types.h"

namespace awsr::reconcilers::ec2 {
namespace {

using nlohmann::json;

class InternetGatewayReconciler final : public SharedListTaggedType {
 public:
  InternetGatewayReconciler(aws::AwsClient& client, std::shared_ptr<SharedOwnedList> gateways)
      : SharedListTaggedType(
            {.type = "AWS::EC2::InternetGateway", .service = "ec2"},
            {"DescribeInternetGateways", "internetGatewaySet", 1000, "CreateInternetGateway",
             "internetGateway", "internet-gateway", "DeleteInternetGateway", "InternetGatewayId"},
            client, std::move(gateways)) {}

 protected:
  engine::ObservedResource FromItem(const json& gateway, const std::string& region) const override {
    engine::ObservedResource observed = Tagged(gateway, "internetGatewayId", region);
    observed.attributes = {{"InternetGatewayId", observed.physical_id}};
    return observed;
  }

  json CreateParams(const engine::DesiredResource&) const override { return json::object(); }
};

}  // namespace

void AddInternetGateway(engine::Registry& registry, const kit::Context& context,
                        std::shared_ptr<SharedOwnedList> gateways) {
  registry.Add(std::make_unique<InternetGatewayReconciler>(context.client, std::move(gateways)),
               ResourceTags(context.client));
}

}  // namespace awsr::reconcilers::ec2
