"""Listener rules: priorities 1-50000 unique per listener, conditions (at most five values per
rule, as AWS's quota says), forward and other actions; the default rule cannot be removed."""
from ...errors import AwsError
from .actions import checked_actions
from .common import SERVICE, find, forget, page, public, select_under, validation
from .listeners import new_rule

MAX_CONDITION_VALUES = 5
MAX_RULES_PER_LOAD_BALANCER = 100
# Field -> the *Config member that may carry its values instead of Values.
CONDITION_CONFIGS = {"host-header": "HostHeaderConfig", "path-pattern": "PathPatternConfig",
                     "http-header": "HttpHeaderConfig", "http-request-method": "HttpRequestMethodConfig",
                     "query-string": "QueryStringConfig", "source-ip": "SourceIpConfig"}
ONCE_PER_RULE = ("host-header", "path-pattern", "http-request-method", "source-ip")


def _condition(condition):
    """One condition as AWS answers it (host-header and path-pattern show Values too)."""
    field = condition.get("Field")
    if field not in CONDITION_CONFIGS:
        raise validation(f"Condition field '{field}' must be one of "
                         f"'[{', '.join(sorted(CONDITION_CONFIGS))}]'")
    config_name = CONDITION_CONFIGS[field]
    config = condition.get(config_name)
    if "Values" in condition and config is not None:
        raise validation(f"You cannot specify both 'Values' and '{config_name}' for a condition")
    if "Values" in condition and field not in ("host-header", "path-pattern"):
        raise validation(f"'Values' cannot be specified for a condition of field '{field}'; "
                         f"use '{config_name}'")
    values = condition.get("Values", (config or {}).get("Values", []))
    if not values:
        raise validation(f"A condition of field '{field}' must have at least one value")
    shaped = {"Field": field, config_name: {**(config or {}), "Values": values}}
    if field in ("host-header", "path-pattern"):
        shaped["Values"] = values
    return shaped, len(values)


def checked_conditions(conditions):
    if not conditions:
        raise validation("A rule must have at least one condition")
    shaped, total = [], 0
    for condition in conditions:
        one, count = _condition(condition)
        shaped.append(one)
        total += count
    fields = [c["Field"] for c in shaped]
    repeated = next((f for f in ONCE_PER_RULE if fields.count(f) > 1), None)
    if repeated:
        raise validation(f"A rule can only have one '{repeated}' condition")
    if total > MAX_CONDITION_VALUES:
        raise validation(f"A rule can only have '{MAX_CONDITION_VALUES}' condition values")
    return shaped


def _rules_of_listener(ctx, listener_arn):
    return [r for r in ctx.state.rules.values() if r["_listener"] == listener_arn]


def _priority_in_use(priority):
    return AwsError("PriorityInUse", f"Priority '{priority}' is currently in use")


def _load_balancer_of(ctx, listener):
    return ctx.state.load_balancers[listener["LoadBalancerArn"]]


@SERVICE.op("CreateRule")
def create_rule(ctx, p):
    listener = find(ctx, "listeners", p["ListenerArn"])
    lb = _load_balancer_of(ctx, listener)
    priority = str(p["Priority"])
    if any(r["Priority"] == priority for r in _rules_of_listener(ctx, listener["ListenerArn"])):
        raise _priority_in_use(priority)
    conditions = checked_conditions(p["Conditions"])
    actions = checked_actions(ctx, p["Actions"], lb)
    rules_on_lb = [r for r in ctx.state.rules.values() if not r["IsDefault"] and
                   ctx.state.listeners[r["_listener"]]["LoadBalancerArn"] == lb["LoadBalancerArn"]]
    if len(rules_on_lb) >= MAX_RULES_PER_LOAD_BALANCER:
        raise AwsError("TooManyRules", "You've reached the limit on the number of rules per load balancer")
    rule = new_rule(ctx, listener, priority, conditions, actions, p.get("Tags", []))
    return {"Rules": [public(rule)]}


def _order(rule):
    return (rule["IsDefault"], int(rule["Priority"]) if not rule["IsDefault"] else 0)


@SERVICE.op("DescribeRules")
def describe_rules(ctx, p):
    found = select_under(ctx, "rules", p.get("RuleArns"), "listeners", p.get("ListenerArn"), "_listener",
                         "a listener ARN or rule ARNs")
    if "ListenerArn" in p:
        found.sort(key=_order)  # by priority, the default rule last
    shown, marker = page(found, p)
    return {"Rules": [public(r) for r in shown], "NextMarker": marker}


@SERVICE.op("ModifyRule")
def modify_rule(ctx, p):
    rule = find(ctx, "rules", p["RuleArn"])
    listener = ctx.state.listeners[rule["_listener"]]
    if "Conditions" in p:
        if rule["IsDefault"]:
            raise AwsError("OperationNotPermitted", "The conditions of a default rule cannot be modified")
        rule["Conditions"] = checked_conditions(p["Conditions"])
    if "Actions" in p:
        rule["Actions"] = checked_actions(ctx, p["Actions"], _load_balancer_of(ctx, listener))
        if rule["IsDefault"]:
            listener["DefaultActions"] = rule["Actions"]
    return {"Rules": [public(rule)]}


@SERVICE.op("SetRulePriorities")
def set_rule_priorities(ctx, p):
    wanted = {}
    for item in p["RulePriorities"]:
        rule = find(ctx, "rules", item.get("RuleArn", ""))
        if rule["IsDefault"]:
            raise AwsError("OperationNotPermitted", "The priority of a default rule cannot be changed")
        if "Priority" not in item:
            raise validation("A priority must be specified for each rule")
        wanted[rule["RuleArn"]] = str(item["Priority"])
    # All rules move at once: a priority conflicts only with a rule that keeps it.
    for rule_arn, priority in wanted.items():
        listener_arn = ctx.state.rules[rule_arn]["_listener"]
        taken = [wanted.get(r["RuleArn"], r["Priority"]) for r in _rules_of_listener(ctx, listener_arn)
                 if r["RuleArn"] != rule_arn]
        if priority in taken:
            raise _priority_in_use(priority)
    for rule_arn, priority in wanted.items():
        ctx.state.rules[rule_arn]["Priority"] = priority
    return {"Rules": [public(ctx.state.rules[a]) for a in wanted]}


@SERVICE.op("DeleteRule")
def delete_rule(ctx, p):
    rule = find(ctx, "rules", p["RuleArn"])
    if rule["IsDefault"]:
        raise AwsError("OperationNotPermitted", "Default rules cannot be deleted")
    forget(ctx, "rules", rule["RuleArn"])
    return {}
