"""PutMetricAlarm's rules beyond the model, as its documentation states them: one metric or a
metric math array, a valid period, a threshold (or a band), actions in the alarm's region."""
import re

from ...errors import AwsError
from .common import combination, invalid_value, missing

SINGLE_METRIC = ("MetricName", "Namespace", "Statistic", "ExtendedStatistic", "Dimensions", "Period")
BAND_OPERATORS = ("LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold",
                  "GreaterThanUpperThreshold")
TREAT_MISSING = ("breaching", "notBreaching", "ignore", "missing")
MAX_EVALUATION_SECONDS = 86400
_PERCENTILE = re.compile(r"p(\d{1,2}(\.\d{1,2})?|100)")
# The documented action ARNs; the region part must be the alarm's own.
_ACTIONS = (re.compile(r"arn:aws:automate:(?P<region>[a-z0-9-]+):ec2:(stop|terminate|recover|reboot)"),
            re.compile(r"arn:aws:sns:(?P<region>[a-z0-9-]+):\d{12}:[\w.-]+"),
            re.compile(r"arn:aws:autoscaling:(?P<region>[a-z0-9-]+):\d{12}:scalingPolicy:.+"),
            re.compile(r"arn:aws:ssm:(?P<region>[a-z0-9-]+):\d{12}:opsitem:\d+(#CATEGORY=.+)?"),
            re.compile(r"arn:aws:ssm-incidents::\d{12}:response-plan:.+"),
            re.compile(r"arn:aws:swf:(?P<region>[a-z0-9-]+):\d{12}:action/actions/"
                       r"AWS_EC2\.InstanceId\.\w+/1\.0"))


def _check_single_metric(p):
    for name in ("Namespace", "MetricName", "Period"):
        if name not in p:
            raise missing(name)
    if ("Statistic" in p) == ("ExtendedStatistic" in p):
        raise combination("Exactly one of Statistic and ExtendedStatistic must be specified.")
    if "ExtendedStatistic" in p and not _PERCENTILE.fullmatch(p["ExtendedStatistic"]):
        raise invalid_value(f"The value {p['ExtendedStatistic']} for parameter ExtendedStatistic is "
                            f"not valid.")
    period = p["Period"]
    if period not in (10, 30) and period % 60:
        raise invalid_value("The parameter Period must be 10, 30 or a multiple of 60.")
    if period * p["EvaluationPeriods"] > MAX_EVALUATION_SECONDS:
        raise invalid_value("Period multiplied by EvaluationPeriods cannot be more than 86400 seconds.")
    if "EvaluateLowSampleCountPercentile" in p:
        if "ExtendedStatistic" not in p:
            raise combination("EvaluateLowSampleCountPercentile applies to percentile statistics only.")
        if p["EvaluateLowSampleCountPercentile"] not in ("evaluate", "ignore"):
            raise invalid_value("EvaluateLowSampleCountPercentile must be evaluate or ignore.")


def _check_metric_math(queries):
    if sum(1 for q in queries if q.get("ReturnData", True)) != 1:
        raise AwsError("ValidationError", "Exactly one element of the metrics list should return data.")
    for query in queries:
        if ("MetricStat" in query) == ("Expression" in query):
            raise AwsError("ValidationError", f"Exactly one of MetricStat and Expression must be given "
                           f"for metric {query['Id']}.")
        if not re.fullmatch(r"[a-z][a-zA-Z0-9_]*", query["Id"]):
            raise invalid_value(f"The value {query['Id']} for parameter Metrics.Id is not valid.")


def _check_threshold(p):
    band = p["ComparisonOperator"] in BAND_OPERATORS
    if band != ("ThresholdMetricId" in p):
        raise combination("ThresholdMetricId is used with, and only with, the anomaly detection band "
                          "comparison operators.")
    if band and "Metrics" not in p:
        raise combination("ThresholdMetricId names one of the Metrics.")
    if not band and "Threshold" not in p:
        raise missing("Threshold")


def _check_actions(ctx, p):
    for member in ("OKActions", "AlarmActions", "InsufficientDataActions"):
        for action in p.get(member, []):
            m = next(filter(None, (pattern.fullmatch(action) for pattern in _ACTIONS)), None)
            if m is None:
                raise AwsError("ValidationError", f"Invalid arn syntax: {action}")
            region = m.groupdict().get("region")
            if region is not None and region != ctx.region:
                raise AwsError("ValidationError", f"Invalid region {region} specified. Only {ctx.region} "
                               f"is supported.")


def check(ctx, p):
    if "Metrics" in p:
        given = [name for name in SINGLE_METRIC if name in p]
        if given:
            raise combination(f"The parameter {given[0]} cannot be used with Metrics.")
        _check_metric_math(p["Metrics"])
    elif "MetricName" not in p:
        raise missing("MetricName")
    else:
        _check_single_metric(p)
    if p.get("DatapointsToAlarm", 1) > p["EvaluationPeriods"]:
        raise invalid_value("DatapointsToAlarm must be less than or equal to EvaluationPeriods.")
    if p.get("TreatMissingData", "missing") not in TREAT_MISSING:
        raise invalid_value(f"TreatMissingData must be one of {', '.join(TREAT_MISSING)}.")
    _check_threshold(p)
    _check_actions(ctx, p)
