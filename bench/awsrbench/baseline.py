"""The per-resource way of checking steady state, as Terraform-style tools refresh: one
describe call per resource. Measured in full with boto3, and on a sample with the AWS CLI."""

import os
import random
import subprocess
import time

from .procs import FAKE_ENV

# How one resource of a type is read by itself: (boto3 client, method, id parameter, CLI words).
PER_RESOURCE_READ = {
    "AWS::EC2::VPC": ("ec2", "describe_vpcs", "VpcIds", ["ec2", "describe-vpcs", "--vpc-ids"]),
    "AWS::EC2::SecurityGroup": ("ec2", "describe_security_groups", "GroupIds",
                                ["ec2", "describe-security-groups", "--group-ids"]),
    "AWS::EC2::Subnet": ("ec2", "describe_subnets", "SubnetIds",
                         ["ec2", "describe-subnets", "--subnet-ids"]),
    "AWS::IAM::Group": ("iam", "get_group", "GroupName", ["iam", "get-group", "--group-name"]),
    "AWS::IAM::User": ("iam", "get_user", "UserName", ["iam", "get-user", "--user-name"]),
    "AWS::IAM::Role": ("iam", "get_role", "RoleName", ["iam", "get-role", "--role-name"]),
}
AWS_CLI = "/usr/bin/aws"  # the first aws on PATH is a pyenv one


def readable(resources):
    """(type, physical id, region) of every resource a per-resource read is known for."""
    return [(r["type"], r["physical_id"], r.get("region") or "us-east-1") for r in resources
            if r.get("physical_id") and r["type"] in PER_RESOURCE_READ]


def argument(parameter, physical_id):
    return [physical_id] if parameter.endswith("Ids") else physical_id


def with_boto3(fake, resources):
    clients = {}
    fake.reset_calls()
    started = time.perf_counter()
    for type_name, physical_id, region in resources:
        service, method, parameter, _ = PER_RESOURCE_READ[type_name]
        client = clients.get((service, region)) or clients.setdefault((service, region),
                                                                      fake.boto3(service, region))
        getattr(client, method)(**{parameter: argument(parameter, physical_id)})
    seconds = time.perf_counter() - started
    return {"resources": len(resources), "aws_calls": fake.calls()["total"],
            "seconds": round(seconds, 3), "extrapolated": False}


def with_cli(fake, resources, sample):
    """Times `sample` CLI calls and extrapolates to every resource: labelled as such."""
    chosen = random.Random(3).sample(resources, min(sample, len(resources)))
    env = dict(os.environ, AWS_DEFAULT_REGION="us-east-1", **FAKE_ENV)
    fake.reset_calls()
    started = time.perf_counter()
    for type_name, physical_id, region in chosen:
        words = PER_RESOURCE_READ[type_name][3]
        subprocess.run([AWS_CLI, "--endpoint-url", fake.url, "--region", region, *words, physical_id], env=env,
                       check=True, stdout=subprocess.DEVNULL, timeout=60)
    seconds = time.perf_counter() - started
    calls_per_resource = fake.calls()["total"] / len(chosen)
    return {"resources": len(resources), "sampled": len(chosen),
            "sample_seconds": round(seconds, 3),
            "seconds": round(seconds / len(chosen) * len(resources), 1),
            "aws_calls": round(calls_per_resource * len(resources)),
            "extrapolated": True}
