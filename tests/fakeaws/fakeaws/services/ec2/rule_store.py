"""How security group rules are stored: one record per (direction, protocol, ports, peer), as
AWS's security-group-rule API sees them, each with an sgr- ID. DescribeSecurityGroups folds
them back into IpPermissions (security_groups.py); the rule operations live in
security_group_rules.py.
"""
from ...errors import AwsError
from .common import forget, new_id, register, with_tags

# Peer kind: (IpPermission list member, its value member, rule record member)
PEERS = (
    ("IpRanges", "CidrIp", "CidrIpv4"),
    ("Ipv6Ranges", "CidrIpv6", "CidrIpv6"),
    ("PrefixListIds", "PrefixListId", "PrefixListId"),
    ("UserIdGroupPairs", "GroupId", "ReferencedGroupInfo"),
)
PEER_MEMBERS = tuple(rule_member for _, _, rule_member in PEERS)


def rule_key(rule):
    """What makes two rules the same rule (the description does not)."""
    peer = rule.get("CidrIpv4") or rule.get("CidrIpv6") or rule.get("PrefixListId") or \
        rule["ReferencedGroupInfo"]["GroupId"]
    return (rule["IsEgress"], rule["IpProtocol"], rule["FromPort"], rule["ToPort"], peer)


def duplicate(rule):
    return AwsError("InvalidPermission.Duplicate", f"the specified rule \"peer: {rule_key(rule)[4]}, "
                    f"{rule['IpProtocol'].upper()}, from port: {rule['FromPort']}, to port: {rule['ToPort']}, "
                    "ALLOW\" already exists")


def check_new(ctx, group, rules, replacing=()):
    """InvalidPermission.Duplicate if a rule repeats one of the group's (other than those being
    replaced) or another in the same request."""
    seen = {rule_key(ctx.state.sg_rules[r]) for r in group["_rules"] if r not in replacing}
    for rule in rules:
        if rule_key(rule) in seen:
            raise duplicate(rule)
        seen.add(rule_key(rule))


def add_rules(ctx, group, rules):
    """Store rules (after check_new) in group; returns the new records."""
    check_new(ctx, group, rules)
    added = []
    for rule in rules:
        rule_id = new_id(ctx, "sgr")
        record = {k: v for k, v in rule.items() if v is not None}
        record.update({"SecurityGroupRuleId": rule_id, "GroupId": group["GroupId"], "GroupOwnerId": ctx.account})
        register(ctx, rule_id, "sg_rules", record)
        group["_rules"].append(rule_id)
        count_reference(ctx, record, +1)
        added.append(record)
    return added


def count_reference(ctx, rule, delta):
    """A group other rules refer to cannot be deleted: keep count of the references."""
    referenced = rule.get("ReferencedGroupInfo", {}).get("GroupId")
    if referenced in ctx.state.security_groups:
        ctx.state.security_groups[referenced]["_referenced_by"] += delta


def drop_rule(ctx, rule_id):
    rule = ctx.state.sg_rules[rule_id]
    ctx.state.security_groups[rule["GroupId"]]["_rules"].remove(rule_id)
    count_reference(ctx, rule, -1)
    forget(ctx.state, "sg_rules", rule_id)


def render_rule(ctx, rule):
    return with_tags(ctx, rule, "SecurityGroupRuleId")
