"""Whether a trail is logging: off when created, switched from the home region only."""
from ...protocols.common import iso8601
from .common import SERVICE, home_trail_of, trail_of


@SERVICE.op("GetTrailStatus")
def get_trail_status(ctx, p):
    trail = trail_of(ctx, p["Name"])
    started, stopped = trail["_started"], trail["_stopped"]
    # Delivery never happens here, so the delivery fields stay as AWS shows them before any.
    return {"IsLogging": trail["_logging"], "StartLoggingTime": started, "StopLoggingTime": stopped,
            "TimeLoggingStarted": iso8601(started) if started else "",
            "TimeLoggingStopped": iso8601(stopped) if stopped else "",
            "LatestDeliveryAttemptTime": "", "LatestNotificationAttemptTime": "",
            "LatestNotificationAttemptSucceeded": "", "LatestDeliveryAttemptSucceeded": ""}


@SERVICE.op("StartLogging")
def start_logging(ctx, p):
    trail = home_trail_of(ctx, p["Name"])
    if not trail["_logging"]:
        trail["_logging"], trail["_started"] = True, ctx.now
    return {}


@SERVICE.op("StopLogging")
def stop_logging(ctx, p):
    trail = home_trail_of(ctx, p["Name"])
    if trail["_logging"]:
        trail["_logging"], trail["_stopped"] = False, ctx.now
    return {}
