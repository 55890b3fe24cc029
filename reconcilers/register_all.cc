#include "reconcilers/register_all.h"

#include <memory>

#include "reconcilers/ec2/instance_reconciler.h"
#include "reconcilers/ec2/internet_gateway_reconciler.h"
#include "reconcilers/ec2/key_pair_reconciler.h"
#include "reconcilers/ec2/route_reconciler.h"
#include "reconcilers/ec2/route_table_reconciler.h"
#include "reconcilers/ec2/security_group_reconciler.h"
#include "reconcilers/ec2/subnet_reconciler.h"
#include "reconcilers/ec2/subnet_route_table_association_reconciler.h"
#include "reconcilers/ec2/vpc_gateway_attachment_reconciler.h"
#include "reconcilers/ec2/vpc_reconciler.h"
#include "reconcilers/iam/register_iam.h"

namespace awsr::reconcilers {

void RegisterAll(engine::Registry& registry, aws::AwsClient& client,
                 const ReconcilerOptions& options) {
  registry.Add(std::make_unique<ec2::VpcReconciler>(client));
  registry.Add(std::make_unique<ec2::SecurityGroupReconciler>(client));
  registry.Add(std::make_unique<ec2::SubnetReconciler>(client));
  registry.Add(std::make_unique<ec2::InternetGatewayReconciler>(client));
  registry.Add(std::make_unique<ec2::VpcGatewayAttachmentReconciler>(client));
  registry.Add(std::make_unique<ec2::RouteTableReconciler>(client));
  registry.Add(std::make_unique<ec2::RouteReconciler>(client));
  registry.Add(std::make_unique<ec2::SubnetRouteTableAssociationReconciler>(client));
  registry.Add(std::make_unique<ec2::KeyPairReconciler>(client, options.state_dir));
  registry.Add(std::make_unique<ec2::InstanceReconciler>(client));
  iam::RegisterIam(registry, client, options.state_dir);
}

}  // namespace awsr::reconcilers
