"""Lifecycle policies, checked against the rules ECR's lifecycle policy reference gives.

The fake stores policies but never expires images by them (no clock drives image age here)."""
import json

from ...errors import AwsError
from .common import SERVICE, repository_of, settings_answer

TAG_STATUSES = ("tagged", "untagged", "any")
COUNT_TYPES = ("imageCountMoreThan", "sinceImagePushed")


def _invalid(why):
    return AwsError("InvalidParameterException", "Invalid parameter at 'LifecyclePolicyText' failed to "
                    f"satisfy constraint: 'Lifecycle policy validation failure: {why}'")


def _positive_int(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _check_selection(selection):
    if not isinstance(selection, dict):
        raise _invalid("selection must be an object")
    status = selection.get("tagStatus")
    if status not in TAG_STATUSES:
        raise _invalid(f"tagStatus must be one of {', '.join(TAG_STATUSES)}")
    lists = [k for k in ("tagPrefixList", "tagPatternList") if k in selection]
    if status == "tagged" and len(lists) != 1:
        raise _invalid("a rule with tagStatus tagged needs exactly one of tagPrefixList and tagPatternList")
    if status != "tagged" and lists:
        raise _invalid(f"{lists[0]} can only be used with tagStatus tagged")
    if any(not isinstance(selection[k], list) or not selection[k] for k in lists):
        raise _invalid(f"{lists[0]} must be a non-empty list")
    count_type = selection.get("countType")
    if count_type not in COUNT_TYPES:
        raise _invalid(f"countType must be one of {', '.join(COUNT_TYPES)}")
    if count_type == "sinceImagePushed" and selection.get("countUnit") != "days":
        raise _invalid("countUnit must be days when countType is sinceImagePushed")
    if count_type == "imageCountMoreThan" and "countUnit" in selection:
        raise _invalid("countUnit is not allowed when countType is imageCountMoreThan")
    if not _positive_int(selection.get("countNumber")):
        raise _invalid("countNumber must be a positive integer")


def check_policy(text):
    try:
        policy = json.loads(text)
    except ValueError:
        raise _invalid("the policy is not valid JSON")
    rules = policy.get("rules") if isinstance(policy, dict) else None
    if not isinstance(rules, list) or not rules:
        raise _invalid("rules must be a non-empty list")
    priorities = []
    for rule in rules:
        if not isinstance(rule, dict) or not _positive_int(rule.get("rulePriority")):
            raise _invalid("every rule needs a rulePriority that is a positive integer")
        _check_selection(rule.get("selection"))
        if not isinstance(rule.get("action"), dict) or rule["action"].get("type") != "expire":
            raise _invalid("action type must be expire")
        priorities.append(rule["rulePriority"])
    if len(set(priorities)) != len(priorities):
        raise _invalid("rulePriority values must be unique")
    highest = max(priorities)
    if any(r["selection"]["tagStatus"] == "any" and r["rulePriority"] != highest for r in rules):
        raise _invalid("a rule with tagStatus any must have the highest rulePriority")


def _policy_of(ctx, repo):
    if repo["_lifecycle"] is None:
        raise AwsError("LifecyclePolicyNotFoundException", f"Lifecycle policy does not exist for the "
                       f"repository with name '{repo['repositoryName']}' in the registry with id "
                       f"'{ctx.account}'")
    return repo["_lifecycle"]


@SERVICE.op("PutLifecyclePolicy")
def put_lifecycle_policy(ctx, p):
    repo = repository_of(ctx, p["repositoryName"])
    check_policy(p["lifecyclePolicyText"])
    repo["_lifecycle"] = p["lifecyclePolicyText"]
    return settings_answer(ctx, repo, lifecyclePolicyText=repo["_lifecycle"])


@SERVICE.op("GetLifecyclePolicy")
def get_lifecycle_policy(ctx, p):
    repo = repository_of(ctx, p["repositoryName"])
    return settings_answer(ctx, repo, lifecyclePolicyText=_policy_of(ctx, repo))


@SERVICE.op("DeleteLifecyclePolicy")
def delete_lifecycle_policy(ctx, p):
    repo = repository_of(ctx, p["repositoryName"])
    text = _policy_of(ctx, repo)
    repo["_lifecycle"] = None
    return settings_answer(ctx, repo, lifecyclePolicyText=text)
