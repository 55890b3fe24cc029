"""The network types (subnets, internet gateway and its attachment, route table, route, subnet
associations) through the daemon binary against the fake AWS, with the example
config/examples/vpc-and-instance/network.json: convergence, a steady state of bulk describes
only, drift correction per type, NeedsReplacement, and deletion in reverse dependency order."""

import json
import shutil

from harness import REPO, wait_until, write_atomically
from test_engine import OWNER_FILTER, resource, tags_of, wait_state

EXAMPLE = REPO / "config" / "examples" / "vpc-and-instance" / "network.json"
LOGICAL_IDS = json.loads(EXAMPLE.read_text())["Resources"].keys()
# What one full cycle may read: one paginated describe per list and region, nothing per
# resource. The types that observe through the same list share one read of it.
BULK_DESCRIBES = {
    "DescribeVpcs": 1,  # its default group is asked for once, when the VPC is first seen
    "DescribeSubnets": 1,
    "DescribeInternetGateways": 1,  # gateways and attachments
    "DescribeRouteTables": 1,       # tables, routes and associations
}


def start_with_network(make_daemon):
    # A long poll interval: every cycle below is one the test asked for.
    daemon = make_daemon({"poll_interval": "1h"}).start()
    shutil.copy(EXAMPLE, daemon.desired / "network.json")
    for logical_id in LOGICAL_IDS:
        wait_state(daemon, logical_id, "Ready", timeout=20)
    # One more cycle sees every create listed: until then the engine keeps a resource it just
    # created even when a describe does not show it (eventual consistency).
    daemon.full_cycle()
    return daemon


def physical_id(daemon, logical_id):
    return resource(daemon, logical_id)["physical_id"]


def public_table(ec2, daemon):
    return ec2.describe_route_tables(
        RouteTableIds=[physical_id(daemon, "PublicRouteTable")])["RouteTables"][0]


def test_the_network_example_converges_to_exactly_one_of_each(make_daemon, fake):
    daemon = start_with_network(make_daemon)
    ec2 = fake.boto3("ec2")
    vpcs = ec2.describe_vpcs(Filters=OWNER_FILTER)["Vpcs"]
    assert [v["CidrBlock"] for v in vpcs] == ["10.0.0.0/20"]
    subnets = ec2.describe_subnets(Filters=OWNER_FILTER)["Subnets"]
    assert sorted((s["CidrBlock"], s["AvailabilityZone"], s["MapPublicIpOnLaunch"])
                  for s in subnets) == [("10.0.0.0/24", "us-east-1a", True),
                                        ("10.0.1.0/24", "us-east-1b", True),
                                        ("10.0.8.0/24", "us-east-1a", False),
                                        ("10.0.9.0/24", "us-east-1b", False)]
    gateways = ec2.describe_internet_gateways(Filters=OWNER_FILTER)["InternetGateways"]
    assert [[a["VpcId"] for a in g["Attachments"]] for g in gateways] == [[vpcs[0]["VpcId"]]]
    tables = ec2.describe_route_tables(Filters=OWNER_FILTER)["RouteTables"]
    assert len(tables) == 1
    assert [(r["DestinationCidrBlock"], r["GatewayId"]) for r in tables[0]["Routes"]] == [
        ("10.0.0.0/20", "local"), ("0.0.0.0/0", gateways[0]["InternetGatewayId"])]
    associated = {a["SubnetId"] for a in tables[0]["Associations"]}
    assert associated == {physical_id(daemon, "PublicSubnetA"), physical_id(daemon, "PublicSubnetB")}
    assert physical_id(daemon, "GatewayAttachment") == (
        f"{gateways[0]['InternetGatewayId']}|{vpcs[0]['VpcId']}")
    # The sub-resources are owned through claims on their parents.
    claims = {k: v for k, v in tags_of(tables[0]).items() if ":route:" in k or ":association:" in k}
    assert claims == {
        "awsreconciled:route:0.0.0.0/0": "PublicDefaultRoute/Delete",
        f"awsreconciled:association:{physical_id(daemon, 'PublicSubnetA')}":
            "PublicSubnetARouteTableAssociation/Delete",
        f"awsreconciled:association:{physical_id(daemon, 'PublicSubnetB')}":
            "PublicSubnetBRouteTableAssociation/Delete"}


