"""ECS and Lambda through the daemon binary against the fake AWS: per type, ownership tags set
at creation, a steady cycle that writes nothing, drift corrected, a create-only edit
NeedsReplacement, and deletion in dependency order. A task definition's change is a new
revision (the old one deregistered) that its service rolls out; a function's code is
deployed when its zip's SHA-256 changes, and Lambda's Pending and InProgress states are waited
out, never met with a refused update."""

import base64
import hashlib
import io
import json
import shutil
import zipfile

import pytest

from harness import REPO, wait_every_resource, wait_until, write_atomically
from test_engine import resource, wait_state

DELETE = {"DeletionPolicy": "Delete"}
EXECUTION_ROLE = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"


@pytest.fixture
def quick(fake):
    """Deployments, draining and Lambda's states settle quickly; restored for the next test."""
    before = fake.control("GET", "/_fake/config")
    fake.control("POST", "/_fake/config", {key: 0.3 for key in before
                                           if key.startswith(("ecs_", "lambda_"))})
    yield
    fake.control("POST", "/_fake/config", before)


def drop(daemon, resources, name="stack.json"):
    write_atomically(daemon.desired / name, json.dumps({"Resources": resources}))


def cycles_pass(daemon, count=2):
    cycles = daemon.get("/v1/status").json()["cycles"]
    wait_until(lambda: daemon.get("/v1/status").json()["cycles"] >= cycles + count, timeout=15,
               what=f"{count} more cycles")


def one_cycle_calls(daemon, fake, service):
    """The calls of `service` in one whole cycle of a daemon polling every second: from the end
    of one cycle to the end of the next."""
    cycles = lambda: daemon.get("/v1/status").json()["cycles"]
    start = cycles()
    wait_until(lambda: cycles() > start, timeout=15, what="the end of a cycle")
    fake.control("POST", "/_fake/calls/reset")
    wait_until(lambda: cycles() > start + 1, timeout=15, what="the end of the next cycle")
    return fake.calls()["counts"].get(service, {})


def network():
    return {
        "AppVpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.3.0.0/16"}, **DELETE},
        "AppSubnet": {"Type": "AWS::EC2::Subnet", "Properties": {
            "VpcId": {"Ref": "AppVpc"}, "CidrBlock": "10.3.1.0/24",
            "AvailabilityZone": "us-east-1a"}, **DELETE},
        "AppGroup": {"Type": "AWS::EC2::SecurityGroup", "Properties": {
            "GroupName": "app", "GroupDescription": "app tasks", "VpcId": {"Ref": "AppVpc"},
            "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80,
                                      "CidrIp": "0.0.0.0/0"}]}, **DELETE},
    }


def containers(greeting="hello", launch_type="FARGATE"):
    web = {"Name": "web", "Image": "nginx:1.25", "Essential": True,
           "PortMappings": [{"ContainerPort": 80}],
           # Out of order on purpose: ECS may answer the environment in any order.
           "Environment": [{"Name": "GREETING", "Value": greeting}, {"Name": "APP", "Value": "web"}],
           "LogConfiguration": {"LogDriver": "awslogs", "Options": {
               "awslogs-group": "/ecs/web", "awslogs-region": "us-east-1",
               "awslogs-stream-prefix": "web"}}}
    return {
        "Apps": {"Type": "AWS::ECS::Cluster", "Properties": {
            "ClusterName": "apps", "Tags": [{"Key": "team", "Value": "data"}],
            "ClusterSettings": [{"Name": "containerInsights", "Value": "enabled"}]}, **DELETE},
        "WebTask": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
            "Family": "web", "RequiresCompatibilities": ["FARGATE"], "NetworkMode": "awsvpc",
            "Cpu": "256", "Memory": "512", "ExecutionRoleArn": EXECUTION_ROLE,
            "EphemeralStorage": {"SizeInGiB": 21}, "ContainerDefinitions": [web],
            "Tags": [{"Key": "team", "Value": "data"}]}, **DELETE},
        "WebService": {"Type": "AWS::ECS::Service", "Properties": {
            "ServiceName": "web", "Cluster": {"Ref": "Apps"},
            "TaskDefinition": {"Ref": "WebTask"}, "DesiredCount": 1, "LaunchType": launch_type,
            "NetworkConfiguration": {"AwsvpcConfiguration": {
                "Subnets": [{"Ref": "AppSubnet"}], "SecurityGroups": [{"Ref": "AppGroup"}],
                "AssignPublicIp": "ENABLED"}}}, **DELETE},
    }


