// The EC2 resource types, one file each, and the function that registers them all.
#pragma once

#include "daemon/engine/registry.h"
#include "reconcilers/kit/context.h"

namespace awsr::reconcilers::ec2 {

void AddVpc(engine::Registry& registry, const kit::Context& context);
void AddSubnet(engine::Registry& registry, const kit::Context& context);
void AddSecurityGroup(engine::Registry& registry, const kit::Context& context);
void AddInternetGateway(engine::Registry& registry, const kit::Context& context);
void AddVpcGatewayAttachment(engine::Registry& registry, const kit::Context& context);
void AddRouteTable(engine::Registry& registry, const kit::Context& context);
void AddRoute(engine::Registry& registry, const kit::Context& context);
void AddSubnetRouteTableAssociation(engine::Registry& registry, const kit::Context& context);
void AddKeyPair(engine::Registry& registry, const kit::Context& context);
void AddInstance(engine::Registry& registry, const kit::Context& context);
void AddSecurityGroupIngress(engine::Registry& registry, const kit::Context& context);
void AddSecurityGroupEgress(engine::Registry& registry, const kit::Context& context);
void AddVpcEndpoint(engine::Registry& registry, const kit::Context& context);

inline void RegisterEc2(engine::Registry& registry, const kit::Context& context) {
  for (auto add : {AddVpc, AddSubnet, AddSecurityGroup, AddInternetGateway, AddVpcGatewayAttachment,
                   AddRouteTable, AddRoute, AddSubnetRouteTableAssociation, AddKeyPair, AddInstance,
                   AddSecurityGroupIngress, AddSecurityGroupEgress, AddVpcEndpoint}) {
    add(registry, context);
  }
}

}  // namespace awsr::reconcilers::ec2
