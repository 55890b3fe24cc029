"""Load balancers: create (idempotent for the same settings), describe, subnets, security
groups, delete (with their listeners and rules). Placement reads the fake EC2's subnets and
security groups of the same region."""
from ...errors import AwsError
from . import attributes
from .common import (SERVICE, arn, check_name, find, forget, load_balancer_state, new_suffix, page,
                     public, register, select, validation)

# Route 53 zone of each region's load balancer DNS names, as AWS publishes them.
HOSTED_ZONES = {
    "application": {"us-east-1": "Z35SXDOTRQ7X7K", "us-east-2": "Z3AADJGX6KTTL2",
                    "us-west-1": "Z368ELLRRE2KJ0", "us-west-2": "Z1H1FL5HABSF5",
                    "eu-west-1": "Z32O12XQLNTSW2", "eu-central-1": "Z215JYRZR1TBD5"},
    "network": {"us-east-1": "Z26RNL4JYFTOTI", "us-east-2": "ZLMOA37VPKANP",
                "us-west-1": "Z24FKFUX50B4VW", "us-west-2": "Z18D5FSROUN65G",
                "eu-west-1": "Z2IFOLAFXWLO4F", "eu-central-1": "Z3F0SRJ5LGBH90"},
}
ARN_TYPES = {"application": "app", "network": "net", "gateway": "gwy"}


def _subnet_ids(p):
    if p.get("Subnets") and p.get("SubnetMappings"):
        raise validation("You can specify subnets or subnet mappings, not both")
    return p.get("Subnets") or [m["SubnetId"] for m in p.get("SubnetMappings", [])]


def placement(ctx, lb_type, subnet_ids, vpc_id=None):
    """(VPC id, AvailabilityZones) for these subnets, with AWS's checks on them."""
    ec2 = ctx.other("ec2")
    subnets = []
    for subnet_id in subnet_ids:
        subnet = ec2.subnets.get(subnet_id)
        if subnet is None:
            raise AwsError("SubnetNotFound", f"The subnet ID '{subnet_id}' is not valid")
        subnets.append(subnet)
    vpcs = {s["VpcId"] for s in subnets} | ({vpc_id} if vpc_id else set())
    if len(vpcs) > 1:
        raise AwsError("InvalidConfigurationRequest", "The subnets must all belong to the VPC of the "
                       "load balancer")
    zones = [s["AvailabilityZone"] for s in subnets]
    if len(set(zones)) < len(zones):
        raise AwsError("InvalidConfigurationRequest", "A load balancer cannot be attached to multiple "
                       "subnets in the same Availability Zone")
    if lb_type == "application" and len(zones) < 2:
        raise validation("At least two subnets in two different Availability Zones must be specified")
    if not subnets:
        raise validation("At least one subnet must be specified")
    return vpcs.pop(), [{"ZoneName": s["AvailabilityZone"], "SubnetId": s["SubnetId"],
                         "LoadBalancerAddresses": []} for s in subnets]


def security_groups(ctx, lb_type, group_ids, vpc_id):
    if lb_type != "application":
        raise AwsError("InvalidConfigurationRequest",
                       f"Security groups are not supported for load balancers with type '{lb_type}'")
    ec2 = ctx.other("ec2")
    for group_id in group_ids:
        group = ec2.security_groups.get(group_id)
        if group is None or group["VpcId"] != vpc_id:
            raise AwsError("InvalidSecurityGroup", f"Security group '{group_id}' does not exist")
    return list(dict.fromkeys(group_ids))


def _dns_name(ctx, name, lb_type, scheme):
    prefix = "internal-" if scheme == "internal" else ""
    if lb_type == "application":
        return f"{prefix}{name}-{ctx.world.rng.randrange(10**9, 10**10)}.{ctx.region}.elb.amazonaws.com"
    return f"{prefix}{name}-{new_suffix(ctx)}.elb.{ctx.region}.amazonaws.com"


def render(ctx, lb):
    return {**public(lb), "State": load_balancer_state(ctx, lb)}


def _same_settings(lb, wanted):
    return all(lb["_settings"][k] == v for k, v in wanted.items())


