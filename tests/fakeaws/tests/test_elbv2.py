"""ELBv2 (query protocol): load balancers placed in the fake EC2's subnets, target groups,
listeners, rules, attributes, tags and target health."""
import pytest

from .aws_cli_batch import aws_batch, aws_cli_server  # noqa: F401 (fixtures)
from .conftest import raises, release

TIMINGS = {"elbv2_provisioning_seconds": 60, "elbv2_target_registration_seconds": 60}


@pytest.fixture
def elb(fake, client):
    fake.control("POST", "/_fake/config", TIMINGS)  # held until a test releases them
    return client("elbv2")


@pytest.fixture
def network(client):
    """A VPC with subnets in us-east-1a, us-east-1b and a second one in us-east-1a."""
    ec2 = client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.1.{i}.0/24", AvailabilityZone=f"us-east-1{z}")
               ["Subnet"]["SubnetId"] for i, z in ((1, "a"), (2, "b"), (3, "a"))]
    group = ec2.create_security_group(VpcId=vpc, GroupName="web", Description="w")["GroupId"]
    return {"vpc": vpc, "subnets": subnets, "group": group}


def new_alb(elb, network, name="web", **extra):
    return elb.create_load_balancer(Name=name, Subnets=network["subnets"][:2], **extra)["LoadBalancers"][0]


def new_group(elb, network, name="app", **extra):
    args = dict(Name=name, Protocol="HTTP", Port=8080, VpcId=network["vpc"], TargetType="ip")
    return elb.create_target_group(**{**args, **extra})["TargetGroups"][0]


def forward(group_arn):
    return [{"Type": "forward", "TargetGroupArn": group_arn}]


def test_load_balancer_lifecycle(elb, network, fake, client):
    lb = new_alb(elb, network, Tags=[{"Key": "team", "Value": "web"}])
    assert lb["State"] == {"Code": "provisioning"} and lb["VpcId"] == network["vpc"]
    assert lb["LoadBalancerArn"].startswith("arn:aws:elasticloadbalancing:us-east-1:123456789012:"
                                            "loadbalancer/app/web/")
    assert lb["DNSName"].startswith("web-") and lb["DNSName"].endswith(".us-east-1.elb.amazonaws.com")
    assert lb["CanonicalHostedZoneId"] == "Z35SXDOTRQ7X7K" and lb["Scheme"] == "internet-facing"
    assert sorted(z["ZoneName"] for z in lb["AvailabilityZones"]) == ["us-east-1a", "us-east-1b"]
    default_group = client("ec2").describe_security_groups(
        Filters=[{"Name": "vpc-id", "Values": [network["vpc"]]}, {"Name": "group-name", "Values": ["default"]}])
    assert lb["SecurityGroups"] == [default_group["SecurityGroups"][0]["GroupId"]]
    assert new_alb(elb, network)["LoadBalancerArn"] == lb["LoadBalancerArn"]  # same settings: idempotent
    raises("DuplicateLoadBalancerName", 400, new_alb, elb=elb, network=network, Scheme="internal")
    release(fake, "elbv2_provisioning_seconds")
    assert elb.describe_load_balancers(Names=["web"])["LoadBalancers"][0]["State"]["Code"] == "active"
    raises("LoadBalancerNotFound", 400, elb.describe_load_balancers, Names=["web", "ghost"])
    raises("LoadBalancerNotFound", 400, elb.describe_load_balancers, LoadBalancerArns=[lb["LoadBalancerArn"] + "0"])

    groups = elb.set_security_groups(LoadBalancerArn=lb["LoadBalancerArn"], SecurityGroups=[network["group"]])
    assert groups["SecurityGroupIds"] == [network["group"]]
    raises("InvalidSecurityGroup", 400, elb.set_security_groups, LoadBalancerArn=lb["LoadBalancerArn"],
           SecurityGroups=["sg-0000000000000000f"])
    moved = elb.set_subnets(LoadBalancerArn=lb["LoadBalancerArn"], Subnets=network["subnets"][1:])
    assert sorted(z["SubnetId"] for z in moved["AvailabilityZones"]) == sorted(network["subnets"][1:])

    arn = lb["LoadBalancerArn"]
    attrs = {a["Key"]: a["Value"] for a in elb.describe_load_balancer_attributes(LoadBalancerArn=arn)["Attributes"]}
    assert attrs["idle_timeout.timeout_seconds"] == "60" and attrs["deletion_protection.enabled"] == "false"
    changed = elb.modify_load_balancer_attributes(LoadBalancerArn=arn, Attributes=[
        {"Key": "deletion_protection.enabled", "Value": "true"}, {"Key": "idle_timeout.timeout_seconds", "Value": "120"}])
    assert {"Key": "idle_timeout.timeout_seconds", "Value": "120"} in changed["Attributes"]
    raises("ValidationError", 400, elb.modify_load_balancer_attributes, LoadBalancerArn=arn,
           Attributes=[{"Key": "no.such.key", "Value": "1"}])
    raises("ValidationError", 400, elb.modify_load_balancer_attributes, LoadBalancerArn=arn,
           Attributes=[{"Key": "idle_timeout.timeout_seconds", "Value": "0"}])
    raises("OperationNotPermitted", 400, elb.delete_load_balancer, LoadBalancerArn=arn)
    elb.modify_load_balancer_attributes(LoadBalancerArn=arn, Attributes=[
        {"Key": "deletion_protection.enabled", "Value": "false"}])
    elb.delete_load_balancer(LoadBalancerArn=arn)
    elb.delete_load_balancer(LoadBalancerArn=arn)  # gone already: still succeeds, as AWS documents
    assert elb.describe_load_balancers()["LoadBalancers"] == []


