"""ECS (JSON 1.1): clusters, task definitions with Fargate sizing, services whose deployments
roll out on the fake's clock and attach to ELBv2 target groups, tags."""
import json

import pytest

from .aws_cli_batch import aws_batch, aws_cli_server  # noqa: F401 (fixtures)
from .conftest import raises, release
from .test_elbv2 import forward, network, new_alb, new_group  # noqa: F401 (network is a fixture)

HELD = {"ecs_deployment_seconds": 60, "ecs_draining_seconds": 60, "elbv2_provisioning_seconds": 0}
EXECUTION_ROLE = "arn:aws:iam::123456789012:role/exec"
WEB = {"name": "web", "image": "nginx:1.25", "portMappings": [{"containerPort": 80}],
       "environment": [{"name": "MODE", "value": "prod"}],
       "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/web",
                                                               "awslogs-region": "us-east-1"}}}


@pytest.fixture
def ecs(fake, client):
    fake.control("POST", "/_fake/config", HELD)  # deployments wait until a test releases them
    return client("ecs")


def task(drop=(), **changes):
    """RegisterTaskDefinition arguments for a small Fargate web task, changed or without some."""
    base = dict(family="web", requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="256",
                memory="512", executionRoleArn=EXECUTION_ROLE, containerDefinitions=[WEB])
    return {**{k: v for k, v in base.items() if k not in drop}, **changes}


def register(ecs, **changes):
    return ecs.register_task_definition(**task(**changes))["taskDefinition"]


def test_clusters(ecs):
    cluster = ecs.create_cluster(clusterName="apps", tags=[{"key": "team", "value": "a"}],
                                 capacityProviders=["FARGATE"])["cluster"]
    assert cluster["clusterArn"] == "arn:aws:ecs:us-east-1:123456789012:cluster/apps"
    assert cluster["status"] == "ACTIVE" and cluster["capacityProviders"] == ["FARGATE"]
    assert ecs.create_cluster(clusterName="apps")["cluster"]["clusterArn"] == cluster["clusterArn"]
    raises("InvalidParameterException", 400, ecs.create_cluster, clusterName="x", capacityProviders=["EC2-ASG"])
    plain = ecs.describe_clusters(clusters=["apps", "ghost"])
    assert "tags" not in plain["clusters"][0]
    assert plain["failures"] == [{"arn": "arn:aws:ecs:us-east-1:123456789012:cluster/ghost", "reason": "MISSING"}]
    tagged = ecs.describe_clusters(clusters=[cluster["clusterArn"]], include=["TAGS"])["clusters"][0]
    assert tagged["tags"] == [{"key": "team", "value": "a"}]
    ecs.tag_resource(resourceArn=cluster["clusterArn"], tags=[{"key": "env", "value": "prod"}])
    ecs.untag_resource(resourceArn=cluster["clusterArn"], tagKeys=["team"])
    assert ecs.list_tags_for_resource(resourceArn=cluster["clusterArn"])["tags"] == [{"key": "env", "value": "prod"}]
    raises("ClusterNotFoundException", 400, ecs.list_tags_for_resource,
           resourceArn="arn:aws:ecs:us-east-1:123456789012:cluster/ghost")
    ecs.create_cluster(clusterName="other")
    first = ecs.list_clusters(maxResults=1)
    assert len(first["clusterArns"]) == 1 and first["nextToken"]
    assert ecs.list_clusters(nextToken=first["nextToken"])["clusterArns"] == \
        ["arn:aws:ecs:us-east-1:123456789012:cluster/other"]
    assert ecs.delete_cluster(cluster="other")["cluster"]["status"] == "INACTIVE"
    assert ecs.describe_clusters(clusters=["other"])["clusters"][0]["status"] == "INACTIVE"
    assert ecs.list_clusters()["clusterArns"] == [cluster["clusterArn"]]
    raises("ClusterNotFoundException", 400, ecs.delete_cluster, cluster="ghost")
    # Settings change in place, by name.
    updated = ecs.update_cluster_settings(cluster="apps", settings=[
        {"name": "containerInsights", "value": "enabled"}])["cluster"]
    assert updated["settings"] == [{"name": "containerInsights", "value": "enabled"}]
    raises("ClusterNotFoundException", 400, ecs.update_cluster_settings, cluster="ghost",
           settings=[{"name": "containerInsights", "value": "enabled"}])


