"""Security group rules as resources of their own, VPC endpoints and the default VPC through
the daemon binary against the fake AWS: the pair of groups that refer to each other, a rule
on a group the files do not own, drift corrected, create-only edits NeedsReplacement,
deletion; a gateway endpoint's route tables kept; a group without VpcId in the default VPC."""

import json

from harness import wait_until, write_atomically
from test_engine import OWNER_FILTER, resource, tags_of, wait_state

DELETE = {"DeletionPolicy": "Delete"}


def pair(port=5432):
    """Two groups whose rules refer to each other: a cycle written inline, none as rules."""
    group = lambda name: {"Type": "AWS::EC2::SecurityGroup", "Properties": {
        "GroupName": name, "GroupDescription": name, "VpcId": {"Ref": "AppVpc"}}, **DELETE}
    return {
        "AppVpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.2.0.0/16"}, **DELETE},
        "AppTable": {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Ref": "AppVpc"}},
                     **DELETE},
        "ClientGroup": group("ec2-rds"),
        "DatabaseGroup": group("rds-ec2"),
        "ClientOut": {"Type": "AWS::EC2::SecurityGroupEgress", "Properties": {
            "GroupId": {"Fn::GetAtt": ["ClientGroup", "GroupId"]}, "IpProtocol": "tcp",
            "FromPort": port, "ToPort": port,
            "DestinationSecurityGroupId": {"Fn::GetAtt": ["DatabaseGroup", "GroupId"]}}, **DELETE},
        "DatabaseIn": {"Type": "AWS::EC2::SecurityGroupIngress", "Properties": {
            "GroupId": {"Fn::GetAtt": ["DatabaseGroup", "GroupId"]}, "IpProtocol": "tcp",
            "FromPort": port, "ToPort": port, "Description": "from the clients",
            "SourceSecurityGroupId": {"Fn::GetAtt": ["ClientGroup", "GroupId"]}}, **DELETE},
        "DefaultSsh": {"Type": "AWS::EC2::SecurityGroupIngress", "Properties": {
            "GroupId": {"Fn::GetAtt": ["AppVpc", "DefaultSecurityGroup"]}, "IpProtocol": "tcp",
            "FromPort": 22, "ToPort": 22, "CidrIp": "203.0.113.10/32"}, **DELETE},
        "S3Endpoint": {"Type": "AWS::EC2::VPCEndpoint", "Properties": {
            "VpcId": {"Ref": "AppVpc"}, "ServiceName": "com.amazonaws.us-east-1.s3",
            "RouteTableIds": [{"Ref": "AppTable"}]}, **DELETE},
    }


def drop(daemon, resources):
    write_atomically(daemon.desired / "stack.json", json.dumps({"Resources": resources}))


def start(make_daemon, resources):
    daemon = make_daemon({"poll_interval": "1s"}).start()
    drop(daemon, resources)
    for logical_id in resources:
        wait_state(daemon, logical_id, "Ready", timeout=20)
    return daemon


def owned_rules(ec2):
    return ec2.describe_security_group_rules(Filters=OWNER_FILTER)["SecurityGroupRules"]