def ecs_tags(ecs, arn):
    return {t["key"]: t["value"] for t in ecs.list_tags_for_resource(resourceArn=arn)["tags"]}


def ecs_writes(fake):
    return {op: fake.count("ecs", op) for op in (
        "CreateCluster", "RegisterTaskDefinition", "CreateService", "UpdateService",
        "UpdateClusterSettings", "DeregisterTaskDefinition", "TagResource", "UntagResource")}


def test_ecs_cluster_task_definition_and_service(make_daemon, fake, quick):
    daemon = make_daemon({"poll_interval": "1s"}).start()
    drop(daemon, {**network(), **containers()})
    for logical_id in ("Apps", "WebTask", "WebService"):
        wait_state(daemon, logical_id, "Ready", timeout=30)
    ecs = fake.boto3("ecs")
    cluster = ecs.describe_clusters(clusters=["apps"], include=["SETTINGS"])["clusters"][0]
    assert cluster["settings"] == [{"name": "containerInsights", "value": "enabled"}]
    definition = ecs.describe_task_definition(taskDefinition="web")["taskDefinition"]
    assert definition["revision"] == 1 and definition["cpu"] == "256"
    assert definition["ephemeralStorage"] == {"sizeInGiB": 21}
    options = definition["containerDefinitions"][0]["logConfiguration"]["options"]
    assert options["awslogs-stream-prefix"] == "web", "the user's option keys keep their case"
    service = ecs.describe_services(cluster="apps", services=["web"])["services"][0]
    assert service["taskDefinition"] == definition["taskDefinitionArn"]
    assert resource(daemon, "WebService")["physical_id"] == service["serviceArn"]
    assert resource(daemon, "WebTask")["physical_id"] == definition["taskDefinitionArn"]
    for arn, logical_id in ((cluster["clusterArn"], "Apps"),
                            (definition["taskDefinitionArn"], "WebTask"),
                            (service["serviceArn"], "WebService")):
        tags = ecs_tags(ecs, arn)
        assert tags["awsreconciled:logical-id"] == logical_id
    assert ecs_tags(ecs, cluster["clusterArn"])["team"] == "data"
    assert fake.count("ecs", "TagResource") == 0, "tags go in with the create calls"

    # A steady cycle writes nothing.
    before = ecs_writes(fake)
    cycles_pass(daemon)
    assert ecs_writes(fake) == before

    # Drift: the service scaled at the console comes back to 1.
    ecs.update_service(cluster="apps", service="web", desiredCount=3)
    wait_until(lambda: ecs.describe_services(cluster="apps", services=["web"])["services"][0][
        "desiredCount"] == 1, timeout=20, what="desired count back to 1")

    # A changed container is a new revision; the old one is deregistered and the service
    # rolls a deployment onto the new one.
    drop(daemon, {**network(), **containers(greeting="bonjour")})
    wait_until(lambda: ecs.describe_services(cluster="apps", services=["web"])["services"][0][
        "taskDefinition"].endswith("task-definition/web:2"), timeout=30, what="service on :2")
    wait_state(daemon, "WebService", "Ready", timeout=30)
    old = ecs.describe_task_definition(taskDefinition="web:1")["taskDefinition"]
    assert old["status"] == "INACTIVE"
    new = ecs.describe_task_definition(taskDefinition="web:2", include=["TAGS"])
    assert {t["key"]: t["value"] for t in new["tags"]}["awsreconciled:logical-id"] == "WebTask"
    assert resource(daemon, "WebTask")["physical_id"].endswith(":web:2") or \
        resource(daemon, "WebTask")["physical_id"].endswith("/web:2")
    before = ecs_writes(fake)
    cycles_pass(daemon)
    assert ecs_writes(fake) == before, "the new revision is steady too"

    # A create-only edit is reported and touches nothing.
    drop(daemon, {**network(), **containers(greeting="bonjour", launch_type="EC2")})
    replaced = wait_state(daemon, "WebService", "NeedsReplacement")
    assert "/LaunchType" in replaced["message"]

    # The file goes: the service first (deleted with force), then the task definition and the
    # cluster once the service has drained.
    drop(daemon, network())
    wait_until(lambda: not ecs.list_clusters()["clusterArns"], timeout=30, what="cluster gone")
    assert ecs.list_task_definitions(status="ACTIVE")["taskDefinitionArns"] == []
    service = ecs.describe_services(cluster="apps", services=["web"])["services"][0]
    assert service["status"] in ("DRAINING", "INACTIVE")
    for logical_id in ("Apps", "WebTask", "WebService"):
        wait_state(daemon, logical_id, "Deleted", timeout=20)


