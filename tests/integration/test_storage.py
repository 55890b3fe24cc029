"""S3 buckets and bucket policies, ECR repositories and log groups through the daemon binary
against the fake AWS: per type, created with our tags, a steady cycle writes nothing, drift
corrected, a create-only edit NeedsReplacement, deletion honoured; and the per-resource reads
(bucket settings, tags) stay within the detail_reads budget."""

import json

from harness import wait_until, write_atomically
from test_engine import wait_state

DELETE = {"DeletionPolicy": "Delete"}
BLOCK_ALL = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
             "RestrictPublicBuckets": True}


def drop(daemon, resources, name="storage.json", region=None):
    document = {"Resources": resources}
    if region:
        document["Region"] = region
    write_atomically(daemon.desired / name, json.dumps(document))


def bucket(**properties):
    return {"Type": "AWS::S3::Bucket", "Properties": properties, **DELETE}


def drop_buckets_read_whole(daemon, count):
    """`count` buckets with one setting each, waited for until Ready and every detail read."""
    many = {f"Many{i}": bucket(VersioningConfiguration={"Status": "Enabled"}) for i in range(count)}
    drop(daemon, many)
    for logical_id in many:
        wait_state(daemon, logical_id, "Ready", timeout=30)
    wait_until(lambda: all(daemon.get(f"/v1/resources/{i}").json()["details_read_at"]
                           for i in many), timeout=30, what="every bucket read whole")
    return many


def remove_everything(daemon, logical_id):
    """Every resource leaving the files at once is held until approved (the engine's guard)."""
    (daemon.desired / "storage.json").unlink()
    wait_state(daemon, logical_id, "Held")
    assert daemon.post("/v1/deletions/approve").status == 202


def events(daemon, logical_id, action):
    return [e for e in daemon.get("/v1/events").json()["events"]
            if e["logical_id"] == logical_id and e["action"] == action]


def s3_calls(fake):
    return fake.calls()["counts"].get("s3", {})


def writes(fake):
    return sum(count for operation, count in s3_calls(fake).items()
               if not operation.startswith(("Get", "List", "Head")))


