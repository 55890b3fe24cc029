"""Route tables, their routes and their subnet associations."""
from ...errors import AwsError
from .common import (SERVICE, apply_tag_specifications, dependency, describe, forget, idempotent, igw_of, network,
                     new_id, register, route_table_of, subnet_of, vpc_of, with_tags)


RTB_FILTERS = {
    "route-table-id": lambda t: t["RouteTableId"],
    "vpc-id": lambda t: t["VpcId"],
    "association.main": lambda t: [a["Main"] for a in t["Associations"]],
    "association.subnet-id": lambda t: [a.get("SubnetId") for a in t["Associations"] if a.get("SubnetId")],
    "association.route-table-association-id":
        lambda t: [a["RouteTableAssociationId"] for a in t["Associations"]],
    "route.destination-cidr-block": lambda t: [r["DestinationCidrBlock"] for r in t["Routes"]
                                               if "DestinationCidrBlock" in r],
    "route.destination-prefix-list-id": lambda t: [r["DestinationPrefixListId"] for r in t["Routes"]
                                                   if "DestinationPrefixListId" in r],
    "route.gateway-id": lambda t: [r.get("GatewayId") for r in t["Routes"] if r.get("GatewayId")],
    "owner-id": lambda t: t["OwnerId"],
}

ROUTE_TARGETS = ("GatewayId", "NatGatewayId", "InstanceId", "NetworkInterfaceId",
                 "VpcPeeringConnectionId", "TransitGatewayId", "VpcEndpointId", "EgressOnlyInternetGatewayId")


def new_route_table(ctx, vpc, main=False):
    rtb_id = new_id(ctx, "rtb")
    table = {"RouteTableId": rtb_id, "VpcId": vpc["VpcId"], "OwnerId": ctx.account, "PropagatingVgws": [],
             "Routes": [{"DestinationCidrBlock": vpc["CidrBlock"], "GatewayId": "local",
                         "State": "active", "Origin": "CreateRouteTable"}],
             "Associations": []}
    if main:
        table["Associations"].append(_association(ctx, rtb_id, {"Main": True}))
    return register(ctx, rtb_id, "route_tables", table)


def _association(ctx, rtb_id, target):
    return {"RouteTableAssociationId": new_id(ctx, "rtbassoc"), "RouteTableId": rtb_id, "Main": False,
            "AssociationState": {"State": "associated"}, **target}


@SERVICE.op("CreateRouteTable")
def create_route_table(ctx, p):
    vpc = vpc_of(ctx, p["VpcId"])
    return idempotent(ctx, "CreateRouteTable", p, lambda: _create_route_table(ctx, p, vpc))


def _create_route_table(ctx, p, vpc):
    table = new_route_table(ctx, vpc)
    vpc["_route_tables"].add(table["RouteTableId"])
    apply_tag_specifications(ctx.state, p, "route-table", table["RouteTableId"])
    return {"RouteTable": with_tags(ctx, table, "RouteTableId"), "ClientToken": p.get("ClientToken")}


@SERVICE.op("DescribeRouteTables")
def describe_route_tables(ctx, p):
    tables, token = describe(ctx, "route_tables", p, "RouteTableIds", RTB_FILTERS,
                             lambda c, t: with_tags(c, t, "RouteTableId"), "InvalidRouteTableID.NotFound")
    return {"RouteTables": tables, "NextToken": token}


def _route_target(ctx, p):
    targets = {k: p[k] for k in ROUTE_TARGETS if k in p}
    if len(targets) != 1:
        raise AwsError("InvalidParameterCombination", "Exactly one route target must be specified.")
    if "GatewayId" in targets and targets["GatewayId"].startswith("igw-"):
        igw_of(ctx, targets["GatewayId"])
    return targets


def _find_route(table, destination):
    for route in table["Routes"]:
        if route.get("DestinationCidrBlock") == destination:
            return route
    return None


