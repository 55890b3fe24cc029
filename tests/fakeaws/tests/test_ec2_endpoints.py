"""VPC endpoints: gateway routes to prefix lists, interface endpoints, idempotency, filters."""
import json

import pytest

from .conftest import raises, release

S3 = "com.amazonaws.us-east-1.s3"
SECRETS = "com.amazonaws.us-east-1.secretsmanager"


@pytest.fixture
def network(client):
    """A VPC with DNS hostnames on, two route tables and subnets in two zones."""
    ec2 = client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
    tables = [ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"] for _ in range(2)]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=f"us-east-1{z}")
               ["Subnet"]["SubnetId"] for i, z in ((1, "a"), (2, "b"))]
    return ec2, vpc, tables, subnets


def routes(ec2, table):
    return ec2.describe_route_tables(RouteTableIds=[table])["RouteTables"][0]["Routes"]


def test_gateway_endpoint_routes_and_changes(network):
    ec2, vpc, (first, second), _ = network
    s3_list = ec2.describe_prefix_lists(Filters=[{"Name": "prefix-list-name", "Values": [S3]}])["PrefixLists"][0]
    assert s3_list["PrefixListId"] == "pl-63a5400a" and s3_list["Cidrs"]
    tags = [{"ResourceType": "vpc-endpoint", "Tags": [{"Key": "Name", "Value": "s3"}]}]
    created = ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=S3, RouteTableIds=[first], TagSpecifications=tags,
                                      ClientToken="s3-endpoint-1")
    endpoint = created["VpcEndpoint"]
    assert (endpoint["VpcEndpointType"], endpoint["State"], endpoint["Tags"]) == ("Gateway", "available", tags[0]["Tags"])
    assert endpoint["VpcEndpointId"].startswith("vpce-") and created["ClientToken"] == "s3-endpoint-1"
    assert json.loads(endpoint["PolicyDocument"])["Statement"][0]["Effect"] == "Allow", "full access by default"
    again = ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=S3, RouteTableIds=[first], ClientToken="s3-endpoint-1")
    assert again["VpcEndpoint"]["VpcEndpointId"] == endpoint["VpcEndpointId"], "same ClientToken, same endpoint"
    endpoint_id = endpoint["VpcEndpointId"]
    assert {"DestinationPrefixListId": "pl-63a5400a", "GatewayId": endpoint_id, "State": "active",
            "Origin": "CreateRoute"} in routes(ec2, first)
    found = ec2.describe_route_tables(Filters=[{"Name": "route.destination-prefix-list-id",
                                                "Values": ["pl-63a5400a"]}])["RouteTables"]
    assert [t["RouteTableId"] for t in found] == [first]
    raises("RouteAlreadyExists", 400, ec2.create_vpc_endpoint, VpcId=vpc, ServiceName=S3, RouteTableIds=[first])
    policy = json.dumps({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                                        "Resource": "*"}]})
    ec2.modify_vpc_endpoint(VpcEndpointId=endpoint_id, AddRouteTableIds=[second], RemoveRouteTableIds=[first],
                            PolicyDocument=policy)
    shown = ec2.describe_vpc_endpoints(VpcEndpointIds=[endpoint_id])["VpcEndpoints"][0]
    assert shown["RouteTableIds"] == [second] and shown["PolicyDocument"] == policy
    assert all("DestinationPrefixListId" not in r for r in routes(ec2, first))
    ec2.modify_vpc_endpoint(VpcEndpointId=endpoint_id, ResetPolicy=True)
    assert "s3:GetObject" not in ec2.describe_vpc_endpoints()["VpcEndpoints"][0]["PolicyDocument"]
    raises("InvalidPolicyDocument", 400, ec2.modify_vpc_endpoint, VpcEndpointId=endpoint_id, PolicyDocument="{")
    raises("InvalidParameter", 400, ec2.modify_vpc_endpoint, VpcEndpointId=endpoint_id, AddSubnetIds=["subnet-1"])
    raises("DependencyViolation", 400, ec2.delete_vpc, VpcId=vpc)
    result = ec2.delete_vpc_endpoints(VpcEndpointIds=[endpoint_id, "vpce-0123456789abcdef0"])
    assert result["Unsuccessful"] == [{"ResourceId": "vpce-0123456789abcdef0", "Error": {
        "Code": "InvalidVpcEndpoint.NotFound", "Message": "The Vpc Endpoint Id 'vpce-0123456789abcdef0' does not exist"}}]
    assert all("DestinationPrefixListId" not in r for r in routes(ec2, second)), "its routes went with it"
    raises("InvalidVpcEndpointId.NotFound", 400, ec2.describe_vpc_endpoints, VpcEndpointIds=[endpoint_id])


