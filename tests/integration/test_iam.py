"""The IAM types through the daemon binary against the fake AWS, with the example
config/examples/iam-service-accounts: convergence, a steady state of one bulk IAM read, drift
correction per type, policy documents compared by meaning, NeedsReplacement, and deletion."""

import json
import shutil

from harness import REPO, wait_every_resource, wait_until, write_atomically
from test_engine import resource, tags_of, wait_state

EXAMPLE = REPO / "config" / "examples" / "iam-service-accounts"
FILES = sorted(EXAMPLE.glob("*.json"))
LOGICAL_IDS = [logical_id for path in FILES
               for logical_id in json.loads(path.read_text())["Resources"]]
S3_READ = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
# What a steady-state cycle may read: the shared IAM snapshot, and ListRoles for the role's
# Description (absent from the snapshot). Nothing per resource.
BULK_READS = {"GetAccountAuthorizationDetails": 1, "ListRoles": 1}


def start_with_example(make_daemon):
    daemon = make_daemon({"poll_interval": "1h"}).start()
    for path in FILES:
        shutil.copy(path, daemon.desired / path.name)
    for logical_id in LOGICAL_IDS:
        wait_state(daemon, logical_id, "Ready", timeout=20)
    return daemon


def iam_counts(fake):
    return fake.calls()["counts"].get("iam", {})


def attached(iam, kind, name):
    call = getattr(iam, f"list_attached_{kind}_policies")
    return sorted(p["PolicyArn"] for p in call(**{f"{kind.capitalize()}Name": name})
                  ["AttachedPolicies"])


def test_the_example_converges_to_exactly_one_of_each(make_daemon, fake):
    daemon = start_with_example(make_daemon)
    iam = fake.boto3("iam")
    users = sorted(u["UserName"] for u in iam.list_users()["Users"])
    assert users == ["admin-user", "elastic-container-registry-user", "terraform-user"]
    assert [g["GroupName"] for g in iam.list_groups()["Groups"]] == ["Admin"]
    assert [r["RoleName"] for r in iam.list_roles()["Roles"]] == ["redshift-s3-read"]
    local = iam.list_policies(Scope="Local")["Policies"]
    assert [p["PolicyName"] for p in local] == ["terraform-ec2-describe"]
    # References resolved: the policy's Ref is its ARN, the membership names the real group.
    assert attached(iam, "user", "terraform-user") == [local[0]["Arn"]]
    assert resource(daemon, "TerraformDescribePolicy")["physical_id"] == local[0]["Arn"]
    assert attached(iam, "user", "elastic-container-registry-user") == [
        "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryFullAccess"]
    assert attached(iam, "group", "Admin") == [ADMIN]
    assert [u["UserName"] for u in iam.get_group(GroupName="Admin")["Users"]] == ["admin-user"]
    role = iam.get_role(RoleName="redshift-s3-read")["Role"]
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {
        "Service": "redshift.amazonaws.com"}
    assert attached(iam, "role", "redshift-s3-read") == [S3_READ]
    # Ownership tags went in with the create calls.
    assert tags_of(role)["awsreconciled:logical-id"] == "RedshiftRole"
    assert not any(name.startswith("Tag") for name in iam_counts(fake))


def test_a_steady_state_cycle_writes_nothing_and_reads_iam_once(make_daemon, fake):
    daemon = start_with_example(make_daemon)
    daemon.full_cycle()
    fake.control("POST", "/_fake/calls/reset")
    daemon.full_cycle()
    assert iam_counts(fake) == BULK_READS
    assert all(r["state"] == "Ready" for r in daemon.get("/v1/resources").json()["resources"])


def test_drift_of_each_type_is_corrected(make_daemon, fake):
    daemon = start_with_example(make_daemon)
    iam = fake.boto3("iam")
    policy_arn = resource(daemon, "TerraformDescribePolicy")["physical_id"]
    iam.detach_user_policy(UserName="elastic-container-registry-user",
                           PolicyArn="arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryFullAccess")
    iam.detach_group_policy(GroupName="Admin", PolicyArn=ADMIN)
    iam.remove_user_from_group(GroupName="Admin", UserName="admin-user")
    iam.update_assume_role_policy(RoleName="redshift-s3-read", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                "Principal": {"Service": "ec2.amazonaws.com"}}]}))
    iam.create_policy_version(PolicyArn=policy_arn, SetAsDefault=True, PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:*",
                                                 "Resource": "*"}]}))
    daemon.full_cycle()

    def corrected():
        role = iam.get_role(RoleName="redshift-s3-read")["Role"]
        default = iam.get_policy(PolicyArn=policy_arn)["Policy"]["DefaultVersionId"]
        return (attached(iam, "user", "elastic-container-registry-user") != []
                and attached(iam, "group", "Admin") == [ADMIN]
                and [u["UserName"] for u in iam.get_group(GroupName="Admin")["Users"]]
                == ["admin-user"]
                and role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]
                == {"Service": "redshift.amazonaws.com"}
                and default == "v1")
    wait_until(corrected, timeout=10, what="every drift corrected")
    # The version set back is the old one made default again, not a third version.
    assert fake.count("iam", "CreatePolicyVersion") == 1
    for logical_id in LOGICAL_IDS:
        wait_state(daemon, logical_id, "Ready")


