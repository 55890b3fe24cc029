"""Where a trail delivers, checked as CloudTrail checks it on CreateTrail and UpdateTrail: the
bucket must exist and its policy let cloudtrail.amazonaws.com read the bucket ACL and write
under PREFIX/AWSLogs/ACCOUNT/; an SNS topic must let it publish; a CloudWatch Logs group
needs a role, and both must exist."""
import re

from ...errors import AwsError
from .. import policy_grants

CLOUDTRAIL = "cloudtrail.amazonaws.com"
MAX_PREFIX = 200
_TOPIC_ARN = re.compile(r"arn:aws:sns:([a-z0-9-]+):\d{12}:[\w.-]+")
_LOG_GROUP_ARN = re.compile(r"arn:aws:logs:([a-z0-9-]+):(\d{12}):log-group:(.+?)(?::\*)?")


def check_bucket(ctx, name, prefix):
    bucket = ctx.other("s3").buckets.get(name)
    if bucket is None:
        raise AwsError("S3BucketDoesNotExistException", f"S3 bucket {name} does not exist.")
    if prefix and len(prefix) > MAX_PREFIX:
        raise AwsError("InvalidS3PrefixException", f"S3 prefix is longer than {MAX_PREFIX} characters.")
    # Any object CloudTrail would write: PREFIX/AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/file.
    folder = f"{prefix}/" if prefix else ""
    key = f"{folder}AWSLogs/{ctx.account}/CloudTrail/{ctx.region}/2000/01/01/log.json.gz"
    policy = bucket["policy"]
    if not (policy_grants.grants(policy, CLOUDTRAIL, "s3:GetBucketAcl", f"arn:aws:s3:::{name}")
            and policy_grants.grants(policy, CLOUDTRAIL, "s3:PutObject", f"arn:aws:s3:::{name}/{key}")):
        raise AwsError("InsufficientS3BucketPolicyException",
                       f"Incorrect S3 bucket policy is detected for bucket: {name}")


def check_topic(ctx, name_or_arn):
    """The topic's ARN; a name means a topic of the trail's region."""
    arn = name_or_arn if name_or_arn.startswith("arn:") else ctx.arn("sns", name_or_arn, ctx.region)
    m = _TOPIC_ARN.fullmatch(arn)
    topic = ctx.world.state("sns", m[1], ctx.account).topics.get(arn) if m else None
    if topic is None or not policy_grants.grants(topic["Attributes"].get("Policy"), CLOUDTRAIL,
                                                  "SNS:Publish", arn):
        raise AwsError("InsufficientSnsTopicPolicyException", f"SNS Topic {name_or_arn} does not exist "
                       f"or its policy does not let CloudTrail publish to it.")
    return arn


def check_cloudwatch_logs(ctx, group_arn, role_arn):
    if bool(group_arn) != bool(role_arn):
        raise AwsError("InvalidParameterCombinationException", "CloudWatchLogsLogGroupArn and "
                       "CloudWatchLogsRoleArn must be given together.")
    if not group_arn:
        return
    m = _LOG_GROUP_ARN.fullmatch(group_arn)
    if m is None or m[2] != ctx.account or m[3] not in ctx.world.state("logs", m[1], ctx.account).groups:
        raise AwsError("InvalidCloudWatchLogsLogGroupArnException", f"Access denied. Verify in IAM that "
                       f"the role has adequate permissions, and that the log group {group_arn} exists.")
    role = ctx.other("iam").roles.get(role_arn.rsplit("/", 1)[-1])
    if role is None or role["Arn"] != role_arn:
        raise AwsError("InvalidCloudWatchLogsRoleArnException", f"Role {role_arn} does not exist.")
