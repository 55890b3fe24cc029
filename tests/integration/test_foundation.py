"""The daemon as a process: files in, API out, signals, systemd notifications, bad configs."""

import json
import os
import shutil
import signal
import socket
import subprocess
import threading
from pathlib import Path

import pytest

from harness import REPO, request, run_binary, wait_until, write_atomically

VPC_FILE = json.dumps({"Resources": {"Vpc": {"Type": "AWS::EC2::VPC",
                                             "Properties": {"CidrBlock": "10.0.0.0/16"}}}})
TWO_VPCS = json.dumps({"Resources": {
    "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
    "Other": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.1.0.0/16"}}}})


def test_ready_status_and_health(make_daemon):
    daemon = make_daemon()
    daemon.config["consistency_grace"] = "90s"
    write_atomically(daemon.desired / "net.json", VPC_FILE)
    daemon.start()
    ready = daemon.notifications[daemon.wait_notification("READY=1")]
    assert any(line.startswith("STATUS=") for line in ready.split("\n"))
    assert daemon.get("/healthz").status == 200
    # Ready once the first full cycle has run.
    wait_until(lambda: daemon.get("/readyz").status == 200, what="readyz")
    status = daemon.get("/v1/status").json()
    assert status["phase"] == "ready"
    assert status["files"] == {"total": 1, "with_errors": 0}
    assert status["resources"]["total"] == 1
    assert status["mode"] == "apply"
    assert status["consistency_grace_seconds"] == 90


def test_drop_edit_break_and_delete_files_show_up_within_a_second(make_daemon):
    daemon = make_daemon().start()
    assert daemon.files() == {}

    write_atomically(daemon.desired / "net.json", VPC_FILE)
    entry = wait_until(lambda: daemon.files().get("net.json"), timeout=1.0, what="file drop")
    assert entry["state"] == "ok" and entry["resources"] == 1

    (daemon.desired / "net.json").write_text(TWO_VPCS)  # edit in place
    wait_until(lambda: daemon.files()["net.json"]["resources"] == 2, timeout=1.0, what="edit")

    (daemon.desired / "net.json").write_text('{"Resources": {"Vpc": ')  # broken
    wait_until(lambda: daemon.files()["net.json"]["state"] != "ok", timeout=1.0,
               what="broken file reported")
    broken = daemon.files()["net.json"]
    assert broken["problems"], broken
    # The last good version stays in force: nothing disappears because of a bad file.
    assert broken["resources"] == 2
    assert daemon.get("/v1/status").json()["resources"]["total"] == 2

    (daemon.desired / "net.json").unlink()
    wait_until(lambda: "net.json" not in daemon.files(), timeout=1.0, what="deletion")
    assert daemon.get("/v1/status").json()["resources"]["total"] == 0


def test_validation_errors_name_file_pointer_and_reason(make_daemon):
    daemon = make_daemon().start()
    unknown_property = {"Resources": {"Web": {"Type": "AWS::EC2::SecurityGroup", "Properties": {
        "GroupDescription": "x", "Colour": "blue"}}}}
    dangling = {"Resources": {"Db": {"Type": "AWS::EC2::SecurityGroup", "Properties": {
        "GroupDescription": "x", "VpcId": {"Ref": "Nope"}}}}}
    write_atomically(daemon.desired / "web.json", json.dumps(unknown_property))
    write_atomically(daemon.desired / "db.json", json.dumps(dangling))
    wait_until(lambda: len(daemon.files()) == 2, timeout=1.0, what="both files")
    files = daemon.files()
    web = {problem["pointer"]: problem["message"] for problem in files["web.json"]["problems"]}
    assert "Colour" in web["/Resources/Web/Properties/Colour"]
    db = {problem["pointer"]: problem["message"] for problem in files["db.json"]["problems"]}
    assert "Nope" in db["/Resources/Db/Properties/VpcId"]
    assert files["web.json"]["state"] == files["db.json"]["state"] == "error"


def test_editor_and_temporary_files_are_ignored(make_daemon):
    daemon = make_daemon().start()
    for name in [".hidden.json", "net.json~", ".net.json.swp", "net.json.tmp", "notes.txt"]:
        (daemon.desired / name).write_text(VPC_FILE)
    write_atomically(daemon.desired / "real.json", VPC_FILE)
    wait_until(lambda: "real.json" in daemon.files(), timeout=1.0, what="real file")
    assert set(daemon.files()) == {"real.json"}


def test_sighup_reloads_config_and_files_without_dropping_the_api(make_daemon):
    daemon = make_daemon().start()
    connection = daemon.connection()
    assert request(connection, "GET", "/v1/status").status == 200
    (daemon.desired / "late.json").write_text(VPC_FILE)
    daemon.config["mode"] = "plan"
    daemon.config_path.write_text(json.dumps(daemon.config))
    mark = len(daemon.notifications)
    daemon.signal(signal.SIGHUP)
    reloading = daemon.wait_notification("RELOADING=1", after=mark)
    daemon.wait_notification("READY=1", after=reloading + 1)
    # The same keep-alive connection still works, and the new config is in force.
    status = request(connection, "GET", "/v1/status").json()
    assert status["mode"] == "plan"
    assert "late.json" in daemon.files()


def test_bad_config_on_reload_keeps_the_running_one(make_daemon):
    daemon = make_daemon().start()
    daemon.config_path.write_text('{"mode": "sideways"}')
    mark = len(daemon.notifications)
    daemon.signal(signal.SIGHUP)
    daemon.wait_notification("READY=1", after=mark)
    assert daemon.get("/v1/status").json()["mode"] == "apply"
    assert "/mode" in daemon.stderr()


def test_sigterm_stops_gracefully_with_stopping_notification(make_daemon):
    daemon = make_daemon().start()
    mark = len(daemon.notifications)
    daemon.signal(signal.SIGTERM)
    daemon.wait_notification("STOPPING=1", after=mark)
    assert daemon.wait_exit(timeout=10) == 0
    assert not os.path.exists(daemon.socket_path)


@pytest.mark.parametrize("config, key", [
    ({"regoin": "us-east-1"}, "/regoin"),
    ({"mode": "yolo"}, "/mode"),
    ({"poll_interval": "soon"}, "/poll_interval"),
    ({"api": {"tcp": "0.0.0.0:9999"}}, "/api/tcp"),
    ({"desired_dir": "/nonexistent/awsreconciled"}, "/desired_dir"),
    ({"concurrency": {"global": "many"}}, "/concurrency/global"),
])
def test_bad_config_exits_2_naming_the_key(make_daemon, config, key):
    daemon = make_daemon(config=config)
    daemon.start(wait_ready=False)
    assert daemon.wait_exit(timeout=10) == 2
    assert key in daemon.stderr()


def test_config_that_is_not_json_exits_2(tmp_path):
    config = tmp_path / "config.json"
    config.write_text("{")
    result = run_binary(["run", "--config", str(config)])
    assert result.returncode == 2
    assert "not valid JSON" in result.stderr


def test_api_errors_are_json_with_proper_status(make_daemon):
    daemon = make_daemon().start()
    missing = daemon.get("/v1/nothing")
    assert missing.status == 404 and missing.json()["error"] == "NotFound"
    wrong_method = daemon.post("/v1/status")
    assert wrong_method.status == 405 and wrong_method.json()["error"] == "MethodNotAllowed"
    # Refused from the Content-Length alone, before the body is sent (as curl would see it).
    raw = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    raw.settimeout(5)
    raw.connect(daemon.socket_path)
    raw.sendall(b"POST /v1/reload HTTP/1.1\r\nHost: x\r\nContent-Length: 2097152\r\n\r\n")
    too_big = raw.recv(4096).decode()
    raw.close()
    assert too_big.startswith("HTTP/1.1 413") and "PayloadTooLarge" in too_big
    assert daemon.post("/v1/reload").status == 202


def test_tcp_writes_need_the_bearer_token(make_daemon, tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text("let-me-in\n")
    token_file.chmod(0o600)
    daemon = make_daemon(config={"api": {"tcp": "127.0.0.1:0", "token_file": str(token_file),
                                         "unix_socket": str(tmp_path / "daemon" / "api.sock")}})
    daemon.start()
    port = int(wait_until(lambda: _tcp_port(daemon), what="tcp port in log"))
    import http.client
    def call(method, path, headers=None):
        return request(http.client.HTTPConnection("127.0.0.1", port, timeout=5), method, path,
                       headers=headers)
    assert call("GET", "/v1/status").status == 200
    assert call("POST", "/v1/reload").status == 401
    assert call("POST", "/v1/reload", {"Authorization": "Bearer wrong"}).status == 401
    assert call("POST", "/v1/reload", {"Authorization": "Bearer let-me-in"}).status == 202
    assert "let-me-in" not in daemon.stderr()


def _tcp_port(daemon):
    for line in daemon.stderr().splitlines():
        if "api listening on tcp:" in line and "(port " in line:
            return line.rsplit("(port ", 1)[1].rstrip(")")
    return None


def test_many_concurrent_clients_and_an_idle_one_do_not_block(make_daemon):
    daemon = make_daemon().start()
    idle = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    idle.connect(daemon.socket_path)
    idle.sendall(b"GET /v1/status HTTP/1.1\r\nHost: x\r\n")  # never finishes its headers
    results = []

    def client():
        for _ in range(10):
            results.append(daemon.get("/v1/status").status)

    threads = [threading.Thread(target=client) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    idle.close()
    assert results == [200] * 200


def test_validate_command_prints_every_problem(tmp_path):
    good = tmp_path / "good"
    good.mkdir()
    (good / "net.json").write_text(VPC_FILE)
    config = tmp_path / "config.json"
    config.write_text("{}")
    result = run_binary(["validate", str(good), "--config", str(config)])
    assert result.returncode == 0, result.stdout
    assert "0 problems" in result.stdout

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "a.json").write_text('{"Resources": {"X": {"Type": "AWS::Nope::Thing"}}}')
    (bad / "b.json").write_text("{")
    result = run_binary(["validate", str(bad), "--config", str(config)])
    assert result.returncode == 1
    assert "a.json:/Resources/X/Type:" in result.stdout
    assert "b.json:" in result.stdout


def test_example_directory_validates(tmp_path):
    config = tmp_path / "config.json"
    config.write_text("{}")
    result = run_binary(["validate", str(REPO / "config" / "examples" / "network-basics"),
                         "--config", str(config)])
    assert result.returncode == 0, result.stdout


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze missing")
def test_unit_file_is_hardened_and_verifies(tmp_path):
    unit = (REPO / "systemd" / "awsreconciled.service").read_text()
    security = subprocess.run(["systemd-analyze", "security", "--offline=yes",
                               str(REPO / "systemd" / "awsreconciled.service")],
                              capture_output=True, text=True, timeout=60)
    exposure = float(security.stdout.rsplit("Overall exposure level for", 1)[1]
                     .split(":")[1].split()[0])
    assert exposure <= 2.0, security.stdout
    # verify checks that ExecStart exists: point it at the binary under test.
    local_unit = tmp_path / "awsreconciled.service"
    from harness import BINARY
    local_unit.write_text(unit.replace("/usr/local/bin/awsreconciled", BINARY))
    verify = subprocess.run(["systemd-analyze", "verify", str(local_unit)],
                            capture_output=True, text=True, timeout=60)
    assert verify.returncode == 0, verify.stderr


def test_cmake_install_puts_binary_unit_and_example_config_in_place(tmp_path):
    from harness import BINARY
    build = Path(BINARY).parent
    result = subprocess.run(["cmake", "--install", str(build), "--prefix", "/usr/local"],
                            env=dict(os.environ, DESTDIR=str(tmp_path)), capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert os.access(tmp_path / "usr/local/bin/awsreconciled", os.X_OK)
    assert (tmp_path / "usr/local/lib/systemd/system/awsreconciled.service").exists()
    installed = json.loads((tmp_path / "etc/awsreconciled/config.json").read_text())
    assert installed["desired_dir"] == "/etc/awsreconciled/desired.d"
