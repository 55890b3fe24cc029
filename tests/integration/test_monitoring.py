"""Account monitoring and service users through the daemon binary against the fake AWS: IAM
access keys (the secret only in its 0600 file), SNS topics and e-mail subscriptions, billing
alarms in us-east-1 while the daemon's region is another, and CloudTrail trails. Per type:
create, a second cycle writes nothing, drift corrected, create-only edit NeedsReplacement,
deletion."""

import json
import stat

from harness import wait_until, write_atomically
from test_engine import resource, wait_state

DAEMON_REGION = "eu-west-1"


def drop(daemon, name, resources):
    write_atomically(daemon.desired / name, json.dumps({"Resources": resources}))


def full_cycle(daemon):
    before = daemon.get("/v1/status").json()["cycles"]
    assert daemon.post("/v1/reconcile").status in (200, 202)
    wait_until(lambda: daemon.get("/v1/status").json()["cycles"] > before, timeout=10,
               what="a full cycle")


def writes_since(fake, mark):
    return [c["operation"] for c in fake.calls()["log"][mark:]
            if not c["operation"].startswith(("Get", "List", "Describe"))]


def steady_writes(daemon, fake):
    """The writes of a cycle after a cycle: none when everything converged."""
    full_cycle(daemon)
    mark = fake.calls()["total"]
    full_cycle(daemon)
    return writes_since(fake, mark)


def remove_all(daemon, name, logical_id):
    """Removing every resource the daemon holds is held until approved (the deletion guard)."""
    (daemon.desired / name).unlink()
    wait_state(daemon, logical_id, "Held")
    assert daemon.post("/v1/deletions/approve").status == 202


def start(make_daemon):
    return make_daemon({"poll_interval": "1h", "region": DAEMON_REGION}).start()


# --- IAM access keys -------------------------------------------------------------------------

PASSWORD_PARAMETER = "/console/deployer"
CONSOLE_PASSWORD = "Canary-Console-Pa55word!"


def service_user(status="Active", user_name="deployer", parameter=PASSWORD_PARAMETER):
    profile = {"Password": f"{{{{resolve:ssm-secure:{parameter}}}}}",
               "PasswordResetRequired": True}
    return {
        "Deployer": {"Type": "AWS::IAM::User",
                     "Properties": {"UserName": user_name, "LoginProfile": profile},
                     "DeletionPolicy": "Delete"},
        "DeployerKey": {"Type": "AWS::IAM::AccessKey",
                        "Properties": {"UserName": {"Ref": "Deployer"}, "Status": status},
                        "DeletionPolicy": "Delete"},
    }


def test_an_access_key_secret_lives_only_in_its_0600_file(make_daemon, fake):
    ssm = fake.boto3("ssm", DAEMON_REGION)
    ssm.put_parameter(Name=PASSWORD_PARAMETER, Value=CONSOLE_PASSWORD, Type="SecureString")
    daemon = start(make_daemon)
    drop(daemon, "user.json", service_user())
    key = wait_state(daemon, "DeployerKey", "Ready", timeout=20)
    iam = fake.boto3("iam")
    listed = iam.list_access_keys(UserName="deployer")["AccessKeyMetadata"]
    assert [k["AccessKeyId"] for k in listed] == [key["physical_id"]]
    assert listed[0]["Status"] == "Active"

    secret_file = daemon.state / "access-keys" / f"{key['physical_id']}.secret"
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(secret_file.parent.stat().st_mode) == 0o700
    secret = secret_file.read_text()
    assert len(secret) >= 30
    # The canary: the secret is compared, never printed.
    shown = [daemon.get("/v1/resources").text, daemon.get("/v1/events").text,
             daemon.get("/v1/status").text, daemon.get("/v1/resources/DeployerKey").text,
             daemon.stderr()]
    shown += [p.read_text(errors="replace") for p in daemon.state.rglob("*")
              if p.is_file() and p != secret_file]
    leaks = [index for index, text in enumerate(shown) if secret[:20] in text]
    assert leaks == [], "the secret access key appeared outside its file"
    assert not any(CONSOLE_PASSWORD in text for text in shown), "the password was shown"
    # The console password went to IAM, resolved only for the call.
    assert iam.get_login_profile(UserName="deployer")["LoginProfile"]["PasswordResetRequired"]
    assert steady_writes(daemon, fake) == []
    # One ListAccessKeys per user holding a key of ours, nothing else per resource.
    mark = fake.calls()["total"]
    full_cycle(daemon)
    reads = [c["operation"] for c in fake.calls()["log"][mark:] if c["service"] == "iam"]
    assert sorted(reads) == ["GetAccountAuthorizationDetails", "ListAccessKeys"]

    # Drift: deactivated by hand, activated again.
    iam.update_access_key(UserName="deployer", AccessKeyId=key["physical_id"], Status="Inactive")
    full_cycle(daemon)
    wait_until(lambda: iam.list_access_keys(UserName="deployer")["AccessKeyMetadata"][0]["Status"]
               == "Active", timeout=10, what="the key active again")

    # Another password reference is written again; the same one never is.
    ssm.put_parameter(Name="/console/other", Value="Another-Pa55word!", Type="SecureString")
    drop(daemon, "user.json", service_user(parameter="/console/other"))
    wait_until(lambda: fake.count("iam", "UpdateLoginProfile") == 1, timeout=10,
               what="the login profile written again")
    wait_state(daemon, "Deployer", "Ready")
    assert steady_writes(daemon, fake) == []

    # A status change in the file changes it in place; another user needs a replacement.
    drop(daemon, "user.json", service_user(status="Inactive", parameter="/console/other"))
    wait_until(lambda: iam.list_access_keys(UserName="deployer")["AccessKeyMetadata"][0]["Status"]
               == "Inactive", timeout=10, what="the key made inactive")
    iam.create_user(UserName="other")
    resources = service_user(status="Inactive", parameter="/console/other")
    resources["DeployerKey"]["Properties"]["UserName"] = "other"
    drop(daemon, "user.json", resources)
    moved = wait_state(daemon, "DeployerKey", "NeedsReplacement")
    assert [c["path"] for c in moved["diff"]] == ["/UserName"]

    # Deletion: the key and its file go.
    remove_all(daemon, "user.json", "DeployerKey")
    wait_state(daemon, "DeployerKey", "Deleted", timeout=20)
    assert not secret_file.exists()
    wait_state(daemon, "Deployer", "Deleted", timeout=20)
    assert [u["UserName"] for u in iam.list_users()["Users"]] == ["other"]


