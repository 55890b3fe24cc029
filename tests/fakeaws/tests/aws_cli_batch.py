"""The `aws_batch` fixture: the `aws` fixture's contract, served by one long-lived
aws_cli_server.py process instead of a new /usr/bin/aws per command (~1 s each)."""
import json
import os
import subprocess

import pytest

from fakeaws import credentials

SERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "aws_cli_server.py")
ENV = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp"),
       "AWS_ACCESS_KEY_ID": credentials.ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY": credentials.SECRET_ACCESS_KEY,
       "AWS_DEFAULT_REGION": credentials.DEFAULT_REGION, "AWS_EC2_METADATA_DISABLED": "true",
       "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
       "AWS_MAX_ATTEMPTS": "1", "AWS_PAGER": ""}


class CliServer:
    def __init__(self):
        self.process = subprocess.Popen(["/usr/bin/python3", SERVER], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, env={"PATH": "/usr/bin:/bin"})

    def run(self, url, args):
        request = {"args": ["--endpoint-url", url, "--output", "json", *args], "env": ENV}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        reply = json.loads(self.process.stdout.readline())
        if reply["code"] != 0:
            return reply["code"], reply["stderr"]
        return 0, json.loads(reply["stdout"]) if reply["stdout"].strip() else {}

    def close(self):
        self.process.terminate()  # it holds no state worth a clean exit, which takes a second
        self.process.wait(timeout=10)


@pytest.fixture(scope="session")
def aws_cli_server():
    server = CliServer()
    yield server
    server.close()


@pytest.fixture
def aws_batch(fake, aws_cli_server):
    """Run an aws CLI command against the fake: (exit code, parsed JSON or stderr)."""
    return lambda *args: aws_cli_server.run(fake.url, list(args))
