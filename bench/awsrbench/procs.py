"""The two processes a benchmark runs — tests/fakeaws and the daemon — and what is read from
them: the fake's call records, the daemon's API, log and /proc. Every process started here is
registered and stopped on exit, whatever the exit."""

import atexit
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "integration"))
from harness import FAKE_ENV, FakeAws, UnixHTTPConnection, request  # noqa: E402

BINARY = os.environ.get("AWSR_BINARY", str(REPO / "build" / "awsreconciled"))
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
_children = []
CYCLE_LINE = re.compile(r"cycle (\d+) \((\w+)\): (\d+) resources, \d+ observations, ([\d.]+)s")


def _stop_children():
    for stop in reversed(list(_children)):
        stop()


def install_cleanup():
    """Stops every child on normal exit, on an exception and on SIGINT/SIGTERM."""
    atexit.register(_stop_children)

    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)


class Fake(FakeAws):
    def __init__(self):
        super().__init__()
        _children.append(self.stop)

    def stop(self):
        if self.process.poll() is None:
            super().stop()
        if self.stop in _children:
            _children.remove(self.stop)

    def calls_since(self, since):
        return self.control("GET", f"/_fake/calls?since={since}")

    def reset_calls(self):
        self.control("POST", "/_fake/calls/reset")


class Daemon:
    """awsreconciled run, with its API on a unix socket and loopback TCP, logging at debug."""

    def __init__(self, workdir, fake, poll_seconds, pace_requests=True):
        self.workdir = Path(workdir)
        self.desired = self.workdir / "desired.d"
        self.socket_path = str(self.workdir / "api.sock")
        self.log_path = self.workdir / "daemon.log"
        self.desired.mkdir(parents=True, exist_ok=True)
        (self.workdir / "state").mkdir(exist_ok=True)
        self.config = {
            "endpoint_url": fake.url,
            "desired_dir": str(self.desired),
            "state_dir": str(self.workdir / "state"),
            "poll_interval": f"{int(poll_seconds * 1000)}ms",
            "api": {"unix_socket": self.socket_path, "tcp": "127.0.0.1:0"},
            "log_level": "debug",
            "pace_requests": pace_requests,
        }
        self.process = None
        self.tcp_port = None
        self._log_offset = 0
        self._cycles = []

    def start(self, timeout=60):
        # A restart begins a new log: forget what the last run's log said.
        self.tcp_port = None
        self._log_offset = 0
        self._cycles = []
        config_path = self.workdir / "config.json"
        config_path.write_text(json.dumps(self.config))
        env = dict(os.environ, **FAKE_ENV)
        # As systemd starts it: none of the shell's own settings (this machine's shell names the
        # CA bundle in SSL_CERT_FILE, which would load it whole, daemon/aws/transport.cc).
        for name in ("NOTIFY_SOCKET", "JOURNAL_STREAM", "SSL_CERT_FILE", "SSL_CERT_DIR"):
            env.pop(name, None)
        self.log_file = open(self.log_path, "wb")
        self.started_at = time.time()
        self.process = subprocess.Popen([BINARY, "run", "--config", str(config_path)], env=env,
                                        stdin=subprocess.DEVNULL, stdout=self.log_file,
                                        stderr=self.log_file)
        _children.append(self.stop)
        deadline = time.monotonic() + timeout
        while self.tcp_port is None:
            match = re.search(r"api listening on tcp:\S+ \(port (\d+)\)", self.log())
            if match:
                self.tcp_port = int(match.group(1))
            elif self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"daemon did not start: {self.log()[-2000:]}")
            else:
                time.sleep(0.02)
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.stop in _children:
            _children.remove(self.stop)
        if getattr(self, "log_file", None):
            self.log_file.close()

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def get(self, path, timeout=60):
        return request(UnixHTTPConnection(self.socket_path, timeout=timeout), "GET", path).json()

    def post(self, path, timeout=60):
        return request(UnixHTTPConnection(self.socket_path, timeout=timeout), "POST", path)

    def cycles(self):
        """[(number, "full"|"targeted", resources, seconds)] from the debug log, read on from
        where the last call stopped (the log of a 10,000-resource run is megabytes)."""
        with open(self.log_path, "rb") as log:
            log.seek(self._log_offset)
            text = log.read()
        complete = text.rfind(b"\n") + 1
        self._log_offset += complete
        for n, kind, count, seconds in CYCLE_LINE.findall(text[:complete].decode(errors="replace")):
            self._cycles.append((int(n), kind, int(count), float(seconds)))
        return list(self._cycles)

    def wait_cycle(self, after, timeout, kind="full"):
        """Waits for a cycle numbered above `after`; returns it."""
        def done():
            return next((c for c in self.cycles() if c[0] > after and c[1] == kind), None)
        return wait_until(done, timeout, interval=0.02, what=f"a {kind} cycle after {after}")

    def last_cycle(self):
        cycles = self.cycles()
        return cycles[-1][0] if cycles else 0

    def cpu_seconds(self):
        """User + system CPU time of the daemon so far (/proc/PID/stat)."""
        return cpu_seconds(self.process.pid)

    def memory_kib(self):
        """{"VmRSS": ..., "VmHWM": ...} in KiB (/proc/PID/status)."""
        fields = {}
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0])
        return fields


def cpu_seconds(pid):
    # Fields after the parenthesised command name; utime and stime are the 14th and 15th.
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def wait_until(predicate, timeout, interval=0.05, what="condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


def http_get(port, path, timeout=60):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    connection.request("GET", path)
    reply = connection.getresponse()
    body = reply.read()
    connection.close()
    return reply.status, body
