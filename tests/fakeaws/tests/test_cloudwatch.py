"""CloudWatch metric alarms: upserts, describe filters and paging, evaluation per region, tags."""
from .conftest import raises, release

CPU = dict(MetricName="CPUUtilization", Namespace="AWS/EC2", Statistic="Average", Period=300,
           EvaluationPeriods=2, Threshold=80.0, ComparisonOperator="GreaterThanThreshold",
           Dimensions=[{"Name": "InstanceId", "Value": "i-0123456789abcdef0"}])
BILLING = dict(MetricName="EstimatedCharges", Namespace="AWS/Billing", Statistic="Maximum", Period=21600,
               EvaluationPeriods=1, Threshold=100.0, ComparisonOperator="GreaterThanThreshold",
               Dimensions=[{"Name": "Currency", "Value": "USD"}])
TOPIC = "arn:aws:sns:us-east-1:123456789012:alerts"


def alarm(cw, name):
    return cw.describe_alarms(AlarmNames=[name])["MetricAlarms"][0]


def test_put_is_an_upsert_and_tags_only_count_on_create(client):
    cw = client("cloudwatch")
    cw.put_metric_alarm(AlarmName="cpu", AlarmActions=[TOPIC], Tags=[{"Key": "team", "Value": "a"}], **CPU)
    created = alarm(cw, "cpu")
    assert created["StateValue"] == "INSUFFICIENT_DATA" and created["AlarmActions"] == [TOPIC]
    assert created["AlarmArn"] == "arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu"
    cw.put_metric_alarm(AlarmName="cpu", Tags=[{"Key": "team", "Value": "b"}], **{**CPU, "Threshold": 90.0})
    updated = alarm(cw, "cpu")
    assert updated["Threshold"] == 90.0 and updated["AlarmActions"] == []  # overwritten, not merged
    assert cw.list_tags_for_resource(ResourceARN=created["AlarmArn"])["Tags"] == [{"Key": "team", "Value": "a"}]
    cw.tag_resource(ResourceARN=created["AlarmArn"], Tags=[{"Key": "team", "Value": "b"}, {"Key": "x", "Value": "1"}])
    cw.untag_resource(ResourceARN=created["AlarmArn"], TagKeys=["x"])
    assert cw.list_tags_for_resource(ResourceARN=created["AlarmArn"])["Tags"] == [{"Key": "team", "Value": "b"}]
    raises("ResourceNotFoundException", 404, cw.list_tags_for_resource, ResourceARN=created["AlarmArn"] + "x")
    raises("InvalidParameterValue", 400, cw.list_tags_for_resource, ResourceARN="arn:aws:sns:us-east-1:1:x")


def test_put_checks(client):
    cw = client("cloudwatch")
    raises("InvalidParameterValue", 400, cw.put_metric_alarm, AlarmName="a", **{**CPU, "Period": 45})
    raises("InvalidParameterCombination", 400, cw.put_metric_alarm, AlarmName="a", ExtendedStatistic="p99", **CPU)
    raises("MissingParameter", 400, cw.put_metric_alarm, AlarmName="a",
           **{k: v for k, v in CPU.items() if k != "Threshold"})
    raises("InvalidParameterValue", 400, cw.put_metric_alarm, AlarmName="a", DatapointsToAlarm=3, **CPU)
    raises("InvalidParameterValue", 400, cw.put_metric_alarm, AlarmName="a", TreatMissingData="sometimes", **CPU)
    raises("ValidationError", 400, cw.put_metric_alarm, AlarmName="a",
           AlarmActions=["arn:aws:sns:eu-west-1:123456789012:alerts"], **CPU)  # another region's topic
    raises("ValidationError", 400, cw.put_metric_alarm, AlarmName="a", AlarmActions=["not-an-arn"], **CPU)
    math = [{"Id": "m1", "MetricStat": {"Metric": {"Namespace": "AWS/EC2", "MetricName": "CPUUtilization"},
                                        "Period": 60, "Stat": "Average"}, "ReturnData": False},
            {"Id": "e1", "Expression": "m1 * 2"}]
    raises("InvalidParameterCombination", 400, cw.put_metric_alarm, AlarmName="a", Metrics=math, **CPU)
    cw.put_metric_alarm(AlarmName="math", Metrics=math, EvaluationPeriods=1, Threshold=1.0,
                        ComparisonOperator="GreaterThanThreshold")
    assert alarm(cw, "math")["Metrics"][1]["Expression"] == "m1 * 2"
    assert cw.describe_alarms(AlarmNames=["ghost"])["MetricAlarms"] == []