# --- SNS topics and subscriptions, billing alarms in us-east-1 --------------------------------

BILLING_REGION = "us-east-1"


def billing(threshold, name, **extra):
    return {"Type": "AWS::CloudWatch::Alarm", "Region": BILLING_REGION, "DeletionPolicy": "Delete",
            "Properties": {
                "AlarmName": name, "Namespace": "AWS/Billing", "MetricName": "EstimatedCharges",
                "Dimensions": [{"Name": "Currency", "Value": "USD"}], "Statistic": "Maximum",
                "Period": 21600, "EvaluationPeriods": 1, "Threshold": threshold,
                "ComparisonOperator": "GreaterThanThreshold",
                "AlarmActions": [{"Ref": "BillingTopic"}], **extra}}


def billing_stack(email="ops@example.com", display="Billing"):
    return {
        "BillingTopic": {"Type": "AWS::SNS::Topic", "Region": BILLING_REGION,
                         "DeletionPolicy": "Delete",
                         "Properties": {"TopicName": "billing-alerts", "DisplayName": display,
                                        "Tags": [{"Key": "team", "Value": "ops"}]}},
        "BillingMail": {"Type": "AWS::SNS::Subscription", "Region": BILLING_REGION,
                        "DeletionPolicy": "Delete",
                        "Properties": {"TopicArn": {"Ref": "BillingTopic"}, "Protocol": "email",
                                       "Endpoint": email}},
        "BillingCent": billing(0.01, "billing-0.01"),
        "BillingTen": billing(10, "billing-10"),
    }


