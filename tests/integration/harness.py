"""Runs the real awsreconciled binary in a temporary directory and talks to it like a user:
over its unix socket API, with signals, and through a NOTIFY_SOCKET the test owns."""

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BINARY = os.environ.get("AWSR_BINARY", str(REPO / "build" / "awsreconciled"))
PYTHON = "/usr/bin/python3"


def sanitized_build():
    """Whether BINARY was built with ASan+UBSan (scripts/test.sh's build-asan)."""
    cache = Path(BINARY).parent / "CMakeCache.txt"
    return cache.exists() and "AWSR_SANITIZE:BOOL=ON" in cache.read_text()  # Debian's, with botocore: the fake needs it

# Operations that only read: a converged cycle makes no other kind.
READ_PREFIXES = ("Get", "List", "Describe", "Head")

# The fake's test credentials (tests/fakeaws/fakeaws/credentials.py).
FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "AKIAFAKEAWSRECONCILE",
    "AWS_SECRET_ACCESS_KEY": "fakeSecretKeyForTestsOnly0000000000000000",
    "AWS_EC2_METADATA_DISABLED": "true",
}


class FakeAws:
    """tests/fakeaws as a child process on 127.0.0.1, with its /_fake/ control endpoints."""

    def __init__(self):
        env = dict(os.environ, PYTHONPATH=str(REPO / "tests" / "fakeaws"), PYTHONUNBUFFERED="1")
        self.process = subprocess.Popen([PYTHON, "-m", "fakeaws", "--listen", "127.0.0.1:0"],
                                        env=env, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
        line = self.process.stdout.readline().decode()
        if "listening on" not in line:
            self.process.kill()
            raise RuntimeError(f"fakeaws did not start: {line!r}")
        self.url = line.split()[-1]
        self.port = int(self.url.rsplit(":", 1)[1])
        self.starting_config = self.control("GET", "/_fake/config")

    def control(self, method, path, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        payload = None if body is None else json.dumps(body)
        connection.request(method, path, body=payload,
                           headers={"Content-Type": "application/json"})
        reply = connection.getresponse()
        data = reply.read()
        connection.close()
        if reply.status >= 300:
            raise AssertionError(f"{method} {path}: {reply.status} {data!r}")
        return json.loads(data) if data else None

    def reset(self):
        """Empty, without faults, with the timings it started with (a test may have changed
        one and not restored it)."""
        self.control("POST", "/_fake/faults", {})
        self.control("POST", "/_fake/config", self.starting_config)
        self.control("POST", "/_fake/reset")

    def calls(self):
        return self.control("GET", "/_fake/calls")

    def count(self, service, operation):
        return self.calls()["counts"].get(service, {}).get(operation, 0)

    def writes_since(self, mark):
        """(service, operation) of every call after call number `mark` that is not a read."""
        return [(call["service"], call["operation"]) for call in self.calls()["log"][mark:]
                if not call["operation"].startswith(READ_PREFIXES)]

    @contextlib.contextmanager
    def configured(self, settings):
        """The fake with `settings` (its /_fake/config keys, or a function of the current ones
        that returns them) in force, restored afterwards."""
        before = self.control("GET", "/_fake/config")
        self.control("POST", "/_fake/config", settings(before) if callable(settings) else settings)
        try:
            yield before
        finally:
            self.control("POST", "/_fake/config", before)

    def faults(self, config):
        self.control("POST", "/_fake/faults", config)

    def boto3(self, service, region="us-east-1"):
        import boto3
        return boto3.client(service, endpoint_url=self.url, region_name=region,
                            aws_access_key_id=FAKE_ENV["AWS_ACCESS_KEY_ID"],
                            aws_secret_access_key=FAKE_ENV["AWS_SECRET_ACCESS_KEY"])

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def wait_until(predicate, timeout=5.0, interval=0.02, what="condition"):
    """Polls predicate until it returns a truthy value or the deadline passes."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            # A callable describes the state at the timeout, not at the start of the wait.
            raise AssertionError(
                f"timed out after {timeout}s waiting for {what() if callable(what) else what}")
        time.sleep(interval)


def wait_every_resource(daemon, state, timeout=30.0):
    """Waits until every resource the daemon lists is in `state`: before approving removals,
    since an approval covers exactly what is held at that moment, and a cycle already under way
    when files go may hold some resources a cycle before the rest."""
    wait_until(lambda: all(r["state"] == state
                           for r in daemon.get("/v1/resources").json()["resources"]),
               timeout, what=f"every resource {state}")


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout=5.0):
        super().__init__("localhost", timeout=timeout)
        self.unix_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.unix_path)


class Response:
    def __init__(self, status, body, headers):
        self.status = status
        self.text = body
        self.headers = headers

    def json(self):
        return json.loads(self.text)


def request(connection, method, path, body=None, headers=None):
    payload = body if body is None or isinstance(body, (bytes, str)) else json.dumps(body)
    connection.request(method, path, body=payload, headers=headers or {})
    reply = connection.getresponse()
    return Response(reply.status, reply.read().decode(), dict(reply.getheaders()))


def example(name):
    """config/examples/NAME: its files, and every resource they declare by logical id."""
    files = sorted((REPO / "config" / "examples" / name).glob("*.json"))
    resources = {logical_id: body for path in files
                 for logical_id, body in json.loads(path.read_text())["Resources"].items()}
    return files, resources


def write_atomically(path, text):
    """Drops a file the way deployment tools do: write a temporary name, then rename."""
    path = Path(path)
    temporary = path.with_name("." + path.name + ".tmp")
    temporary.write_text(text)
    os.rename(temporary, path)


class Daemon:
    """One awsreconciled process with its own config, directories and notify socket."""

    def __init__(self, workdir, config=None, args=None, env=None, fake=None, prefix=None):
        self.workdir = Path(workdir)
        self.desired = self.workdir / "desired.d"
        self.state = self.workdir / "state"
        self.socket_path = str(self.workdir / "run" / "api.sock")
        self.desired.mkdir(parents=True, exist_ok=True)
        self.state.mkdir(parents=True, exist_ok=True)
        self.config = {
            "desired_dir": str(self.desired),
            "state_dir": str(self.state),
            "api": {"unix_socket": self.socket_path},
            "poll_interval": "60s",
            "log_level": "debug",
        }
        if fake is not None:
            self.config["endpoint_url"] = fake.url
        self.config.update(config or {})
        self.args = args
        self.prefix = prefix or []  # a command the binary runs under, e.g. setpriv
        self.extra_env = env or {}
        self.process = None
        self.notifications = []
        self.notify_lock = threading.Lock()
        self.notify_socket = None
        self.stderr_path = self.workdir / "daemon.stderr"

    @property
    def config_path(self):
        return self.workdir / "config.json"

    def start(self, wait_ready=True):
        self.config_path.write_text(json.dumps(self.config))
        notify_path = str(self.workdir / "notify.sock")
        if self.notify_socket is None:
            self.notify_socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            self.notify_socket.bind(notify_path)
            self.notify_socket.settimeout(0.1)
            # Read like systemd does, all the time: a full socket would block the daemon.
            self.notify_thread = threading.Thread(target=self._receive_notifications, daemon=True)
            self.notify_thread.start()
        env = dict(os.environ, NOTIFY_SOCKET=notify_path, **FAKE_ENV)
        env.update(self.extra_env)
        env.pop("JOURNAL_STREAM", None)
        for name in [name for name, value in env.items() if value is None]:
            del env[name]  # env={"AWS_ACCESS_KEY_ID": None} unsets it
        args = self.args or ["run", "--config", str(self.config_path)]
        with self.notify_lock:
            mark = len(self.notifications)
        self.stderr_file = open(self.stderr_path, "ab")
        self.process = subprocess.Popen([*self.prefix, BINARY, *args], env=env,
                                        stdin=subprocess.DEVNULL,
                                        stdout=self.stderr_file, stderr=self.stderr_file)
        if wait_ready:
            self.wait_notification("READY=1", timeout=10, after=mark)
        return self

    def stderr(self):
        return self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""

    def _receive_notifications(self):
        sock = self.notify_socket
        while self.notify_socket is sock:
            try:
                message = sock.recv(4096).decode()
            except (socket.timeout, BlockingIOError):
                continue
            except OSError:
                return
            with self.notify_lock:
                self.notifications.append(message)


    def wait_notification(self, assignment, timeout=5.0, after=0):
        """Waits for a datagram containing the line `assignment`; returns its index."""
        def find():
            with self.notify_lock:
                received = list(self.notifications)
            for index, message in enumerate(received[after:], start=after):
                if assignment in message.split("\n"):
                    return index + 1
            if self.process.poll() is not None:
                raise AssertionError(f"daemon exited {self.process.returncode}: {self.stderr()}")
            return None
        return wait_until(find, timeout, what=f"notification {assignment}") - 1

    def connection(self):
        return UnixHTTPConnection(self.socket_path)

    def get(self, path):
        return request(self.connection(), "GET", path)

    def post(self, path, body=None):
        return request(self.connection(), "POST", path, body)

    def full_cycle(self, timeout=10.0):
        """Asks for a full cycle and waits until one has finished after the request."""
        reply = self.post("/v1/reconcile")
        assert reply.status == 202
        # Not merely the next cycle to end: one under way observed before the request.
        serving = reply.json()["cycle"]
        wait_until(lambda: self.get("/v1/status").json()["cycles"] >= serving, timeout=timeout,
                   what="a full cycle")

    def files(self):
        return {entry["name"]: entry for entry in self.get("/v1/files").json()["files"]}

    def signal(self, signum):
        self.process.send_signal(signum)

    def wait_exit(self, timeout=10.0):
        return self.process.wait(timeout=timeout)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.notify_socket:
            sock, self.notify_socket = self.notify_socket, None
            self.notify_thread.join(timeout=2)
            sock.close()
            (self.workdir / "notify.sock").unlink(missing_ok=True)  # free for a restart
        if getattr(self, "stderr_file", None):
            self.stderr_file.close()


def run_binary(args, env=None, timeout=20):
    return subprocess.run([BINARY, *args], capture_output=True, text=True, timeout=timeout,
                          env=dict(os.environ, **(env or {})), stdin=subprocess.DEVNULL)
