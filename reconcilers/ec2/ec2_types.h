// The EC2 resource types, one file each, and the function that registers them all.
#pragma once

#include <memory>

#include "daemon/engine/registry.h"
#include "reconcilers/ec2/ec2_shared_list.h"
#include "reconcilers/kit/context.h"

namespace awsr::reconcilers::ec2 {

void AddVpc(engine::Registry& registry, const kit::Context& context);
void AddSubnet(engine::Registry& registry, const kit::Context& context);
void AddSecurityGroup(engine::Registry& registry, const kit::Context& context);
void AddInternetGateway(engine::Registry& registry, const kit::Context& context,
                        std::shared_ptr<SharedOwnedList> gateways);
void AddVpcGatewayAttachment(engine::Registry& registry, const kit::Context& context,
                             std::shared_ptr<SharedOwnedList> gateways);
void AddRouteTable(engine::Registry& registry, const kit::Context& context,
                   std::shared_ptr<SharedOwnedList> tables);
void AddRoute(engine::Registry& registry, const kit::Context& context,
              std::shared_ptr<SharedOwnedList> tables);
void AddSubnetRouteTableAssociation(engine::Registry& registry, const kit::Context& context,
                                    std::shared_ptr<SharedOwnedList> tables);
void AddKeyPair(engine::Registry& registry, const kit::Context& context);
void AddInstance(engine::Registry& registry, const kit::Context& context);
void AddSecurityGroupIngress(engine::Registry& registry, const kit::Context& context);
void AddSecurityGroupEgress(engine::Registry& registry, const kit::Context& context);
void AddVpcEndpoint(engine::Registry& registry, const kit::Context& context);

inline void RegisterEc2(engine::Registry& registry, const kit::Context& context) {
  // The network types that observe through one list share one read of it a cycle.
  const NetworkLists lists = MakeNetworkLists(context.client);
  for (auto add : {AddVpc, AddSubnet, AddSecurityGroup}) add(registry, context);
  for (auto add : {AddInternetGateway, AddVpcGatewayAttachment}) {
    add(registry, context, lists.gateways);
  }
  for (auto add : {AddRouteTable, AddRoute, AddSubnetRouteTableAssociation}) {
    add(registry, context, lists.route_tables);
  }
  for (auto add :
       {AddKeyPair, AddInstance, AddSecurityGroupIngress, AddSecurityGroupEgress, AddVpcEndpoint}) {
    add(registry, context);
  }
}

}  // namespace awsr::reconcilers::ec2
