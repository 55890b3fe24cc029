"""`awsreconciled export` of infrastructure clicked together outside the daemon (boto3 here),
fed to a fresh daemon: it adopts everything with nothing but ownership-tag writes, and a second
cycle writes nothing. Another owner's resources and AWS's defaults stay out of the files. What
an example built, exported by its owner, is held by a fresh daemon without a single write."""

import json
import shutil

from harness import FAKE_ENV, example, run_binary, wait_until
from test_engine import wait_state

TAG_WRITES = {("ec2", "CreateTags"), ("iam", "TagUser"), ("iam", "TagRole"),
              ("s3", "PutBucketTagging")}
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
    "Action": "sts:AssumeRole"}]})


def name_tag(name):
    return [{"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": name}]}]


def click_together(fake):
    """What a person makes in the console: a public subnet's network, a web group, IAM, a
    bucket; and a VPC another daemon owns."""
    ec2 = fake.boto3("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16", TagSpecifications=name_tag("clicked"))["Vpc"]
    subnet = ec2.create_subnet(VpcId=vpc["VpcId"], CidrBlock="10.20.1.0/24",
                               AvailabilityZone="us-east-1a")["Subnet"]
    gateway = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=vpc["VpcId"])
    table = ec2.create_route_table(VpcId=vpc["VpcId"])["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=gateway)
    ec2.associate_route_table(RouteTableId=table, SubnetId=subnet["SubnetId"])
    group = ec2.create_security_group(GroupName="web", Description="web servers",
                                      VpcId=vpc["VpcId"])["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
        "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    ec2.create_vpc(CidrBlock="10.30.0.0/16", TagSpecifications=[{"ResourceType": "vpc", "Tags": [
        {"Key": "awsreconciled:owner", "Value": "team-b"},
        {"Key": "awsreconciled:logical-id", "Value": "TheirVpc"}]}])
    iam = fake.boto3("iam")
    iam.create_user(UserName="clicker")
    iam.create_role(RoleName="app-role", AssumeRolePolicyDocument=TRUST)
    fake.boto3("s3").create_bucket(Bucket="clicked-assets")
    return vpc["VpcId"]


def export(daemon, out, *extra):
    daemon.config_path.write_text(json.dumps(daemon.config))
    return run_binary(["export", "--config", str(daemon.config_path), "--out", str(out), *extra],
                      env=FAKE_ENV, timeout=60)


def test_an_export_is_adopted_with_tag_writes_only_then_nothing(make_daemon, fake, tmp_path):
    vpc_id = click_together(fake)
    daemon = make_daemon({"poll_interval": "1h"})
    out = daemon.desired
    result = export(daemon, out)
    assert result.returncode == 0, result.stderr
    assert "exported" in result.stdout
    assert "belongs to owner team-b" in result.stderr
    assert "made by AWS" in result.stderr  # the region's default VPC and its parts

    files = {path.name: json.loads(path.read_text()) for path in out.glob("*.json")}
    assert set(files) == {"network-clickedvpc.json", "iam.json", "s3.json"}, files
    network = files["network-clickedvpc.json"]["Resources"]
    assert network["ClickedVPC"] == {"Type": "AWS::EC2::VPC", "AdoptPolicy": "Adopt",
                                     "AdoptId": vpc_id,
                                     "Properties": {"CidrBlock": "10.20.0.0/16",
                                                    "Tags": [{"Key": "Name", "Value": "clicked"}]}}
    web = network["WebSecurityGroup"]["Properties"]
    assert web["VpcId"] == vpc_id  # part of the group's identity: literal (docs)
    assert [(r["FromPort"], r["CidrIp"]) for r in web["SecurityGroupIngress"]] == [(443, "0.0.0.0/0")]
    types = sorted(body["Type"] for body in network.values())
    assert types == sorted(["AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::InternetGateway",
                            "AWS::EC2::VPCGatewayAttachment", "AWS::EC2::RouteTable",
                            "AWS::EC2::Route", "AWS::EC2::SubnetRouteTableAssociation",
                            "AWS::EC2::SecurityGroup"]), types
    assert {body["Type"] for body in files["iam.json"]["Resources"].values()} == {
        "AWS::IAM::User", "AWS::IAM::Role"}
    assert "TheirVpc" not in json.dumps(files)

    # A fresh daemon on the files: everything Ready, and the only writes are ownership tags.
    mark = fake.calls()["total"]
    daemon.start()
    declared = [logical_id for document in files.values() for logical_id in document["Resources"]]
    def all_ready():
        states = {r["logical_id"]: r["state"]
                  for r in daemon.get("/v1/resources").json()["resources"]}
        return all(states.get(logical_id) == "Ready" for logical_id in declared) or None
    wait_until(all_ready, timeout=30, what="every exported resource adopted and Ready")
    writes = set(fake.writes_since(mark))
    assert writes and writes <= TAG_WRITES, writes
    ec2 = fake.boto3("ec2")
    assert len(ec2.describe_vpcs(Filters=[{"Name": "cidr", "Values": ["10.20.0.0/16"]}])["Vpcs"]) == 1

    # Adopted: a second full cycle writes nothing at all.
    daemon.full_cycle()
    mark = fake.calls()["total"]
    daemon.full_cycle()
    assert fake.writes_since(mark) == []

    # An export never overwrites: the same directory again is refused, the files unchanged.
    before = {path.name: path.read_text() for path in out.glob("*.json")}
    again = export(daemon, out)
    assert again.returncode == 2 and "exists" in again.stderr
    assert {path.name: path.read_text() for path in out.glob("*.json")} == before


