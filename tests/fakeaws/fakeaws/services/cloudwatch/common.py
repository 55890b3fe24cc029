"""The CloudWatch service, its per-region alarms and the alarm lookup."""
from ...errors import AwsError
from ..registry import Service


class CloudWatchState:
    def __init__(self, region):
        self.alarms = {}  # name -> record: the MetricAlarm shape plus "_"-prefixed fields

    def dump(self):
        return {"alarms": [{"name": n, "state": a["StateValue"]} for n, a in self.alarms.items()]}


SERVICE = Service("monitoring", model_name="cloudwatch", state=CloudWatchState)


def alarm_arn(ctx, name):
    return ctx.arn("cloudwatch", f"alarm:{name}", ctx.region)


def invalid_value(message):
    return AwsError("InvalidParameterValue", message)


def combination(message):
    return AwsError("InvalidParameterCombination", message)


def missing(name):
    return AwsError("MissingParameter", f"The parameter {name} is required.")