def test_load_balancer_placement(elb, network):
    subnets = network["subnets"]
    raises("ValidationError", 400, elb.create_load_balancer, Name="one", Subnets=subnets[:1])
    raises("InvalidConfigurationRequest", 400, elb.create_load_balancer, Name="same-az", Subnets=[subnets[0], subnets[2]])
    raises("SubnetNotFound", 400, elb.create_load_balancer, Name="ghost", Subnets=["subnet-00000000000000001", subnets[1]])
    raises("ValidationError", 400, elb.create_load_balancer, Name="-web", Subnets=subnets[:2])
    raises("ValidationError", 400, elb.create_load_balancer, Name="internal-web", Subnets=subnets[:2])
    nlb = elb.create_load_balancer(Name="net", Type="network", Scheme="internal", Subnets=subnets[:1])
    nlb = nlb["LoadBalancers"][0]
    assert nlb["DNSName"].startswith("internal-net-") and nlb["DNSName"].endswith(".elb.us-east-1.amazonaws.com")
    assert nlb["CanonicalHostedZoneId"] == "Z26RNL4JYFTOTI" and "SecurityGroups" not in nlb
    raises("InvalidConfigurationRequest", 400, elb.set_security_groups, LoadBalancerArn=nlb["LoadBalancerArn"],
           SecurityGroups=[network["group"]])
    for i in range(3):
        new_alb(elb, network, name=f"page{i}")
    pages = list(elb.get_paginator("describe_load_balancers").paginate(PaginationConfig={"PageSize": 2}))
    assert [[lb["LoadBalancerName"] for lb in p["LoadBalancers"]] for p in pages] == \
        [["net", "page0"], ["page1", "page2"]]
    raises("ValidationError", 400, elb.describe_load_balancers, Marker="not-a-marker")