def test_an_adopt_id_that_aws_does_not_have_creates_nothing(make_daemon, fake):
    daemon = make_daemon({"poll_interval": "1h"}).start()
    (daemon.desired / "net.json").write_text(json.dumps({"Resources": {"Gone": {
        "Type": "AWS::EC2::VPC", "AdoptPolicy": "Adopt", "AdoptId": "vpc-0123456789abcdef0",
        "Properties": {"CidrBlock": "10.40.0.0/16"}}}}))
    wait_until(lambda: (daemon.get("/v1/resources/Gone").json().get("state") == "Error"),
               timeout=15, what="the adoption failing")
    assert "AWS has no such AWS::EC2::VPC" in daemon.get("/v1/resources/Gone").json()["message"]
    assert fake.count("ec2", "CreateVpc") == 0

    # Without AdoptPolicy: Adopt the file is refused, naming the field.
    (daemon.desired / "bad.json").write_text(json.dumps({"Resources": {"Other": {
        "Type": "AWS::EC2::VPC", "AdoptId": "vpc-0123456789abcdef1",
        "Properties": {"CidrBlock": "10.41.0.0/16"}}}}))
    wait_until(lambda: daemon.files().get("bad.json", {}).get("problems"), timeout=10,
               what="the file's problem")
    problem = daemon.files()["bad.json"]["problems"][0]
    assert problem["pointer"] == "/Resources/Other/AdoptId"
    assert "AdoptPolicy: Adopt" in problem["message"]


def test_what_an_example_built_exports_to_files_a_fresh_daemon_holds_without_a_write(
        make_daemon, fake):
    """The same owner exports what its files made: each resource keeps its logical ID, so a
    daemon that lost everything (new state, new files) finds and holds it all as it is."""
    builder = make_daemon({"poll_interval": "1h"}, name="builder").start()
    files, resources = example("network-basics")
    for path in files:
        shutil.copy(path, builder.desired / path.name)
    for logical_id in resources:
        wait_state(builder, logical_id, "Ready", timeout=30)
    builder.stop()

    fresh = make_daemon({"poll_interval": "1h"}, name="fresh")
    result = export(fresh, fresh.desired)
    assert result.returncode == 0, result.stderr
    exported = {logical_id for path in fresh.desired.glob("*.json")
                for logical_id in json.loads(path.read_text())["Resources"]}
    assert set(resources) <= exported, (set(resources), exported)

    mark = fake.calls()["total"]
    fresh.start()
    for logical_id in exported:
        wait_state(fresh, logical_id, "Ready", timeout=30)
    fresh.full_cycle()
    assert fake.writes_since(mark) == []