def test_describe_filters_and_pages(client):
    cw = client("cloudwatch")
    for i in range(55):
        cw.put_metric_alarm(AlarmName=f"web-{i:02d}", **CPU)
    cw.put_metric_alarm(AlarmName="db-1", OKActions=[TOPIC], **CPU)
    first = cw.describe_alarms()
    assert len(first["MetricAlarms"]) == 50 and first["MetricAlarms"][0]["AlarmName"] == "db-1"
    rest = cw.describe_alarms(NextToken=first["NextToken"])
    assert len(rest["MetricAlarms"]) == 6 and "NextToken" not in rest
    assert len(cw.describe_alarms(AlarmNamePrefix="web-", MaxRecords=100)["MetricAlarms"]) == 55
    assert [a["AlarmName"] for a in cw.describe_alarms(ActionPrefix="arn:aws:sns")["MetricAlarms"]] == ["db-1"]
    assert cw.describe_alarms(StateValue="ALARM")["MetricAlarms"] == []
    assert cw.describe_alarms(AlarmTypes=["CompositeAlarm"])["MetricAlarms"] == []
    raises("InvalidParameterCombination", 400, cw.describe_alarms, AlarmNames=["db-1"], AlarmNamePrefix="db")
    raises("InvalidNextToken", 400, cw.describe_alarms, NextToken="bogus")
    raises("ResourceNotFound", 404, cw.delete_alarms, AlarmNames=["db-1", "ghost"])
    assert alarm(cw, "db-1")  # nothing was deleted
    cw.delete_alarms(AlarmNames=["db-1", "web-00"])
    assert len(cw.describe_alarms(MaxRecords=100)["MetricAlarms"]) == 54


def test_billing_data_exists_only_in_us_east_1(client, fake):
    home, away = client("cloudwatch"), client("cloudwatch", region_name="eu-west-1")
    fake.control("POST", "/_fake/config", {"cloudwatch_evaluation_seconds": 3600})  # hold evaluation
    home.put_metric_alarm(AlarmName="bill", **BILLING)
    away.put_metric_alarm(AlarmName="bill", **{**BILLING, "AlarmActions": [TOPIC.replace("us-east-1", "eu-west-1")]})
    away.put_metric_alarm(AlarmName="bill-breaching", TreatMissingData="breaching", **BILLING)
    assert alarm(home, "bill")["StateValue"] == "INSUFFICIENT_DATA"  # not evaluated yet
    release(fake, "cloudwatch_evaluation_seconds")
    evaluated = alarm(home, "bill")
    assert evaluated["StateValue"] == "OK" and evaluated["StateReason"].startswith("Threshold Crossed")
    assert alarm(away, "bill")["StateValue"] == "INSUFFICIENT_DATA"  # no billing metrics outside us-east-1
    assert alarm(away, "bill-breaching")["StateValue"] == "ALARM"
    home.put_metric_alarm(AlarmName="bill", **{**BILLING, "Threshold": 0.0,
                                               "ComparisonOperator": "GreaterThanOrEqualToThreshold"})
    assert alarm(home, "bill")["StateValue"] == "ALARM"
    assert alarm(home, "bill")["StateUpdatedTimestamp"] >= evaluated["StateUpdatedTimestamp"]
    assert [a["AlarmName"] for a in away.describe_alarms()["MetricAlarms"]] == ["bill", "bill-breaching"]


def test_cli_cloudwatch(aws_batch):
    run = aws_batch
    assert run("cloudwatch", "put-metric-alarm", "--alarm-name", "cli", "--metric-name", "CPUUtilization",
               "--namespace", "AWS/EC2", "--statistic", "Average", "--period", "60", "--threshold", "70",
               "--comparison-operator", "GreaterThanThreshold", "--evaluation-periods", "1",
               "--tags", "Key=k,Value=v")[0] == 0
    code, out = run("cloudwatch", "describe-alarms", "--alarm-name-prefix", "cl")
    assert code == 0 and out["MetricAlarms"][0]["Threshold"] == 70.0
    arn = out["MetricAlarms"][0]["AlarmArn"]
    assert run("cloudwatch", "list-tags-for-resource", "--resource-arn", arn)[1]["Tags"] == [{"Key": "k", "Value": "v"}]
    code, err = run("cloudwatch", "delete-alarms", "--alarm-names", "cli", "ghost")
    assert code != 0 and "ResourceNotFound" in err
    assert run("cloudwatch", "delete-alarms", "--alarm-names", "cli")[0] == 0