def test_create_checks(network):
    ec2, vpc, (table, _), (subnet, _) = network
    raises("InvalidServiceName", 400, ec2.create_vpc_endpoint, VpcId=vpc, ServiceName="com.amazonaws.us-east-1.nope")
    raises("InvalidServiceName", 400, ec2.create_vpc_endpoint, VpcId=vpc, ServiceName="com.amazonaws.eu-west-1.s3")
    raises("InvalidParameter", 400, ec2.create_vpc_endpoint, VpcId=vpc, ServiceName=SECRETS)  # Gateway by default
    raises("InvalidVpcID.NotFound", 400, ec2.create_vpc_endpoint, VpcId="vpc-0000000000000000f", ServiceName=S3)
    raises("InvalidRouteTableID.NotFound", 400, ec2.create_vpc_endpoint, VpcId=vpc, ServiceName=S3,
           RouteTableIds=["rtb-0000000000000000f"])
    default_main = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [
        ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]]}])
    raises("InvalidParameter", 400, ec2.create_vpc_endpoint, VpcId=vpc, ServiceName=S3,
           RouteTableIds=[default_main["RouteTables"][0]["RouteTableId"]])  # another VPC's table
    raises("InvalidPolicyDocument", 400, ec2.create_vpc_endpoint, VpcId=vpc, ServiceName=S3, PolicyDocument="nope")
    raises("InvalidParameter", 400, ec2.create_vpc_endpoint, VpcId=vpc, ServiceName=S3, SubnetIds=[subnet])
    assert ec2.describe_vpc_endpoints()["VpcEndpoints"] == [], "a refused create leaves nothing behind"
    assert all("DestinationPrefixListId" not in r for r in routes(ec2, table))


def test_interface_endpoint_lifecycle(network, fake):
    ec2, vpc, _, subnets = network
    fake.control("POST", "/_fake/config", {"vpc_endpoint_pending_seconds": 60, "vpc_endpoint_deleting_seconds": 60})
    group = ec2.create_security_group(GroupName="endpoints", Description="d", VpcId=vpc)["GroupId"]
    created = ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=SECRETS, VpcEndpointType="Interface",
                                      SubnetIds=subnets, SecurityGroupIds=[group])["VpcEndpoint"]
    endpoint_id = created["VpcEndpointId"]
    assert created["State"] == "pending" and created["PrivateDnsEnabled"] is True
    assert len(created["NetworkInterfaceIds"]) == 2 and created["Groups"][0]["GroupId"] == group
    assert "secretsmanager.us-east-1.amazonaws.com" in [d["DnsName"] for d in created["DnsEntries"]]
    raises("InvalidParameter", 400, ec2.create_vpc_endpoint, VpcId=vpc, ServiceName=SECRETS,
           VpcEndpointType="Interface", SubnetIds=subnets[:1])  # the VPC already has that private DNS name
    raises("DuplicateSubnetsInSameZone", 400, ec2.modify_vpc_endpoint, VpcEndpointId=endpoint_id,
           AddSubnetIds=[ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.3.0/24",
                                           AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]])
    raises("DependencyViolation", 400, ec2.delete_security_group, GroupId=group)
    raises("DependencyViolation", 400, ec2.delete_subnet, SubnetId=subnets[0])
    release(fake, "vpc_endpoint_pending_seconds")
    filters = [{"Name": "vpc-endpoint-state", "Values": ["available"]},
               {"Name": "vpc-endpoint-type", "Values": ["Interface"]}]
    assert [e["VpcEndpointId"] for e in ec2.describe_vpc_endpoints(Filters=filters)["VpcEndpoints"]] == [endpoint_id]
    assert ec2.delete_vpc_endpoints(VpcEndpointIds=[endpoint_id])["Unsuccessful"] == []
    assert ec2.describe_vpc_endpoints(VpcEndpointIds=[endpoint_id])["VpcEndpoints"][0]["State"] == "deleting"
    release(fake, "vpc_endpoint_deleting_seconds")
    ec2.delete_security_group(GroupId=group)
    assert ec2.describe_vpc_endpoints()["VpcEndpoints"] == []
    # Private DNS needs the VPC's DNS attributes.
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": False})
    raises("InvalidParameter", 400, ec2.create_vpc_endpoint, VpcId=vpc, ServiceName=SECRETS,
           VpcEndpointType="Interface", SubnetIds=subnets[:1])


