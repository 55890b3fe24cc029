"""Fixtures: one fake per session on 127.0.0.1:0 in a thread, reset before each test."""
import contextlib
import json
import os
import subprocess
import threading
import urllib.request

import boto3
import botocore.config
import botocore.exceptions
import botocore.session
import pytest

from fakeaws import credentials, models, world
from fakeaws.dispatch import Fake
from fakeaws.server import make_server

# Defined here, the batch CLI is one process for the whole session; a module importing the
# fixtures itself gets a process of its own.
from .aws_cli_batch import aws_batch, aws_cli_server  # noqa: F401,E402 (fixtures)

AWS_CLI = "/usr/bin/aws"  # Debian's awscli, not whatever else is on PATH


class Running:
    def __init__(self, fake, url):
        self.fake = fake
        self.url = url

    def control(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())


@pytest.fixture(scope="session")
def server():
    fake = Fake(seed=7)
    httpd = make_server(fake)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    host, port = httpd.server_address
    yield Running(fake, f"http://{host}:{port}")
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def fake(server):
    # Every test starts from the default timings and switches (a test may have released one).
    server.control("POST", "/_fake/config", {**world.DEFAULT_TIMINGS, **world.DEFAULT_SETTINGS,
                                             "instance_pending_seconds": 0.2})
    server.control("POST", "/_fake/reset")
    server.control("POST", "/_fake/faults", {})
    return server


def client_kwargs(url, validate=True, **overrides):
    """validate=False lets boto3 send what its own checks would stop, as raw callers can."""
    kwargs = dict(endpoint_url=url, region_name=credentials.DEFAULT_REGION,
                  aws_access_key_id=credentials.ACCESS_KEY_ID,
                  aws_secret_access_key=credentials.SECRET_ACCESS_KEY,
                  config=botocore.config.Config(retries={"total_max_attempts": 1}, connect_timeout=5,
                                                read_timeout=10, parameter_validation=validate))
    kwargs.update(overrides)
    return kwargs


_clients = {}


@pytest.fixture
def client(fake):
    # Building a boto3 client costs ~0.1 s, so default ones are shared.
    def make(service, **overrides):
        if overrides:
            return boto3.client(service, **client_kwargs(fake.url, **overrides))
        if service not in _clients:
            _clients[service] = boto3.client(service, **client_kwargs(fake.url))
        return _clients[service]
    return make


@pytest.fixture(scope="session")
def extended_models(tmp_path_factory):
    """A botocore data directory with the models the fake extends (models.py) merged in."""
    return str(models.write_data_path(str(tmp_path_factory.mktemp("models"))))


@pytest.fixture
def extended_client(fake, extended_models):
    """Like `client`, but knowing the members the fake adds to Debian's models (e.g. RDS's
    ManageMasterUserPassword): a botocore session that searches extended_models first."""
    def make(service, **overrides):
        session = botocore.session.get_session()
        session.set_config_variable("data_path", extended_models)
        return boto3.Session(botocore_session=session).client(service, **client_kwargs(fake.url, **overrides))
    return make


@pytest.fixture
def aws(fake):
    """Run the aws CLI against the fake; returns (exit code, parsed JSON or stderr)."""
    env = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp"),
           "AWS_ACCESS_KEY_ID": credentials.ACCESS_KEY_ID,
           "AWS_SECRET_ACCESS_KEY": credentials.SECRET_ACCESS_KEY,
           "AWS_DEFAULT_REGION": credentials.DEFAULT_REGION, "AWS_EC2_METADATA_DISABLED": "true",
           "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
           "AWS_MAX_ATTEMPTS": "1", "AWS_PAGER": ""}

    def run(*args, **env_overrides):
        done = subprocess.run([AWS_CLI, "--endpoint-url", fake.url, "--output", "json", *args],
                              env={**env, **env_overrides}, capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            return done.returncode, done.stderr
        return 0, json.loads(done.stdout) if done.stdout.strip() else {}
    return run


def error_of(excinfo):
    """(code, HTTP status) of a botocore ClientError."""
    response = excinfo.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


def raises(code, status, call, **kwargs):
    """call(**kwargs) fails with this error code and HTTP status."""
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(**kwargs)
    assert error_of(e) == (code, status)


def release(fake, timing):
    """End a transition now: lifecycles are evaluated lazily against the current settings."""
    fake.control("POST", "/_fake/config", {timing: 0})


@contextlib.contextmanager
def response_bodies(client, service):
    """The raw bodies of the responses client receives inside the block (to look for secrets)."""
    bodies = []
    capture = lambda http_response, **_: bodies.append(http_response.content)  # noqa: E731
    client.meta.events.register(f"after-call.{service}", capture)
    try:
        yield bodies
    finally:
        client.meta.events.unregister(f"after-call.{service}", capture)
