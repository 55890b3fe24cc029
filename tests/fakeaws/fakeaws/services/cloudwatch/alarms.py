"""Metric alarms: PutMetricAlarm (an upsert), DescribeAlarms, DeleteAlarms."""
from ... import paging
from ...errors import AwsError
from . import alarm_config
from .common import SERVICE, alarm_arn, combination
from .evaluation import settle
from .tags import checked_tags

DEFAULT_PAGE = 50
# PutMetricAlarm members that are the alarm's configuration, as given.
CONFIGURATION = ("AlarmDescription", "MetricName", "Namespace", "Statistic", "ExtendedStatistic",
                 "Period", "Unit", "EvaluationPeriods", "DatapointsToAlarm", "Threshold",
                 "ComparisonOperator", "EvaluateLowSampleCountPercentile", "Metrics", "ThresholdMetricId")


@SERVICE.op("PutMetricAlarm")
def put_metric_alarm(ctx, p):
    alarm_config.check(ctx, p)
    name = p["AlarmName"]
    existing = ctx.state.alarms.get(name)
    alarm = {"AlarmName": name, "AlarmArn": alarm_arn(ctx, name),
             "AlarmConfigurationUpdatedTimestamp": ctx.now,
             "ActionsEnabled": p.get("ActionsEnabled", True), "OKActions": p.get("OKActions", []),
             "AlarmActions": p.get("AlarmActions", []),
             "InsufficientDataActions": p.get("InsufficientDataActions", []),
             "Dimensions": p.get("Dimensions", []), "TreatMissingData": p.get("TreatMissingData", "missing"),
             **{k: p[k] for k in CONFIGURATION if k in p}, "_evaluated": False}
    if existing is None:
        alarm.update({"StateValue": "INSUFFICIENT_DATA", "StateReason": "Unchecked: Initial alarm creation",
                      "StateUpdatedTimestamp": ctx.now, "StateTransitionedTimestamp": ctx.now,
                      "_tags": checked_tags([], p.get("Tags", [])), "_created": ctx.now})
    else:
        # An update overwrites the whole configuration silently and keeps the state; Tags given
        # here are ignored, as documented (TagResource changes them).
        alarm.update({k: existing[k] for k in ("StateValue", "StateReason", "StateUpdatedTimestamp",
                                                "StateTransitionedTimestamp", "_tags", "_created")})
    ctx.state.alarms[name] = alarm
    return {}


def _actions(alarm):
    return alarm["OKActions"] + alarm["AlarmActions"] + alarm["InsufficientDataActions"]


def _selected(ctx, p):
    names, prefix = p.get("AlarmNames"), p.get("AlarmNamePrefix")
    if names and prefix:
        raise combination("AlarmNames and AlarmNamePrefix cannot be used together.")
    if "MetricAlarm" not in p.get("AlarmTypes", ["MetricAlarm"]):
        return []
    if p.get("ChildrenOfAlarmName") or p.get("ParentsOfAlarmName"):
        return []  # only composite alarms have children or parents, and there are none here
    alarms = [a for a in ctx.state.alarms.values() if ctx.visible(a["_created"])
              and (not names or a["AlarmName"] in names) and a["AlarmName"].startswith(prefix or "")]
    for alarm in alarms:
        settle(ctx, alarm)
    state, action = p.get("StateValue"), p.get("ActionPrefix")
    alarms = [a for a in alarms if (not state or a["StateValue"] == state)
              and (not action or any(x.startswith(action) for x in _actions(a)))]
    return sorted(alarms, key=lambda a: a["AlarmName"])


@SERVICE.op("DescribeAlarms")
def describe_alarms(ctx, p):
    public = [{k: v for k, v in a.items() if not k.startswith("_")} for a in _selected(ctx, p)]
    page, token = paging.page(public, p.get("NextToken"), p.get("MaxRecords", DEFAULT_PAGE),
                              "InvalidNextToken")
    return {"MetricAlarms": page, "CompositeAlarms": [], "NextToken": token}


@SERVICE.op("DeleteAlarms")
def delete_alarms(ctx, p):
    missing = [n for n in p["AlarmNames"] if n not in ctx.state.alarms]
    if missing:  # one unknown name and nothing is deleted
        raise AwsError("ResourceNotFound", f"{len(missing)}/{len(p['AlarmNames'])} alarms not found: "
                       f"[{', '.join(missing)}]", 404)
    for name in p["AlarmNames"]:
        del ctx.state.alarms[name]
    return {}
