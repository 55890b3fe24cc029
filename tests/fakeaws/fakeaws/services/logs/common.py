"""The CloudWatch Logs service, its per-region state and the log group lookup."""
from ... import validation
from ...errors import AwsError
from ..registry import Service


class LogsState:
    def __init__(self, region):
        self.groups = {}  # name -> record: the LogGroup shape plus "_"-prefixed fields

    def dump(self):
        return {"log_groups": list(self.groups)}


SERVICE = Service("logs", state=LogsState)


def check_name(operation, name):
    """Logs reports a name outside the model's pattern as InvalidParameterException."""
    pattern = validation.pattern_violation("logs", operation, "logGroupName", name)
    if pattern:
        raise AwsError("InvalidParameterException", f"1 validation error detected: Value '{name}' at "
                       f"'logGroupName' failed to satisfy constraint: Member must satisfy regular "
                       f"expression pattern: {pattern}")


def group_of(ctx, name):
    group = ctx.state.groups.get(name)
    if group is None:
        raise AwsError("ResourceNotFoundException", "The specified log group does not exist.")
    return group


def group_arn(ctx, name):
    """A log group's ARN as the tagging operations take it (DescribeLogGroups adds ':*')."""
    return ctx.arn("logs", f"log-group:{name}", ctx.region)