def test_billing_alarms_live_in_us_east_1_and_mail_waits_for_a_person(make_daemon, fake):
    daemon = start(make_daemon)
    drop(daemon, "billing.json", billing_stack())
    for logical_id in ("BillingTopic", "BillingCent", "BillingTen"):
        wait_state(daemon, logical_id, "Ready", timeout=20)
    # The e-mail subscription waits for a person: shown as such, not as an error.
    wait_until(lambda: (resource(daemon, "BillingMail") or {}).get("state") == "Creating"
               and "PendingConfirmation" in resource(daemon, "BillingMail")["message"],
               timeout=20, what="the e-mail subscription waiting for its confirmation")
    sns = fake.boto3("sns", BILLING_REGION)
    topic_arn = resource(daemon, "BillingTopic")["physical_id"]
    assert topic_arn.startswith(f"arn:aws:sns:{BILLING_REGION}:")
    assert sns.get_topic_attributes(TopicArn=topic_arn)["Attributes"]["DisplayName"] == "Billing"

    east = fake.boto3("cloudwatch", BILLING_REGION)
    alarms = {a["AlarmName"]: a for a in east.describe_alarms()["MetricAlarms"]}
    assert sorted(alarms) == ["billing-0.01", "billing-10"]
    assert alarms["billing-10"]["AlarmActions"] == [topic_arn]
    assert alarms["billing-0.01"]["Threshold"] == 0.01
    assert fake.boto3("cloudwatch", DAEMON_REGION).describe_alarms()["MetricAlarms"] == []
    # The bundled specification gives alarms no Tags property; the ownership tags went in the
    # creating PutMetricAlarm.
    tags = east.list_tags_for_resource(ResourceARN=alarms["billing-10"]["AlarmArn"])["Tags"]
    assert any(t["Key"] == "awsreconciled:owner" for t in tags), "tags went in the create"
    assert fake.count("monitoring", "TagResource") == 0

    # Confirmed by the person: Ready.
    fake.control("POST", "/_fake/sns/confirm", {"TopicArn": topic_arn, "Endpoint": "ops@example.com"})
    full_cycle(daemon)
    mail = wait_state(daemon, "BillingMail", "Ready", timeout=20)
    assert mail["physical_id"].startswith(topic_arn + ":")
    assert steady_writes(daemon, fake) == []
    # A steady cycle reads each list once; the topic's and the alarms' tags are detail reads,
    # one per resource within the detail_reads budget, never those of someone else's (the
    # subscription's claim is one more read of its topic's tags).
    east.put_metric_alarm(AlarmName="someone-elses", Namespace="AWS/Billing",
                          MetricName="EstimatedCharges", Statistic="Maximum", Period=21600,
                          EvaluationPeriods=1, Threshold=5.0,
                          ComparisonOperator="GreaterThanThreshold")
    elses_topic = sns.create_topic(Name="someone-elses")["TopicArn"]
    fake.control("POST", "/_fake/calls/reset")
    full_cycle(daemon)
    counts = fake.calls()["counts"]
    assert {service: counts[service] for service in ("monitoring", "sns")} == {
        "monitoring": {"DescribeAlarms": 1, "ListTagsForResource": 2},
        "sns": {"ListTopics": 1, "ListTagsForResource": 2, "GetTopicAttributes": 1,
                "ListSubscriptions": 1}}
    east.delete_alarms(AlarmNames=["someone-elses"])
    sns.delete_topic(TopicArn=elses_topic)

    # Drift: an alarm overwritten by hand (PutMetricAlarm keeps the tags) and the topic
    # renamed for display; both put back.
    east.put_metric_alarm(AlarmName="billing-10", Namespace="AWS/Billing",
                          MetricName="EstimatedCharges", Statistic="Maximum", Period=21600,
                          EvaluationPeriods=1, Threshold=50.0,
                          ComparisonOperator="GreaterThanThreshold")
    sns.set_topic_attributes(TopicArn=topic_arn, AttributeName="DisplayName", AttributeValue="x")
    sns.tag_resource(ResourceArn=topic_arn, Tags=[{"Key": "team", "Value": "x"}])
    full_cycle(daemon)

    def corrected():
        alarm = east.describe_alarms(AlarmNames=["billing-10"])["MetricAlarms"][0]
        display = sns.get_topic_attributes(TopicArn=topic_arn)["Attributes"]["DisplayName"]
        team = {t["Key"]: t["Value"] for t in
                sns.list_tags_for_resource(ResourceArn=topic_arn)["Tags"]}["team"]
        return (alarm["Threshold"] == 10.0 and alarm["AlarmActions"] == [topic_arn]
                and display == "Billing" and team == "ops")
    wait_until(corrected, timeout=10, what="the alarm and the topic corrected")
    tags = east.list_tags_for_resource(ResourceARN=alarms["billing-10"]["AlarmArn"])["Tags"]
    assert any(t["Key"] == "awsreconciled:owner" for t in tags), "the overwrite kept our tags"

    # Create-only edits: another endpoint, another alarm name.
    stack = billing_stack(email="dev@example.com")
    stack["BillingTen"]["Properties"]["AlarmName"] = "billing-ten"
    drop(daemon, "billing.json", stack)
    assert [c["path"] for c in wait_state(daemon, "BillingMail", "NeedsReplacement")["diff"]] == [
        "/Endpoint"]
    assert [c["path"] for c in wait_state(daemon, "BillingTen", "NeedsReplacement")["diff"]] == [
        "/AlarmName"]

    # Deletion: alarms, subscription and topic go; us-east-1 is empty again.
    remove_all(daemon, "billing.json", "BillingTopic")
    for logical_id in ("BillingCent", "BillingTen", "BillingMail", "BillingTopic"):
        wait_state(daemon, logical_id, "Deleted", timeout=20)
    assert east.describe_alarms()["MetricAlarms"] == []
    assert sns.list_topics()["Topics"] == []
    assert sns.list_subscriptions()["Subscriptions"] == []