def zip_of(text):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", text)
    return buffer.getvalue()


def code_sha256(data):
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


LAMBDA_TRUST = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
    "Action": "sts:AssumeRole"}]}


def function_stack(memory=128, timeout=10, greeting="hello", principal="123456789012",
                   children=True):
    url_and_permission = {
        "ProxyUrl": {"Type": "AWS::Lambda::Url", "Properties": {
            "TargetFunctionArn": {"Ref": "Proxy"}, "AuthType": "AWS_IAM",
            "Cors": {"AllowOrigins": ["https://example.com"]}}, **DELETE},
        "ProxyInvoke": {"Type": "AWS::Lambda::Permission", "Properties": {
            "FunctionName": {"Fn::GetAtt": ["Proxy", "Arn"]}, "Action": "lambda:InvokeFunctionUrl",
            "Principal": principal, "FunctionUrlAuthType": "AWS_IAM"}, **DELETE},
    } if children else {}
    return {**url_and_permission,
        "FunctionRole": {"Type": "AWS::IAM::Role", "Properties": {
            "RoleName": "proxy-function", "AssumeRolePolicyDocument": LAMBDA_TRUST}, **DELETE},
        "Proxy": {"Type": "AWS::Lambda::Function", "Properties": {
            "FunctionName": "dbt-proxy", "Runtime": "python3.12", "Handler": "handler.main",
            "Role": {"Fn::GetAtt": ["FunctionRole", "Arn"]}, "MemorySize": memory,
            "Timeout": timeout, "Code": {"ZipFile": "fileb://proxy.zip"},
            "Environment": {"Variables": {"GREETING": greeting}},
            "Tags": [{"Key": "team", "Value": "data"}]}, **DELETE},
    }


