"""Load balancer and target group attributes: AWS's defaults per type, and the checks
Modify*Attributes applies to keys and values. Values travel as strings, as on AWS."""
from .common import SERVICE, find, validation

BOOL = ("true", "false")


def _int(low, high):
    return lambda v: v.isdigit() and low <= int(v) <= high


def _one_of(*choices):
    return lambda v: v in choices


ANY = lambda v: True  # noqa: E731

# key -> (default, check); one table per load balancer type.
_ACCESS_LOGS = {"access_logs.s3.enabled": ("false", _one_of(*BOOL)), "access_logs.s3.bucket": ("", ANY),
                "access_logs.s3.prefix": ("", ANY), "deletion_protection.enabled": ("false", _one_of(*BOOL))}
LOAD_BALANCER = {
    "application": {
        **_ACCESS_LOGS,
        "idle_timeout.timeout_seconds": ("60", _int(1, 4000)),
        "routing.http.desync_mitigation_mode": ("defensive", _one_of("monitor", "defensive", "strictest")),
        "routing.http.drop_invalid_header_fields.enabled": ("false", _one_of(*BOOL)),
        "routing.http.preserve_host_header.enabled": ("false", _one_of(*BOOL)),
        "routing.http.x_amzn_tls_version_and_cipher_suite.enabled": ("false", _one_of(*BOOL)),
        "routing.http.xff_client_port.enabled": ("false", _one_of(*BOOL)),
        "routing.http.xff_header_processing.mode": ("append", _one_of("append", "preserve", "remove")),
        "routing.http2.enabled": ("true", _one_of(*BOOL)),
        "waf.fail_open.enabled": ("false", _one_of(*BOOL)),
    },
    "network": {**_ACCESS_LOGS, "load_balancing.cross_zone.enabled": ("false", _one_of(*BOOL))},
    "gateway": {"deletion_protection.enabled": ("false", _one_of(*BOOL)),
                "load_balancing.cross_zone.enabled": ("false", _one_of(*BOOL))},
}

_CROSS_ZONE = ("use_load_balancer_configuration", _one_of("true", "false", "use_load_balancer_configuration"))
_HTTP_GROUP = {
    "deregistration_delay.timeout_seconds": ("300", _int(0, 3600)),
    "stickiness.enabled": ("false", _one_of(*BOOL)),
    "stickiness.type": ("lb_cookie", _one_of("lb_cookie", "app_cookie")),
    "stickiness.lb_cookie.duration_seconds": ("86400", _int(1, 604800)),
    "stickiness.app_cookie.cookie_name": ("", ANY),
    "stickiness.app_cookie.duration_seconds": ("86400", _int(1, 604800)),
    "slow_start.duration_seconds": ("0", _int(0, 900)),
    "load_balancing.algorithm.type": ("round_robin", _one_of("round_robin", "least_outstanding_requests")),
    "load_balancing.cross_zone.enabled": _CROSS_ZONE,
}
_TCP_GROUP = {
    "deregistration_delay.timeout_seconds": ("300", _int(0, 3600)),
    "deregistration_delay.connection_termination.enabled": ("false", _one_of(*BOOL)),
    "proxy_protocol_v2.enabled": ("false", _one_of(*BOOL)),
    "stickiness.enabled": ("false", _one_of(*BOOL)),
    "stickiness.type": ("source_ip", _one_of("source_ip")),
    "load_balancing.cross_zone.enabled": _CROSS_ZONE,
}
_LAMBDA_GROUP = {"lambda.multi_value_headers.enabled": ("false", _one_of(*BOOL))}


def _defaults(table):
    return {key: default for key, (default, _) in table.items()}


def load_balancer_defaults(lb_type):
    return _defaults(LOAD_BALANCER[lb_type])


def _target_group_table(group):
    if group["TargetType"] == "lambda":
        return _LAMBDA_GROUP
    if group["Protocol"] in ("HTTP", "HTTPS"):
        return _HTTP_GROUP
    # AWS keeps client IPs for instance targets and UDP; for IP targets over TCP/TLS it does not.
    preserve = "true" if group["TargetType"] == "instance" or "UDP" in group["Protocol"] else "false"
    return {**_TCP_GROUP, "preserve_client_ip.enabled": (preserve, _one_of(*BOOL))}


def target_group_defaults(group):
    return _defaults(_target_group_table(group))


def _modify(current, table, changes, what):
    for change in changes:
        key, value = change.get("Key", ""), change.get("Value", "")
        if key not in table:
            raise validation(f"{what} attribute key '{key}' is not recognized")
        if not table[key][1](value):
            raise validation(f"{what} attribute '{key}' cannot have the value '{value}'")
    current.update({c["Key"]: c.get("Value", "") for c in changes})
    return _listed(current)


def _listed(current):
    return [{"Key": k, "Value": v} for k, v in current.items()]


def _register(kind, arn_member, what, table_of):
    """Describe<What>Attributes and Modify<What>Attributes for one resource kind."""
    name = what.title().replace(" ", "")

    @SERVICE.op(f"Describe{name}Attributes")
    def describe(ctx, p):
        return {"Attributes": _listed(find(ctx, kind, p[arn_member])["_attributes"])}

    @SERVICE.op(f"Modify{name}Attributes")
    def modify(ctx, p):
        record = find(ctx, kind, p[arn_member])
        return {"Attributes": _modify(record["_attributes"], table_of(record), p["Attributes"], what.capitalize())}


_register("load_balancers", "LoadBalancerArn", "load balancer", lambda lb: LOAD_BALANCER[lb["Type"]])
_register("target_groups", "TargetGroupArn", "target group", _target_group_table)