def test_rules_converge_once_with_tags_and_drift_comes_back(make_daemon, fake):
    daemon = start(make_daemon, pair())
    ec2 = fake.boto3("ec2")
    rules = {tags_of(r)["awsreconciled:logical-id"]: r for r in owned_rules(ec2)}
    assert sorted(rules) == ["ClientOut", "DatabaseIn", "DefaultSsh"]
    client, database = (resource(daemon, i)["physical_id"] for i in ("ClientGroup", "DatabaseGroup"))
    assert (rules["DatabaseIn"]["GroupId"], rules["DatabaseIn"]["ReferencedGroupInfo"]["GroupId"],
            rules["DatabaseIn"]["IsEgress"]) == (database, client, False)
    assert (rules["ClientOut"]["GroupId"], rules["ClientOut"]["IsEgress"]) == (client, True)
    assert resource(daemon, "DatabaseIn")["physical_id"] == rules["DatabaseIn"]["SecurityGroupRuleId"]
    assert fake.count("ec2", "CreateTags") == 0, "tags go in with the authorize calls"

    # A rule revoked at the console is authorized again, as a new rule of ours. (Once the
    # daemon has seen its rules listed: until then it keeps what it created as AWS's listing
    # may lag.)
    wait_until(lambda: all(resource(daemon, i)["create_pending_since"] == "" for i in rules),
               timeout=10, what="the new rules listed")
    ec2.revoke_security_group_ingress(GroupId=database, SecurityGroupRuleIds=[
        rules["DatabaseIn"]["SecurityGroupRuleId"]])
    wait_until(lambda: len(owned_rules(ec2)) == 3, timeout=10, what="rule back")
    # A description changed at the console is put back in place.
    again = [r for r in owned_rules(ec2) if tags_of(r)["awsreconciled:logical-id"] == "DatabaseIn"][0]
    ec2.modify_security_group_rules(GroupId=database, SecurityGroupRules=[{
        "SecurityGroupRuleId": again["SecurityGroupRuleId"], "SecurityGroupRule": {
            "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "ReferencedGroupId": client,
            "Description": "changed"}}])
    wait_until(lambda: [r.get("Description") for r in owned_rules(ec2)
                        if r["SecurityGroupRuleId"] == again["SecurityGroupRuleId"]] ==
               ["from the clients"], timeout=10, what="description back")

    # A port is create-only.
    drop(daemon, pair(port=5433))
    for logical_id in ("DatabaseIn", "ClientOut"):
        assert "/FromPort" in wait_state(daemon, logical_id, "NeedsReplacement")["message"]

    # Deleted with their file; the default group stays, without our rule.
    remaining = {k: v for k, v in pair().items() if k in ("AppVpc", "AppTable")}
    drop(daemon, remaining)
    wait_until(lambda: owned_rules(ec2) == [], timeout=10, what="rules revoked")
    default = ec2.describe_security_groups(Filters=[
        {"Name": "vpc-id", "Values": [resource(daemon, "AppVpc")["physical_id"]]},
        {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"]
    assert len(default) == 1
    assert [p for p in default[0]["IpPermissions"] if p.get("FromPort") == 22] == []


def test_a_gateway_endpoint_keeps_its_route_tables_and_its_service_is_create_only(make_daemon,
                                                                                fake):
    daemon = start(make_daemon, pair())
    ec2 = fake.boto3("ec2")
    endpoint_id = resource(daemon, "S3Endpoint")["physical_id"]
    table = resource(daemon, "AppTable")["physical_id"]
    endpoint = ec2.describe_vpc_endpoints(VpcEndpointIds=[endpoint_id])["VpcEndpoints"][0]
    assert endpoint["RouteTableIds"] == [table] and endpoint["VpcEndpointType"] == "Gateway"
    assert tags_of(endpoint)["awsreconciled:logical-id"] == "S3Endpoint"
    ec2.modify_vpc_endpoint(VpcEndpointId=endpoint_id, RemoveRouteTableIds=[table])
    wait_until(lambda: ec2.describe_vpc_endpoints(VpcEndpointIds=[endpoint_id])[
        "VpcEndpoints"][0]["RouteTableIds"] == [table], timeout=10, what="route table back")
    changed = pair()
    changed["S3Endpoint"]["Properties"]["ServiceName"] = "com.amazonaws.us-east-1.dynamodb"
    drop(daemon, changed)
    assert "/ServiceName" in wait_state(daemon, "S3Endpoint", "NeedsReplacement")["message"]
    assert fake.count("ec2", "CreateVpcEndpoint") == 1


def test_a_group_without_vpc_lands_in_the_default_vpc_once(make_daemon, fake):
    group = {"Type": "AWS::EC2::SecurityGroup", "Properties": {
        "GroupName": "redshift_security_group",
        "GroupDescription": "authorize redshift cluster access",
        "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 5439, "ToPort": 5439,
                                  "CidrIp": "0.0.0.0/0"}]}, **DELETE}
    daemon = start(make_daemon, {"RedshiftGroup": group})
    ec2 = fake.boto3("ec2")
    default_vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]
    groups = ec2.describe_security_groups(Filters=OWNER_FILTER)["SecurityGroups"]
    assert [g["VpcId"] for g in groups] == [default_vpc[0]["VpcId"]]
    cycles = daemon.get("/v1/status").json()["cycles"]
    wait_until(lambda: daemon.get("/v1/status").json()["cycles"] >= cycles + 2, timeout=10,
               what="two more cycles")
    assert fake.count("ec2", "CreateSecurityGroup") == 1
    assert resource(daemon, "RedshiftGroup")["state"] == "Ready"

    # A restarted daemon finds its group there (its key names the default VPC), not a conflict.
    daemon.stop()
    daemon.start()
    assert wait_state(daemon, "RedshiftGroup", "Ready")["physical_id"] == groups[0]["GroupId"]
    assert fake.count("ec2", "CreateSecurityGroup") == 1