def test_task_definitions(ecs):
    first = register(ecs, tags=[{"key": "app", "value": "web"}])
    assert first["taskDefinitionArn"] == "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1"
    assert first["compatibilities"] == ["EC2", "FARGATE"] and (first["cpu"], first["memory"]) == ("256", "512")
    container = first["containerDefinitions"][0]
    assert container["portMappings"] == [{"containerPort": 80, "hostPort": 80, "protocol": "tcp"}]
    assert container["essential"] is True and container["environment"] == WEB["environment"]
    second = register(ecs, cpu="1 vCPU", memory="2 GB", ephemeralStorage={"sizeInGiB": 30})
    assert (second["revision"], second["cpu"], second["memory"]) == (2, "1024", "2048")
    refused = [task(cpu="256", memory="4096"), task(networkMode="bridge"), task(ephemeralStorage={"sizeInGiB": 20}),
               task(family="bad name"), task(containerDefinitions=[]), task(drop=("executionRoleArn",)),
               task(drop=("cpu",)), task(containerDefinitions=[{**WEB, "memory": 1024}]),
               task(containerDefinitions=[{**WEB, "portMappings": [{"containerPort": 80, "hostPort": 8080}]}]),
               task(networkMode="bridge", requiresCompatibilities=["EC2"], drop=("memory",))]
    for args in refused:
        raises("ClientException", 400, ecs.register_task_definition, **args)
    with pytest.raises(Exception) as e:
        register(ecs, cpu="256", memory="4096")
    assert "No Fargate configuration exists for given values: 256 CPU, 4096 memory" in str(e.value)

    described = ecs.describe_task_definition(taskDefinition="web", include=["TAGS"])
    assert described["taskDefinition"]["revision"] == 2 and described["tags"] == []
    assert ecs.describe_task_definition(taskDefinition="web:1", include=["TAGS"])["tags"] == \
        [{"key": "app", "value": "web"}]
    raises("ClientException", 400, ecs.describe_task_definition, taskDefinition="web:9")
    register(ecs, family="worker")
    assert ecs.list_task_definitions(familyPrefix="web")["taskDefinitionArns"] == \
        [first["taskDefinitionArn"], second["taskDefinitionArn"]]
    page = ecs.list_task_definitions(maxResults=2, sort="DESC")
    assert page["taskDefinitionArns"][0].endswith("worker:1") and page["nextToken"]
    assert ecs.list_task_definition_families(familyPrefix="w")["families"] == ["web", "worker"]

    gone = ecs.deregister_task_definition(taskDefinition="web:2")["taskDefinition"]
    assert gone["status"] == "INACTIVE" and "deregisteredAt" in gone
    assert ecs.describe_task_definition(taskDefinition="web:2")["taskDefinition"]["status"] == "INACTIVE"
    assert ecs.describe_task_definition(taskDefinition="web")["taskDefinition"]["revision"] == 1
    assert ecs.list_task_definitions(status="INACTIVE")["taskDefinitionArns"] == [second["taskDefinitionArn"]]
    raises("ClientException", 400, ecs.deregister_task_definition, taskDefinition="web")
    ecs.deregister_task_definition(taskDefinition=first["taskDefinitionArn"])
    assert ecs.list_task_definition_families(status="INACTIVE")["families"] == ["web"]
    assert register(ecs)["revision"] == 3  # revisions are never reused


