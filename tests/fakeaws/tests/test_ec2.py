import time

import botocore.exceptions
import pytest

from .conftest import error_of

OWNER = {"ResourceType": "vpc", "Tags": [{"Key": "awsreconciled:owner", "Value": "test"}]}
NOT_DEFAULT = [{"Name": "is-default", "Values": ["false"]}]  # every region also has its default VPC


def raises(code, status, call, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(**kwargs)
    assert error_of(e) == (code, status)


def vpc_with_subnet(ec2):
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", TagSpecifications=[OWNER])["Vpc"]
    subnet = ec2.create_subnet(VpcId=vpc["VpcId"], CidrBlock="10.0.1.0/24")["Subnet"]
    return vpc["VpcId"], subnet["SubnetId"]


def test_vpc_lifecycle_and_filters(client):
    ec2 = client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", TagSpecifications=[OWNER])["Vpc"]
    assert vpc["VpcId"].startswith("vpc-") and vpc["Tags"] == OWNER["Tags"]
    ec2.create_vpc(CidrBlock="10.1.0.0/16")
    found = ec2.describe_vpcs(Filters=[{"Name": "tag:awsreconciled:owner", "Values": ["test"]}])["Vpcs"]
    assert [v["VpcId"] for v in found] == [vpc["VpcId"]]
    assert len(ec2.describe_vpcs(Filters=[{"Name": "tag-key", "Values": ["awsreconciled:*"]}])["Vpcs"]) == 1
    assert len(ec2.describe_vpcs(Filters=NOT_DEFAULT)["Vpcs"]) == 2
    raises("InvalidVpcID.NotFound", 400, ec2.describe_vpcs, VpcIds=["vpc-0000000000000000f"])
    raises("InvalidParameterValue", 400, ec2.describe_vpcs, Filters=[{"Name": "bogus", "Values": ["x"]}])
    ec2.modify_vpc_attribute(VpcId=vpc["VpcId"], EnableDnsHostnames={"Value": True})
    attr = ec2.describe_vpc_attribute(VpcId=vpc["VpcId"], Attribute="enableDnsHostnames")
    assert attr["EnableDnsHostnames"]["Value"] is True
    # A new VPC comes with its main route table and default security group.
    tables = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["RouteTables"]
    assert tables[0]["Associations"][0]["Main"] is True
    groups = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["SecurityGroups"]
    assert [g["GroupName"] for g in groups] == ["default"]
    ec2.delete_vpc(VpcId=vpc["VpcId"])
    raises("InvalidVpcID.NotFound", 400, ec2.delete_vpc, VpcId=vpc["VpcId"])


def test_public_private_network(client):
    ec2 = client("ec2")
    vpc_id, public = vpc_with_subnet(ec2)
    ec2.modify_subnet_attribute(SubnetId=public, MapPublicIpOnLaunch={"Value": True})
    assert ec2.describe_subnets(SubnetIds=[public])["Subnets"][0]["MapPublicIpOnLaunch"] is True
    raises("InvalidSubnet.Conflict", 400, ec2.create_subnet, VpcId=vpc_id, CidrBlock="10.0.1.128/25")
    raises("InvalidSubnet.Range", 400, ec2.create_subnet, VpcId=vpc_id, CidrBlock="10.9.0.0/24")
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc_id)
    raises("DependencyViolation", 400, ec2.delete_vpc, VpcId=vpc_id)
    raises("DependencyViolation", 400, ec2.delete_internet_gateway, InternetGatewayId=igw)
    rtb = ec2.create_route_table(VpcId=vpc_id)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    raises("RouteAlreadyExists", 400, ec2.create_route, RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0",
           GatewayId=igw)
    ec2.replace_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    assoc = ec2.associate_route_table(RouteTableId=rtb, SubnetId=public)["AssociationId"]
    found = ec2.describe_route_tables(Filters=[{"Name": "association.subnet-id", "Values": [public]}])
    assert [t["RouteTableId"] for t in found["RouteTables"]] == [rtb]
    raises("DependencyViolation", 400, ec2.delete_route_table, RouteTableId=rtb)
    ec2.disassociate_route_table(AssociationId=assoc)
    ec2.delete_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0")
    raises("InvalidRoute.NotFound", 400, ec2.delete_route, RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0")
    ec2.delete_route_table(RouteTableId=rtb)
    ec2.detach_internet_gateway(InternetGatewayId=igw, VpcId=vpc_id)
    raises("Gateway.NotAttached", 400, ec2.detach_internet_gateway, InternetGatewayId=igw, VpcId=vpc_id)
    ec2.delete_internet_gateway(InternetGatewayId=igw)
    ec2.delete_subnet(SubnetId=public)
    ec2.delete_vpc(VpcId=vpc_id)
    assert ec2.describe_vpcs(Filters=NOT_DEFAULT)["Vpcs"] == []


def test_security_groups_and_rules(client):
    ec2 = client("ec2")
    vpc_id, _ = vpc_with_subnet(ec2)
    sg = ec2.create_security_group(GroupName="web", Description="web", VpcId=vpc_id,
                                   TagSpecifications=[{"ResourceType": "security-group",
                                                       "Tags": [{"Key": "t", "Value": "1"}]}])["GroupId"]
    raises("InvalidGroup.Duplicate", 400, ec2.create_security_group, GroupName="web", Description="x", VpcId=vpc_id)
    group = ec2.describe_security_groups(GroupIds=[sg])["SecurityGroups"][0]
    assert group["IpPermissionsEgress"] == [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
                                             "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []}]
    perms = [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
              "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "https"}, {"CidrIp": "10.0.0.0/8"}]}]
    rules = ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=perms)["SecurityGroupRules"]
    assert len(rules) == 2 and rules[0]["SecurityGroupRuleId"].startswith("sgr-")
    raises("InvalidPermission.Duplicate", 400, ec2.authorize_security_group_ingress, GroupId=sg, IpPermissions=perms)
    db = ec2.create_security_group(GroupName="db", Description="db", VpcId=vpc_id)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=db, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": sg}]}])
    raises("DependencyViolation", 400, ec2.delete_security_group, GroupId=sg)
    group = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["web"]}])["SecurityGroups"][0]
    assert group["IpPermissions"][0]["FromPort"] == 443 and len(group["IpPermissions"][0]["IpRanges"]) == 2
    assert group["Tags"] == [{"Key": "t", "Value": "1"}]
    listed = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [sg]}])["SecurityGroupRules"]
    assert sorted(r["IsEgress"] for r in listed) == [False, False, True]
    ec2.revoke_security_group_ingress(GroupId=sg, IpPermissions=perms)
    raises("InvalidPermission.NotFound", 400, ec2.revoke_security_group_ingress, GroupId=sg, IpPermissions=perms)
    ec2.authorize_security_group_egress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "udp", "FromPort": 53, "ToPort": 53, "IpRanges": [{"CidrIp": "10.0.0.2/32"}]}])
    ec2.revoke_security_group_egress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    egress = ec2.describe_security_groups(GroupIds=[sg])["SecurityGroups"][0]["IpPermissionsEgress"]
    assert [p["IpProtocol"] for p in egress] == ["udp"]
    ec2.delete_security_group(GroupId=db)
    ec2.delete_security_group(GroupId=sg)
    raises("InvalidGroup.NotFound", 400, ec2.describe_security_groups, GroupIds=[sg])


