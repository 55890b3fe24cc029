"""Instances: RunInstances and the pending -> running -> stopping ... lifecycle.

Transitions are evaluated lazily from timestamps, so nothing runs in the
background and a describe always sees the state the clock implies.
"""
from ...errors import AwsError
from .common import (SERVICE, default_vpc_of, describe, idempotent, new_id, register, set_tags, subnet_of,
                     tag_list)
from .security_groups import group_of, named_groups

STATE_CODES = {"pending": 0, "running": 16, "shutting-down": 32, "terminated": 48,
               "stopping": 64, "stopped": 80}
# transitional state -> (settled state, timing setting)
SETTLES = {"pending": ("running", "instance_pending_seconds"),
           "stopping": ("stopped", "instance_stopping_seconds"),
           "shutting-down": ("terminated", "instance_shutting_down_seconds")}

INSTANCE_FILTERS = {
    "instance-id": lambda i: i["InstanceId"],
    "instance-state-name": lambda i: i["State"]["Name"],
    "instance-state-code": lambda i: i["State"]["Code"],
    "instance-type": lambda i: i["InstanceType"],
    "image-id": lambda i: i["ImageId"],
    "vpc-id": lambda i: i.get("VpcId"),
    "subnet-id": lambda i: i.get("SubnetId"),
    "key-name": lambda i: i.get("KeyName"),
    "reservation-id": lambda i: i["_reservation"],
    "availability-zone": lambda i: i["Placement"]["AvailabilityZone"],
    "private-ip-address": lambda i: i.get("PrivateIpAddress"),
    "client-token": lambda i: i.get("ClientToken"),
    "instance.group-id": lambda i: [g["GroupId"] for g in i["SecurityGroups"]],
    "instance.group-name": lambda i: [g["GroupName"] for g in i["SecurityGroups"]],
}


def _set_state(ctx, instance, name):
    instance["State"] = {"Code": STATE_CODES[name], "Name": name}
    instance["_since"] = ctx.now


def settle(ctx, instance):
    settled = SETTLES.get(instance["State"]["Name"])
    if settled and ctx.now >= instance["_since"] + ctx.world.timings[settled[1]]:
        _set_state(ctx, instance, settled[0])
        if settled[0] == "terminated":
            _release(ctx, instance)
    return instance


def _release(ctx, instance):
    """A terminated instance no longer holds its subnet and security groups."""
    subnet = ctx.state.subnets.get(instance.get("SubnetId"))
    if subnet:
        subnet["_instances"].discard(instance["InstanceId"])
    for group in instance["SecurityGroups"]:
        found = ctx.state.security_groups.get(group["GroupId"])
        if found:
            found["_instances"].discard(instance["InstanceId"])


def _placement(ctx, p):
    interfaces = p.get("NetworkInterfaces") or [{}]
    subnet_id = p.get("SubnetId") or interfaces[0].get("SubnetId")
    subnet = subnet_of(ctx, subnet_id) if subnet_id else _default_subnet(ctx, p)
    group_ids = p.get("SecurityGroupIds") or interfaces[0].get("Groups") or []
    group_ids += named_groups(ctx, p.get("SecurityGroups", []))  # names: default VPC groups
    groups = [group_of(ctx, g) for g in group_ids] or \
        [ctx.state.security_groups[ctx.state.vpcs[subnet["VpcId"]]["_default_group"]]]
    for group in groups:
        if group["VpcId"] != subnet["VpcId"]:
            raise AwsError("InvalidParameter", f"Security group {group['GroupId']} and subnet "
                           f"{subnet_id} belong to different networks.")
    public = interfaces[0].get("AssociatePublicIpAddress", subnet["MapPublicIpOnLaunch"])
    return subnet, groups, public


def _default_subnet(ctx, p):
    """Without a subnet AWS launches into the default subnet of the zone asked for (or any)."""
    default = default_vpc_of(ctx)
    if default is None:
        raise AwsError("VPCIdNotSpecified", "No default VPC for this user. GroupName is only supported "
                       "for EC2-Classic and default VPC.")
    zone = p.get("Placement", {}).get("AvailabilityZone")
    candidates = [ctx.state.subnets[s] for s in default["_subnets"] if ctx.state.subnets[s]["DefaultForAz"]]
    for subnet in sorted(candidates, key=lambda s: s["AvailabilityZone"]):
        if zone in (None, subnet["AvailabilityZone"]):
            return subnet
    raise AwsError("InvalidParameterValue", f"No default subnet for availability zone: '{zone}'.")


