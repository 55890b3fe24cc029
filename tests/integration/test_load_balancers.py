"""Elastic Load Balancing v2 and CodeBuild through the daemon binary against the fake AWS: an
application load balancer with two target groups, a listener and a path rule converges with
ownership tags set at creation, a steady cycle writes nothing and reads listeners and rules
only per parent, drift is corrected, a create-only edit NeedsReplacement, a sixth condition
value is the file's mistake, and removing the file deletes rules before listeners before the
load balancer. A CodeBuild project whose new role IAM is still propagating is retried, not
failed."""

import json
import shutil

import pytest

from harness import REPO, wait_every_resource, wait_until, write_atomically
from test_engine import resource, tags_of, wait_state

DELETE = {"DeletionPolicy": "Delete"}
USERS_PATHS = ["/users*", "/ping", "/auth*", "/doc", "/swagger*"]
ELB = "elasticloadbalancing"
ELB_WRITES = ("CreateLoadBalancer", "CreateTargetGroup", "CreateListener", "CreateRule",
              "ModifyTargetGroup", "ModifyListener", "ModifyRule", "SetRulePriorities",
              "SetSubnets", "SetSecurityGroups", "AddTags", "RemoveTags", "DeleteRule",
              "DeleteListener", "DeleteLoadBalancer", "DeleteTargetGroup")


@pytest.fixture
def quick(fake):
    """Load balancers provision in 4 s, roles propagate at once; restored afterwards."""
    before = fake.control("GET", "/_fake/config")
    fake.control("POST", "/_fake/config", {"elbv2_provisioning_seconds": 4,
                                           "iam_role_propagation_seconds": 0})
    yield
    fake.control("POST", "/_fake/config", before)


def network():
    subnet = lambda cidr, zone: {"Type": "AWS::EC2::Subnet", "Properties": {
        "VpcId": {"Ref": "AppVpc"}, "CidrBlock": cidr, "AvailabilityZone": zone}, **DELETE}
    port = lambda number: {"IpProtocol": "tcp", "FromPort": number, "ToPort": number,
                           "CidrIp": "0.0.0.0/0"}
    return {"AppVpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.2.0.0/16"},
                       **DELETE},
            "SubnetA": subnet("10.2.1.0/24", "us-east-1a"),
            "SubnetB": subnet("10.2.2.0/24", "us-east-1b"),
            "WebGroup": {"Type": "AWS::EC2::SecurityGroup", "Properties": {
                "GroupName": "flask-react-security-group", "GroupDescription": "80 and 22",
                "VpcId": {"Ref": "AppVpc"}, "SecurityGroupIngress": [port(80), port(22)]},
                **DELETE}}


def target_group(name, port, path):
    return {"Type": "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties": {
        "Name": name, "TargetType": "instance", "Protocol": "HTTP", "Port": port,
        "VpcId": {"Ref": "AppVpc"}, "HealthCheckPath": path}, **DELETE}


def forward(target):
    return [{"Type": "forward", "TargetGroupArn": {"Ref": target}}]


def balancer(paths=USERS_PATHS, client_port=80):
    return {
        "Alb": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {
            "Name": "flask-react-alb", "Type": "application", "Scheme": "internet-facing",
            "IpAddressType": "ipv4", "Subnets": [{"Ref": "SubnetA"}, {"Ref": "SubnetB"}],
            "SecurityGroups": [{"Ref": "WebGroup"}],
            "Tags": [{"Key": "app", "Value": "flask-react"}]}, **DELETE},
        "ClientTargets": target_group("flask-react-client-tg", client_port, "/"),
        "UsersTargets": target_group("flask-react-users-tg", 5000, "/ping"),
        "HttpListener": {"Type": "AWS::ElasticLoadBalancingV2::Listener", "Properties": {
            "LoadBalancerArn": {"Ref": "Alb"}, "Port": 80, "Protocol": "HTTP",
            "DefaultActions": forward("ClientTargets")}, **DELETE},
        "UsersRule": {"Type": "AWS::ElasticLoadBalancingV2::ListenerRule", "Properties": {
            "ListenerArn": {"Ref": "HttpListener"}, "Priority": 1,
            "Conditions": [{"Field": "path-pattern", "Values": paths}],
            "Actions": forward("UsersTargets")}, **DELETE},
    }


def drop(daemon, name, resources):
    write_atomically(daemon.desired / name, json.dumps({"Resources": resources}))


def cycles(daemon):
    return daemon.get("/v1/status").json()["cycles"]


def wait_cycles(daemon, count):
    start = cycles(daemon)
    wait_until(lambda: cycles(daemon) >= start + count, timeout=15, what=f"{count} more cycles")


def full_cycle(daemon):
    before = cycles(daemon)
    assert daemon.post("/v1/reconcile").status in (200, 202)
    wait_until(lambda: cycles(daemon) > before, timeout=10, what="a full cycle")


def elb_counts(fake):
    return dict(fake.calls()["counts"].get(ELB, {}))


def events(daemon, action):
    return [e for e in daemon.get("/v1/events").json()["events"] if e["action"] == action]


