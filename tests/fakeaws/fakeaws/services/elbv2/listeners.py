"""Listeners: one per port and load balancer (idempotent for the same settings), each with a
default rule that carries its default actions."""
from ...errors import AwsError
from .actions import PROTOCOLS, checked_actions
from .common import SERVICE, arn, find, new_suffix, page, public, register, select_under, validation
from .load_balancers import delete_listener_and_rules, listeners_of

MAX_LISTENERS = 50
SECURE = ("HTTPS", "TLS")
DEFAULT_SSL_POLICY = "ELBSecurityPolicy-2016-08"


def _check_protocol(lb, protocol, certificates):
    if protocol is None:
        raise validation("A listener protocol must be specified")
    allowed = PROTOCOLS[lb["Type"]]
    if protocol not in allowed:
        raise validation(f"Listener protocol '{protocol}' must be one of '{', '.join(reversed(allowed))}'")
    if protocol in SECURE and not certificates:
        raise validation(f"A certificate must be specified for {protocol} listeners")


def _resource_tail(resource_arn):
    """'app/NAME/ID' of a load balancer ARN, 'app/NAME/ID/LISTENER' of a listener ARN."""
    return resource_arn.split(":", 5)[-1].split("/", 1)[1]


def new_rule(ctx, listener, priority, conditions, actions, tags=()):
    rule_arn = arn(ctx, f"listener-rule/{_resource_tail(listener['ListenerArn'])}/{new_suffix(ctx)}")
    rule = {"RuleArn": rule_arn, "Priority": priority, "Conditions": conditions, "Actions": actions,
            "IsDefault": priority == "default", "_listener": listener["ListenerArn"]}
    return register(ctx, "rules", rule_arn, rule, tags)


def _set_secure(listener, p):
    """Certificates and policy exist only while the protocol needs them, as AWS shows them."""
    if listener["Protocol"] in SECURE:
        listener["Certificates"] = p.get("Certificates") or listener.get("Certificates")
        listener["SslPolicy"] = p.get("SslPolicy") or listener.get("SslPolicy") or DEFAULT_SSL_POLICY
    else:
        listener.pop("Certificates", None)
        listener.pop("SslPolicy", None)


def _on_port(ctx, lb_arn, port, other_than=None):
    return next((ls for ls in listeners_of(ctx, lb_arn)
                 if ls["Port"] == port and ls["ListenerArn"] != other_than), None)


def _duplicate(lb_arn):
    return AwsError("DuplicateListener", f"A listener already exists on this port for this load "
                    f"balancer '{lb_arn}'")


@SERVICE.op("CreateListener")
def create_listener(ctx, p):
    lb = find(ctx, "load_balancers", p["LoadBalancerArn"])
    _check_protocol(lb, p.get("Protocol"), p.get("Certificates"))
    if "Port" not in p:
        raise validation("A listener port must be specified")
    actions = checked_actions(ctx, p["DefaultActions"], lb)
    settings = {k: v for k, v in p.items() if k != "Tags"}
    existing = _on_port(ctx, lb["LoadBalancerArn"], p["Port"])
    if existing is not None:
        if existing["_settings"] != settings:
            raise _duplicate(lb["LoadBalancerArn"])
        return {"Listeners": [public(existing)]}  # idempotent, as AWS documents
    if len(listeners_of(ctx, lb["LoadBalancerArn"])) >= MAX_LISTENERS:
        raise AwsError("TooManyListeners", f"You've reached the limit on the number of listeners per "
                       f"load balancer ({MAX_LISTENERS})")
    listener_arn = arn(ctx, f"listener/{_resource_tail(lb['LoadBalancerArn'])}/{new_suffix(ctx)}")
    listener = {"ListenerArn": listener_arn, "LoadBalancerArn": lb["LoadBalancerArn"], "Port": p["Port"],
                "Protocol": p["Protocol"], "DefaultActions": actions, "_settings": settings}
    if p.get("AlpnPolicy"):
        listener["AlpnPolicy"] = p["AlpnPolicy"]
    _set_secure(listener, p)
    register(ctx, "listeners", listener_arn, listener, p.get("Tags", []))
    listener["_default_rule"] = new_rule(ctx, listener, "default", [], actions)["RuleArn"]
    return {"Listeners": [public(listener)]}


@SERVICE.op("DescribeListeners")
def describe_listeners(ctx, p):
    found = select_under(ctx, "listeners", p.get("ListenerArns"), "load_balancers", p.get("LoadBalancerArn"),
                         "LoadBalancerArn", "listener ARNs or a load balancer ARN")
    shown, marker = page(found, p)
    return {"Listeners": [public(ls) for ls in shown], "NextMarker": marker}


@SERVICE.op("ModifyListener")
def modify_listener(ctx, p):
    listener = find(ctx, "listeners", p["ListenerArn"])
    lb = ctx.state.load_balancers[listener["LoadBalancerArn"]]
    protocol = p.get("Protocol", listener["Protocol"])
    _check_protocol(lb, protocol, p.get("Certificates") or listener.get("Certificates"))
    port = p.get("Port", listener["Port"])
    if _on_port(ctx, lb["LoadBalancerArn"], port, other_than=listener["ListenerArn"]):
        raise _duplicate(lb["LoadBalancerArn"])
    if "DefaultActions" in p:
        actions = checked_actions(ctx, p["DefaultActions"], lb)
        listener["DefaultActions"] = ctx.state.rules[listener["_default_rule"]]["Actions"] = actions
    listener.update(Port=port, Protocol=protocol)
    if p.get("AlpnPolicy"):
        listener["AlpnPolicy"] = p["AlpnPolicy"]
    _set_secure(listener, p)
    listener["_settings"].update({k: v for k, v in p.items() if k != "ListenerArn"})
    return {"Listeners": [public(listener)]}


@SERVICE.op("DeleteListener")
def delete_listener(ctx, p):
    delete_listener_and_rules(ctx, find(ctx, "listeners", p["ListenerArn"]))
    return {}