def _check_launch(ctx, p):
    if p["MinCount"] < 1 or p["MaxCount"] < p["MinCount"]:
        raise AwsError("InvalidParameterValue", "Value for parameter minCount/maxCount is invalid.")
    image = p.get("ImageId", "")
    if not image.startswith("ami-"):
        raise AwsError("InvalidAMIID.Malformed", f'Invalid id: "{image}" (expecting "ami-...")')
    if p.get("KeyName") and p["KeyName"] not in ctx.state.key_names:
        raise AwsError("InvalidKeyPair.NotFound", f"The key pair '{p['KeyName']}' does not exist")


@SERVICE.op("RunInstances")
def run_instances(ctx, p):
    _check_launch(ctx, p)
    return idempotent(ctx, "RunInstances", p, lambda: _launch(ctx, p))


def _launch(ctx, p):
    subnet, groups, public = _placement(ctx, p)
    reservation_id = new_id(ctx, "r")
    instances = [_new_instance(ctx, p, subnet, groups, public, reservation_id, index)
                 for index in range(p["MaxCount"])]
    return {"ReservationId": reservation_id, "OwnerId": ctx.account, "Groups": [],
            "Instances": [_render(ctx, i) for i in instances]}


def _new_instance(ctx, p, subnet, groups, public, reservation_id, index):
    instance_id = new_id(ctx, "i")
    host = subnet["_net"].network_address + 4 + len(ctx.state.instances) % (subnet["_net"].num_addresses - 5)
    private_ip = str(host)
    public_ip = f"203.0.113.{len(ctx.state.instances) % 254 + 1}" if public else None
    instance = {
        "InstanceId": instance_id, "ImageId": p["ImageId"], "InstanceType": p.get("InstanceType", "m1.small"),
        "KeyName": p.get("KeyName"), "LaunchTime": ctx.now, "AmiLaunchIndex": index,
        "Placement": {"AvailabilityZone": subnet["AvailabilityZone"], "Tenancy": "default", "GroupName": ""},
        "PrivateIpAddress": private_ip, "PrivateDnsName": f"ip-{private_ip.replace('.', '-')}.ec2.internal",
        "PublicIpAddress": public_ip, "PublicDnsName": _public_dns_name(ctx, public_ip),
        "SubnetId": subnet["SubnetId"], "VpcId": subnet["VpcId"], "Architecture": "x86_64",
        "SecurityGroups": [{"GroupId": g["GroupId"], "GroupName": g["GroupName"]} for g in groups],
        "RootDeviceType": "ebs", "RootDeviceName": "/dev/xvda", "Hypervisor": "xen",
        "VirtualizationType": "hvm", "Monitoring": {"State": "disabled"}, "StateTransitionReason": "",
        "ClientToken": p.get("ClientToken", ""), "EbsOptimized": p.get("EbsOptimized", False),
        "SourceDestCheck": True, "BlockDeviceMappings": [], "ProductCodes": [],
        "_reservation": reservation_id, "_disable_api_termination": p.get("DisableApiTermination", False),
    }
    if "IamInstanceProfile" in p:
        profile = p["IamInstanceProfile"]
        arn = profile.get("Arn") or f"arn:aws:iam::{ctx.account}:instance-profile/{profile.get('Name')}"
        instance["IamInstanceProfile"] = {"Arn": arn, "Id": "AIPA" + ctx.world.new_token(17)}
    _set_state(ctx, instance, "pending")
    register(ctx, instance_id, "instances", instance)
    subnet["_instances"].add(instance_id)
    for group in groups:
        group["_instances"].add(instance_id)
    for spec in p.get("TagSpecifications", []):
        if spec.get("ResourceType") == "instance":
            set_tags(ctx.state, instance_id, spec.get("Tags", []))
    return instance


def _public_dns_name(ctx, public_ip):
    """AWS's name for a public address; empty without one."""
    if not public_ip:
        return ""
    domain = "compute-1.amazonaws.com" if ctx.region == "us-east-1" else f"{ctx.region}.compute.amazonaws.com"
    return f"ec2-{public_ip.replace('.', '-')}.{domain}"


def _render(ctx, instance):
    return {**instance, "Tags": tag_list(ctx.state, instance["InstanceId"])}


@SERVICE.op("DescribeInstances")
def describe_instances(ctx, p):
    for instance in ctx.state.instances.values():
        settle(ctx, instance)
    instances, token = describe(ctx, "instances", p, "InstanceIds", INSTANCE_FILTERS, _render,
                                "InvalidInstanceID.NotFound")
    reservations = {}
    for instance in instances:
        reservation = reservations.setdefault(instance["_reservation"], {
            "ReservationId": instance["_reservation"], "OwnerId": ctx.account, "Groups": [], "Instances": []})
        reservation["Instances"].append(instance)
    return {"Reservations": list(reservations.values()), "NextToken": token}


