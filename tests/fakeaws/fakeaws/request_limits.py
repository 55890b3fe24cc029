"""AWS's published request token buckets, enforced when the /_fake/config switch
`request_limits` is on (the bench turns it on; tests leave it off for speed).

As AWS documents them, per account and region: EC2 keeps one bucket per API, sized by the
API's category (RunInstances 5 tokens refilled at 2 a second, Describe*/Get* 100 at 20,
every mutating action 50 at 5); ELBv2's Describe* share one bucket of 40 at 10. A call that
finds its bucket empty is refused with the service's throttling error; nothing is queued.
"""
import threading
import time


def bucket_for(service, operation):
    """(key, capacity, refill per second) of the bucket a call draws from, or None."""
    if service == "ec2":
        if operation == "RunInstances":
            return f"ec2:{operation}", 5.0, 2.0
        if operation.startswith(("Describe", "Get")):
            return f"ec2:{operation}", 100.0, 20.0
        return f"ec2:{operation}", 50.0, 5.0
    if service == "elasticloadbalancing" and operation.startswith("Describe"):
        return "elbv2:Describe", 40.0, 10.0
    return None


class RequestLimits:
    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets = {}  # (region, key) -> [tokens, last refill time]

    def reset(self):
        with self._lock:
            self._buckets.clear()

    def admit(self, service, region, operation):
        """Takes a token for this call; False when the bucket is empty (throttled)."""
        bucket = bucket_for(service, operation)
        if bucket is None:
            return True
        key, capacity, refill = bucket
        now = self._clock()
        with self._lock:
            tokens, updated = self._buckets.get((region, key), (capacity, now))
            tokens = min(capacity, tokens + (now - updated) * refill)
            if tokens < 1:
                self._buckets[(region, key)] = (tokens, now)
                return False
            self._buckets[(region, key)] = (tokens - 1, now)
            return True