def test_target_groups(elb, network):
    group = new_group(elb, network, HealthCheckPath="/health")
    assert (group["HealthCheckProtocol"], group["HealthCheckPort"], group["HealthCheckPath"]) == \
        ("HTTP", "traffic-port", "/health")
    assert (group["HealthCheckIntervalSeconds"], group["HealthCheckTimeoutSeconds"], group["HealthyThresholdCount"],
            group["UnhealthyThresholdCount"], group["Matcher"]) == (30, 6, 5, 2, {"HttpCode": "200"})
    assert group["LoadBalancerArns"] == [] and group["TargetGroupArn"].split(":")[5].startswith("targetgroup/app/")
    assert new_group(elb, network, HealthCheckPath="/health")["TargetGroupArn"] == group["TargetGroupArn"]
    raises("DuplicateTargetGroupName", 400, new_group, elb=elb, network=network, Port=9090)
    lam = elb.create_target_group(Name="fn", TargetType="lambda")["TargetGroups"][0]
    assert (lam["HealthCheckEnabled"], lam["HealthCheckIntervalSeconds"], lam["HealthCheckTimeoutSeconds"]) == \
        (False, 35, 30) and "VpcId" not in lam
    raises("ValidationError", 400, elb.create_target_group, Name="fn2", TargetType="lambda", Port=80)
    raises("ValidationError", 400, elb.create_target_group, Name="novpc", Protocol="HTTP", Port=80)
    raises("ValidationError", 400, new_group, elb=elb, network=network, name="badvpc", VpcId="vpc-00000000000000001")
    raises("ValidationError", 400, new_group, elb=elb, network=network, name="slow", HealthCheckIntervalSeconds=5,
           HealthCheckTimeoutSeconds=10)
    tcp = new_group(elb, network, name="tcp", Protocol="TCP")
    assert (tcp["HealthCheckProtocol"], tcp["HealthCheckTimeoutSeconds"]) == ("TCP", 10) and "Matcher" not in tcp

    modified = elb.modify_target_group(TargetGroupArn=group["TargetGroupArn"], HealthCheckPath="/ready",
                                       Matcher={"HttpCode": "200-299"}, HealthyThresholdCount=3)
    changed = modified["TargetGroups"][0]
    assert (changed["HealthCheckPath"], changed["Matcher"]["HttpCode"], changed["HealthyThresholdCount"]) == \
        ("/ready", "200-299", 3)
    raises("ValidationError", 400, elb.modify_target_group, TargetGroupArn=group["TargetGroupArn"],
           HealthCheckEnabled=False)
    attrs = elb.describe_target_group_attributes(TargetGroupArn=group["TargetGroupArn"])["Attributes"]
    assert {"Key": "deregistration_delay.timeout_seconds", "Value": "300"} in attrs
    elb.modify_target_group_attributes(TargetGroupArn=group["TargetGroupArn"],
                                       Attributes=[{"Key": "stickiness.enabled", "Value": "true"}])
    raises("ValidationError", 400, elb.modify_target_group_attributes, TargetGroupArn=group["TargetGroupArn"],
           Attributes=[{"Key": "stickiness.enabled", "Value": "yes"}])
    names = [g["TargetGroupName"] for g in elb.describe_target_groups(PageSize=2)["TargetGroups"]]
    assert names == ["app", "fn"]
    raises("TargetGroupNotFound", 400, elb.describe_target_groups, Names=["ghost"])
    elb.delete_target_group(TargetGroupArn=tcp["TargetGroupArn"])
    elb.delete_target_group(TargetGroupArn=tcp["TargetGroupArn"])  # no not-found error for this call