@pytest.fixture
def web_target(client, network):  # noqa: F811 (network is the ELBv2 tests' fixture)
    elb = client("elbv2")
    lb = new_alb(elb, network)["LoadBalancerArn"]
    group = new_group(elb, network, Port=80)["TargetGroupArn"]
    elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=forward(group))
    return group


def awsvpc(network):  # noqa: F811
    return {"awsvpcConfiguration": {"subnets": network["subnets"][:2], "securityGroups": [network["group"]],
                                    "assignPublicIp": "ENABLED"}}


def new_service(ecs, network, target, name="web", **extra):  # noqa: F811
    args = dict(cluster="apps", serviceName=name, taskDefinition="web", desiredCount=2, launchType="FARGATE",
                networkConfiguration=awsvpc(network), propagateTags="SERVICE", enableECSManagedTags=True,
                loadBalancers=[{"targetGroupArn": target, "containerName": "web", "containerPort": 80}],
                tags=[{"key": "svc", "value": name}])
    return ecs.create_service(**{**args, **extra})["service"]


def test_service_deployments(ecs, fake, network, web_target, client):  # noqa: F811
    ecs.create_cluster(clusterName="apps")
    register(ecs)
    raises("InvalidParameterException", 400, new_service, ecs=ecs, network=network, target=web_target,
           networkConfiguration={})
    raises("InvalidParameterException", 400, new_service, ecs=ecs, network=network, target=web_target,
           loadBalancers=[{"targetGroupArn": web_target, "containerName": "web", "containerPort": 8080}])
    raises("InvalidParameterException", 400, new_service, ecs=ecs, network=network, target=web_target,
           role="arn:aws:iam::123456789012:role/ecs")
    loose = new_group(client("elbv2"), network, name="loose", Port=80)["TargetGroupArn"]
    with pytest.raises(Exception) as e:
        new_service(ecs, network, loose)
    assert "does not have an associated load balancer" in str(e.value)
    raises("ClusterNotFoundException", 400, new_service, ecs=ecs, network=network, target=web_target, cluster="nope")

    service = new_service(ecs, network, web_target)
    assert service["serviceArn"] == "arn:aws:ecs:us-east-1:123456789012:service/apps/web"
    assert service["tags"] == [{"key": "svc", "value": "web"}] and service["propagateTags"] == "SERVICE"
    assert service["roleArn"].endswith("role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS")
    [deployment] = service["deployments"]
    assert (deployment["status"], deployment["rolloutState"], deployment["runningCount"]) == ("PRIMARY", "IN_PROGRESS", 0)
    raises("InvalidParameterException", 400, new_service, ecs=ecs, network=network, target=web_target)
    release(fake, "ecs_deployment_seconds")
    steady = ecs.describe_services(cluster="apps", services=["web"])["services"][0]
    assert (steady["runningCount"], steady["deployments"][0]["rolloutState"]) == (2, "COMPLETED")
    assert steady["events"][0]["message"] == "(service web) has reached a steady state."
    assert "tags" not in steady
    assert ecs.describe_clusters(clusters=["apps"])["clusters"][0]["runningTasksCount"] == 2

    fake.control("POST", "/_fake/config", HELD)
    register(ecs, containerDefinitions=[{**WEB, "image": "nginx:1.26"}])
    updated = ecs.update_service(cluster="apps", service="web", taskDefinition="web")["service"]
    assert [(d["status"], d["taskDefinition"].split("/")[-1], d["rolloutState"]) for d in updated["deployments"]] == \
        [("PRIMARY", "web:2", "IN_PROGRESS"), ("ACTIVE", "web:1", "COMPLETED")]
    assert updated["runningCount"] == 2  # the old tasks keep serving during the rollout
    release(fake, "ecs_deployment_seconds")
    done = ecs.describe_services(cluster="apps", services=[updated["serviceArn"]])["services"][0]
    assert [d["status"] for d in done["deployments"]] == ["PRIMARY"]
    scaled = ecs.update_service(cluster="apps", service="web", desiredCount=3)["service"]
    assert len(scaled["deployments"]) == 1 and scaled["runningCount"] == 3

    for i in range(2):
        new_service(ecs, network, web_target, name=f"s{i}", loadBalancers=[])
    first = ecs.list_services(cluster="apps", maxResults=2)
    assert len(first["serviceArns"]) == 2 and first["nextToken"]
    assert len(ecs.list_services(cluster="apps", nextToken=first["nextToken"])["serviceArns"]) == 1
    raises("InvalidParameterException", 400, ecs.describe_services, cluster="apps", services=["web"] * 11)
    missing = ecs.describe_services(cluster="apps", services=["web", "ghost"])
    assert missing["failures"] == [{"arn": "arn:aws:ecs:us-east-1:123456789012:service/apps/ghost", "reason": "MISSING"}]

    fake.control("POST", "/_fake/config", HELD)
    raises("InvalidParameterException", 400, ecs.delete_service, cluster="apps", service="web")
    assert ecs.delete_service(cluster="apps", service="web", force=True)["service"]["status"] == "DRAINING"
    raises("ServiceNotActiveException", 400, ecs.update_service, cluster="apps", service="web", desiredCount=1)
    for name in ("s0", "s1"):
        ecs.update_service(cluster="apps", service=name, desiredCount=0)
        ecs.delete_service(cluster="apps", service=name)
    raises("ClusterContainsServicesException", 400, ecs.delete_cluster, cluster="apps")
    release(fake, "ecs_draining_seconds")
    assert ecs.describe_services(cluster="apps", services=["web"])["services"][0]["status"] == "INACTIVE"
    assert ecs.list_services(cluster="apps")["serviceArns"] == []
    raises("ServiceNotFoundException", 400, ecs.update_service, cluster="apps", service="ghost", desiredCount=1)
    assert ecs.delete_cluster(cluster="apps")["cluster"]["status"] == "INACTIVE"


