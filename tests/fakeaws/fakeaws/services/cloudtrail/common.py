"""The CloudTrail service and how a request finds a trail.

Trails live in one account-wide table (a multi-region trail is seen in every region), each
with its home region. In a region the trails are those created there plus the shadows of
multi-region trails created elsewhere. A name finds only a trail of the current region; a
shadow (or any trail of another region) must be named by its ARN; changes are made from the
home region only (InvalidHomeRegionException), as AWS documents."""
import re

from ...errors import AwsError
from ..registry import Service

_ARN = re.compile(r"arn:aws:cloudtrail:([a-z0-9-]+):(\d{12}):trail/(.+)")


class CloudTrailState:
    def __init__(self, region=None):
        self.trails = {}  # ARN -> record: the Trail shape plus "_"-prefixed fields

    def dump(self):
        return {"trails": [{"arn": a, "logging": t["_logging"]} for a, t in self.trails.items()]}


SERVICE = Service("cloudtrail", regional=False, state=CloudTrailState)


def seen_in(trail, region):
    return trail["HomeRegion"] == region or trail["IsMultiRegionTrail"]


def trails_in(ctx):
    return [t for t in ctx.state.trails.values() if seen_in(t, ctx.region)]


def not_found(ctx, name):
    return AwsError("TrailNotFoundException", f"Unknown trail: {name} for the user: {ctx.account}")


def parse_arn(ctx, arn):
    m = _ARN.fullmatch(arn)
    if m is None or m[2] != ctx.account:
        raise AwsError("CloudTrailARNInvalidException", f"Invalid trail ARN: {arn}")
    return m[1], m[3]


def trail_of(ctx, name_or_arn):
    """The trail a read names: by name a trail of this region, by ARN any trail."""
    if name_or_arn.startswith("arn:"):
        parse_arn(ctx, name_or_arn)
        trail = ctx.state.trails.get(name_or_arn)
    else:
        trail = ctx.state.trails.get(ctx.arn("cloudtrail", f"trail/{name_or_arn}", ctx.region))
    if trail is None:
        raise not_found(ctx, name_or_arn)
    return trail


def home_trail_of(ctx, name_or_arn):
    """The trail a change names, which must be made from its home region."""
    if name_or_arn.startswith("arn:"):
        trail = trail_of(ctx, name_or_arn)
    else:
        trail = next((t for t in trails_in(ctx) if t["Name"] == name_or_arn), None)
        if trail is None:
            raise not_found(ctx, name_or_arn)
    if trail["HomeRegion"] != ctx.region:
        raise AwsError("InvalidHomeRegionException", f"This operation must be called from the trail's "
                       f"home region ({trail['HomeRegion']}).")
    return trail


def trail_out(trail):
    return {k: v for k, v in trail.items() if not k.startswith("_")}