def _instances(ctx, ids):
    found = []
    for instance_id in ids:
        if not instance_id.startswith("i-"):
            raise AwsError("InvalidInstanceID.Malformed", f'Invalid id: "{instance_id}"')
        instance = ctx.state.instances.get(instance_id)
        if instance is None:
            raise AwsError("InvalidInstanceID.NotFound", f"The instance ID '{instance_id}' does not exist")
        found.append(settle(ctx, instance))
    return found


def _transition(ctx, ids, allowed, target, done=()):
    """Move each instance to target; AWS rejects the whole call if one can't move. Instances in
    a `done` state (or already in target) are left as they are."""
    instances = _instances(ctx, ids)
    for instance in instances:
        name = instance["State"]["Name"]
        if name not in allowed and name != target and name not in done:
            raise AwsError("IncorrectInstanceState", f"The instance '{instance['InstanceId']}' is not in a "
                           "state from which it can be moved.")
    changes = []
    for instance in instances:
        previous = dict(instance["State"])
        if previous["Name"] in allowed:
            _set_state(ctx, instance, target)
        changes.append({"InstanceId": instance["InstanceId"], "PreviousState": previous,
                        "CurrentState": dict(instance["State"])})
    return changes


@SERVICE.op("TerminateInstances")
def terminate_instances(ctx, p):
    for instance in _instances(ctx, p["InstanceIds"]):
        if instance["_disable_api_termination"]:
            raise AwsError("OperationNotPermitted", f"The instance '{instance['InstanceId']}' may not be "
                           "terminated. Modify its 'disableApiTermination' instance attribute and try again.")
    changes = _transition(ctx, p["InstanceIds"], ("pending", "running", "stopping", "stopped"),
                          "shutting-down", done=("terminated",))
    for change in changes:
        # AWS reports terminated instances as already terminated when asked again.
        if change["PreviousState"]["Name"] in ("shutting-down", "terminated"):
            change["CurrentState"] = dict(ctx.state.instances[change["InstanceId"]]["State"])
    return {"TerminatingInstances": changes}


@SERVICE.op("StopInstances")
def stop_instances(ctx, p):
    return {"StoppingInstances": _transition(ctx, p["InstanceIds"], ("pending", "running"), "stopping")}


@SERVICE.op("StartInstances")
def start_instances(ctx, p):
    return {"StartingInstances": _transition(ctx, p["InstanceIds"], ("stopped",), "pending")}


@SERVICE.op("ModifyInstanceAttribute")
def modify_instance_attribute(ctx, p):
    instance = _instances(ctx, [p["InstanceId"]])[0]
    if "InstanceType" in p:
        if instance["State"]["Name"] != "stopped":
            raise AwsError("IncorrectInstanceState", f"The instance '{p['InstanceId']}' is not in the "
                           "'stopped' state.")
        instance["InstanceType"] = p["InstanceType"]["Value"]
    if "Groups" in p:
        _replace_groups(ctx, instance, p["Groups"])
    if "SourceDestCheck" in p:
        instance["SourceDestCheck"] = p["SourceDestCheck"]["Value"]
    if "DisableApiTermination" in p:
        instance["_disable_api_termination"] = p["DisableApiTermination"]["Value"]
    return {}


def _replace_groups(ctx, instance, group_ids):
    new_groups = [group_of(ctx, g) for g in group_ids]
    for old in instance["SecurityGroups"]:
        ctx.state.security_groups[old["GroupId"]]["_instances"].discard(instance["InstanceId"])
    for group in new_groups:
        group["_instances"].add(instance["InstanceId"])
    instance["SecurityGroups"] = [{"GroupId": g["GroupId"], "GroupName": g["GroupName"]} for g in new_groups]


@SERVICE.op("DescribeInstanceAttribute")
def describe_instance_attribute(ctx, p):
    instance = _instances(ctx, [p["InstanceId"]])[0]
    values = {"instanceType": ("InstanceType", {"Value": instance["InstanceType"]}),
              "groupSet": ("Groups", instance["SecurityGroups"]),
              "sourceDestCheck": ("SourceDestCheck", {"Value": instance["SourceDestCheck"]}),
              "disableApiTermination": ("DisableApiTermination",
                                        {"Value": instance["_disable_api_termination"]})}
    if p["Attribute"] not in values:
        raise AwsError("InvalidParameterValue", f"Value ({p['Attribute']}) for parameter attribute is "
                       "not supported by fakeaws.")
    member, value = values[p["Attribute"]]
    return {"InstanceId": instance["InstanceId"], member: value}
