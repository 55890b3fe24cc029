"""Security group rules as their own resources: sgr- IDs, tags, filters, modification."""
import pytest

from .conftest import raises

HTTPS = {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443}


@pytest.fixture
def groups(client):
    ec2 = client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    web = ec2.create_security_group(GroupName="web", Description="web", VpcId=vpc)["GroupId"]
    db = ec2.create_security_group(GroupName="db", Description="db", VpcId=vpc)["GroupId"]
    return ec2, web, db


def rule_of(ec2, rule_id):
    return ec2.describe_security_group_rules(SecurityGroupRuleIds=[rule_id])["SecurityGroupRules"][0]


def test_rules_have_ids_tags_and_filters(groups):
    ec2, web, db = groups
    tags = [{"ResourceType": "security-group-rule", "Tags": [{"Key": "Name", "Value": "https"}]}]
    added = ec2.authorize_security_group_ingress(GroupId=web, TagSpecifications=tags, IpPermissions=[
        {**HTTPS, "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "world"}]}])["SecurityGroupRules"]
    [rule] = added
    assert rule["SecurityGroupRuleId"].startswith("sgr-") and rule["Tags"] == tags[0]["Tags"]
    assert (rule["GroupId"], rule["IsEgress"], rule["CidrIpv4"], rule["Description"]) == (web, False, "0.0.0.0/0", "world")
    referencing = ec2.authorize_security_group_ingress(GroupId=db, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": web}]}])
    assert referencing["SecurityGroupRules"][0]["ReferencedGroupInfo"] == {"GroupId": web, "UserId": "123456789012"}
    by_tag = ec2.describe_security_group_rules(Filters=[{"Name": "tag:Name", "Values": ["https"]}])
    assert [r["SecurityGroupRuleId"] for r in by_tag["SecurityGroupRules"]] == [rule["SecurityGroupRuleId"]]
    of_web = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [web]}])["SecurityGroupRules"]
    assert sorted(r["IsEgress"] for r in of_web) == [False, True], "the rule and the default egress rule"
    ec2.create_tags(Resources=[rule["SecurityGroupRuleId"]], Tags=[{"Key": "team", "Value": "a"}])
    ec2.delete_tags(Resources=[rule["SecurityGroupRuleId"]], Tags=[{"Key": "Name"}])
    assert rule_of(ec2, rule["SecurityGroupRuleId"])["Tags"] == [{"Key": "team", "Value": "a"}]
    described = ec2.describe_tags(Filters=[{"Name": "resource-type", "Values": ["security-group-rule"]}])["Tags"]
    assert [(t["ResourceId"], t["Key"]) for t in described] == [(rule["SecurityGroupRuleId"], "team")]
    raises("InvalidSecurityGroupRuleId.NotFound", 400, ec2.describe_security_group_rules,
           SecurityGroupRuleIds=["sgr-0000000000000000f"])
    pages = list(ec2.get_paginator("describe_security_group_rules").paginate(
        Filters=[{"Name": "group-id", "Values": [web, db]}], PaginationConfig={"PageSize": 5}))
    assert [len(p["SecurityGroupRules"]) for p in pages] == [4]


def test_duplicates_are_refused_even_within_one_request(groups):
    ec2, web, _ = groups
    raises("InvalidPermission.Duplicate", 400, ec2.authorize_security_group_ingress, GroupId=web, IpPermissions=[
        {**HTTPS, "IpRanges": [{"CidrIp": "10.0.0.0/8"}, {"CidrIp": "10.0.0.0/8", "Description": "again"}]}])
    assert ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [web]}])[
        "SecurityGroupRules"][0]["IsEgress"] is True, "nothing was added"
    raises("InvalidPermission.Duplicate", 400, ec2.authorize_security_group_egress, GroupId=web, IpPermissions=[
        {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])  # the default egress rule


def test_modify_rules(groups):
    ec2, web, db = groups
    first, second = (r["SecurityGroupRuleId"] for r in ec2.authorize_security_group_ingress(
        GroupId=web, IpPermissions=[{**HTTPS, "IpRanges": [{"CidrIp": "10.0.0.0/8"}, {"CidrIp": "10.1.0.0/16"}]}]
    )["SecurityGroupRules"])
    ec2.modify_security_group_rules(GroupId=web, SecurityGroupRules=[{"SecurityGroupRuleId": first, "SecurityGroupRule": {
        "IpProtocol": "tcp", "FromPort": 8443, "ToPort": 8443, "ReferencedGroupId": db, "Description": "from db"}}])
    changed = rule_of(ec2, first)
    assert (changed["FromPort"], changed["ReferencedGroupInfo"]["GroupId"], changed["Description"]) == \
        (8443, db, "from db") and "CidrIpv4" not in changed
    raises("DependencyViolation", 400, ec2.delete_security_group, GroupId=db)  # now referenced
    raises("InvalidPermission.Duplicate", 400, ec2.modify_security_group_rules, GroupId=web, SecurityGroupRules=[
        {"SecurityGroupRuleId": second, "SecurityGroupRule": {"IpProtocol": "tcp", "FromPort": 8443, "ToPort": 8443,
                                                              "ReferencedGroupId": db}}])
    raises("InvalidSecurityGroupRuleId.NotFound", 400, ec2.modify_security_group_rules, GroupId=db,
           SecurityGroupRules=[{"SecurityGroupRuleId": first, "SecurityGroupRule": {"Description": "x"}}])
    ec2.modify_security_group_rules(GroupId=web, SecurityGroupRules=[{"SecurityGroupRuleId": first, "SecurityGroupRule": {
        "IpProtocol": "tcp", "FromPort": 8443, "ToPort": 8443, "CidrIpv4": "192.168.0.0/16"}}])
    ec2.delete_security_group(GroupId=db)  # the reference is gone
    group = ec2.describe_security_groups(GroupIds=[web])["SecurityGroups"][0]
    assert sorted(p["FromPort"] for p in group["IpPermissions"]) == [443, 8443]


def test_revoke_by_id_and_in_the_default_vpc(groups, client):
    ec2, web, _ = groups
    ingress = ec2.authorize_security_group_ingress(GroupId=web, IpPermissions=[
        {**HTTPS, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}])["SecurityGroupRules"][0]["SecurityGroupRuleId"]
    egress = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [web]}])[
        "SecurityGroupRules"][0]["SecurityGroupRuleId"]
    raises("InvalidSecurityGroupRuleId.NotFound", 400, ec2.revoke_security_group_ingress, GroupId=web,
           SecurityGroupRuleIds=[egress])
    ec2.revoke_security_group_ingress(GroupId=web, SecurityGroupRuleIds=[ingress])
    ec2.revoke_security_group_egress(GroupId=web, SecurityGroupRuleIds=[egress])
    assert ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [web]}])["SecurityGroupRules"] == []
    # In the default VPC a revoke that matches nothing answers with what it did not find.
    default_group = ec2.create_security_group(GroupName="in-default", Description="d")["GroupId"]
    out = ec2.revoke_security_group_ingress(GroupId=default_group, IpPermissions=[
        {**HTTPS, "IpRanges": [{"CidrIp": "10.9.0.0/16"}]}])
    assert out["Return"] is True and out["UnknownIpPermissions"][0]["IpRanges"] == [{"CidrIp": "10.9.0.0/16"}]
    raises("InvalidPermission.NotFound", 400, ec2.revoke_security_group_ingress, GroupId=web, IpPermissions=[
        {**HTTPS, "IpRanges": [{"CidrIp": "10.9.0.0/16"}]}])


def test_cli_security_group_rules(aws_batch, groups):
    _, web, _ = groups
    code, out = aws_batch("ec2", "authorize-security-group-ingress", "--group-id", web, "--ip-permissions",
                          "IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=10.0.0.0/8}]",
                          "--tag-specifications", "ResourceType=security-group-rule,Tags=[{Key=Name,Value=ssh}]")
    assert code == 0
    rule_id = out["SecurityGroupRules"][0]["SecurityGroupRuleId"]
    code, _ = aws_batch("ec2", "modify-security-group-rules", "--group-id", web, "--security-group-rules",
                        f"SecurityGroupRuleId={rule_id},SecurityGroupRule={{IpProtocol=tcp,FromPort=2222,"
                        "ToPort=2222,CidrIpv4=10.0.0.0/8,Description=moved}")
    assert code == 0
    code, out = aws_batch("ec2", "describe-security-group-rules", "--filters", "Name=tag:Name,Values=ssh")
    assert code == 0 and [(r["FromPort"], r["Description"]) for r in out["SecurityGroupRules"]] == [(2222, "moved")]