def test_describe_filters_tags_and_paging(network):
    ec2, vpc, tables, _ = network
    ids = []
    for i, service in enumerate(["s3", "dynamodb"] * 3):
        other = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
        ids.append(ec2.create_vpc_endpoint(
            VpcId=vpc, ServiceName=f"com.amazonaws.us-east-1.{service}", RouteTableIds=[other],
            TagSpecifications=[{"ResourceType": "vpc-endpoint", "Tags": [{"Key": "n", "Value": str(i)}]}],
        )["VpcEndpoint"]["VpcEndpointId"])
    by_service = ec2.describe_vpc_endpoints(Filters=[{"Name": "service-name", "Values": ["*dynamodb"]}])
    assert len(by_service["VpcEndpoints"]) == 3
    assert [e["VpcEndpointId"] for e in ec2.describe_vpc_endpoints(
        Filters=[{"Name": "tag:n", "Values": ["4"]}])["VpcEndpoints"]] == [ids[4]]
    assert len(ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                                   {"Name": "vpc-endpoint-id", "Values": ids[:2]}])["VpcEndpoints"]) == 2
    pages = list(ec2.get_paginator("describe_vpc_endpoints").paginate(PaginationConfig={"PageSize": 4}))
    assert [len(p["VpcEndpoints"]) for p in pages] == [4, 2]
    ec2.create_tags(Resources=[ids[0]], Tags=[{"Key": "extra", "Value": "yes"}])
    assert ec2.describe_tags(Filters=[{"Name": "resource-type", "Values": ["vpc-endpoint"]},
                                      {"Name": "key", "Values": ["extra"]}])["Tags"][0]["ResourceId"] == ids[0]
    services = ec2.describe_vpc_endpoint_services(ServiceNames=[S3])["ServiceDetails"][0]
    assert {t["ServiceType"] for t in services["ServiceType"]} == {"Gateway", "Interface"}


def test_cli_vpc_endpoints(aws_batch, client):
    ec2 = client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    code, out = aws_batch("ec2", "create-vpc-endpoint", "--vpc-id", vpc, "--service-name",
                          "com.amazonaws.us-east-1.dynamodb", "--route-table-ids", table)
    assert code == 0 and out["VpcEndpoint"]["State"] == "available"
    endpoint_id = out["VpcEndpoint"]["VpcEndpointId"]
    code, out = aws_batch("ec2", "describe-vpc-endpoints", "--filters", f"Name=vpc-id,Values={vpc}")
    assert code == 0 and [e["VpcEndpointId"] for e in out["VpcEndpoints"]] == [endpoint_id]
    code, out = aws_batch("ec2", "delete-vpc-endpoints", "--vpc-endpoint-ids", endpoint_id, "vpce-00000000000000000")
    assert code == 0 and [u["ResourceId"] for u in out["Unsuccessful"]] == ["vpce-00000000000000000"]