@SERVICE.op("CreateLoadBalancer")
def create_load_balancer(ctx, p):
    name, lb_type = p["Name"], p.get("Type", "application")
    check_name(name, "load balancer")
    if name.lower().startswith("internal-"):
        raise validation(f"The load balancer name '{name}' cannot begin with 'internal-'")
    scheme = p.get("Scheme", "internet-facing")
    vpc_id, zones = placement(ctx, lb_type, _subnet_ids(p))
    groups = p.get("SecurityGroups")
    if groups is not None or lb_type == "application":
        default = [ctx.other("ec2").vpcs[vpc_id]["_default_group"]]
        groups = security_groups(ctx, lb_type, groups or default, vpc_id)
    settings = {"Type": lb_type, "Scheme": scheme, "IpAddressType": p.get("IpAddressType", "ipv4"),
                "Subnets": sorted(z["SubnetId"] for z in zones), "SecurityGroups": sorted(groups or [])}
    existing = next((lb for lb in ctx.state.load_balancers.values() if lb["LoadBalancerName"] == name), None)
    if existing is not None:
        if not _same_settings(existing, settings):
            raise AwsError("DuplicateLoadBalancerName", f"A load balancer with the same name '{name}' "
                           "exists, but with different settings")
        return {"LoadBalancers": [render(ctx, existing)]}  # idempotent, as AWS documents
    lb_arn = arn(ctx, f"loadbalancer/{ARN_TYPES[lb_type]}/{name}/{new_suffix(ctx)}")
    lb = {"LoadBalancerArn": lb_arn, "DNSName": _dns_name(ctx, name, lb_type, scheme),
          "CanonicalHostedZoneId": HOSTED_ZONES.get(lb_type, {}).get(ctx.region, "Z0FAKEAWSZONE0"),
          "CreatedTime": ctx.now, "LoadBalancerName": name, "Scheme": scheme, "VpcId": vpc_id,
          "Type": lb_type, "AvailabilityZones": zones, "SecurityGroups": groups,
          "IpAddressType": settings["IpAddressType"], "_created": ctx.now, "_settings": settings,
          "_attributes": attributes.load_balancer_defaults(lb_type)}
    register(ctx, "load_balancers", lb_arn, lb, p.get("Tags", []))
    return {"LoadBalancers": [render(ctx, lb)]}


@SERVICE.op("DescribeLoadBalancers")
def describe_load_balancers(ctx, p):
    found = select(ctx, "load_balancers", p.get("LoadBalancerArns"), p.get("Names"),
                   "LoadBalancerName", "Load balancer")
    shown, marker = page(found, p)
    return {"LoadBalancers": [render(ctx, lb) for lb in shown], "NextMarker": marker}


@SERVICE.op("SetSecurityGroups")
def set_security_groups(ctx, p):
    lb = find(ctx, "load_balancers", p["LoadBalancerArn"])
    lb["SecurityGroups"] = security_groups(ctx, lb["Type"], p["SecurityGroups"], lb["VpcId"])
    lb["_settings"]["SecurityGroups"] = sorted(lb["SecurityGroups"])
    return {"SecurityGroupIds": lb["SecurityGroups"]}


@SERVICE.op("SetSubnets")
def set_subnets(ctx, p):
    lb = find(ctx, "load_balancers", p["LoadBalancerArn"])
    subnet_ids = _subnet_ids(p)
    if lb["Type"] == "network" and not set(lb["_settings"]["Subnets"]) <= set(subnet_ids):
        raise AwsError("InvalidConfigurationRequest", "Subnets cannot be removed from a network "
                       "load balancer")
    _, lb["AvailabilityZones"] = placement(ctx, lb["Type"], subnet_ids, lb["VpcId"])
    lb["_settings"]["Subnets"] = sorted(subnet_ids)
    if "IpAddressType" in p:
        lb["IpAddressType"] = lb["_settings"]["IpAddressType"] = p["IpAddressType"]
    return {"AvailabilityZones": lb["AvailabilityZones"], "IpAddressType": lb["IpAddressType"]}


def listeners_of(ctx, lb_arn):
    return [ls for ls in ctx.state.listeners.values() if ls["LoadBalancerArn"] == lb_arn]


def delete_listener_and_rules(ctx, listener):
    for rule_arn in [a for a, r in ctx.state.rules.items() if r["_listener"] == listener["ListenerArn"]]:
        forget(ctx, "rules", rule_arn)
    forget(ctx, "listeners", listener["ListenerArn"])


@SERVICE.op("DeleteLoadBalancer")
def delete_load_balancer(ctx, p):
    lb = ctx.state.load_balancers.get(p["LoadBalancerArn"])
    if lb is None:
        return {}  # AWS: deleting a missing load balancer succeeds
    if lb["_attributes"].get("deletion_protection.enabled") == "true":
        raise AwsError("OperationNotPermitted", f"Load balancer '{lb['LoadBalancerArn']}' cannot be "
                       "deleted because deletion protection is enabled")
    for listener in listeners_of(ctx, lb["LoadBalancerArn"]):
        delete_listener_and_rules(ctx, listener)
    forget(ctx, "load_balancers", lb["LoadBalancerArn"])
    return {}
