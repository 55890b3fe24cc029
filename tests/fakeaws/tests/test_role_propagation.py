"""IAM propagation delay: a role younger than `iam_role_propagation_seconds` exists in IAM but
Lambda, CodeBuild and ECS cannot assume it yet, and each refuses it in its own words."""
import json

import pytest

from .conftest import error_of, release
from .test_codebuild import ENVIRONMENT
from .test_ecs import task
from .test_elbv2 import forward, network, new_alb, new_group  # noqa: F401 (network is a fixture)
from .test_lambda import zipped

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                             "Principal": {"Service": "lambda.amazonaws.com"}}]})


@pytest.fixture
def propagating(fake, client):
    """New roles need a minute before services can assume them; back to 0 after the test."""
    fake.control("POST", "/_fake/config", {"iam_role_propagation_seconds": 60, "lambda_pending_seconds": 0,
                                           "lambda_updating_seconds": 0, "elbv2_provisioning_seconds": 0})
    yield lambda name: client("iam").create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    release(fake, "iam_role_propagation_seconds")


def refused(call, **kwargs):
    """(code, status, message) of the failure call(**kwargs) must end in."""
    with pytest.raises(Exception) as e:
        call(**kwargs)
    return (*error_of(e), e.value.response["Error"]["Message"])


def test_lambda_waits_for_the_role(propagating, client, fake):
    lam, role = client("lambda"), propagating("fresh")
    create = dict(FunctionName="fn", Runtime="python3.9", Role=role, Handler="index.handler",
                  Code={"ZipFile": zipped()})
    assert refused(lam.create_function, **create) == (
        "InvalidParameterValueException", 400, "The role defined for the function cannot be assumed by Lambda.")
    release(fake, "iam_role_propagation_seconds")
    lam.create_function(**create)
    fake.control("POST", "/_fake/config", {"iam_role_propagation_seconds": 60})
    newer = propagating("newer")
    assert refused(lam.update_function_configuration, FunctionName="fn", Role=newer)[0] == \
        "InvalidParameterValueException"
    assert lam.update_function_configuration(FunctionName="fn", Timeout=9)["Role"] == role  # role unchanged


def test_codebuild_waits_for_the_role(propagating, client, fake):
    codebuild, role = client("codebuild"), propagating("build")
    project = dict(name="app", source={"type": "NO_SOURCE", "buildspec": "version: 0.2"},
                   artifacts={"type": "NO_ARTIFACTS"}, environment=ENVIRONMENT, serviceRole=role)
    assert refused(codebuild.create_project, **project) == (
        "InvalidInputException", 400, f"CodeBuild is not authorized to perform: sts:AssumeRole on {role}")
    release(fake, "iam_role_propagation_seconds")
    assert codebuild.create_project(**project)["project"]["serviceRole"] == role
    fake.control("POST", "/_fake/config", {"iam_role_propagation_seconds": 60})
    newer = propagating("build2")
    assert refused(codebuild.update_project, name="app", serviceRole=newer)[0] == "InvalidInputException"


def test_ecs_service_role_waits(propagating, client, fake, network):  # noqa: F811
    elb, ecs = client("elbv2"), client("ecs")
    lb = new_alb(elb, network)["LoadBalancerArn"]
    group = new_group(elb, network, TargetType="instance", Port=80)["TargetGroupArn"]
    elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=forward(group))
    ecs.create_cluster(clusterName="ec2")
    ecs.register_task_definition(**task(requiresCompatibilities=["EC2"], networkMode="bridge", drop=("cpu", "memory"),
                                        containerDefinitions=[{"name": "web", "image": "nginx", "memory": 256,
                                                               "portMappings": [{"containerPort": 80}]}]))
    role = propagating("ecs-service")
    service = dict(cluster="ec2", serviceName="web", taskDefinition="web", desiredCount=1, launchType="EC2",
                   role=role, loadBalancers=[{"targetGroupArn": group, "containerName": "web", "containerPort": 80}])
    code, status, message = refused(ecs.create_service, **service)
    assert (code, status) == ("InvalidParameterException", 400) and message.startswith("Unable to assume role")
    release(fake, "iam_role_propagation_seconds")
    release(fake, "ecs_deployment_seconds")
    created = ecs.create_service(**service)["service"]
    assert created["roleArn"] == role
    # No container instances in the fake: EC2 tasks are never placed, and ECS says why.
    placed = ecs.describe_services(cluster="ec2", services=["web"])["services"][0]
    assert (placed["runningCount"], placed["deployments"][0]["rolloutState"]) == (0, "IN_PROGRESS")
    assert "No Container Instances were found in your cluster" in placed["events"][0]["message"]