def test_key_pairs(client):
    ec2 = client("ec2")
    created = ec2.create_key_pair(KeyName="k1")
    assert created["KeyMaterial"].startswith("-----BEGIN RSA PRIVATE KEY-----") and created["KeyPairId"].startswith("key-")
    raises("InvalidKeyPair.Duplicate", 400, ec2.create_key_pair, KeyName="k1")
    public = b"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEXAMPLEKEYMATERIALFORTESTSONLY000000000 test"
    ec2.import_key_pair(KeyName="k2", PublicKeyMaterial=public)
    raises("InvalidKey.Format", 400, ec2.import_key_pair, KeyName="k3", PublicKeyMaterial=b"garbage")
    assert [k["KeyName"] for k in ec2.describe_key_pairs()["KeyPairs"]] == ["k1", "k2"]
    raises("InvalidKeyPair.NotFound", 400, ec2.describe_key_pairs, KeyNames=["nope"])
    ec2.delete_key_pair(KeyName="k1")
    assert [k["KeyName"] for k in ec2.describe_key_pairs()["KeyPairs"]] == ["k2"]
    assert "PublicKey" not in ec2.describe_key_pairs()["KeyPairs"][0]
    # AWS returns the public key only when asked, without the comment.
    described = ec2.describe_key_pairs(IncludePublicKey=True)["KeyPairs"][0]
    assert described["PublicKey"] == public.decode().rsplit(" ", 1)[0]


