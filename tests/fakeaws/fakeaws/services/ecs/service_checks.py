"""What CreateService and UpdateService check against the task definition, the fake EC2's
subnets and security groups, the fake ELBv2's target groups and IAM: in ECS's own words."""
from ..elbv2.actions import load_balancers_using
from ..role_propagation import assumable, role_named
from .common import invalid

SERVICE_LINKED_ROLE = "arn:aws:iam::{}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"


def launch(cluster, p, definition):
    """(launchType or None, capacity provider strategy) of a service, checked."""
    if p.get("launchType") and p.get("capacityProviderStrategy"):
        raise invalid("Specifying both a launch type and capacity provider strategy is not supported. "
                      "Remove one and try again.")
    strategy = p.get("capacityProviderStrategy") or (
        [] if p.get("launchType") else cluster["defaultCapacityProviderStrategy"])
    if any(item["capacityProvider"] not in cluster["capacityProviders"] for item in strategy):
        raise invalid("The specified capacity provider strategy cannot contain a capacity provider that "
                      "is not associated with the cluster. Associate the capacity provider with the "
                      "cluster or specify a valid capacity provider and try again.")
    launch_type = None if strategy else p.get("launchType", "EC2")
    if (strategy or launch_type == "FARGATE") and "FARGATE" not in definition["compatibilities"]:
        raise invalid("Task definition does not support launch_type FARGATE.")
    return launch_type, strategy


def network(ctx, definition, config, fargate):
    if definition["networkMode"] != "awsvpc":
        if config:
            raise invalid("Network Configuration is not valid for the given networkMode of this task "
                          "definition.")
        return None
    vpc_config = (config or {}).get("awsvpcConfiguration")
    if vpc_config is None:
        raise invalid("Network Configuration must be provided when networkMode 'awsvpc' is specified.")
    ec2 = ctx.other("ec2")
    for subnet in vpc_config["subnets"]:
        if subnet not in ec2.subnets:
            raise invalid(f"Error retrieving subnet information for [{subnet}]: The subnet ID '{subnet}' "
                          "does not exist (ErrorCode: InvalidSubnetID.NotFound)")
    if len({ec2.subnets[s]["VpcId"] for s in vpc_config["subnets"]}) > 1:
        raise invalid("Subnets must all belong to the same VPC.")
    for group in vpc_config.get("securityGroups", []):
        if group not in ec2.security_groups:
            raise invalid(f"Error retrieving security group information for [{group}]: The security group "
                          f"'{group}' does not exist (ErrorCode: InvalidGroup.NotFound)")
    public_ip = vpc_config.get("assignPublicIp", "DISABLED")
    if public_ip == "ENABLED" and not fargate:
        raise invalid("Assign public IP is not supported for this launch type.")
    return {"awsvpcConfiguration": {**vpc_config, "assignPublicIp": public_ip}}


def _check_target_group(ctx, definition, attachment):
    group_arn = attachment.get("targetGroupArn")
    if not group_arn:
        raise invalid("Target Group Arn can not be blank.")
    elb = ctx.other("elasticloadbalancing")
    group = elb.target_groups.get(group_arn)
    if group is None:
        raise invalid(f"The target group with targetGroupArn {group_arn} does not exist.")
    if not load_balancers_using(elb, group_arn):
        raise invalid(f"The target group with targetGroupArn {group_arn} does not have an associated "
                      "load balancer.")
    if definition["networkMode"] == "awsvpc" and group["TargetType"] != "ip":
        raise invalid(f"The provided target group {group_arn} has target type {group['TargetType']}, which "
                      "is incompatible with the awsvpc network mode specified in the task definition.")
    name, port = attachment.get("containerName"), attachment.get("containerPort")
    container = next((c for c in definition["containerDefinitions"] if c["name"] == name), None)
    if container is None:
        raise invalid(f"The container {name} does not exist in the task definition.")
    if port not in [m["containerPort"] for m in container["portMappings"]]:
        raise invalid(f"The container {name} did not have a container port {port} defined.")


def load_balancers(ctx, definition, attachments, role):
    """Checks the target groups and the role; answers the service's roleArn."""
    for attachment in attachments:
        _check_target_group(ctx, definition, attachment)
    if not role:
        return SERVICE_LINKED_ROLE.format(ctx.account) if attachments else None
    if definition["networkMode"] == "awsvpc":
        raise invalid("You cannot specify an IAM role for services that require a service linked role.")
    if not attachments:
        raise invalid("A role can only be specified for a service that uses a load balancer.")
    if not assumable(ctx, role):  # missing, or too new for IAM to have propagated it
        raise invalid("Unable to assume role and validate the specified targetGroupArn. Please verify "
                      "that the ECS service role being passed has the proper permissions.")
    return role_named(ctx, role)["Arn"]
