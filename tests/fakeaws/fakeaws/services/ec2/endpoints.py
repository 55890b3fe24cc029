"""VPC endpoints. A gateway endpoint (s3, dynamodb) is available at once and puts a route to
its service's prefix list in each of its route tables; an interface endpoint gets a network
interface in each of its subnets (one per zone), its security groups and DNS names, and is
pending for vpc_endpoint_pending_seconds. Deleting a gateway endpoint removes it and its routes
at once; an interface endpoint is deleting for vpc_endpoint_deleting_seconds.
"""
import json

from ...errors import AwsError
from . import endpoint_services, route_tables
from .common import (SERVICE, apply_tag_specifications, describe, find, forget, idempotent, new_id, register,
                     route_table_of, subnet_of, vpc_of, with_tags)
from .security_groups import group_of

DEFAULT_POLICY = json.dumps({"Version": "2008-10-17", "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]})
SETTLES = {"pending": ("available", "vpc_endpoint_pending_seconds"),
           "deleting": (None, "vpc_endpoint_deleting_seconds")}
FILTERS = {
    "service-name": lambda e: e["ServiceName"],
    "vpc-id": lambda e: e["VpcId"],
    "vpc-endpoint-id": lambda e: e["VpcEndpointId"],
    "vpc-endpoint-state": lambda e: e["State"],
    "vpc-endpoint-type": lambda e: e["VpcEndpointType"],
    "ip-address-type": lambda e: e["IpAddressType"],
}


def settle(ctx):
    """Move endpoints whose pending or deleting state has lasted its configured time."""
    for endpoint_id, endpoint in list(ctx.state.vpc_endpoints.items()):
        step = SETTLES.get(endpoint["State"])
        if step and ctx.now >= endpoint["_since"] + ctx.world.timings[step[1]]:
            if step[0] is None:
                forget(ctx.state, "vpc_endpoints", endpoint_id)
            else:
                endpoint["State"] = step[0]


def _policy(document):
    try:
        json.loads(document)
    except ValueError:
        raise AwsError("InvalidPolicyDocument", "The policy document is not a valid JSON document.")
    return document


@SERVICE.op("CreateVpcEndpoint")
def create_vpc_endpoint(ctx, p):
    settle(ctx)
    return idempotent(ctx, "CreateVpcEndpoint", p, lambda: _create(ctx, p))


def _create(ctx, p):
    kind = p.get("VpcEndpointType", "Gateway")
    vpc = vpc_of(ctx, p["VpcId"])
    short = endpoint_services.short_name(ctx, p["ServiceName"], kind)
    endpoint_id = new_id(ctx, "vpce")
    endpoint = {"VpcEndpointId": endpoint_id, "VpcEndpointType": kind, "VpcId": vpc["VpcId"],
                "ServiceName": p["ServiceName"], "State": "available",
                "PolicyDocument": _policy(p.get("PolicyDocument", DEFAULT_POLICY)), "RouteTableIds": [],
                "SubnetIds": [], "Groups": [], "IpAddressType": "ipv4", "PrivateDnsEnabled": False,
                "RequesterManaged": False, "NetworkInterfaceIds": [], "DnsEntries": [], "CreationTimestamp": ctx.now,
                "OwnerId": ctx.account, "_short": short, "_since": ctx.now}
    if kind == "Gateway":
        if p.get("SubnetIds") or p.get("SecurityGroupIds"):
            raise AwsError("InvalidParameter", "Subnets and security groups are not supported for Gateway "
                           "endpoints.")
        _add_route_tables(ctx, endpoint, p.get("RouteTableIds", []))
    else:
        _interface(ctx, endpoint, vpc, p)
    register(ctx, endpoint_id, "vpc_endpoints", endpoint)
    apply_tag_specifications(ctx.state, p, "vpc-endpoint", endpoint_id)
    return {"VpcEndpoint": _render(ctx, endpoint), "ClientToken": p.get("ClientToken")}


def _interface(ctx, endpoint, vpc, p):
    if p.get("RouteTableIds"):
        raise AwsError("InvalidParameter", "Route tables are not supported for Interface endpoints.")
    endpoint["State"] = "pending"
    _add_subnets(ctx, endpoint, p.get("SubnetIds", []))
    group_ids = p.get("SecurityGroupIds") or [vpc["_default_group"]]
    groups = [group_of(ctx, group_id) for group_id in group_ids]
    endpoint["Groups"] = [{"GroupId": g["GroupId"], "GroupName": g["GroupName"]} for g in groups]
    endpoint["DnsOptions"] = {"DnsRecordIpType": "ipv4"}
    host = f"{endpoint['VpcEndpointId']}-{ctx.world.new_token(8, 'abcdefghijklmnopqrstuvwxyz0123456789')}"
    endpoint["DnsEntries"] = [{"DnsName": f"{host}.{endpoint['_short']}.{ctx.region}.vpce.amazonaws.com",
                               "HostedZoneId": "Z7HUB22UULQXV"}]
    if p.get("PrivateDnsEnabled", True):
        _enable_private_dns(ctx, endpoint, vpc)


def _enable_private_dns(ctx, endpoint, vpc):
    """The service's public name resolves to the endpoint inside the VPC: one such endpoint per VPC."""
    _check_private_dns(ctx, endpoint, vpc)
    endpoint["PrivateDnsEnabled"] = True
    endpoint["DnsEntries"].append(_private_entry(ctx, endpoint))


def _private_name(ctx, endpoint):
    return f"{endpoint['_short']}.{ctx.region}.amazonaws.com"


def _private_entry(ctx, endpoint):
    return {"DnsName": _private_name(ctx, endpoint), "HostedZoneId": "Z0FAKEAWSPRIVATEDNS"}


def _check_private_dns(ctx, endpoint, vpc):
    if not (vpc["_attrs"]["EnableDnsSupport"] and vpc["_attrs"]["EnableDnsHostnames"]):
        raise AwsError("InvalidParameter", "Enabling private DNS requires both enableDnsSupport and "
                       f"enableDnsHostnames VPC attributes set to true for {vpc['VpcId']}")
    for other in ctx.state.vpc_endpoints.values():
        if other is not endpoint and other["VpcId"] == vpc["VpcId"] and other["PrivateDnsEnabled"] \
                and other["_short"] == endpoint["_short"]:
            raise AwsError("InvalidParameter", f"private-dns-enabled cannot be set because there is already a "
                           f"conflicting DNS domain for {_private_name(ctx, endpoint)} in the VPC {vpc['VpcId']}")


def _add_subnets(ctx, endpoint, subnet_ids):
    """A network interface in each subnet: subnets of the endpoint's VPC, at most one per zone."""
    zones = [subnet_of(ctx, s)["AvailabilityZone"] for s in endpoint["SubnetIds"]]
    for subnet in [subnet_of(ctx, s) for s in subnet_ids]:
        if subnet["VpcId"] != endpoint["VpcId"]:
            raise AwsError("InvalidParameter", f"The subnet {subnet['SubnetId']} is not in VPC {endpoint['VpcId']}.")
        if subnet["AvailabilityZone"] in zones:
            raise AwsError("DuplicateSubnetsInSameZone", f"Found another VPC endpoint subnet in the availability "
                           f"zone of {subnet['SubnetId']}. VPC endpoint subnets should be in different "
                           "availability zones supported by the VPC endpoint service.")
        zones.append(subnet["AvailabilityZone"])
    for subnet_id in subnet_ids:  # all checked: now change the endpoint
        endpoint["SubnetIds"].append(subnet_id)
        endpoint["NetworkInterfaceIds"].append(new_id(ctx, "eni"))


def _add_route_tables(ctx, endpoint, table_ids):
    """Each table gets a route from the service's prefix list to the endpoint."""
    prefix_list = endpoint_services.prefix_list_id(ctx, endpoint["_short"])
    tables = [route_table_of(ctx, t) for t in dict.fromkeys(table_ids)]
    for table in tables:
        if table["VpcId"] != endpoint["VpcId"]:
            raise AwsError("InvalidParameter", f"The route table {table['RouteTableId']} is not in VPC "
                           f"{endpoint['VpcId']}.")
        if any(r.get("DestinationPrefixListId") == prefix_list for r in table["Routes"]):
            raise AwsError("RouteAlreadyExists", f"route table {table['RouteTableId']} already has a route with "
                           f"destination-prefix-list-id {prefix_list}")
    for table in tables:
        route_tables.add_route(table, {"DestinationPrefixListId": prefix_list},
                               {"GatewayId": endpoint["VpcEndpointId"]})
        endpoint["RouteTableIds"].append(table["RouteTableId"])


def _remove_route_tables(ctx, endpoint, table_ids):
    for table_id in table_ids:
        table = ctx.state.route_tables.get(table_id)
        if table is not None:
            table["Routes"] = [r for r in table["Routes"] if r.get("GatewayId") != endpoint["VpcEndpointId"]]
        if table_id in endpoint["RouteTableIds"]:
            endpoint["RouteTableIds"].remove(table_id)


def _render(ctx, endpoint):
    shown = with_tags(ctx, endpoint, "VpcEndpointId")
    return {k: v for k, v in shown.items() if not k.startswith("_")}


@SERVICE.op("DescribeVpcEndpoints")
def describe_vpc_endpoints(ctx, p):
    settle(ctx)
    if p.get("MaxResults", 0) > 1000:  # AWS answers at most 1,000 rather than failing
        p = {**p, "MaxResults": 1000}
    endpoints, token = describe(ctx, "vpc_endpoints", p, "VpcEndpointIds", FILTERS, _render,
                                "InvalidVpcEndpointId.NotFound", max_results=(1, 1000))
    return {"VpcEndpoints": endpoints, "NextToken": token}


def _endpoint(ctx, endpoint_id):
    return find(ctx, "vpc_endpoints", endpoint_id, "InvalidVpcEndpointId.NotFound", "vpcEndpoint ID")


@SERVICE.op("ModifyVpcEndpoint")
def modify_vpc_endpoint(ctx, p):
    settle(ctx)
    endpoint = _endpoint(ctx, p["VpcEndpointId"])
    gateway = endpoint["VpcEndpointType"] == "Gateway"
    if p.get("ResetPolicy") and "PolicyDocument" in p:
        raise AwsError("InvalidParameter", "ResetPolicy and PolicyDocument cannot be used together.")
    if not gateway and (p.get("AddRouteTableIds") or p.get("RemoveRouteTableIds")):
        raise AwsError("InvalidParameter", "Route tables are only supported for Gateway endpoints.")
    if gateway and any(p.get(k) for k in ("AddSubnetIds", "RemoveSubnetIds", "AddSecurityGroupIds",
                                          "RemoveSecurityGroupIds")):
        raise AwsError("InvalidParameter", "Subnets and security groups are not supported for Gateway endpoints.")
    # Everything that can fail is checked before anything changes.
    policy = _policy(p["PolicyDocument"]) if "PolicyDocument" in p else None
    added_groups = [group_of(ctx, g) for g in p.get("AddSecurityGroupIds", [])]
    private_dns = p.get("PrivateDnsEnabled", endpoint["PrivateDnsEnabled"]) and not gateway
    if private_dns and not endpoint["PrivateDnsEnabled"]:
        _check_private_dns(ctx, endpoint, ctx.state.vpcs[endpoint["VpcId"]])
    _add_route_tables(ctx, endpoint, p.get("AddRouteTableIds", []))  # gateway only: checks, then adds
    _add_subnets(ctx, endpoint, p.get("AddSubnetIds", []))  # interface only: checks, then adds
    _remove_route_tables(ctx, endpoint, p.get("RemoveRouteTableIds", []))
    if policy is not None or p.get("ResetPolicy"):
        endpoint["PolicyDocument"] = policy or DEFAULT_POLICY
    for subnet_id in p.get("RemoveSubnetIds", []):
        if subnet_id in endpoint["SubnetIds"]:
            index = endpoint["SubnetIds"].index(subnet_id)
            del endpoint["SubnetIds"][index], endpoint["NetworkInterfaceIds"][index]
    kept = [g for g in endpoint["Groups"] + [{"GroupId": g["GroupId"], "GroupName": g["GroupName"]}
                                             for g in added_groups]
            if g["GroupId"] not in p.get("RemoveSecurityGroupIds", [])]
    endpoint["Groups"] = list({g["GroupId"]: g for g in kept}.values())
    if private_dns != endpoint["PrivateDnsEnabled"]:
        endpoint["PrivateDnsEnabled"] = private_dns
        endpoint["DnsEntries"] = endpoint["DnsEntries"][:1] + ([_private_entry(ctx, endpoint)] if private_dns else [])
    return {"Return": True}


@SERVICE.op("DeleteVpcEndpoints")
def delete_vpc_endpoints(ctx, p):
    settle(ctx)
    unsuccessful = []
    for endpoint_id in p["VpcEndpointIds"]:
        endpoint = ctx.state.vpc_endpoints.get(endpoint_id)
        if endpoint is None:
            unsuccessful.append({"ResourceId": endpoint_id, "Error": {
                "Code": "InvalidVpcEndpoint.NotFound", "Message": f"The Vpc Endpoint Id '{endpoint_id}' does not exist"}})
            continue
        _remove_route_tables(ctx, endpoint, list(endpoint["RouteTableIds"]))
        if endpoint["VpcEndpointType"] == "Gateway":
            forget(ctx.state, "vpc_endpoints", endpoint_id)
        elif endpoint["State"] != "deleting":
            endpoint["State"], endpoint["_since"] = "deleting", ctx.now
    return {"Unsuccessful": unsuccessful}

