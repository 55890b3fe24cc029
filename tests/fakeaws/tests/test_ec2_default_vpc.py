"""The default VPC each region starts with, and what AWS does with it when a call names no VPC."""
from .conftest import raises

DEFAULT = [{"Name": "is-default", "Values": ["true"]}]


def default_vpc_id(ec2):
    return ec2.describe_account_attributes(AttributeNames=["default-vpc"])["AccountAttributes"][0][
        "AttributeValues"][0]["AttributeValue"]


def test_every_region_starts_with_a_default_vpc(client):
    ec2 = client("ec2")
    [vpc] = ec2.describe_vpcs(Filters=DEFAULT)["Vpcs"]
    assert (vpc["CidrBlock"], vpc["IsDefault"], vpc["State"]) == ("172.31.0.0/16", True, "available")
    assert default_vpc_id(ec2) == vpc["VpcId"]
    attribute = ec2.describe_vpc_attribute(VpcId=vpc["VpcId"], Attribute="enableDnsHostnames")
    assert attribute["EnableDnsHostnames"]["Value"] is True
    subnets = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"]
    zones = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]]
    assert sorted(s["AvailabilityZone"] for s in subnets) == zones, "one default subnet per zone"
    assert {(s["VpcId"], s["CidrBlock"].split("/")[1], s["MapPublicIpOnLaunch"]) for s in subnets} == \
        {(vpc["VpcId"], "20", True)}
    assert len({s["CidrBlock"] for s in subnets}) == len(zones)
    [igw] = ec2.describe_internet_gateways(Filters=[{"Name": "attachment.vpc-id", "Values": [vpc["VpcId"]]}])[
        "InternetGateways"]
    [main] = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]},
                                                {"Name": "association.main", "Values": ["true"]}])["RouteTables"]
    assert [(r["DestinationCidrBlock"], r["GatewayId"]) for r in main["Routes"]] == \
        [("172.31.0.0/16", "local"), ("0.0.0.0/0", igw["InternetGatewayId"])]
    groups = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["SecurityGroups"]
    assert [g["GroupName"] for g in groups] == ["default"]
    other = client("ec2", region_name="ap-northeast-1")
    assert other.describe_vpcs(Filters=DEFAULT)["Vpcs"][0]["VpcId"] != vpc["VpcId"]


def test_calls_without_a_vpc_use_the_default_one(client, fake):
    ec2 = client("ec2")
    vpc_id = default_vpc_id(ec2)
    group = ec2.create_security_group(GroupName="web", Description="web")["GroupId"]
    assert ec2.describe_security_groups(GroupIds=[group])["SecurityGroups"][0]["VpcId"] == vpc_id
    # Group names name groups of the default VPC only.
    assert ec2.describe_security_groups(GroupNames=["web"])["SecurityGroups"][0]["GroupId"] == group
    ec2.authorize_security_group_ingress(GroupName="web", IpProtocol="tcp", FromPort=80, ToPort=80,
                                         CidrIp="0.0.0.0/0")
    other_vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    ec2.create_security_group(GroupName="elsewhere", Description="x", VpcId=other_vpc)
    raises("InvalidGroup.NotFound", 400, ec2.describe_security_groups, GroupNames=["elsewhere"])
    instance = ec2.run_instances(ImageId="ami-0fakeaws000000001", MinCount=1, MaxCount=1,
                                 Placement={"AvailabilityZone": "us-east-1b"}, SecurityGroups=["web"])["Instances"][0]
    subnet = ec2.describe_subnets(SubnetIds=[instance["SubnetId"]])["Subnets"][0]
    assert (subnet["VpcId"], subnet["AvailabilityZone"], subnet["DefaultForAz"]) == (vpc_id, "us-east-1b", True)
    assert instance["PublicIpAddress"] and instance["SecurityGroups"][0]["GroupId"] == group
    # New resources may hide behind eventual consistency; the default VPC has been there all along.
    fake.control("POST", "/_fake/faults", {"consistency_lag": 30})
    brazil = client("ec2", region_name="sa-east-1")  # its EC2 state starts now
    assert len(brazil.describe_vpcs(Filters=DEFAULT)["Vpcs"]) == 1


def test_delete_and_recreate_the_default_vpc(client):
    ec2 = client("ec2")
    vpc_id = default_vpc_id(ec2)
    raises("DependencyViolation", 400, ec2.delete_vpc, VpcId=vpc_id)
    for subnet in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]:
        ec2.delete_subnet(SubnetId=subnet["SubnetId"])
    igw = ec2.describe_internet_gateways()["InternetGateways"][0]["InternetGatewayId"]
    ec2.detach_internet_gateway(InternetGatewayId=igw, VpcId=vpc_id)
    ec2.delete_internet_gateway(InternetGatewayId=igw)
    ec2.delete_vpc(VpcId=vpc_id)
    assert default_vpc_id(ec2) == "none"
    raises("VPCIdNotSpecified", 400, ec2.create_security_group, GroupName="g", Description="d")
    again = ec2.create_default_vpc()["Vpc"]
    assert again["IsDefault"] and again["VpcId"] != vpc_id and default_vpc_id(ec2) == again["VpcId"]
    raises("DefaultVpcAlreadyExists", 400, ec2.create_default_vpc)


def test_default_vpc_can_be_switched_off(client, fake):
    assert fake.control("GET", "/_fake/config")["default_vpc"] is True
    fake.control("POST", "/_fake/config", {"default_vpc": False})
    fake.control("POST", "/_fake/reset")  # applies to regions set up from now on
    ec2 = client("ec2")
    assert ec2.describe_vpcs()["Vpcs"] == [] and ec2.describe_subnets()["Subnets"] == []
    assert ec2.describe_security_groups()["SecurityGroups"] == []
    assert default_vpc_id(ec2) == "none"
    raises("VPCIdNotSpecified", 400, ec2.run_instances, ImageId="ami-0fakeaws000000001", MinCount=1, MaxCount=1)
    raises("VPCIdNotSpecified", 400, ec2.create_security_group, GroupName="g", Description="d")


def test_cli_default_vpc(aws_batch):
    code, out = aws_batch("ec2", "describe-account-attributes", "--attribute-names", "default-vpc")
    assert code == 0
    vpc_id = out["AccountAttributes"][0]["AttributeValues"][0]["AttributeValue"]
    code, out = aws_batch("ec2", "describe-subnets", "--filters", "Name=default-for-az,Values=true",
                          "Name=availability-zone,Values=us-east-1c")
    assert code == 0 and [s["VpcId"] for s in out["Subnets"]] == [vpc_id]
    code, out = aws_batch("ec2", "describe-vpcs", "--filters", "Name=is-default,Values=true")
    assert code == 0 and out["Vpcs"][0]["CidrBlock"] == "172.31.0.0/16"