def test_an_inline_policy_edited_outside_is_put_back(make_daemon, fake):
    daemon = make_daemon({"poll_interval": "1h"}).start()
    document = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::bucket/*"}]}
    write_atomically(daemon.desired / "user.json", json.dumps({"Resources": {"Reader": {
        "Type": "AWS::IAM::User", "Properties": {
            "UserName": "reader", "Policies": [{"PolicyName": "read", "PolicyDocument": document}]},
        "DeletionPolicy": "Delete"}}}))
    wait_state(daemon, "Reader", "Ready")
    iam = fake.boto3("iam")
    iam.put_user_policy(UserName="reader", PolicyName="read", PolicyDocument=json.dumps(
        {"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}))
    daemon.full_cycle()

    def restored():
        # A cycle under way when the policy was edited may end before the one asked for, so
        # the edited document (one statement, not a list) can still be there at first.
        statements = iam.get_user_policy(UserName="reader", PolicyName="read")[
            "PolicyDocument"]["Statement"]
        return isinstance(statements, list) and statements[0]["Action"] == ["s3:GetObject"]
    wait_until(restored, timeout=10, what="inline policy restored")


def test_documents_equal_in_meaning_are_no_drift(make_daemon, fake):
    daemon = start_with_example(make_daemon)
    iam = fake.boto3("iam")
    # The same trust policy spelled differently: lists for strings, a lone statement, a Sid,
    # no Version default change, keys in another order.
    iam.update_assume_role_policy(RoleName="redshift-s3-read", PolicyDocument=json.dumps({
        "Statement": [{"Action": ["sts:AssumeRole"], "Sid": "Redshift",
                       "Principal": {"Service": ["redshift.amazonaws.com"]}, "Effect": "Allow"}],
        "Version": "2012-10-17"}))
    daemon.full_cycle()
    fake.control("POST", "/_fake/calls/reset")
    daemon.full_cycle()
    assert iam_counts(fake) == BULK_READS
    assert resource(daemon, "RedshiftRole")["state"] == "Ready"


def test_immutable_edits_need_replacement_and_touch_nothing(make_daemon, fake):
    daemon = start_with_example(make_daemon)
    role_file = json.loads((EXAMPLE / "redshift-role.json").read_text())
    role_file["Resources"]["RedshiftRole"]["Properties"]["Path"] = "/data/"
    users = json.loads((EXAMPLE / "users.json").read_text())
    users["Resources"]["TerraformDescribePolicy"]["Properties"]["ManagedPolicyName"] = "renamed"
    calls_before = fake.calls()["total"]
    write_atomically(daemon.desired / "redshift-role.json", json.dumps(role_file))
    write_atomically(daemon.desired / "users.json", json.dumps(users))
    role = wait_state(daemon, "RedshiftRole", "NeedsReplacement")
    assert [(c["path"], c["immutable"]) for c in role["diff"]] == [("/Path", True)]
    policy = wait_state(daemon, "TerraformDescribePolicy", "NeedsReplacement")
    assert [c["path"] for c in policy["diff"]] == ["/ManagedPolicyName"]
    writes = [c["operation"] for c in fake.calls()["log"][calls_before:]
              if not c["operation"].startswith(("Get", "List"))]
    assert writes == []


def test_removing_the_example_deletes_everything(make_daemon, fake):
    daemon = start_with_example(make_daemon)
    iam = fake.boto3("iam")
    # A member the file never listed: deleting the membership must leave it, deleting the
    # group takes it out.
    iam.create_user(UserName="bystander")
    iam.add_user_to_group(GroupName="Admin", UserName="bystander")
    for path in FILES:
        (daemon.desired / path.name).unlink()
    wait_every_resource(daemon, "Held")
    calls_before = fake.calls()["total"]
    assert daemon.post("/v1/deletions/approve").status == 202
    for logical_id in LOGICAL_IDS:
        wait_state(daemon, logical_id, "Deleted", timeout=20)
    log = fake.calls()["log"][calls_before:]
    writes = [c["operation"] for c in log if not c["operation"].startswith(("Get", "List"))]
    assert writes.index("RemoveUserFromGroup") < writes.index("DeleteGroup")
    assert [u["UserName"] for u in iam.list_users()["Users"]] == ["bystander"]
    assert iam.list_groups()["Groups"] == []
    assert iam.list_roles()["Roles"] == []
    assert iam.list_policies(Scope="Local")["Policies"] == []