def test_lambda_function_code_states_and_drift(make_daemon, fake, quick):
    daemon = make_daemon({"poll_interval": "1s"})
    first = zip_of("def main(event, context):\n    return 'one'\n")
    (daemon.desired / "proxy.zip").write_bytes(first)
    # The role is new: Lambda refuses it until IAM has propagated it, which is retried.
    fake.control("POST", "/_fake/config", {"iam_role_propagation_seconds": 3})
    daemon.start()
    drop(daemon, function_stack())
    for logical_id in ("Proxy", "ProxyUrl", "ProxyInvoke"):
        wait_state(daemon, logical_id, "Ready", timeout=30)
    refusals = [c for c in fake.calls()["log"] if c["operation"] == "CreateFunction"
                and c["error"] == "InvalidParameterValueException"]
    assert refusals, "the fresh role was refused at first"
    assert fake.count("lambda", "CreateFunction") == len(refusals) + 1
    aws_lambda = fake.boto3("lambda")
    function = aws_lambda.get_function(FunctionName="dbt-proxy")
    configuration = function["Configuration"]
    assert configuration["CodeSha256"] == code_sha256(first)
    assert configuration["MemorySize"] == 128 and configuration["State"] == "Active"
    assert function["Tags"]["awsreconciled:logical-id"] == "Proxy"
    assert function["Tags"]["team"] == "data"
    # The URL and the statement take no tags: their claims are on the function.
    url = aws_lambda.get_function_url_config(FunctionName="dbt-proxy")
    assert url["AuthType"] == "AWS_IAM" and url["Cors"]["AllowOrigins"] == ["https://example.com"]
    statement = json.loads(aws_lambda.get_policy(FunctionName="dbt-proxy")["Policy"])["Statement"]
    assert [s["Sid"] for s in statement] == ["awsreconciled-ProxyInvoke"]
    assert statement[0]["Principal"] == {"AWS": "arn:aws:iam::123456789012:root"}
    claims = aws_lambda.list_tags(Resource=configuration["FunctionArn"])["Tags"]
    assert claims["awsreconciled:url:"] == "ProxyUrl/Delete"
    assert claims["awsreconciled:permission:awsreconciled-ProxyInvoke"] == "ProxyInvoke/Delete"

    # A steady cycle writes nothing and reads in bulk or per parent: one ListFunctions the
    # three types share, the function's tags as a detail read (within the detail_reads
    # budget), which also hold the claims its URL and permission find there, and the URL and
    # the policy under it.
    cycles_pass(daemon)  # the function's own passes while Lambda settled it are over
    assert one_cycle_calls(daemon, fake, "lambda") == {
        "ListFunctions": 1, "ListTags": 1, "GetFunctionUrlConfig": 1, "GetPolicy": 1}

    # A claim taken off the function at the console is seen at the next detail read of its
    # tags: the URL is someone else's then, and left alone; the claim back, it is ours again.
    arn = configuration["FunctionArn"]
    aws_lambda.untag_resource(Resource=arn, TagKeys=["awsreconciled:url:"])
    conflict = wait_state(daemon, "ProxyUrl", "Conflict", timeout=20)
    assert "without our ownership tags" in conflict["message"]
    aws_lambda.tag_resource(Resource=arn, Tags={"awsreconciled:url:": "ProxyUrl/Delete"})
    wait_state(daemon, "ProxyUrl", "Ready", timeout=20)

    # Drift: a tag changed at the console comes back.
    aws_lambda.tag_resource(Resource=configuration["FunctionArn"], Tags={"team": "other"})
    wait_until(lambda: aws_lambda.list_tags(Resource=configuration["FunctionArn"])["Tags"][
        "team"] == "data", timeout=20, what="tag back to data")

    # Drift: memory changed at the console comes back.
    aws_lambda.update_function_configuration(FunctionName="dbt-proxy", MemorySize=256)
    wait_until(lambda: aws_lambda.get_function_configuration(FunctionName="dbt-proxy")[
        "MemorySize"] == 128, timeout=20, what="memory back to 128")
    # Drift: the URL opened to anyone at the console is closed again.
    aws_lambda.update_function_url_config(FunctionName="dbt-proxy", AuthType="NONE")
    wait_until(lambda: aws_lambda.get_function_url_config(FunctionName="dbt-proxy")[
        "AuthType"] == "AWS_IAM", timeout=20, what="URL back to AWS_IAM")
    # A permission's properties are create-only.
    drop(daemon, function_stack(principal="210987654321"))
    replaced = wait_state(daemon, "ProxyInvoke", "NeedsReplacement")
    assert "/Principal" in replaced["message"]
    # The URL and the permission leave the file: removed, with their claims.
    drop(daemon, function_stack(children=False))
    for logical_id in ("ProxyUrl", "ProxyInvoke"):
        wait_state(daemon, logical_id, "Deleted", timeout=20)
    assert not [k for k in aws_lambda.list_tags(Resource=configuration["FunctionArn"])["Tags"]
                if k.startswith(("awsreconciled:url", "awsreconciled:permission"))]
    raises_not_found = aws_lambda.exceptions.ResourceNotFoundException
    with pytest.raises(raises_not_found):
        aws_lambda.get_function_url_config(FunctionName="dbt-proxy")

    # New code and a new setting at once: the code first, then, once Lambda has finished that
    # update, the configuration; never an update Lambda refuses as in progress.
    second = zip_of("def main(event, context):\n    return 'two'\n")
    (daemon.desired / "proxy.zip").write_bytes(second)
    drop(daemon, function_stack(timeout=30, children=False))
    wait_until(lambda: aws_lambda.get_function_configuration(FunctionName="dbt-proxy")[
        "Timeout"] == 30, timeout=30, what="timeout 30")
    configuration = aws_lambda.get_function_configuration(FunctionName="dbt-proxy")
    assert configuration["CodeSha256"] == code_sha256(second)
    wait_state(daemon, "Proxy", "Ready", timeout=20)
    refused = [c for c in fake.calls()["log"] if c["service"] == "lambda"
               and c["error"] == "ResourceConflictException"]
    assert refused == []

    # The file goes (every resource at once, which the engine holds until approved): the
    # function, then its role.
    drop(daemon, {})
    wait_state(daemon, "Proxy", "Held")
    daemon.post("/v1/deletions/approve")
    wait_until(lambda: not aws_lambda.list_functions()["Functions"], timeout=30,
               what="function gone")
    wait_state(daemon, "Proxy", "Deleted", timeout=20)