def _destination(p):
    destination = p.get("DestinationCidrBlock") or p.get("DestinationIpv6CidrBlock")
    if not destination:
        raise AwsError("MissingParameter", "The request must contain the parameter destinationCidrBlock")
    return str(network(destination, "destinationCidrBlock"))


@SERVICE.op("CreateRoute")
def create_route(ctx, p):
    table = route_table_of(ctx, p["RouteTableId"])
    destination, target = _destination(p), _route_target(ctx, p)
    if _find_route(table, destination):
        raise AwsError("RouteAlreadyExists", f"The route identified by {destination} already exists.")
    add_route(table, {"DestinationCidrBlock": destination}, target)
    return {"Return": True}


def add_route(table, destination, target):
    """destination: {"DestinationCidrBlock": ...} or {"DestinationPrefixListId": ...}."""
    table["Routes"].append({**destination, "State": "active", "Origin": "CreateRoute", **target})


@SERVICE.op("ReplaceRoute")
def replace_route(ctx, p):
    table = route_table_of(ctx, p["RouteTableId"])
    destination, target = _destination(p), _route_target(ctx, p)
    route = _find_route(table, destination)
    if route is None or route.get("GatewayId") == "local":
        raise AwsError("InvalidRoute.NotFound", f"no route with destination-cidr-block {destination} in "
                       f"route table {p['RouteTableId']}")
    for key in ROUTE_TARGETS:
        route.pop(key, None)
    route.update(target)
    return {}


@SERVICE.op("DeleteRoute")
def delete_route(ctx, p):
    table = route_table_of(ctx, p["RouteTableId"])
    destination = _destination(p)
    route = _find_route(table, destination)
    if route is None:
        raise AwsError("InvalidRoute.NotFound", f"no route with destination-cidr-block {destination} in "
                       f"route table {p['RouteTableId']}")
    table["Routes"].remove(route)
    return {}


@SERVICE.op("AssociateRouteTable")
def associate_route_table(ctx, p):
    table = route_table_of(ctx, p["RouteTableId"])
    if "SubnetId" in p:
        subnet = subnet_of(ctx, p["SubnetId"])
        for other in ctx.state.route_tables.values():
            if any(a.get("SubnetId") == subnet["SubnetId"] for a in other["Associations"]):
                raise AwsError("Resource.AlreadyAssociated", f"the specified association for route table "
                               f"{other['RouteTableId']} conflicts with an existing association")
        target = {"SubnetId": subnet["SubnetId"]}
    elif "GatewayId" in p:
        target = {"GatewayId": p["GatewayId"]}
    else:
        raise AwsError("MissingParameter", "Either subnetId or gatewayId must be specified.")
    association = _association(ctx, table["RouteTableId"], target)
    table["Associations"].append(association)
    return {"AssociationId": association["RouteTableAssociationId"],
            "AssociationState": association["AssociationState"]}


@SERVICE.op("DisassociateRouteTable")
def disassociate_route_table(ctx, p):
    for table in ctx.state.route_tables.values():
        for association in table["Associations"]:
            if association["RouteTableAssociationId"] == p["AssociationId"] and not association["Main"]:
                table["Associations"].remove(association)
                return {}
    raise AwsError("InvalidAssociationID.NotFound", f"The association ID '{p['AssociationId']}' does not exist")


@SERVICE.op("DeleteRouteTable")
def delete_route_table(ctx, p):
    table = route_table_of(ctx, p["RouteTableId"])
    if table["Associations"]:
        raise dependency(p["RouteTableId"], "routeTable")
    ctx.state.vpcs[table["VpcId"]]["_route_tables"].discard(p["RouteTableId"])
    for endpoint in ctx.state.vpc_endpoints.values():  # a gateway endpoint forgets the table
        if p["RouteTableId"] in endpoint["RouteTableIds"]:
            endpoint["RouteTableIds"].remove(p["RouteTableId"])
    forget(ctx.state, "route_tables", p["RouteTableId"])
    return {}