def test_a_steady_state_cycle_writes_nothing_and_reads_in_bulk_only(make_daemon, fake):
    daemon = start_with_network(make_daemon)
    for _ in range(2):
        fake.control("POST", "/_fake/calls/reset")
        daemon.full_cycle()
        counts = fake.calls()["counts"].get("ec2", {})
        assert counts == BULK_DESCRIBES
    assert all(r["state"] == "Ready" for r in daemon.get("/v1/resources").json()["resources"])


def test_drift_of_each_type_is_corrected(make_daemon, fake):
    daemon = start_with_network(make_daemon)
    ec2 = fake.boto3("ec2")
    subnet_a = physical_id(daemon, "PublicSubnetA")
    vpc_id, gateway_id = physical_id(daemon, "MainVpc"), physical_id(daemon, "InternetGateway")
    table_id = physical_id(daemon, "PublicRouteTable")
    fake.control("POST", "/_fake/calls/reset")
    ec2.modify_subnet_attribute(SubnetId=subnet_a, MapPublicIpOnLaunch={"Value": False})
    ec2.delete_tags(Resources=[gateway_id, table_id], Tags=[{"Key": "Name"}])
    ec2.delete_route(RouteTableId=table_id, DestinationCidrBlock="0.0.0.0/0")
    ec2.disassociate_route_table(AssociationId=physical_id(daemon, "PublicSubnetARouteTableAssociation"))
    ec2.detach_internet_gateway(InternetGatewayId=gateway_id, VpcId=vpc_id)
    daemon.full_cycle()

    def corrected():
        subnet = ec2.describe_subnets(SubnetIds=[subnet_a])["Subnets"][0]
        gateway = ec2.describe_internet_gateways(InternetGatewayIds=[gateway_id])["InternetGateways"][0]
        table = public_table(ec2, daemon)
        return (subnet["MapPublicIpOnLaunch"]
                and [a["VpcId"] for a in gateway["Attachments"]] == [vpc_id]
                and tags_of(gateway).get("Name") == "main" and tags_of(table).get("Name") == "public"
                and ("0.0.0.0/0", gateway_id) in [(r["DestinationCidrBlock"], r.get("GatewayId"))
                                                  for r in table["Routes"]]
                and subnet_a in [a.get("SubnetId") for a in table["Associations"]])
    wait_until(corrected, timeout=10, what="every drift corrected")
    for logical_id in LOGICAL_IDS:
        wait_state(daemon, logical_id, "Ready")
    # Each correction once (ModifySubnetAttribute: the test's own flip, then the daemon's).
    writes = {op: n for op, n in fake.calls()["counts"]["ec2"].items() if not op.startswith("Describe")}
    assert writes == {"ModifySubnetAttribute": 2, "DeleteTags": 1, "DeleteRoute": 1,
                      "DisassociateRouteTable": 1, "DetachInternetGateway": 1,
                      "CreateTags": 2, "CreateRoute": 1, "AssociateRouteTable": 1,
                      "AttachInternetGateway": 1}


def test_an_immutable_edit_needs_replacement_and_touches_nothing(make_daemon, fake):
    daemon = start_with_network(make_daemon)
    document = json.loads(EXAMPLE.read_text())
    document["Resources"]["PrivateSubnetB"]["Properties"]["CidrBlock"] = "10.0.10.0/24"
    document["Resources"]["PublicDefaultRoute"]["Properties"]["DestinationCidrBlock"] = "0.0.0.0/1"
    calls_before = fake.calls()["total"]
    write_atomically(daemon.desired / "network.json", json.dumps(document))
    subnet = wait_state(daemon, "PrivateSubnetB", "NeedsReplacement")
    assert [(c["path"], c["immutable"]) for c in subnet["diff"]] == [("/CidrBlock", True)]
    route = wait_state(daemon, "PublicDefaultRoute", "NeedsReplacement")
    assert [c["path"] for c in route["diff"]] == ["/DestinationCidrBlock"]
    writes = [c["operation"] for c in fake.calls()["log"][calls_before:]
              if not c["operation"].startswith("Describe")]
    assert writes == []


