"""Alarm evaluation, done lazily when alarms are read: `cloudwatch_evaluation_seconds` after an
alarm is created or changed, it is evaluated once against the metric data the fake has.

The only metric data is AWS's billing estimate, EstimatedCharges in AWS/Billing with a
Currency dimension, which AWS publishes in us-east-1 alone (0 USD here). Every other metric,
and billing anywhere else, has no data, so TreatMissingData decides (by default the alarm
stays INSUFFICIENT_DATA), as with a metric nothing publishes to."""
import datetime

BILLING_REGION = "us-east-1"
ESTIMATED_CHARGES = 0.0
COMPARISONS = {
    "GreaterThanThreshold": (lambda v, t: v > t, "greater than"),
    "GreaterThanOrEqualToThreshold": (lambda v, t: v >= t, "greater than or equal to"),
    "LessThanThreshold": (lambda v, t: v < t, "less than"),
    "LessThanOrEqualToThreshold": (lambda v, t: v <= t, "less than or equal to"),
}
MISSING_DATA_STATES = {"breaching": "ALARM", "notBreaching": "OK", "missing": "INSUFFICIENT_DATA"}


def _datapoint(alarm, region):
    """The latest value of the alarm's metric, or None when the metric has no data."""
    dimensions = {d["Name"] for d in alarm.get("Dimensions", [])}
    if (region == BILLING_REGION and alarm.get("Namespace") == "AWS/Billing"
            and alarm.get("MetricName") == "EstimatedCharges" and "Currency" in dimensions):
        return ESTIMATED_CHARGES
    return None


def _outcome(alarm, region):
    """(state, reason) the evaluation leads to, or None to keep the current state."""
    value = _datapoint(alarm, region)
    if value is None:
        treat = "ignore" if alarm.get("Namespace") == "AWS/DynamoDB" else alarm["TreatMissingData"]
        if treat == "ignore":
            return None
        return MISSING_DATA_STATES[treat], f"Missing data treated as {treat}: no datapoints were received."
    compare, words = COMPARISONS[alarm["ComparisonOperator"]]
    breached = compare(value, alarm["Threshold"])
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%d/%m/%y %H:%M:%S")
    reason = (f"Threshold Crossed: 1 datapoint [{value} ({stamp})] was {'' if breached else 'not '}"
              f"{words} the threshold ({alarm['Threshold']}).")
    return ("ALARM" if breached else "OK"), reason


def settle(ctx, alarm):
    due = alarm["AlarmConfigurationUpdatedTimestamp"] + ctx.world.timings["cloudwatch_evaluation_seconds"]
    if alarm["_evaluated"] or ctx.now < due:
        return
    alarm["_evaluated"] = True
    outcome = _outcome(alarm, ctx.region)
    if outcome is not None and outcome[0] != alarm["StateValue"]:
        alarm["StateValue"], alarm["StateReason"] = outcome
        alarm["StateUpdatedTimestamp"] = alarm["StateTransitionedTimestamp"] = ctx.now