def test_bucket_settings_drift_replacement_and_deletion(make_daemon, fake):
    daemon = make_daemon({"poll_interval": "1s"}).start()
    stack = {
        "Logs": bucket(BucketName="storage-a-logs", PublicAccessBlockConfiguration=BLOCK_ALL,
                       VersioningConfiguration={"Status": "Enabled"},
                       BucketEncryption={"ServerSideEncryptionConfiguration": [
                           {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"},
                            "BucketKeyEnabled": True}]},
                       LifecycleConfiguration={"Rules": [
                           {"Id": "old", "Status": "Enabled", "Prefix": "logs/",
                            "ExpirationInDays": 90,
                            "Transitions": [{"StorageClass": "STANDARD_IA",
                                             "TransitionInDays": 30}]}]},
                       Tags=[{"Key": "team", "Value": "data"}]),
        "Scratch": bucket(),  # the name is derived, in lower case
    }
    drop(daemon, stack)
    for logical_id in stack:
        wait_state(daemon, logical_id, "Ready", timeout=20)
    s3 = fake.boto3("s3")
    names = sorted(b["Name"] for b in s3.list_buckets()["Buckets"])
    assert names == ["awsreconciled-scratch", "storage-a-logs"]
    tags = {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket="storage-a-logs")["TagSet"]}
    assert tags["team"] == "data" and tags["awsreconciled:logical-id"] == "Logs"
    assert s3.get_bucket_versioning(Bucket="storage-a-logs")["Status"] == "Enabled"
    rules = s3.get_bucket_lifecycle_configuration(Bucket="storage-a-logs")["Rules"]
    assert rules[0]["Expiration"]["Days"] == 90 and rules[0]["Transitions"][0]["Days"] == 30
    encryption = s3.get_bucket_encryption(Bucket="storage-a-logs")
    assert encryption["ServerSideEncryptionConfiguration"]["Rules"][0][
        "ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    # The status shows when its settings were last read whole.
    wait_until(lambda: daemon.get("/v1/resources/Logs").json()["details_read_at"], timeout=10,
               what="read whole")

    # A steady cycle writes nothing.
    before = writes(fake)
    cycles = daemon.get("/v1/status").json()["cycles"]
    wait_until(lambda: daemon.get("/v1/status").json()["cycles"] >= cycles + 2, timeout=10,
               what="two more cycles")
    assert writes(fake) == before

    # Drift in a setting and in the user's tags comes back; our tags stay.
    s3.put_public_access_block(Bucket="storage-a-logs", PublicAccessBlockConfiguration={
        "BlockPublicAcls": False, "IgnorePublicAcls": False, "BlockPublicPolicy": False,
        "RestrictPublicBuckets": False})
    s3.put_bucket_tagging(Bucket="storage-a-logs", Tagging={"TagSet": [
        *[{"Key": k, "Value": v} for k, v in tags.items() if k.startswith("awsreconciled:")],
        {"Key": "team", "Value": "other"}]})
    wait_until(lambda: s3.get_public_access_block(Bucket="storage-a-logs")[
        "PublicAccessBlockConfiguration"] == BLOCK_ALL, timeout=15, what="block back")
    wait_until(lambda: {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(
        Bucket="storage-a-logs")["TagSet"]} == tags, timeout=15, what="tags back")
    assert events(daemon, "Logs", "drift-corrected")

    # A file edit is written at once.
    stack["Logs"]["Properties"]["VersioningConfiguration"] = {"Status": "Suspended"}
    drop(daemon, stack)
    wait_until(lambda: s3.get_bucket_versioning(Bucket="storage-a-logs").get("Status") ==
               "Suspended", timeout=10, what="versioning suspended")

    # A new name is a new bucket: reported, nothing touched.
    stack["Logs"]["Properties"]["BucketName"] = "storage-a-logs-2"
    drop(daemon, stack)
    replaced = wait_state(daemon, "Logs", "NeedsReplacement")
    assert "/BucketName" in replaced["message"]

    # The file goes: both buckets are deleted.
    remove_everything(daemon, "Scratch")
    wait_until(lambda: not s3.list_buckets()["Buckets"], timeout=15, what="buckets deleted")


def test_a_bucket_leaving_the_files_is_decided_on_its_tags_as_they_are_now(make_daemon, fake):
    # One detail read a cycle, and the bucket that leaves the files read last of five: its tags
    # are read again at once when it leaves, whatever the budget, so a bucket someone took over
    # since (our tags gone) is never deleted on the tags read before.
    daemon = make_daemon({"poll_interval": "1h",
                          "detail_reads": {"per_cycle": 1, "per_service": 1}}).start()
    kept = {f"Kept{i}": bucket() for i in range(4)}
    drop(daemon, kept)
    drop(daemon, {"Leaving": bucket()}, name="leaving.json")
    ids = [*kept, "Leaving"]
    for logical_id in ids:
        wait_state(daemon, logical_id, "Ready", timeout=30)

    def leaving_read_last():
        read_at = {i: daemon.get(f"/v1/resources/{i}").json()["details_read_at"] for i in ids}
        return all(read_at.values()) and read_at["Leaving"] == max(read_at.values())
    for _ in range(12):
        if leaving_read_last():
            break
        daemon.full_cycle()
    assert leaving_read_last()

    s3 = fake.boto3("s3")
    name = daemon.get("/v1/resources/Leaving").json()["physical_id"]
    s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": [{"Key": "team", "Value": "theirs"}]})
    (daemon.desired / "leaving.json").unlink()
    wait_until(lambda: not any(f["name"].endswith("leaving.json")
                               for f in daemon.get("/v1/files").json()["files"]),
               timeout=10, what="the file gone")
    daemon.full_cycle()
    daemon.full_cycle()
    assert name in [b["Name"] for b in s3.list_buckets()["Buckets"]]
    assert fake.count("s3", "DeleteBucket") == 0


def test_a_bucket_elsewhere_is_found_never_created_twice_and_reads_stay_in_budget(
        make_daemon, fake):
    s3_west = fake.boto3("s3", region="eu-west-1")
    s3_west.create_bucket(Bucket="storage-a-west",
                          CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    daemon = make_daemon({"poll_interval": "1s",
                          "detail_reads": {"per_cycle": 3, "per_service": 3}}).start()
    # Declared in us-east-1 while it lives in eu-west-1: a conflict, never a second bucket.
    drop(daemon, {"West": bucket(BucketName="storage-a-west")}, name="west.json")
    state = wait_state(daemon, "West", "Error")
    assert "eu-west-1" in state["message"]
    assert fake.count("s3", "CreateBucket") == 1
    # In eu-west-1 it is the same bucket, adopted when asked.
    west = bucket(BucketName="storage-a-west")
    west["AdoptPolicy"] = "Adopt"
    drop(daemon, {"West": west}, name="west.json", region="eu-west-1")
    wait_state(daemon, "West", "Ready", timeout=15)
    assert fake.count("s3", "CreateBucket") == 1

    # Ten buckets with one setting each: a steady cycle reads at most the budget.
    drop_buckets_read_whole(daemon, 10)
    reads = lambda: sum(c for o, c in s3_calls(fake).items()
                        if o.startswith("GetBucket") and o != "GetBucketLocation")
    cycles = daemon.get("/v1/status").json()["cycles"]
    before = reads()
    wait_until(lambda: daemon.get("/v1/status").json()["cycles"] >= cycles + 3, timeout=15,
               what="three more cycles")
    done = daemon.get("/v1/status").json()["cycles"] - cycles
    assert reads() - before <= 3 * (done + 1)


def test_a_steady_cycle_whose_budget_reads_details_leaves_the_status_file_as_it_is(
        make_daemon, fake):
    # Six buckets with two details each (the setting and the tags), three reads a cycle: every
    # steady cycle re-reads some of them, and details_read_at moves, but nothing a restart
    # needs changed, so status.json is not written again.
    daemon = make_daemon({"poll_interval": "1s",
                          "detail_reads": {"per_cycle": 3, "per_service": 3}}).start()
    many = drop_buckets_read_whole(daemon, 6)
    read_at = lambda: {i: daemon.get(f"/v1/resources/{i}").json()["details_read_at"] for i in many}
    status_file = daemon.state / "status.json"
    cycles = daemon.get("/v1/status").json()["cycles"]
    wait_until(lambda: daemon.get("/v1/status").json()["cycles"] >= cycles + 2, timeout=15,
               what="two cycles to settle")
    before, inode = read_at(), status_file.stat().st_ino
    cycles = daemon.get("/v1/status").json()["cycles"]
    wait_until(lambda: daemon.get("/v1/status").json()["cycles"] >= cycles + 4, timeout=20,
               what="four more cycles")
    after = read_at()
    assert [i for i in many if after[i] != before[i]], "the budget kept reading"
    assert status_file.stat().st_ino == inode
    assert "details_read_at" not in json.loads(status_file.read_text())["resources"]["Many0"]


def test_bucket_policy_compared_by_meaning_drift_and_deletion(make_daemon, fake):
    daemon = make_daemon({"poll_interval": "1s"}).start()
    document = {"Version": "2012-10-17", "Statement": [{
        "Sid": "TrailWrite", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
        "Action": ["s3:PutObject"], "Resource": "arn:aws:s3:::storage-a-trail/AWSLogs/*",
        "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}}]}
    stack = {
        "Trail": bucket(BucketName="storage-a-trail", Tags=[{"Key": "team", "Value": "audit"}]),
        "TrailPolicy": {"Type": "AWS::S3::BucketPolicy", "Properties": {
            "Bucket": {"Ref": "Trail"}, "PolicyDocument": document}, **DELETE},
    }
    drop(daemon, stack)
    wait_state(daemon, "TrailPolicy", "Ready", timeout=20)
    s3 = fake.boto3("s3")
    stored = json.loads(s3.get_bucket_policy(Bucket="storage-a-trail")["Policy"])
    assert stored["Statement"][0]["Sid"] == "TrailWrite"
    tags = {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket="storage-a-trail")["TagSet"]}
    assert tags["awsreconciled:bucket-policy"] == "awsreconciled/TrailPolicy/Delete"
    assert tags["team"] == "audit"
    assert daemon.get("/v1/resources/Trail").json()["state"] == "Ready"

    # The same meaning spelled differently is not drift: a steady cycle writes nothing.
    s3.put_bucket_policy(Bucket="storage-a-trail", Policy=json.dumps({
        "Version": "2012-10-17", "Statement": {
            "Effect": "Allow", "Principal": {"Service": ["cloudtrail.amazonaws.com"]},
            "Action": "S3:PutObject", "Resource": ["arn:aws:s3:::storage-a-trail/AWSLogs/*"],
            "Condition": {"StringEquals": {"s3:x-amz-acl": ["bucket-owner-full-control"]}}}}))
    puts = fake.count("s3", "PutBucketPolicy")
    cycles = daemon.get("/v1/status").json()["cycles"]
    wait_until(lambda: daemon.get("/v1/status").json()["cycles"] >= cycles + 3, timeout=10,
               what="three more cycles")
    assert fake.count("s3", "PutBucketPolicy") == puts

    # A policy removed at the console comes back.
    s3.delete_bucket_policy(Bucket="storage-a-trail")
    wait_until(lambda: fake.count("s3", "PutBucketPolicy") > puts, timeout=15,
               what="policy put back")
    assert json.loads(s3.get_bucket_policy(Bucket="storage-a-trail")["Policy"])[
        "Statement"][0]["Action"] == ["s3:PutObject"]

    # Another bucket is another policy: reported, not moved.
    other = dict(stack["TrailPolicy"], Properties={"Bucket": "elsewhere", "PolicyDocument": document})
    drop(daemon, {**stack, "TrailPolicy": other})
    assert "/Bucket" in wait_state(daemon, "TrailPolicy", "NeedsReplacement")["message"]

    # The policy's file entry goes: the policy and its claim go, the bucket and its tags stay.
    drop(daemon, {"Trail": stack["Trail"]})
    wait_state(daemon, "TrailPolicy", "Deleted", timeout=15)
    tags = {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket="storage-a-trail")["TagSet"]}
    assert "awsreconciled:bucket-policy" not in tags and tags["team"] == "audit"
    assert wait_state(daemon, "Trail", "Ready")


def test_ecr_repository_and_log_group_settings_tags_drift_replacement_deletion(make_daemon, fake):
    daemon = make_daemon({"poll_interval": "1s"}).start()
    lifecycle = {"rules": [{"rulePriority": 1, "description": "keep ten",
                            "selection": {"tagStatus": "any", "countType": "imageCountMoreThan",
                                          "countNumber": 10},
                            "action": {"type": "expire"}}]}
    stack = {
        "Images": {"Type": "AWS::ECR::Repository", "Properties": {
            "RepositoryName": "storage-a/app", "ImageTagMutability": "IMMUTABLE",
            "ImageScanningConfiguration": {"ScanOnPush": True},
            "LifecyclePolicy": {"LifecyclePolicyText": json.dumps(lifecycle)},
            "Tags": [{"Key": "team", "Value": "build"}]}, **DELETE},
        "AppLogs": {"Type": "AWS::Logs::LogGroup", "Properties": {
            "LogGroupName": "/storage-a/app", "RetentionInDays": 30,
            "Tags": [{"Key": "team", "Value": "ops"}]}, **DELETE},
    }
    drop(daemon, stack)
    for logical_id in stack:
        wait_state(daemon, logical_id, "Ready", timeout=20)
    ecr, logs = fake.boto3("ecr"), fake.boto3("logs")
    repository = ecr.describe_repositories()["repositories"][0]
    assert repository["imageTagMutability"] == "IMMUTABLE"
    assert repository["imageScanningConfiguration"]["scanOnPush"] is True
    repo_tags = {t["Key"]: t["Value"] for t in ecr.list_tags_for_resource(
        resourceArn=repository["repositoryArn"])["tags"]}
    assert repo_tags["team"] == "build" and repo_tags["awsreconciled:logical-id"] == "Images"
    assert fake.count("ecr", "TagResource") == 0, "tags go in with the create call"

    def lifecycle_policy():
        """The repository's lifecycle policy; None while it has none (a drift not put back yet)."""
        try:
            return json.loads(ecr.get_lifecycle_policy(repositoryName="storage-a/app")[
                "lifecyclePolicyText"])
        except ecr.exceptions.LifecyclePolicyNotFoundException:
            return None

    assert lifecycle_policy() == lifecycle
    group = logs.describe_log_groups()["logGroups"][0]
    assert group["retentionInDays"] == 30
    group_arn = group["arn"][:-2]
    assert logs.list_tags_for_resource(resourceArn=group_arn)["tags"]["team"] == "ops"
    wait_until(lambda: all(daemon.get(f"/v1/resources/{i}").json()["details_read_at"]
                           for i in stack), timeout=10, what="both read whole")

    # A steady cycle writes nothing.
    quiet = lambda: (fake.count("ecr", "PutLifecyclePolicy"), fake.count("ecr", "TagResource"),
                     fake.count("logs", "PutRetentionPolicy"), fake.count("logs", "TagResource"))
    before = quiet()
    cycles = daemon.get("/v1/status").json()["cycles"]
    wait_until(lambda: daemon.get("/v1/status").json()["cycles"] >= cycles + 3, timeout=10,
               what="three more cycles")
    assert quiet() == before

    # Drift in settings and tags comes back.
    ecr.put_image_tag_mutability(repositoryName="storage-a/app", imageTagMutability="MUTABLE")
    ecr.delete_lifecycle_policy(repositoryName="storage-a/app")
    ecr.tag_resource(resourceArn=repository["repositoryArn"],
                     tags=[{"Key": "team", "Value": "other"}])
    logs.put_retention_policy(logGroupName="/storage-a/app", retentionInDays=7)
    logs.tag_resource(resourceArn=group_arn, tags={"team": "other"})
    wait_until(lambda: ecr.describe_repositories()["repositories"][0]["imageTagMutability"] ==
               "IMMUTABLE", timeout=15, what="mutability back")
    wait_until(lambda: logs.describe_log_groups()["logGroups"][0]["retentionInDays"] == 30,
               timeout=15, what="retention back")
    wait_until(lambda: {t["Key"]: t["Value"] for t in ecr.list_tags_for_resource(
        resourceArn=repository["repositoryArn"])["tags"]}["team"] == "build", timeout=15,
        what="repository tags back")
    wait_until(lambda: logs.list_tags_for_resource(resourceArn=group_arn)["tags"]["team"] == "ops",
               timeout=15, what="group tags back")
    wait_until(lambda: lifecycle_policy() == lifecycle, timeout=15, what="lifecycle back")

    # Create-only edits are reported, nothing touched.
    edited = json.loads(json.dumps(stack))
    edited["Images"]["Properties"]["RepositoryName"] = "storage-a/other"
    edited["AppLogs"]["Properties"]["LogGroupName"] = "/storage-a/other"
    drop(daemon, edited)
    assert "/RepositoryName" in wait_state(daemon, "Images", "NeedsReplacement")["message"]
    assert "/LogGroupName" in wait_state(daemon, "AppLogs", "NeedsReplacement")["message"]

    # The file goes: both are deleted.
    remove_everything(daemon, "AppLogs")
    wait_until(lambda: not ecr.describe_repositories()["repositories"] and
               not logs.describe_log_groups()["logGroups"], timeout=15, what="both deleted")


def test_a_steady_cycle_lists_the_accounts_buckets_once_whatever_the_regions(make_daemon, fake):
    # ListBuckets shows every bucket of the account: one call a cycle serves both types in
    # both regions. A write drops the list, so a bucket deleted behind the daemon's back is
    # made again once, and the next cycles see it.
    daemon = make_daemon({"poll_interval": "1h"}).start()
    east = {"East": bucket(BucketName="storage-a-east"),
            "EastPolicy": {"Type": "AWS::S3::BucketPolicy", "Properties": {
                "Bucket": {"Ref": "East"}, "PolicyDocument": {
                    "Version": "2012-10-17", "Statement": [{
                        "Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject",
                        "Resource": "arn:aws:s3:::storage-a-east/*"}]}}, **DELETE}}
    drop(daemon, east, name="east.json")
    drop(daemon, {"West": bucket(BucketName="storage-a-west")}, name="west.json",
         region="eu-west-1")
    for logical_id in ("East", "EastPolicy", "West"):
        wait_state(daemon, logical_id, "Ready", timeout=20)
    daemon.full_cycle()
    for _ in range(2):
        fake.control("POST", "/_fake/calls/reset")
        daemon.full_cycle()
        assert fake.count("s3", "ListBuckets") == 1
        assert writes(fake) == 0

    fake.boto3("s3", region="eu-west-1").delete_bucket(Bucket="storage-a-west")
    daemon.full_cycle()
    wait_state(daemon, "West", "Ready", timeout=15)
    assert fake.count("s3", "CreateBucket") == 1
    fake.control("POST", "/_fake/calls/reset")
    daemon.full_cycle()
    assert fake.count("s3", "ListBuckets") == 1
    assert fake.count("s3", "CreateBucket") == 0
    assert [b["Name"] for b in fake.boto3("s3").list_buckets()["Buckets"]] == [
        "storage-a-east", "storage-a-west"]