def test_an_application_load_balancer_converges_holds_and_goes_in_dependency_order(
        make_daemon, fake, quick):
    daemon = make_daemon({"poll_interval": "1s"}).start()
    drop(daemon, "network.json", network())
    drop(daemon, "alb.json", balancer())
    # While AWS provisions the balancer it is not ready, and says so.
    wait_until(lambda: "(provisioning)" in (resource(daemon, "Alb") or {}).get("message", ""),
               timeout=15, what="Alb provisioning")
    for logical_id in [*network(), *balancer()]:
        wait_state(daemon, logical_id, "Ready", timeout=30)
    elb = fake.boto3("elbv2")
    alb = elb.describe_load_balancers()["LoadBalancers"][0]
    assert (alb["Scheme"], alb["Type"], alb["State"]["Code"]) == (
        "internet-facing", "application", "active")
    assert len(alb["AvailabilityZones"]) == 2
    listener = elb.describe_listeners(LoadBalancerArn=alb["LoadBalancerArn"])["Listeners"][0]
    rules = elb.describe_rules(ListenerArn=listener["ListenerArn"])["Rules"]
    rule = next(r for r in rules if not r["IsDefault"])
    assert rule["Conditions"][0]["Values"] == USERS_PATHS
    groups = {g["TargetGroupName"]: g for g in elb.describe_target_groups()["TargetGroups"]}
    assert groups["flask-react-users-tg"]["HealthCheckPath"] == "/ping"
    assert rule["Actions"][0]["TargetGroupArn"] == groups["flask-react-users-tg"]["TargetGroupArn"]
    # Ownership tags went in with every create call, listeners and rules included.
    arns = [alb["LoadBalancerArn"], listener["ListenerArn"], rule["RuleArn"],
            *(g["TargetGroupArn"] for g in groups.values())]
    tagged = {d["ResourceArn"]: tags_of(d) for d in
              elb.describe_tags(ResourceArns=arns)["TagDescriptions"]}
    assert [tagged[a]["awsreconciled:logical-id"] for a in arns[:3]] == [
        "Alb", "HttpListener", "UsersRule"]
    assert tagged[alb["LoadBalancerArn"]]["app"] == "flask-react"
    assert elb_counts(fake).get("AddTags", 0) == 0

    # A steady cycle writes nothing and reads listeners and rules per parent only.
    wait_cycles(daemon, 1)
    before = elb_counts(fake)
    wait_cycles(daemon, 2)
    after = elb_counts(fake)
    assert all(after.get(op, 0) == before.get(op, 0) for op in ELB_WRITES), (before, after)
    assert set(after) - set(before) <= {"DescribeListeners", "DescribeRules", "DescribeTags",
                                        "DescribeLoadBalancers", "DescribeTargetGroups"}

    # Drift: a health check path and a rule's paths changed at the console come back.
    elb.modify_target_group(TargetGroupArn=groups["flask-react-users-tg"]["TargetGroupArn"],
                            HealthCheckPath="/other")
    elb.modify_rule(RuleArn=rule["RuleArn"],
                    Conditions=[{"Field": "path-pattern", "Values": ["/changed"]}])
    wait_until(lambda: elb.describe_target_groups(Names=["flask-react-users-tg"])[
        "TargetGroups"][0]["HealthCheckPath"] == "/ping", timeout=20, what="path back")
    wait_until(lambda: elb.describe_rules(RuleArns=[rule["RuleArn"]])["Rules"][0][
        "Conditions"][0]["Values"] == USERS_PATHS, timeout=20, what="rule paths back")
    # Drift in the balancer's tags, read in the cycle's shared read of the balancers.
    elb.add_tags(ResourceArns=[alb["LoadBalancerArn"]], Tags=[{"Key": "app", "Value": "x"}])
    wait_until(lambda: tags_of(elb.describe_tags(ResourceArns=[alb["LoadBalancerArn"]])[
        "TagDescriptions"][0])["app"] == "flask-react", timeout=20, what="balancer tag back")

    # A create-only edit (the client group's port) is reported and touches nothing; a sixth
    # condition value is the file's mistake, named with its field, and not sent.
    modifies = elb_counts(fake).get("ModifyRule", 0)
    drop(daemon, "alb.json", balancer(paths=[*USERS_PATHS, "/admin*"], client_port=8080))
    replaced = wait_state(daemon, "ClientTargets", "NeedsReplacement")
    assert "/Port" in replaced["message"]
    failed = wait_state(daemon, "UsersRule", "Error")
    assert failed["file"].endswith("alb.json")
    assert failed["last_error"]["terminal"]
    assert "Properties/Conditions" in failed["last_error"]["message"]
    assert "6 condition values" in failed["last_error"]["message"]
    assert elb_counts(fake).get("ModifyRule", 0) == modifies

    # The file goes: rules, then listeners, then the balancer and the groups; the network stays.
    (daemon.desired / "alb.json").unlink()
    wait_until(lambda: not elb.describe_load_balancers()["LoadBalancers"]
               and not elb.describe_target_groups()["TargetGroups"], timeout=30,
               what="load balancer and target groups gone")
    order = [e["logical_id"] for e in events(daemon, "deleted")]
    assert order.index("UsersRule") < order.index("HttpListener") < order.index("Alb")
    assert order.index("HttpListener") < order.index("ClientTargets")
    assert order.index("UsersRule") < order.index("UsersTargets")
    wait_state(daemon, "AppVpc", "Ready")