def test_removing_the_file_deletes_everything_in_reverse_dependency_order(make_daemon, fake):
    daemon = start_with_network(make_daemon)
    (daemon.desired / "network.json").unlink()
    wait_state(daemon, "MainVpc", "Held")
    calls_before = fake.calls()["total"]
    assert daemon.post("/v1/deletions/approve").status == 202
    for logical_id in LOGICAL_IDS:
        wait_state(daemon, logical_id, "Deleted", timeout=20)
    log = fake.calls()["log"][calls_before:]
    assert [c for c in log if c["error"]] == [], "no DependencyViolation, no error at all"
    writes = [c["operation"] for c in log if not c["operation"].startswith("Describe")]

    def position(operation):
        return max(i for i, name in enumerate(writes) if name == operation)
    assert position("DeleteRoute") < writes.index("DetachInternetGateway")
    assert position("DisassociateRouteTable") < writes.index("DeleteRouteTable")
    assert writes.index("DetachInternetGateway") < writes.index("DeleteInternetGateway")
    assert position("DeleteSubnet") < writes.index("DeleteVpc")
    assert position("DeleteRouteTable") < writes.index("DeleteVpc")
    assert writes.index("DetachInternetGateway") < writes.index("DeleteVpc")
    ec2 = fake.boto3("ec2")
    assert ec2.describe_vpcs(Filters=OWNER_FILTER)["Vpcs"] == []
    assert ec2.describe_subnets(Filters=OWNER_FILTER)["Subnets"] == []
    assert ec2.describe_internet_gateways(Filters=OWNER_FILTER)["InternetGateways"] == []
    assert ec2.describe_route_tables(Filters=OWNER_FILTER)["RouteTables"] == []


def test_vpc_dns_settings_are_budgeted_detail_reads_and_their_drift_is_corrected(make_daemon, fake):
    # Four VPCs setting EnableDnsHostnames (k = 1 each) and a budget of 2: a steady cycle makes at
    # most 2 DescribeVpcAttribute calls, and each VPC is read again within ceil(4 / 2) cycles.
    daemon = make_daemon({"poll_interval": "1h",
                          "detail_reads": {"per_cycle": 2, "per_service": 2}}).start()
    vpcs = {f"DnsVpc{i}": {"Type": "AWS::EC2::VPC",
                           "Properties": {"CidrBlock": f"10.{i}.0.0/16", "EnableDnsHostnames": True}}
            for i in range(4)}
    write_atomically(daemon.desired / "dns.json", json.dumps({"Resources": vpcs}))
    for logical_id in vpcs:
        wait_state(daemon, logical_id, "Ready", timeout=20)
    daemon.full_cycle()
    fake.control("POST", "/_fake/calls/reset")
    daemon.full_cycle()
    assert fake.count("ec2", "DescribeVpcAttribute") <= 2
    assert fake.count("ec2", "ModifyVpcAttribute") == 0

    ec2 = fake.boto3("ec2")
    drifted = physical_id(daemon, "DnsVpc0")
    ec2.modify_vpc_attribute(VpcId=drifted, EnableDnsHostnames={"Value": False})

    def hostnames_on():
        value = ec2.describe_vpc_attribute(VpcId=drifted, Attribute="enableDnsHostnames")
        return value["EnableDnsHostnames"]["Value"]
    for _ in range(3):  # ceil(4 / 2) cycles read every VPC; one more writes the correction
        daemon.full_cycle()
        if hostnames_on():
            break
    assert hostnames_on(), "EnableDnsHostnames drift corrected within the budget's bound"
    wait_state(daemon, "DnsVpc0", "Ready")