def test_cli_ecs(aws_batch, ecs, network, web_target, tmp_path):  # noqa: F811
    run = aws_batch
    assert run("ecs", "create-cluster", "--cluster-name", "cli", "--tags", "key=env,value=test")[0] == 0
    spec = tmp_path / "task.json"
    spec.write_text(json.dumps({"family": "cli", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc",
                                "cpu": "512", "memory": "1024", "executionRoleArn": EXECUTION_ROLE,
                                "containerDefinitions": [WEB]}))
    code, out = run("ecs", "register-task-definition", "--cli-input-json", f"file://{spec}")
    assert code == 0 and out["taskDefinition"]["revision"] == 1
    code, out = run("ecs", "create-service", "--cluster", "cli", "--service-name", "api", "--task-definition", "cli",
                    "--desired-count", "1", "--launch-type", "FARGATE", "--network-configuration",
                    json.dumps(awsvpc(network)), "--load-balancers",
                    f"targetGroupArn={web_target},containerName=web,containerPort=80")
    assert code == 0 and out["service"]["deployments"][0]["rolloutState"] == "IN_PROGRESS"
    code, out = run("ecs", "describe-services", "--cluster", "cli", "--services", "api", "--include", "TAGS")
    assert code == 0 and out["services"][0]["desiredCount"] == 1
    code, out = run("ecs", "list-task-definitions", "--family-prefix", "cli")
    assert out["taskDefinitionArns"] == ["arn:aws:ecs:us-east-1:123456789012:task-definition/cli:1"]
    code, err = run("ecs", "delete-service", "--cluster", "cli", "--service", "api")
    assert code != 0 and "InvalidParameterException" in err
    code, err = run("ecs", "register-task-definition", "--family", "bad", "--requires-compatibilities", "FARGATE",
                    "--network-mode", "awsvpc", "--cpu", "256", "--memory", "4096",
                    "--container-definitions", json.dumps([{"name": "c", "image": "i"}]))
    assert code != 0 and "No Fargate configuration exists" in err
