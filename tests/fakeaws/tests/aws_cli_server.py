"""Debian's aws CLI, imported once, running one command per JSON line on stdin.

Starting /usr/bin/aws costs about a second, nearly all of it importing the CLI.
Run with /usr/bin/python3 (the interpreter /usr/bin/aws runs on), this answers each
{"args": [...], "env": {...}} line with {"code", "stdout", "stderr"}; a command
behaves as `aws ARGS` would with that environment. It runs apart from pytest
because importing awscli re-points `import botocore` at the CLI's own copy.
"""
import contextlib
import io
import json
import os
import sys


def serve():
    from awscli.clidriver import create_clidriver
    baseline = dict(os.environ)  # importing awscli set AWS_DATA_PATH, which it needs later
    # environment -> (driver, settings): a driver reads the environment once, then runs in ~15 ms
    drivers = {}
    replies = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        os.environ.clear()
        os.environ.update(baseline, **request["env"])
        key = json.dumps(request["env"], sort_keys=True)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                driver, settings = drivers.get(key) or drivers.setdefault(key, _new_driver(create_clidriver))
                # `--region` and `--profile` set session variables that would outlive the command.
                driver.session._session_instance_vars = dict(settings)
                code = driver.main(request["args"])
            except SystemExit as e:  # argument errors exit, as the real command does
                code = e.code
        replies.write(json.dumps({"code": code, "stdout": out.getvalue(), "stderr": err.getvalue()}) + "\n")
        replies.flush()


def _new_driver(create_clidriver):
    """A driver and its session variables before any command changed them."""
    driver = create_clidriver()
    return driver, driver.session.instance_variables()


if __name__ == "__main__":
    serve()