EXAMPLE = REPO / "config" / "examples" / "dbt-server"


def write_calls(fake):
    """Every call that is not a read, by service and operation."""
    counts = fake.calls()["counts"]
    return {(service, op): n for service, ops in counts.items() for op, n in ops.items()
            if not op.startswith(("Describe", "List", "Get"))}


def test_the_dbt_server_example_converges_holds_and_goes_in_order(make_daemon, fake, quick):
    # Removing the whole example is 18 deletions, more than the default guard lets through.
    daemon = make_daemon({"poll_interval": "1s", "max_deletions_per_cycle": 50}).start()
    files = sorted(EXAMPLE.glob("*.json"))
    shutil.copy(EXAMPLE / "dbt-proxy.zip", daemon.desired / "dbt-proxy.zip")
    for path in files:
        shutil.copy(path, daemon.desired / path.name)
    resources = {logical_id for path in files
                 for logical_id in json.loads(path.read_text())["Resources"]}
    for logical_id in sorted(resources):
        wait_state(daemon, logical_id, "Ready", timeout=60)

    ecs = fake.boto3("ecs")
    definition = ecs.describe_task_definition(taskDefinition="dbt-server")["taskDefinition"]
    ports = {c["name"]: [m["containerPort"] for m in c["portMappings"]]
             for c in definition["containerDefinitions"]}
    assert ports == {"dbt": [8080], "nginx": [80]}
    service = ecs.describe_services(cluster="dbt-server", services=["dbt-server"])["services"][0]
    assert service["runningCount"] == 1 and service["launchType"] == "FARGATE"
    ec2 = fake.boto3("ec2")
    group = ec2.describe_security_groups(GroupIds=[
        resource(daemon, "DbtServerGroup")["physical_id"]])["SecurityGroups"][0]
    opened = {(p["FromPort"], r["CidrIp"]) for p in group["IpPermissions"] for r in p["IpRanges"]}
    assert opened == {(80, "0.0.0.0/0"), (8080, "10.20.0.0/16")}
    aws_lambda = fake.boto3("lambda")
    url = aws_lambda.get_function_url_config(FunctionName="dbt-server-proxy")
    assert url["AuthType"] == "AWS_IAM"
    assert resource(daemon, "DbtProxyUrl")["physical_id"] == url["FunctionArn"]
    tags = aws_lambda.list_tags(Resource=url["FunctionArn"])["Tags"]
    assert tags["awsreconciled:url:"] == "DbtProxyUrl/Delete", "the URL's claim on its function"

    # A second cycle writes nothing.
    before = write_calls(fake)
    cycles_pass(daemon)
    assert write_calls(fake) == before

    # Deleting the files removes everything, what refers to something before it.
    since = fake.calls()["log"][-1]["time"]
    for path in files:
        (daemon.desired / path.name).unlink()
    wait_every_resource(daemon, "Held")  # every resource left at once: approve it
    daemon.post("/v1/deletions/approve")
    wait_until(lambda: not aws_lambda.list_functions()["Functions"], timeout=60,
               what="function gone")
    wait_until(lambda: not ecs.list_clusters()["clusterArns"], timeout=60, what="cluster gone")
    for logical_id in sorted(resources):
        wait_state(daemon, logical_id, "Deleted", timeout=60)
    log = [(c["service"], c["operation"]) for c in fake.calls()["log"]
           if c["time"] > since and c["error"] is None]
    order = [call for call in log if call in {
        ("ecs", "DeleteService"), ("ecs", "DeregisterTaskDefinition"), ("ecs", "DeleteCluster"),
        ("lambda", "DeleteFunctionUrlConfig"), ("lambda", "DeleteFunction"),
        ("ec2", "DeleteSecurityGroup")}]
    assert order.index(("ecs", "DeleteService")) < order.index(("ecs", "DeleteCluster"))
    assert order.index(("ecs", "DeleteService")) < order.index(("ecs", "DeregisterTaskDefinition"))
    assert order.index(("ecs", "DeleteService")) < order.index(("ec2", "DeleteSecurityGroup"))
    assert order.index(("lambda", "DeleteFunctionUrlConfig")) < order.index(
        ("lambda", "DeleteFunction"))
    assert ecs.list_task_definitions(status="ACTIVE")["taskDefinitionArns"] == []