def test_listeners_and_rules(elb, network, client):
    lb = new_alb(elb, network)["LoadBalancerArn"]
    group = new_group(elb, network)["TargetGroupArn"]
    other = new_group(elb, network, name="other")["TargetGroupArn"]
    listener = elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=forward(group),
                                   Tags=[{"Key": "k", "Value": "v"}])["Listeners"][0]
    assert listener["ListenerArn"].split(":")[5].startswith("listener/app/web/")
    action = listener["DefaultActions"][0]
    assert action["TargetGroupArn"] == group and action["ForwardConfig"]["TargetGroups"] == \
        [{"TargetGroupArn": group, "Weight": 1}]
    again = elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=forward(group))
    assert again["Listeners"][0]["ListenerArn"] == listener["ListenerArn"]
    raises("DuplicateListener", 400, elb.create_listener, LoadBalancerArn=lb, Protocol="HTTP", Port=80,
           DefaultActions=forward(other))
    raises("ValidationError", 400, elb.create_listener, LoadBalancerArn=lb, Protocol="HTTPS", Port=443,
           DefaultActions=forward(group))
    raises("ValidationError", 400, elb.create_listener, LoadBalancerArn=lb, Protocol="TCP", Port=81,
           DefaultActions=forward(group))
    raises("TargetGroupNotFound", 400, elb.create_listener, LoadBalancerArn=lb, Protocol="HTTP", Port=82,
           DefaultActions=forward(group + "0"))
    assert elb.describe_target_groups(LoadBalancerArn=lb)["TargetGroups"][0]["LoadBalancerArns"] == [lb]
    raises("ResourceInUse", 400, elb.delete_target_group, TargetGroupArn=group)

    arn = listener["ListenerArn"]
    rules = elb.describe_rules(ListenerArn=arn)["Rules"]
    assert [(r["Priority"], r["IsDefault"], r["Conditions"]) for r in rules] == [("default", True, [])]
    rule = elb.create_rule(ListenerArn=arn, Priority=10, Actions=forward(other), Conditions=[
        {"Field": "path-pattern", "PathPatternConfig": {"Values": ["/api/*", "/v2/*"]}},
        {"Field": "host-header", "Values": ["api.example.com"]}])["Rules"][0]
    assert rule["Conditions"][0]["Values"] == ["/api/*", "/v2/*"] and rule["IsDefault"] is False
    raises("PriorityInUse", 400, elb.create_rule, ListenerArn=arn, Priority=10, Actions=forward(other),
           Conditions=[{"Field": "path-pattern", "Values": ["/x"]}])
    six = [{"Field": "path-pattern", "PathPatternConfig": {"Values": [f"/{i}" for i in range(6)]}}]
    raises("ValidationError", 400, elb.create_rule, ListenerArn=arn, Priority=11, Actions=forward(other), Conditions=six)
    raises("ValidationError", 400, client("elbv2", validate=False).create_rule, ListenerArn=arn, Priority=50001,
           Actions=forward(other), Conditions=[{"Field": "path-pattern", "Values": ["/x"]}])
    second = elb.create_rule(ListenerArn=arn, Priority=20, Actions=forward(other),
                             Conditions=[{"Field": "path-pattern", "Values": ["/b"]}])["Rules"][0]
    raises("PriorityInUse", 400, elb.set_rule_priorities, RulePriorities=[{"RuleArn": second["RuleArn"], "Priority": 10}])
    swapped = elb.set_rule_priorities(RulePriorities=[{"RuleArn": second["RuleArn"], "Priority": 10},
                                                      {"RuleArn": rule["RuleArn"], "Priority": 30}])
    assert {r["RuleArn"]: r["Priority"] for r in swapped["Rules"]} == {second["RuleArn"]: "10", rule["RuleArn"]: "30"}
    assert [r["Priority"] for r in elb.describe_rules(ListenerArn=arn)["Rules"]] == ["10", "30", "default"]
    modified = elb.modify_rule(RuleArn=rule["RuleArn"], Conditions=[{"Field": "host-header", "Values": ["b.example"]}])
    assert modified["Rules"][0]["Conditions"][0]["HostHeaderConfig"] == {"Values": ["b.example"]}
    default_rule = rules[0]["RuleArn"]
    raises("OperationNotPermitted", 400, elb.delete_rule, RuleArn=default_rule)
    elb.delete_rule(RuleArn=second["RuleArn"])
    raises("RuleNotFound", 400, elb.delete_rule, RuleArn=second["RuleArn"])

    changed = elb.modify_listener(ListenerArn=arn, Port=8080, DefaultActions=forward(other))["Listeners"][0]
    assert changed["Port"] == 8080 and changed["DefaultActions"][0]["TargetGroupArn"] == other
    elb.delete_target_group(TargetGroupArn=group)  # nothing forwards to it any more
    second_lb = new_alb(elb, network, name="web2")["LoadBalancerArn"]
    raises("TargetGroupAssociationLimit", 400, elb.create_listener, LoadBalancerArn=second_lb, Protocol="HTTP",
           Port=80, DefaultActions=forward(other))
    elb.delete_load_balancer(LoadBalancerArn=lb)  # takes its listener and rules with it
    raises("ListenerNotFound", 400, elb.describe_listeners, ListenerArns=[arn])
    raises("RuleNotFound", 400, elb.describe_rules, RuleArns=[rule["RuleArn"]])
    assert elb.describe_target_groups(Names=["other"])["TargetGroups"][0]["LoadBalancerArns"] == []


