"""Fault injection: throttles, 5xx, latency, connection resets (before or after
the request takes effect), per rule; and a clock that is off.

A rule fires for its next `count` matching calls, or with probability `rate`;
decisions come from a seeded RNG so a test run is reproducible.
"""
import random
import threading
import time

KINDS = ("throttle", "error", "latency", "reset", "reset_after")


class Decision:
    def __init__(self):
        self.latency = 0.0
        self.kind = None  # None, "throttle", "500", "503", "reset", "reset_after"
        self.rule = None


class Faults:
    def __init__(self):
        self._lock = threading.Lock()
        self.configure({})

    def configure(self, config: dict):
        rules = [dict(r) for r in config.get("rules", [])]
        for rule in rules:
            if rule.get("kind") not in KINDS:
                raise ValueError(f"fault kind must be one of {KINDS}")
            rule.setdefault("fired", 0)
        clock_skew = float(config.get("clock_skew", 0))
        with self._lock:
            self._rules = rules
            self._rng = random.Random(config.get("seed"))
            self._seed = config.get("seed")
            self._clock_skew = clock_skew

    def snapshot(self):
        with self._lock:
            return {"seed": self._seed, "rules": [dict(r) for r in self._rules],
                    "clock_skew": self._clock_skew}

    def now(self) -> float:
        """The fake's clock: the machine's, plus `clock_skew` seconds (AWS's clock when the
        client's is off by that much)."""
        return time.time() + self._clock_skew

    def decide(self, service: str, operation: str) -> Decision:
        decision = Decision()
        with self._lock:
            for rule in self._rules:
                if not self._matches(rule, service, operation) or not self._fires(rule):
                    continue
                rule["fired"] += 1
                if rule["kind"] == "latency":
                    decision.latency += float(rule.get("seconds", 0.1))
                    continue
                decision.kind = self._terminal_kind(rule)
                decision.rule = rule
                break
        return decision

    @staticmethod
    def _matches(rule, service, operation):
        return rule.get("service") in (None, service) and rule.get("operation") in (None, operation)

    def _fires(self, rule):
        if "count" in rule:
            if rule["count"] <= 0:
                return False
            rule["count"] -= 1
            return True
        return self._rng.random() < float(rule.get("rate", 1.0))

    @staticmethod
    def _terminal_kind(rule):
        if rule["kind"] == "error":
            return str(rule.get("status", 500))
        return rule["kind"]
