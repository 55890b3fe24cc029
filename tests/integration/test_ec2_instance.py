"""A key pair and an instance through the daemon binary against the fake AWS: convergence to
exactly one instance, the private key kept in one 0600 file and nowhere else, drift, the
multi-pass type change, replacement, and the cost of a steady-state cycle."""

import json
import stat

import pytest

from harness import wait_until, write_atomically

OWNER_FILTER = [{"Name": "tag:awsreconciled:owner", "Values": ["awsreconciled"]}]
UBUNTU = "ami-0fakeaws000000002"  # the fake's Ubuntu stand-in (DescribeImages)
LIVE_STATES = ["pending", "running", "stopping", "stopped"]


def stack(instance_type="t2.small", image=UBUNTU, tags=None):
    """A self-contained file: network, SSH group, key pair and one instance."""
    delete = {"DeletionPolicy": "Delete"}
    return {
        "MainVpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}, **delete},
        "PublicSubnetA": {"Type": "AWS::EC2::Subnet", "Properties": {
            "VpcId": {"Ref": "MainVpc"}, "CidrBlock": "10.0.1.0/24",
            "MapPublicIpOnLaunch": True}, **delete},
        "SshSecurityGroup": {"Type": "AWS::EC2::SecurityGroup", "Properties": {
            "GroupName": "ssh", "GroupDescription": "SSH from one network",
            "VpcId": {"Ref": "MainVpc"},
            "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                                      "CidrIp": "203.0.113.0/24"}]}, **delete},
        "DeployKey": {"Type": "AWS::EC2::KeyPair", "Properties": {"KeyName": "deploy"}, **delete},
        "WebInstance": {"Type": "AWS::EC2::Instance", "Properties": {
            "ImageId": image, "InstanceType": instance_type,
            "KeyName": {"Ref": "DeployKey"}, "SubnetId": {"Ref": "PublicSubnetA"},
            "SecurityGroupIds": [{"Ref": "SshSecurityGroup"}],
            "Tags": tags if tags is not None else [{"Key": "role", "Value": "web"}]}, **delete},
    }


def drop(daemon, resources):
    write_atomically(daemon.desired / "stack.json", json.dumps({"Resources": resources}))


def resource(daemon, logical_id):
    reply = daemon.get(f"/v1/resources/{logical_id}")
    return reply.json() if reply.status == 200 else None


def wait_state(daemon, logical_id, state, timeout=30.0):
    def reached():
        current = resource(daemon, logical_id)
        return current if current and current["state"] == state else None
    return wait_until(reached, timeout, what=lambda: f"{logical_id} {state}: {resource(daemon, logical_id)}")


def live_instances(ec2):
    filters = OWNER_FILTER + [{"Name": "instance-state-name", "Values": LIVE_STATES}]
    reservations = ec2.describe_instances(Filters=filters)["Reservations"]
    return [i for r in reservations for i in r["Instances"]]


def tags_of(aws_resource):
    return {tag["Key"]: tag["Value"] for tag in aws_resource.get("Tags", [])}


@pytest.fixture
def quick_lifecycle(fake):
    """Instances change state after 0.2 s instead of 0.5 s; restored for the next test."""
    with fake.configured(lambda before: {key: 0.2 for key in before}):
        yield


@pytest.fixture
def converged(make_daemon, fake, quick_lifecycle):
    daemon = make_daemon({"poll_interval": "1s"}).start()
    drop(daemon, stack())
    for logical_id in stack():
        wait_state(daemon, logical_id, "Ready")
    return daemon


def test_converges_to_one_instance_with_the_key_kept_only_in_a_0600_file(converged, fake):
    daemon = converged
    ec2 = fake.boto3("ec2")
    instances = live_instances(ec2)
    assert len(instances) == 1
    web = resource(daemon, "WebInstance")
    instance = instances[0]
    assert instance["InstanceId"] == web["physical_id"]
    assert instance["InstanceType"] == "t2.small" and instance["KeyName"] == "deploy"
    assert instance["PublicIpAddress"], "the subnet maps public addresses"
    assert [g["GroupName"] for g in instance["SecurityGroups"]] == ["ssh"]
    assert tags_of(instance)["awsreconciled:logical-id"] == "WebInstance"
    assert fake.count("ec2", "RunInstances") == 1

    key_file = daemon.state / "keys" / "deploy.pem"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    key = resource(daemon, "DeployKey")
    assert key["observed"]["KeyFilePath"] == str(key_file)

    # The private key's body: compared, never printed.
    secret = key_file.read_text()
    body = "".join(line for line in secret.splitlines() if "-----" not in line)
    assert secret.startswith("-----BEGIN") and len(body) > 100
    needles = [body[:64], body[-64:]]
    shown = [daemon.get("/v1/resources").text, daemon.get("/v1/events").text,
             daemon.get("/v1/status").text, daemon.stderr()]
    shown += [daemon.get(f"/v1/resources/{logical_id}").text for logical_id in stack()]
    shown += [p.read_text(errors="replace") for p in daemon.state.rglob("*")
              if p.is_file() and p != key_file]
    leaks = [index for index, text in enumerate(shown) for needle in needles if needle in text]
    assert leaks == [], "the private key appeared outside its file"


def test_a_tag_or_group_changed_behind_the_daemons_back_is_corrected(converged, fake):
    daemon = converged
    ec2 = fake.boto3("ec2")
    instance_id = resource(daemon, "WebInstance")["physical_id"]
    vpc_id = resource(daemon, "MainVpc")["physical_id"]
    other = ec2.create_security_group(GroupName="other", Description="not in the file",
                                      VpcId=vpc_id)["GroupId"]
    ec2.modify_instance_attribute(InstanceId=instance_id, Groups=[other])
    ec2.create_tags(Resources=[instance_id], Tags=[{"Key": "role", "Value": "tampered"}])

    def corrected():
        instance = live_instances(ec2)[0]
        return (tags_of(instance)["role"] == "web"
                and [g["GroupName"] for g in instance["SecurityGroups"]] == ["ssh"])
    wait_until(corrected, timeout=10, what="tag and group corrected")
    events = daemon.get("/v1/events").json()["events"]
    assert any(e["logical_id"] == "WebInstance" and e["action"] == "drift-corrected"
               for e in events)
    assert fake.count("ec2", "StopInstances") == 0
    wait_state(daemon, "WebInstance", "Ready")


def test_an_instance_type_edit_stops_modifies_and_starts(converged, fake):
    daemon = converged
    instance_id = resource(daemon, "WebInstance")["physical_id"]
    mark = fake.calls()["total"]
    drop(daemon, stack(instance_type="t2.medium"))

    def resized():
        current = resource(daemon, "WebInstance")
        instance = live_instances(fake.boto3("ec2"))[0]
        return (current["state"] == "Ready" and instance["State"]["Name"] == "running"
                and instance["InstanceType"] == "t2.medium")
    wait_until(resized, timeout=30, what=lambda: f"resized: {resource(daemon, 'WebInstance')}")
    log = [c for c in fake.calls()["log"][mark:] if c["status"] == 200]
    steps = [c["operation"] for c in log
             if c["operation"] in ("StopInstances", "ModifyInstanceAttribute", "StartInstances")]
    assert steps == ["StopInstances", "ModifyInstanceAttribute", "StartInstances"]
    instances = live_instances(fake.boto3("ec2"))
    assert [i["InstanceId"] for i in instances] == [instance_id], "the same instance, resized"
    assert "awsreconciled:stopped-for-resize" not in tags_of(instances[0])


def test_an_image_edit_needs_replacement_and_touches_nothing(converged, fake):
    daemon = converged
    mark = fake.calls()["total"]
    drop(daemon, stack(image="ami-0fakeaws000000003"))
    replaced = wait_state(daemon, "WebInstance", "NeedsReplacement")
    assert [(c["path"], c["immutable"]) for c in replaced["diff"]] == [("/ImageId", True)]
    writes = [c for c in fake.calls()["log"][mark:] if not c["operation"].startswith("Describe")]
    assert writes == []
    assert [i["ImageId"] for i in live_instances(fake.boto3("ec2"))] == [UBUNTU]


def test_a_steady_state_cycle_makes_only_bulk_describes(converged, fake):
    daemon = converged
    fake.control("POST", "/_fake/calls/reset")
    cycles = daemon.get("/v1/status").json()["cycles"]
    wait_until(lambda: daemon.get("/v1/status").json()["cycles"] >= cycles + 3, timeout=10,
               what="three more cycles")
    counts = fake.calls()["counts"].get("ec2", {})
    assert all(operation.startswith("Describe") for operation in counts), counts
    # One bulk call per type and cycle, per-instance describes would be many more. The cycle
    # under way when counting started is one of the three counted, and may have read before.
    passes = max(counts["DescribeInstances"], 1)
    assert counts["DescribeKeyPairs"] in (passes - 1, passes, passes + 1)
    assert 2 <= counts["DescribeInstances"] <= 5
    for logical_id in stack():
        assert resource(daemon, logical_id)["state"] == "Ready"