def test_instances_lifecycle(client):
    ec2 = client("ec2")
    vpc_id, subnet = vpc_with_subnet(ec2)
    sg = ec2.create_security_group(GroupName="app", Description="app", VpcId=vpc_id)["GroupId"]
    tags = [{"ResourceType": "instance", "Tags": [{"Key": "awsreconciled:logical-id", "Value": "Web"}]}]
    launch = dict(ImageId="ami-0fakeaws000000001", InstanceType="t3.micro", MinCount=2, MaxCount=2,
                  SubnetId=subnet, SecurityGroupIds=[sg], TagSpecifications=tags, ClientToken="web-1")
    first = ec2.run_instances(**launch)
    again = ec2.run_instances(**launch)
    assert [i["InstanceId"] for i in first["Instances"]] == [i["InstanceId"] for i in again["Instances"]]
    assert {i["State"]["Name"] for i in first["Instances"]} == {"pending"}
    ids = [i["InstanceId"] for i in first["Instances"]]
    raises("DependencyViolation", 400, ec2.delete_security_group, GroupId=sg)
    ec2.get_waiter("instance_running").wait(InstanceIds=ids, WaiterConfig={"Delay": 0.2, "MaxAttempts": 20})
    found = ec2.describe_instances(Filters=[{"Name": "tag:awsreconciled:logical-id", "Values": ["Web"]},
                                            {"Name": "instance-state-name", "Values": ["running"]}])
    assert len(found["Reservations"]) == 1 and len(found["Reservations"][0]["Instances"]) == 2
    # A subnet that does not map public addresses gives none.
    assert {i.get("PublicDnsName", "") for i in found["Reservations"][0]["Instances"]} == {""}
    ec2.stop_instances(InstanceIds=ids[:1])
    raises("IncorrectInstanceState", 400, ec2.modify_instance_attribute, InstanceId=ids[0],
           InstanceType={"Value": "t3.large"})
    time.sleep(0.6)
    ec2.modify_instance_attribute(InstanceId=ids[0], InstanceType={"Value": "t3.large"})
    started = ec2.start_instances(InstanceIds=ids[:1])["StartingInstances"][0]
    assert started["PreviousState"]["Name"] == "stopped" and started["CurrentState"]["Name"] == "pending"
    ec2.modify_instance_attribute(InstanceId=ids[1], DisableApiTermination={"Value": True})
    raises("OperationNotPermitted", 400, ec2.terminate_instances, InstanceIds=ids)
    ec2.modify_instance_attribute(InstanceId=ids[1], DisableApiTermination={"Value": False})
    out = ec2.terminate_instances(InstanceIds=ids)["TerminatingInstances"]
    assert {c["CurrentState"]["Name"] for c in out} == {"shutting-down"}
    time.sleep(0.6)
    again = ec2.terminate_instances(InstanceIds=ids)["TerminatingInstances"]
    assert {c["CurrentState"]["Name"] for c in again} == {"terminated"}, "terminating twice is fine"
    raises("InvalidInstanceID.NotFound", 400, ec2.terminate_instances, InstanceIds=["i-0123456789abcdef0"])
    raises("InvalidKeyPair.NotFound", 400, ec2.run_instances, **{**launch, "KeyName": "missing", "ClientToken": "x"})


