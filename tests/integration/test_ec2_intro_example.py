"""config/examples/ec2-intro through the daemon binary against the fake AWS, with the daemon's
region eu-west-1: an Admin group and a user with an access key, a multi-region trail into its
own bucket, a billing topic with an e-mail subscription and two billing alarms in us-east-1, an
SSH group, a key pair and a t2.small instance in the default VPC. It converges, a second full
cycle writes nothing, the alarms live in us-east-1 only, and the access key's secret is nowhere
but its 0600 file."""

import json
import shutil
import stat

from harness import example, wait_until
from test_engine import OWNER_FILTER, resource, wait_state

FILES, RESOURCES = example("ec2-intro")
DAEMON_REGION = "eu-west-1"
BILLING_REGION = "us-east-1"


def test_the_example_converges_writes_nothing_again_and_keeps_the_key_secret(make_daemon, fake):
    daemon = make_daemon({"poll_interval": "1h", "region": DAEMON_REGION}).start()
    for path in FILES:
        shutil.copy(path, daemon.desired / path.name)
    others = [i for i in RESOURCES if i != "BillingEmail"]
    for logical_id in others:
        wait_state(daemon, logical_id, "Ready", timeout=30)
    # The e-mail subscription waits for a person; once confirmed it is Ready.
    wait_until(lambda: (resource(daemon, "BillingEmail") or {}).get("state") == "Creating"
               and "PendingConfirmation" in resource(daemon, "BillingEmail")["message"],
               timeout=20, what="the subscription waiting for its confirmation")
    topic_arn = resource(daemon, "BillingTopic")["physical_id"]
    assert topic_arn.startswith(f"arn:aws:sns:{BILLING_REGION}:")
    fake.control("POST", "/_fake/sns/confirm",
                 {"TopicArn": topic_arn, "Endpoint": "billing@example.com"})
    daemon.full_cycle()
    wait_state(daemon, "BillingEmail", "Ready", timeout=20)
    daemon.full_cycle()
    states = {r["logical_id"]: r["state"] for r in daemon.get("/v1/resources").json()["resources"]}
    assert states == {logical_id: "Ready" for logical_id in RESOURCES}

    # A second full cycle writes nothing.
    mark = fake.calls()["total"]
    daemon.full_cycle()
    assert fake.calls()["total"] > mark, "the cycle read AWS"
    assert fake.writes_since(mark) == []

    # IAM: the Admin group with AdministratorAccess, the user in it, one active key.
    iam = fake.boto3("iam")
    attached = iam.list_attached_group_policies(GroupName="Admin")["AttachedPolicies"]
    assert [p["PolicyArn"] for p in attached] == ["arn:aws:iam::aws:policy/AdministratorAccess"]
    assert [u["UserName"] for u in iam.get_group(GroupName="Admin")["Users"]] == [
        "ec2-intro-admin"]
    key = resource(daemon, "AdminAccessKey")
    listed = iam.list_access_keys(UserName="ec2-intro-admin")["AccessKeyMetadata"]
    assert [(k["AccessKeyId"], k["Status"]) for k in listed] == [(key["physical_id"], "Active")]

    # The trail: multi-region, logging, into its own bucket with the policy CloudTrail needs.
    cloudtrail = fake.boto3("cloudtrail", DAEMON_REGION)
    trail = cloudtrail.describe_trails(trailNameList=["management-events"])["trailList"][0]
    assert (trail["S3BucketName"], trail["IsMultiRegionTrail"],
            trail["LogFileValidationEnabled"]) == ("ec2-intro-cloudtrail-logs", True, True)
    assert cloudtrail.get_trail_status(Name="management-events")["IsLogging"] is True
    assert fake.count("cloudtrail", "CreateTrail") == 1
    s3 = fake.boto3("s3", DAEMON_REGION)
    policy = json.loads(s3.get_bucket_policy(Bucket="ec2-intro-cloudtrail-logs")["Policy"])
    assert {s["Sid"] for s in policy["Statement"]} == {"AWSCloudTrailAclCheck",
                                                       "AWSCloudTrailWrite"}
    assert s3.get_bucket_location(Bucket="ec2-intro-cloudtrail-logs")[
        "LocationConstraint"] == DAEMON_REGION

    # The billing alarms exist in us-east-1 only, acting on the topic.
    east = fake.boto3("cloudwatch", BILLING_REGION)
    alarms = {a["AlarmName"]: a for a in east.describe_alarms()["MetricAlarms"]}
    assert sorted(alarms) == ["billing-above-0.01-usd", "billing-above-10-usd"]
    for name, threshold in (("billing-above-0.01-usd", 0.01), ("billing-above-10-usd", 10.0)):
        alarm = alarms[name]
        assert (alarm["Namespace"], alarm["MetricName"], alarm["Statistic"], alarm["Period"],
                alarm["ComparisonOperator"], alarm["Threshold"], alarm["AlarmActions"],
                alarm["Dimensions"]) == (
            "AWS/Billing", "EstimatedCharges", "Maximum", 21600, "GreaterThanThreshold",
            threshold, [topic_arn], [{"Name": "Currency", "Value": "USD"}])
    assert fake.boto3("cloudwatch", DAEMON_REGION).describe_alarms()["MetricAlarms"] == []
    assert fake.boto3("sns", DAEMON_REGION).list_topics()["Topics"] == []

    # One t2.small in the default VPC, with the key pair and the SSH group.
    ec2 = fake.boto3("ec2", DAEMON_REGION)
    instances = [i for r in ec2.describe_instances(Filters=OWNER_FILTER)["Reservations"]
                 for i in r["Instances"]]
    assert [(i["InstanceType"], i["KeyName"]) for i in instances] == [("t2.small", "ec2-intro")]
    group_id = resource(daemon, "SshSecurityGroup")["physical_id"]
    assert [g["GroupId"] for g in instances[0]["SecurityGroups"]] == [group_id]
    group = ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"][0]
    assert [(p["FromPort"], p["IpRanges"][0]["CidrIp"]) for p in group["IpPermissions"]] == [
        (22, "203.0.113.10/32")]

    # The access key's secret: only in its 0600 file, never in an answer or the log.
    secret_file = daemon.state / "access-keys" / f"{key['physical_id']}.secret"
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    secret = secret_file.read_text().strip()
    assert len(secret) >= 30
    shown = [daemon.get(path).text for path in ("/v1/resources", "/v1/events", "/v1/status",
                                                "/v1/plan", "/v1/files")]
    shown += [daemon.get(f"/v1/resources/{logical_id}").text for logical_id in RESOURCES]
    shown += [daemon.stderr()]
    shown += [p.read_text(errors="replace") for p in daemon.state.rglob("*")
              if p.is_file() and p != secret_file]
    needles = {secret, secret[:20], json.dumps(secret)[1:-1]}
    leaks = [i for i, text in enumerate(shown) for needle in needles if needle in text]
    assert leaks == [], "the secret access key appeared outside its file"