def test_a_subscription_added_by_hand_to_our_topic_is_not_ours(make_daemon, fake):
    daemon = start(make_daemon)
    stack = billing_stack()
    del stack["BillingCent"], stack["BillingTen"]
    drop(daemon, "billing.json", stack)
    wait_state(daemon, "BillingTopic", "Ready", timeout=20)
    wait_state(daemon, "BillingMail", "Creating", timeout=20)
    sns = fake.boto3("sns", BILLING_REGION)
    topic_arn = resource(daemon, "BillingTopic")["physical_id"]
    sns.subscribe(TopicArn=topic_arn, Protocol="email", Endpoint="someone@example.com")
    # An unconfirmed subscription cannot be unsubscribed: deleting it drops the claim only.
    del stack["BillingMail"]
    drop(daemon, "billing.json", stack)
    wait_state(daemon, "BillingMail", "Deleted", timeout=20)
    endpoints = sorted(s["Endpoint"] for s in sns.list_subscriptions()["Subscriptions"])
    assert endpoints == ["ops@example.com", "someone@example.com"]
    claims = [t["Key"] for t in sns.list_tags_for_resource(ResourceArn=topic_arn)["Tags"]
              if t["Key"].startswith("awsreconciled:subscription:")]
    assert claims == []


# --- CloudTrail -------------------------------------------------------------------------------

def trail_bucket(fake, name="audit-logs"):
    """The bucket a trail writes to, with the policy CloudTrail needs (made directly)."""
    s3 = fake.boto3("s3", DAEMON_REGION)
    s3.create_bucket(Bucket=name,
                     CreateBucketConfiguration={"LocationConstraint": DAEMON_REGION})
    s3.put_bucket_policy(Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
         "Action": "s3:GetBucketAcl", "Resource": f"arn:aws:s3:::{name}"},
        {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
         "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{name}/AWSLogs/*"}]}))
    return name


def trail(**properties):
    return {"AuditTrail": {"Type": "AWS::CloudTrail::Trail", "DeletionPolicy": "Delete",
                           "Properties": {"TrailName": "audit", "S3BucketName": "audit-logs",
                                          "IsLogging": True, "IsMultiRegionTrail": True,
                                          "IncludeGlobalServiceEvents": True,
                                          "EnableLogFileValidation": True,
                                          "Tags": [{"Key": "team", "Value": "sec"}],
                                          **properties}}}


def test_a_multi_region_trail_logs_is_found_once_and_corrected(make_daemon, fake):
    trail_bucket(fake)
    daemon = start(make_daemon)
    drop(daemon, "trail.json", trail())
    made = wait_state(daemon, "AuditTrail", "Ready", timeout=20)
    cloudtrail = fake.boto3("cloudtrail", DAEMON_REGION)
    status = cloudtrail.get_trail_status(Name="audit")
    assert status["IsLogging"] is True
    described = cloudtrail.describe_trails(trailNameList=["audit"])["trailList"][0]
    assert described["IsMultiRegionTrail"] and described["LogFileValidationEnabled"]
    assert made["physical_id"] == "audit"
    # Its shadow in us-east-1 is the same trail: a daemon there would not take it for another.
    east = fake.boto3("cloudtrail", BILLING_REGION)
    assert [t["Name"] for t in east.describe_trails()["trailList"]] == ["audit"]
    assert fake.count("cloudtrail", "CreateTrail") == 1
    assert steady_writes(daemon, fake) == []

    # Drift: logging stopped and validation turned off by hand.
    cloudtrail.stop_logging(Name="audit")
    cloudtrail.update_trail(Name="audit", EnableLogFileValidation=False)
    full_cycle(daemon)
    wait_until(lambda: cloudtrail.get_trail_status(Name="audit")["IsLogging"]
               and cloudtrail.describe_trails(trailNameList=["audit"])["trailList"][0]
               ["LogFileValidationEnabled"], timeout=10, what="logging and validation back on")

    # A file change in place (stop logging), then a create-only one (the name).
    drop(daemon, "trail.json", trail(IsLogging=False))
    wait_until(lambda: not cloudtrail.get_trail_status(Name="audit")["IsLogging"], timeout=10,
               what="logging stopped")
    drop(daemon, "trail.json", trail(TrailName="audit-2", IsLogging=False))
    renamed = wait_state(daemon, "AuditTrail", "NeedsReplacement")
    assert [c["path"] for c in renamed["diff"]] == ["/TrailName"]

    remove_all(daemon, "trail.json", "AuditTrail")
    wait_state(daemon, "AuditTrail", "Deleted", timeout=20)
    assert cloudtrail.describe_trails()["trailList"] == []