def test_public_subnet_gives_public_address_and_name(client):
    ec2 = client("ec2")
    _, subnet = vpc_with_subnet(ec2)
    ec2.modify_subnet_attribute(SubnetId=subnet, MapPublicIpOnLaunch={"Value": True})
    instance = ec2.run_instances(ImageId="ami-0fakeaws000000002", MinCount=1, MaxCount=1,
                                 SubnetId=subnet)["Instances"][0]
    assert instance["PublicIpAddress"].startswith("203.0.113.")
    assert instance["PublicDnsName"] == \
        f"ec2-{instance['PublicIpAddress'].replace('.', '-')}.compute-1.amazonaws.com"


def test_tags_and_catalog(client):
    ec2 = client("ec2")
    vpc_id, subnet = vpc_with_subnet(ec2)
    ec2.create_tags(Resources=[vpc_id, subnet], Tags=[{"Key": "env", "Value": "dev"}])
    described = ec2.describe_tags(Filters=[{"Name": "key", "Values": ["env"]}])["Tags"]
    assert {(t["ResourceId"], t["ResourceType"]) for t in described} == {(vpc_id, "vpc"), (subnet, "subnet")}
    ec2.delete_tags(Resources=[subnet], Tags=[{"Key": "env"}])
    assert [t["ResourceId"] for t in ec2.describe_tags(Filters=[{"Name": "key", "Values": ["env"]}])["Tags"]] == [vpc_id]
    raises("InvalidVpcID.NotFound", 400, ec2.create_tags, Resources=["vpc-0000000000000000a"],
           Tags=[{"Key": "a", "Value": "b"}])
    zones = ec2.describe_availability_zones()["AvailabilityZones"]
    assert zones[0]["ZoneName"] == "us-east-1a"
    assert client("ec2", region_name="eu-west-1").describe_availability_zones()["AvailabilityZones"][0]["RegionName"] == "eu-west-1"
    assert ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"].startswith("ami-")


def test_regions_have_separate_state(client):
    client("ec2").create_vpc(CidrBlock="10.0.0.0/16")
    ireland = client("ec2", region_name="eu-west-1")
    assert ireland.describe_vpcs(Filters=NOT_DEFAULT)["Vpcs"] == []
    assert ireland.describe_vpcs()["Vpcs"][0]["VpcId"] != client("ec2").describe_vpcs()["Vpcs"][0]["VpcId"]


def test_describe_pagination(client):
    ec2 = client("ec2")
    vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    for i in range(12):
        ec2.create_security_group(GroupName=f"g{i}", Description="x", VpcId=vpc_id)
    page = ec2.describe_security_groups(MaxResults=5)
    assert len(page["SecurityGroups"]) == 5 and page["NextToken"]
    pages = list(ec2.get_paginator("describe_security_groups").paginate(PaginationConfig={"PageSize": 5}))
    assert [len(p["SecurityGroups"]) for p in pages] == [5, 5, 4], "12, and the two VPCs' default groups"
    unchecked = client("ec2", validate=False)
    raises("InvalidParameterValue", 400, unchecked.describe_security_groups, MaxResults=2)


def test_cli_ec2(aws):
    code, out = aws("ec2", "create-vpc", "--cidr-block", "10.0.0.0/16", "--tag-specifications",
                    "ResourceType=vpc,Tags=[{Key=Name,Value=cli}]")
    assert code == 0
    vpc_id = out["Vpc"]["VpcId"]
    code, out = aws("ec2", "create-security-group", "--group-name", "cli", "--description", "d", "--vpc-id", vpc_id)
    assert code == 0
    code, _ = aws("ec2", "authorize-security-group-ingress", "--group-id", out["GroupId"], "--protocol", "tcp",
                  "--port", "22", "--cidr", "10.0.0.0/8")
    assert code == 0
    code, out = aws("ec2", "describe-security-groups", "--filters", "Name=group-name,Values=cli")
    assert code == 0 and out["SecurityGroups"][0]["IpPermissions"][0]["FromPort"] == 22
    code, err = aws("ec2", "delete-vpc", "--vpc-id", vpc_id)
    assert code != 0 and "DependencyViolation" in err
