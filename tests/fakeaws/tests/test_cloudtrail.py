"""CloudTrail trails: delivery checks, shadow trails in other regions, logging, tags."""
import json

from .conftest import raises

ACCOUNT = "123456789012"


def delivery_policy(bucket, prefix=""):
    """The bucket policy CloudTrail's documentation asks for."""
    where = f"{prefix}/" if prefix else ""
    service = {"Service": "cloudtrail.amazonaws.com"}
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "AclCheck", "Effect": "Allow", "Principal": service, "Action": "s3:GetBucketAcl",
         "Resource": f"arn:aws:s3:::{bucket}"},
        {"Sid": "Write", "Effect": "Allow", "Principal": service, "Action": "s3:PutObject",
         "Resource": f"arn:aws:s3:::{bucket}/{where}AWSLogs/{ACCOUNT}/*",
         "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}}]})


def trail_bucket(client, name="trail-logs", prefix=""):
    s3 = client("s3")
    s3.create_bucket(Bucket=name)
    s3.put_bucket_policy(Bucket=name, Policy=delivery_policy(name, prefix))
    return name


def test_create_checks_the_bucket_and_its_policy(client):
    trail = client("cloudtrail")
    raises("S3BucketDoesNotExistException", 400, trail.create_trail, Name="main", S3BucketName="ghost")
    client("s3").create_bucket(Bucket="open")
    raises("InsufficientS3BucketPolicyException", 400, trail.create_trail, Name="main", S3BucketName="open")
    acl_only = json.loads(delivery_policy("open"))
    acl_only["Statement"].pop()
    client("s3").put_bucket_policy(Bucket="open", Policy=json.dumps(acl_only))
    raises("InsufficientS3BucketPolicyException", 400, trail.create_trail, Name="main", S3BucketName="open")
    bucket = trail_bucket(client)
    raises("InsufficientS3BucketPolicyException", 400, trail.create_trail, Name="main", S3BucketName=bucket,
           S3KeyPrefix="elsewhere")  # the policy covers AWSLogs/ at the top only
    created = trail.create_trail(Name="main", S3BucketName=bucket, EnableLogFileValidation=True,
                                 TagsList=[{"Key": "team", "Value": "sec"}])
    assert created["TrailARN"] == f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/main"
    assert created["LogFileValidationEnabled"] is True and created["IncludeGlobalServiceEvents"] is True
    assert created["IsMultiRegionTrail"] is False
    raises("TrailAlreadyExistsException", 400, trail.create_trail, Name="main", S3BucketName=bucket)
    for bad in ("ab", "-lead", "two__marks", "10.0.0.1"):
        raises("InvalidTrailNameException", 400, trail.create_trail, Name=bad, S3BucketName=bucket)
    raises("InvalidParameterCombinationException", 400, trail.create_trail, Name="multi", S3BucketName=bucket,
           IsMultiRegionTrail=True, IncludeGlobalServiceEvents=False)
    for i in range(4):
        trail.create_trail(Name=f"extra{i}", S3BucketName=bucket)
    raises("MaximumNumberOfTrailsExceededException", 400, trail.create_trail, Name="sixth", S3BucketName=bucket)


def test_multi_region_trail_has_shadows(client):
    bucket = trail_bucket(client)
    home, away = client("cloudtrail"), client("cloudtrail", region_name="eu-west-1")
    arn = home.create_trail(Name="org", S3BucketName=bucket, IsMultiRegionTrail=True)["TrailARN"]
    home.create_trail(Name="local", S3BucketName=bucket)
    shadows = away.describe_trails()["trailList"]
    assert [(t["Name"], t["HomeRegion"]) for t in shadows] == [("org", "us-east-1")]
    assert away.describe_trails(includeShadowTrails=False)["trailList"] == []
    assert [t["Name"] for t in home.describe_trails()["trailList"]] == ["org", "local"]
    assert away.describe_trails(trailNameList=["org"])["trailList"] == []  # names are this region's
    assert away.describe_trails(trailNameList=[arn])["trailList"][0]["IsMultiRegionTrail"] is True
    raises("TrailNotFoundException", 400, away.get_trail_status, Name="org")  # a shadow needs its ARN
    assert away.get_trail(Name=arn)["Trail"]["HomeRegion"] == "us-east-1"
    raises("TrailAlreadyExistsException", 400, away.create_trail, Name="org", S3BucketName=bucket)
    away.create_trail(Name="local", S3BucketName=bucket)  # single-region names are per region
    listed = {(t["Name"], t["HomeRegion"]) for t in away.list_trails()["Trails"]}
    assert listed == {("org", "us-east-1"), ("local", "us-east-1"), ("local", "eu-west-1")}
    for call in (away.update_trail, away.start_logging, away.stop_logging, away.delete_trail):
        raises("InvalidHomeRegionException", 400, call, Name=arn)
    raises("InvalidHomeRegionException", 400, away.update_trail, Name="org", EnableLogFileValidation=True)
    home.update_trail(Name="org", IsMultiRegionTrail=False)
    assert away.describe_trails()["trailList"][0]["Name"] == "local"  # the shadow went away


def test_logging_status_and_update(client):
    bucket = trail_bucket(client)
    trail = client("cloudtrail")
    trail.create_trail(Name="main", S3BucketName=bucket)
    status = trail.get_trail_status(Name="main")
    assert status["IsLogging"] is False and "StartLoggingTime" not in status
    trail.start_logging(Name="main")
    status = trail.get_trail_status(Name="main")
    assert status["IsLogging"] is True and status["StartLoggingTime"] and status["TimeLoggingStarted"]
    trail.stop_logging(Name="main")
    assert trail.get_trail_status(Name="main")["IsLogging"] is False
    updated = trail.update_trail(Name="main", EnableLogFileValidation=True, IsMultiRegionTrail=True)
    assert updated["LogFileValidationEnabled"] is True and updated["IsMultiRegionTrail"] is True
    raises("S3BucketDoesNotExistException", 400, trail.update_trail, Name="main", S3BucketName="ghost")
    assert trail.get_trail(Name="main")["Trail"]["S3BucketName"] == bucket  # a failed update changes nothing
    raises("TrailNotFoundException", 400, trail.get_trail, Name="ghost")
    trail.delete_trail(Name="main")
    raises("TrailNotFoundException", 400, trail.delete_trail, Name="main")


def test_notifications_and_cloudwatch_logs(client):
    bucket = trail_bucket(client)
    trail, sns = client("cloudtrail"), client("sns")
    topic = sns.create_topic(Name="trail-news")["TopicArn"]
    raises("InsufficientSnsTopicPolicyException", 400, trail.create_trail, Name="main", S3BucketName=bucket,
           SnsTopicName="trail-news")  # the default topic policy admits the account only
    sns.set_topic_attributes(TopicArn=topic, AttributeName="Policy", AttributeValue=json.dumps({"Statement": [
        {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "SNS:Publish",
         "Resource": topic}]}))
    client("logs").create_log_group(logGroupName="trail")
    role = client("iam").create_role(RoleName="trail-logs", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    group = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:trail:*"
    raises("InvalidParameterCombinationException", 400, trail.create_trail, Name="main", S3BucketName=bucket,
           CloudWatchLogsLogGroupArn=group)
    raises("InvalidCloudWatchLogsLogGroupArnException", 400, trail.create_trail, Name="main",
           S3BucketName=bucket, CloudWatchLogsLogGroupArn=group.replace("trail:", "ghost:"),
           CloudWatchLogsRoleArn=role)
    created = trail.create_trail(Name="main", S3BucketName=bucket, SnsTopicName="trail-news",
                                 CloudWatchLogsLogGroupArn=group, CloudWatchLogsRoleArn=role)
    assert created["SnsTopicARN"] == topic and created["CloudWatchLogsRoleArn"] == role
    assert "SnsTopicName" not in trail.update_trail(Name="main", SnsTopicName="")  # "" stops notifications


def test_tags(client):
    bucket = trail_bucket(client)
    trail = client("cloudtrail")
    arn = trail.create_trail(Name="main", S3BucketName=bucket, IsMultiRegionTrail=True,
                             TagsList=[{"Key": "a", "Value": "1"}])["TrailARN"]
    trail.add_tags(ResourceId=arn, TagsList=[{"Key": "b", "Value": "2"}, {"Key": "a", "Value": "3"}])
    trail.remove_tags(ResourceId=arn, TagsList=[{"Key": "b"}])
    assert trail.list_tags(ResourceIdList=[arn])["ResourceTagList"] == [
        {"ResourceId": arn, "TagsList": [{"Key": "a", "Value": "3"}]}]
    away = client("cloudtrail", region_name="ap-south-1")
    assert away.list_tags(ResourceIdList=[arn])["ResourceTagList"][0]["ResourceId"] == arn  # its shadow
    raises("TagsLimitExceededException", 400, trail.add_tags, ResourceId=arn,
           TagsList=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    raises("InvalidTagParameterException", 400, trail.add_tags, ResourceId=arn,
           TagsList=[{"Key": "aws:x", "Value": "v"}])
    raises("ResourceNotFoundException", 400, trail.list_tags, ResourceIdList=[arn + "x"])
    raises("CloudTrailARNInvalidException", 400, trail.list_tags, ResourceIdList=["arn:aws:s3:::b"])


def test_cli_cloudtrail(client, aws_batch):
    bucket = trail_bucket(client)
    run = aws_batch
    code, out = run("cloudtrail", "create-trail", "--name", "cli", "--s3-bucket-name", bucket,
                    "--is-multi-region-trail", "--tags-list", "Key=k,Value=v")
    assert code == 0 and out["IsMultiRegionTrail"] is True
    assert run("cloudtrail", "start-logging", "--name", "cli")[0] == 0
    assert run("cloudtrail", "get-trail-status", "--name", "cli")[1]["IsLogging"] is True
    code, out = run("cloudtrail", "describe-trails", "--region", "eu-west-1")
    assert code == 0 and out["trailList"][0]["HomeRegion"] == "us-east-1"
    code, err = run("cloudtrail", "stop-logging", "--name", "cli", "--region", "eu-west-1")
    assert code != 0 and "InvalidHomeRegionException" in err
