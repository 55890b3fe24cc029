"""Call accounting for /_fake/calls: counters per operation and a bounded log."""
import collections
import threading
import time

LOG_LIMIT = 100_000


class Calls:
    def __init__(self):
        self._lock = threading.Lock()
        self.reset()

    def reset(self):
        with self._lock:
            self._counts = collections.Counter()
            self._log = collections.deque(maxlen=LOG_LIMIT)

    def record(self, service, operation, status, error_code=None, account=None, filters=None):
        """`account`: whose credential signed the call (None before authentication);
        `filters`: the names of a describe's filters (None when it has none)."""
        entry = {"time": time.time(), "service": service, "operation": operation,
                 "status": status, "error": error_code, "account": account}
        if filters is not None:
            entry["filters"] = filters
        with self._lock:
            self._counts[(service, operation)] += 1
            self._log.append(entry)

    def snapshot(self, since=None):
        with self._lock:
            counts = {}
            for (service, operation), n in self._counts.items():
                counts.setdefault(service, {})[operation] = n
            log = [e for e in self._log if since is None or e["time"] > since]
        return {"total": sum(sum(c.values()) for c in counts.values()), "counts": counts, "log": log}