def test_tags(elb, network):
    lb = new_alb(elb, network)["LoadBalancerArn"]
    group = new_group(elb, network)["TargetGroupArn"]
    elb.add_tags(ResourceArns=[lb, group], Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    elb.remove_tags(ResourceArns=[lb], TagKeys=["a"])
    described = elb.describe_tags(ResourceArns=[lb, group])["TagDescriptions"]
    assert [(d["ResourceArn"], d["Tags"]) for d in described] == [
        (lb, [{"Key": "b", "Value": "2"}]), (group, [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])]
    raises("ValidationError", 400, elb.describe_tags, ResourceArns=[lb] * 21)
    raises("LoadBalancerNotFound", 400, elb.describe_tags, ResourceArns=[lb + "0"])
    raises("DuplicateTagKeys", 400, elb.add_tags, ResourceArns=[lb], Tags=[{"Key": "x", "Value": "1"},
                                                                           {"Key": "x", "Value": "2"}])
    raises("TooManyTags", 400, elb.add_tags, ResourceArns=[lb],
           Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])


def test_target_health(elb, network, fake, client):
    instance = client("ec2").run_instances(ImageId="ami-0fakeaws0000000a", MinCount=1, MaxCount=1,
                                           SubnetId=network["subnets"][0])["Instances"][0]["InstanceId"]
    group = new_group(elb, network, TargetType="instance")["TargetGroupArn"]
    elb.register_targets(TargetGroupArn=group, Targets=[{"Id": instance}])
    raises("InvalidTarget", 400, elb.register_targets, TargetGroupArn=group, Targets=[{"Id": "i-00000000000000001"}])

    def health():
        return [d["TargetHealth"]["State"] for d in elb.describe_target_health(TargetGroupArn=group)
                ["TargetHealthDescriptions"]]
    assert health() == ["unused"]  # no load balancer forwards to the group yet
    lb = new_alb(elb, network)["LoadBalancerArn"]
    elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=forward(group))
    assert health() == ["initial"]
    release(fake, "elbv2_provisioning_seconds")
    release(fake, "elbv2_target_registration_seconds")
    assert health() == ["healthy"]
    elb.deregister_targets(TargetGroupArn=group, Targets=[{"Id": instance}])
    assert health() == []
    raises("InvalidTarget", 400, elb.deregister_targets, TargetGroupArn=group, Targets=[{"Id": instance}])


def test_cli_elbv2(aws_batch, elb, network):
    run = aws_batch
    code, out = run("elbv2", "create-load-balancer", "--name", "cli", "--subnets", *network["subnets"][:2],
                    "--tags", "Key=env,Value=test")
    assert code == 0 and out["LoadBalancers"][0]["State"]["Code"] == "provisioning"
    lb = out["LoadBalancers"][0]["LoadBalancerArn"]
    code, out = run("elbv2", "create-target-group", "--name", "cli-tg", "--protocol", "HTTP", "--port", "80",
                    "--vpc-id", network["vpc"], "--target-type", "ip", "--health-check-path", "/up")
    assert code == 0 and out["TargetGroups"][0]["HealthCheckPath"] == "/up"
    group = out["TargetGroups"][0]["TargetGroupArn"]
    code, out = run("elbv2", "create-listener", "--load-balancer-arn", lb, "--protocol", "HTTP", "--port", "80",
                    "--default-actions", f"Type=forward,TargetGroupArn={group}")
    assert code == 0
    code, out = run("elbv2", "describe-rules", "--listener-arn", out["Listeners"][0]["ListenerArn"])
    assert code == 0 and out["Rules"][0]["IsDefault"] is True
    code, out = run("elbv2", "describe-tags", "--resource-arns", lb)
    assert out["TagDescriptions"][0]["Tags"] == [{"Key": "env", "Value": "test"}]
    code, out = run("elbv2", "describe-load-balancers", "--names", "cli")
    assert code == 0 and out["LoadBalancers"][0]["DNSName"].startswith("cli-")
    code, err = run("elbv2", "describe-load-balancers", "--names", "nope")
    assert code != 0 and "LoadBalancerNotFound" in err