EXAMPLE = REPO / "config" / "examples" / "flask-react-ecs"
EXAMPLE_FILES = sorted(EXAMPLE.glob("*.json"))
EXAMPLE_RESOURCES = {logical_id for path in EXAMPLE_FILES
                     for logical_id in json.loads(path.read_text())["Resources"]}


def test_the_flask_react_example_converges_holds_and_is_removed_in_dependency_order(
        make_daemon, fake, quick):
    daemon = make_daemon({"poll_interval": "1h"}).start()
    for path in EXAMPLE_FILES:
        shutil.copy(path, daemon.desired / path.name)
    for logical_id in sorted(EXAMPLE_RESOURCES):
        wait_state(daemon, logical_id, "Ready", timeout=45)
    full_cycle(daemon)  # one more cycle sees every create listed

    # The tutorial's two image repositories and the build's log group, which the project's
    # LogsConfig names through Ref.
    ecr, logs = fake.boto3("ecr"), fake.boto3("logs")
    repositories = {r["repositoryName"]: r for r in ecr.describe_repositories()["repositories"]}
    assert sorted(repositories) == ["test-driven-client", "test-driven-users"]
    for repository in repositories.values():
        assert repository["imageTagMutability"] == "MUTABLE"
        assert repository["imageScanningConfiguration"]["scanOnPush"] is True
    [group] = logs.describe_log_groups()["logGroups"]
    assert group["logGroupName"] == "/aws/codebuild/flask-react-build"
    assert group["retentionInDays"] == 14
    [project] = fake.boto3("codebuild").batch_get_projects(names=["flask-react-build"])["projects"]
    assert project["logsConfig"]["cloudWatchLogs"]["groupName"] == group["logGroupName"]
    wait_until(lambda: all(daemon.get(f"/v1/resources/{i}").json()["details_read_at"]
                           for i in ("UsersRepository", "ClientRepository", "BuildLogs")),
               timeout=10, what="repositories and log group read whole")

    # A steady cycle writes nothing and reads in bulk or per parent only, besides the
    # repositories' and the log group's tags (below).
    fake.control("POST", "/_fake/calls/reset")
    full_cycle(daemon)
    counts = fake.calls()["counts"]
    operations = [op for service in counts.values() for op in service]
    assert [op for op in operations if not op.startswith(("Describe", "List", "Get", "BatchGet"))] == []
    assert counts["codebuild"] == {"ListProjects": 1, "BatchGetProjects": 1}
    # Listeners and rules are read under their parents, found in the one read of the load
    # balancers and their tags that the three types share (DescribeTags: balancers, target
    # groups, listeners and rules once each); the listener and rule types share each balancer's
    # DescribeListeners.
    assert counts[ELB] == {"DescribeLoadBalancers": 1, "DescribeTargetGroups": 1,
                           "DescribeListeners": 1, "DescribeRules": 1, "DescribeTags": 4}
    # Neither list carries tags, so the ownership tags are detail reads, one per resource
    # (ListTagsForResource: the two repositories, the log group) within the detail_reads
    # budget; no lifecycle policy is set, so none is read.
    assert counts["ecr"] == {"DescribeRepositories": 1, "ListTagsForResource": 2}
    assert counts["logs"] == {"DescribeLogGroups": 1, "ListTagsForResource": 1}
    assert all(r["state"] == "Ready" for r in daemon.get("/v1/resources").json()["resources"])

    # Every file goes: held as a removal of everything, then approved; rules go before
    # listeners before the load balancer, and the project before its role and its log group.
    for path in EXAMPLE_FILES:
        (daemon.desired / path.name).unlink()
    wait_every_resource(daemon, "Held")
    daemon.post("/v1/deletions/approve")
    for logical_id in sorted(EXAMPLE_RESOURCES):
        wait_state(daemon, logical_id, "Deleted", timeout=60)
    order = [e["logical_id"] for e in events(daemon, "deleted")]
    assert order.index("UsersRule") < order.index("HttpListener") < order.index("LoadBalancer")
    assert order.index("HttpListener") < order.index("ClientTargetGroup")
    assert order.index("BuildProject") < order.index("BuildRole") < order.index("BuildBasePolicy")
    assert order.index("BuildProject") < order.index("BuildLogs")
    elb = fake.boto3("elbv2")
    assert elb.describe_load_balancers()["LoadBalancers"] == []
    assert elb.describe_target_groups()["TargetGroups"] == []
    assert fake.boto3("codebuild").list_projects()["projects"] == []
    assert ecr.describe_repositories()["repositories"] == []
    assert logs.describe_log_groups()["logGroups"] == []
