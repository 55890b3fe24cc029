"""CodeBuild projects through the daemon binary against the fake AWS: a project whose service
role IAM created moments ago is retried while the role propagates (a transient error saying
so, never a terminal one) and converges with its ownership tags set at creation; a steady
cycle writes nothing and reads only ListProjects and BatchGetProjects; drift is corrected,
user tags change through UpdateProject, a renamed project NeedsReplacement, and removing the
file deletes it."""

import json

import pytest

from harness import wait_until, write_atomically
from test_engine import resource, wait_state

DELETE = {"DeletionPolicy": "Delete"}


@pytest.fixture
def propagating(fake):
    """A new role is unusable by other services for 3 s; restored afterwards."""
    with fake.configured({"iam_role_propagation_seconds": 3}):
        yield


def role():
    return {"BuildRole": {"Type": "AWS::IAM::Role", "Properties": {
        "RoleName": "flask-react-build-role", "Path": "/service-role/",
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": "sts:AssumeRole",
            "Principal": {"Service": "codebuild.amazonaws.com"}}]}}, **DELETE}}


def project(name="flask-react-build", tags=()):
    return {"BuildProject": {"Type": "AWS::CodeBuild::Project", "Properties": {
        "Name": name, "Description": "build and test docker images",
        "Source": {"Type": "GITHUB", "Location": "https://github.com/example/flask-react.git",
                   "BuildSpec": "buildspec.yml"},
        "Environment": {"Type": "LINUX_CONTAINER", "Image": "aws/codebuild/standard:4.0",
                        "ComputeType": "BUILD_GENERAL1_SMALL", "PrivilegedMode": True,
                        "EnvironmentVariables": [{"Name": "AWS_ACCOUNT_ID",
                                                  "Value": {"Ref": "AWS::AccountId"}}]},
        "ServiceRole": {"Fn::GetAtt": ["BuildRole", "Arn"]},
        "TimeoutInMinutes": 10, "Artifacts": {"Type": "NO_ARTIFACTS"},
        "LogsConfig": {"CloudWatchLogs": {"Status": "ENABLED",
                                          "GroupName": "/aws/codebuild/flask-react-build"}},
        "Tags": list(tags)}, **DELETE}}


def drop(daemon, name, resources):
    write_atomically(daemon.desired / name, json.dumps({"Resources": resources}))


def codebuild_counts(fake):
    return dict(fake.calls()["counts"].get("codebuild", {}))


def wait_cycles(daemon, count):
    cycles = lambda: daemon.get("/v1/status").json()["cycles"]
    start = cycles()
    wait_until(lambda: cycles() >= start + count, timeout=15, what=f"{count} more cycles")


def test_a_project_waits_for_its_new_role_then_converges_and_holds(make_daemon, fake,
                                                                    propagating):
    daemon = make_daemon({"poll_interval": "1s"}).start()
    drop(daemon, "roles.json", role())
    drop(daemon, "build.json", project())
    # Refused while the role propagates: retried as transient, with a message that says so.
    def refused():
        error = (resource(daemon, "BuildProject") or {}).get("last_error") or {}
        return error if "propagating" in error.get("message", "") else None
    error = wait_until(refused, timeout=15, what="a propagation refusal")
    assert error["terminal"] is False
    assert "flask-react-build-role" in error["message"]
    wait_state(daemon, "BuildProject", "Ready", timeout=30)
    assert codebuild_counts(fake)["CreateProject"] >= 2

    codebuild = fake.boto3("codebuild")
    built = codebuild.batch_get_projects(names=["flask-react-build"])["projects"][0]
    assert built["source"]["buildspec"] == "buildspec.yml"
    assert built["environment"]["privilegedMode"] is True
    assert built["environment"]["environmentVariables"][0]["value"] == "123456789012"
    assert built["serviceRole"].endswith(":role/service-role/flask-react-build-role")
    assert (built["timeoutInMinutes"], built["artifacts"]["type"]) == (10, "NO_ARTIFACTS")
    tags = {t["key"]: t["value"] for t in built["tags"]}
    assert tags["awsreconciled:logical-id"] == "BuildProject"
    assert codebuild_counts(fake).get("UpdateProject", 0) == 0, "tags go in with the create"

    # A steady cycle writes nothing and reads in bulk only.
    wait_cycles(daemon, 1)
    before = codebuild_counts(fake)
    wait_cycles(daemon, 2)
    after = codebuild_counts(fake)
    assert {op for op in after if after[op] != before.get(op, 0)} <= {"ListProjects",
                                                                      "BatchGetProjects"}

    # Drift: a timeout changed at the console comes back.
    codebuild.update_project(name="flask-react-build", timeoutInMinutes=30)
    wait_until(lambda: codebuild.batch_get_projects(names=["flask-react-build"])["projects"][0][
        "timeoutInMinutes"] == 10, timeout=20, what="timeout back to 10")

    # A user tag added in the file goes on beside ours.
    drop(daemon, "build.json", project(tags=[{"Key": "team", "Value": "web"}]))
    def tagged():
        found = codebuild.batch_get_projects(names=["flask-react-build"])["projects"][0]["tags"]
        return {t["key"]: t["value"] for t in found}
    wait_until(lambda: tagged().get("team") == "web", timeout=20, what="user tag")
    assert tagged()["awsreconciled:logical-id"] == "BuildProject"

    # A new name is a new project: reported, nothing touched.
    drop(daemon, "build.json", project(name="flask-react-build-2"))
    replaced = wait_state(daemon, "BuildProject", "NeedsReplacement")
    assert "/Name" in replaced["message"]
    assert codebuild.list_projects()["projects"] == ["flask-react-build"]

    # The file goes: the project goes, the role stays.
    (daemon.desired / "build.json").unlink()
    wait_until(lambda: codebuild.list_projects()["projects"] == [], timeout=20,
               what="project deleted")
    wait_state(daemon, "BuildRole", "Ready")
