"""Listener and rule actions: the checks on a forward action's target groups, the shape AWS
answers them in, and which load balancers forward to a target group."""
from ...errors import AwsError
from .common import find, validation

TERMINAL = ("forward", "redirect", "fixed-response")
CONFIGS = {"redirect": "RedirectConfig", "fixed-response": "FixedResponseConfig",
           "authenticate-oidc": "AuthenticateOidcConfig", "authenticate-cognito": "AuthenticateCognitoConfig"}
PROTOCOLS = {"application": ("HTTP", "HTTPS"), "network": ("TCP", "TLS", "UDP", "TCP_UDP"),
             "gateway": ("GENEVE",)}


def forwarded_groups(action):
    if action.get("Type") != "forward":
        return []
    groups = [g["TargetGroupArn"] for g in action.get("ForwardConfig", {}).get("TargetGroups", [])]
    single = action.get("TargetGroupArn")
    return list(dict.fromkeys(([single] if single else []) + groups))


def load_balancers_using(state, group_arn):
    """ARNs of the load balancers whose listeners or rules forward to this target group
    (state: the region's ELBv2 state; ECS asks too)."""
    found = []
    for listener in state.listeners.values():
        actions = [a for rule in state.rules.values() if rule["_listener"] == listener["ListenerArn"]
                   for a in rule["Actions"]]
        if any(group_arn in forwarded_groups(a) for a in actions):
            found.append(listener["LoadBalancerArn"])
    return list(dict.fromkeys(found))


def _check_group(ctx, group_arn, lb):
    group = find(ctx, "target_groups", group_arn)
    if group["TargetType"] == "lambda" and lb["Type"] != "application":
        raise validation(f"Target group '{group_arn}' has target type 'lambda', which only "
                         "Application Load Balancers support")
    if group["TargetType"] != "lambda" and group["Protocol"] not in PROTOCOLS[lb["Type"]]:
        raise AwsError("IncompatibleProtocols", f"The target group '{group_arn}' uses the protocol "
                       f"'{group['Protocol']}', which load balancers of type '{lb['Type']}' do not support")
    others = [a for a in load_balancers_using(ctx.state, group_arn) if a != lb["LoadBalancerArn"]]
    if others:
        raise AwsError("TargetGroupAssociationLimit", "The following target groups cannot be associated "
                       f"with more than one load balancer: {group_arn}")


def _forward(action, groups):
    weights = {g["TargetGroupArn"]: g.get("Weight", 1)
               for g in action.get("ForwardConfig", {}).get("TargetGroups", [])}
    config = {"TargetGroups": [{"TargetGroupArn": g, "Weight": weights.get(g, 1)} for g in groups],
              "TargetGroupStickinessConfig": action.get("ForwardConfig", {}).get(
                  "TargetGroupStickinessConfig", {"Enabled": False})}
    shaped = {"Type": "forward", "ForwardConfig": config, "Order": action.get("Order")}
    if len(groups) == 1:
        shaped["TargetGroupArn"] = groups[0]
    return shaped


def checked_actions(ctx, actions, lb):
    """The actions as AWS stores and answers them, after its checks."""
    if not actions or actions[-1]["Type"] not in TERMINAL:
        raise AwsError("InvalidLoadBalancerAction", "The last action must be one of the following "
                       f"types: {', '.join(TERMINAL)}")
    shaped = []
    for action in actions:
        kind = action["Type"]
        if kind == "forward":
            groups = forwarded_groups(action)
            if not groups:
                raise validation("A target group ARN must be specified for a forward action")
            for group_arn in groups:
                _check_group(ctx, group_arn, lb)
            shaped.append(_forward(action, groups))
        elif CONFIGS[kind] not in action:
            raise validation(f"A '{CONFIGS[kind]}' must be specified for a '{kind}' action")
        else:
            shaped.append({"Type": kind, CONFIGS[kind]: action[CONFIGS[kind]], "Order": action.get("Order")})
    return shaped
