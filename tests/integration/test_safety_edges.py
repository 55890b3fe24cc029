"""What the daemon does at its edges when the world misbehaves — files it cannot read, bytes
that are not UTF-8, a damaged status file, greedy or hostile API clients, a replaced directory,
a wrong clock — each seen through the daemon binary: no deletion, no crash, an answer to every
request."""

import json
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from harness import sanitized_build, wait_until, write_atomically

OWNER_FILTER = [{"Name": "tag:awsreconciled:owner", "Values": ["awsreconciled"]}]
# Root reads any file; the daemon runs as a dynamic user under systemd. Dropping the two
# capabilities that let root past file modes gives it the same view of a 0600 file.
AS_UNPRIVILEGED = (["setpriv", "--inh-caps=-dac_override,-dac_read_search",
                    "--bounding-set=-dac_override,-dac_read_search"]
                   if os.geteuid() == 0 else [])


def vpcs(count, policy="Delete"):
    return {f"Vpc{i}": {"Type": "AWS::EC2::VPC", "DeletionPolicy": policy,
                        "Properties": {"CidrBlock": f"10.{i}.0.0/16"}} for i in range(count)}


def drop(directory, name, resources):
    write_atomically(Path(directory) / name, json.dumps({"Resources": resources}))


def owned_vpcs(fake):
    return fake.boto3("ec2").describe_vpcs(Filters=OWNER_FILTER)["Vpcs"]


def states(daemon):
    return {r["logical_id"]: r["state"] for r in daemon.get("/v1/resources").json()["resources"]}


def wait_ready(daemon, ids, timeout=15.0):
    wait_until(lambda: all(states(daemon).get(i) == "Ready" for i in ids), timeout,
               what=lambda: f"{ids} Ready: {states(daemon)}")


# --- files the daemon cannot read -------------------------------------------------------------

@pytest.mark.skipif(not AS_UNPRIVILEGED and os.geteuid() == 0, reason="needs setpriv")
def test_an_unreadable_file_keeps_its_resources_and_a_chmod_is_noticed(make_daemon, fake):
    daemon = make_daemon(prefix=AS_UNPRIVILEGED)
    drop(daemon.desired, "network.json", vpcs(3))
    daemon.start()
    wait_ready(daemon, ["Vpc0", "Vpc1", "Vpc2"])

    # Re-installed root-only (install -m600 by another user): the daemon cannot read it.
    os.chmod(daemon.desired / "network.json", 0o000)
    unreadable = wait_until(
        lambda: (lambda f: f if f and f["state"] == "stale" else None)(
            daemon.files().get("network.json")), what="the file reported unreadable")
    assert "cannot read the file: Permission denied" in unreadable["problems"][0]["message"]
    assert unreadable["resources"] == 3 and not unreadable["newest_in_force"]
    daemon.full_cycle()
    assert len(owned_vpcs(fake)) == 3
    assert fake.count("ec2", "DeleteVpc") == 0
    assert set(states(daemon).values()) == {"Ready"}

    # chmod back: noticed without any write to the file (IN_ATTRIB), the problem goes.
    os.chmod(daemon.desired / "network.json", 0o644)
    wait_until(lambda: daemon.files()["network.json"]["state"] == "ok", what="file ok again")


@pytest.mark.skipif(not AS_UNPRIVILEGED and os.geteuid() == 0, reason="needs setpriv")
def test_a_file_unreadable_from_the_start_becomes_effective_when_made_readable(make_daemon, fake):
    daemon = make_daemon(prefix=AS_UNPRIVILEGED)
    drop(daemon.desired, "later.json", vpcs(1))
    os.chmod(daemon.desired / "later.json", 0o000)
    daemon.start()
    wait_until(lambda: daemon.files().get("later.json", {}).get("state") == "error",
               what="an error of that file")
    assert daemon.get("/v1/status").status == 200
    os.chmod(daemon.desired / "later.json", 0o644)
    wait_ready(daemon, ["Vpc0"])


def test_a_missing_desired_dir_removes_nothing(make_daemon, fake):
    daemon = make_daemon()
    drop(daemon.desired, "network.json", vpcs(2))
    daemon.start()
    wait_ready(daemon, ["Vpc0", "Vpc1"])
    aside = daemon.workdir / "desired.aside"
    os.rename(daemon.desired, aside)  # unmounted, or half-way through a deployment
    wait_until(lambda: daemon.files()["network.json"]["state"] == "stale", what="reported")
    daemon.full_cycle()
    assert len(owned_vpcs(fake)) == 2 and fake.count("ec2", "DeleteVpc") == 0
    os.rename(aside, daemon.desired)
    wait_until(lambda: daemon.files()["network.json"]["state"] == "ok", what="back")


# --- the directory replaced under its path ----------------------------------------------------

def test_a_symlinked_desired_dir_swapped_with_ln_sfn_is_followed(make_daemon, fake, tmp_path):
    releases = tmp_path / "releases"
    (releases / "v1").mkdir(parents=True)
    (releases / "v2").mkdir()
    drop(releases / "v1", "network.json", vpcs(1))
    drop(releases / "v2", "network.json", vpcs(2))
    link = tmp_path / "current"
    link.symlink_to(releases / "v1")
    daemon = make_daemon(config={"desired_dir": str(link)})
    daemon.start()
    wait_ready(daemon, ["Vpc0"])
    # ln -sfn: a new link renamed over the old one; no event on either directory.
    (tmp_path / "current.new").symlink_to(releases / "v2")
    os.rename(tmp_path / "current.new", link)
    wait_ready(daemon, ["Vpc0", "Vpc1"])
    # And the new directory is the one watched: a file dropped there is seen at once.
    drop(releases / "v2", "more.json", {"Extra": {"Type": "AWS::EC2::VPC",
                                                  "Properties": {"CidrBlock": "10.9.0.0/16"}}})
    wait_ready(daemon, ["Extra"])


def test_symlinked_files_are_followed_and_a_dangling_one_removes_nothing(make_daemon, fake):
    """A ConfigMap volume: each file a link through `..data`, which an update swaps."""
    daemon = make_daemon()
    volume = daemon.desired
    for version, count in (("..v1", 1), ("..v2", 2)):
        (volume / version).mkdir()
        drop(volume / version, "network.json", vpcs(count))
    (volume / "..data").symlink_to("..v1")
    (volume / "network.json").symlink_to("..data/network.json")
    daemon.start()
    wait_ready(daemon, ["Vpc0"])

    # The update: a new `..data` renamed into place; no event names network.json itself.
    (volume / "..data_tmp").symlink_to("..v2")
    os.rename(volume / "..data_tmp", volume / "..data")
    wait_ready(daemon, ["Vpc0", "Vpc1"])

    # The version it points at removed (the volume half-gone): the link dangles, the file is
    # stale, and nothing is deleted.
    shutil.rmtree(volume / "..v2")
    stale = wait_until(lambda: (lambda f: f if f and f["state"] == "stale" else None)(
        daemon.files().get("network.json")), what="the file reported stale")
    assert "a symlink whose target does not exist" in stale["problems"][0]["message"]
    daemon.full_cycle()
    assert len(owned_vpcs(fake)) == 2 and fake.count("ec2", "DeleteVpc") == 0
    assert set(states(daemon).values()) == {"Ready"}


def test_a_desired_dir_moved_away_and_replaced_is_watched_again(make_daemon, fake):
    daemon = make_daemon()
    drop(daemon.desired, "network.json", vpcs(1))
    daemon.start()
    wait_ready(daemon, ["Vpc0"])
    staged = daemon.workdir / "desired.new"
    staged.mkdir()
    drop(staged, "network.json", vpcs(2))
    os.rename(daemon.desired, daemon.workdir / "desired.old")
    os.rename(staged, daemon.desired)
    wait_ready(daemon, ["Vpc0", "Vpc1"])
    drop(daemon.desired, "more.json", {"Extra": {"Type": "AWS::EC2::VPC",
                                                 "Properties": {"CidrBlock": "10.9.0.0/16"}}})
    wait_ready(daemon, ["Extra"])
    # What happens in the old directory no longer matters.
    drop(daemon.workdir / "desired.old", "ghost.json", {"Ghost": {
        "Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.8.0.0/16"}}})
    daemon.full_cycle()
    assert "Ghost" not in states(daemon)


# --- bytes that are not UTF-8 -----------------------------------------------------------------

def raw_get(socket_path, target):
    """GET with a raw target, as curl sends it; returns the status line and body."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(5)
    sock.connect(socket_path)
    sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    sock.close()
    head, _, body = data.partition(b"\r\n\r\n")
    return head.split(b"\r\n")[0].decode(), body


def test_invalid_utf8_in_requests_file_names_and_files_is_answered_and_saved(make_daemon, fake):
    daemon = make_daemon()
    drop(daemon.desired, "network.json", vpcs(1))
    # A Latin-1 file name (its resource's status records it), and a Latin-1 byte in a file,
    # which the parse error quotes.
    (daemon.desired / "caf\udce9.json").write_text(json.dumps({"Resources": {"Latin": {
        "Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.50.0.0/16"}}}}))
    (daemon.desired / "bad.json").write_bytes(b'{"Resources": {"A": \xe9}}')
    daemon.start()
    wait_ready(daemon, ["Vpc0", "Latin"])

    status, body = raw_get(daemon.socket_path, b"/v1/resources/%FF%FE")
    assert status == "HTTP/1.1 404 Not Found"
    assert json.loads(body)["message"] == "no resource \ufffd\ufffd"
    files = daemon.get("/v1/files")
    assert files.status == 200
    names = [f["name"] for f in files.json()["files"]]
    assert "caf\ufffd.json" in names and "bad.json" in names
    # The session that got the odd request is gone: a stop does not wait for it.
    status_file = daemon.state / "status.json"
    wait_until(status_file.exists, what="a status save")
    json.loads(status_file.read_text())
    daemon.signal(signal.SIGTERM)
    assert daemon.wait_exit(timeout=25) == 0
    assert "stop deadline reached" not in daemon.stderr(), "stop waited for a dead session"
    # And it comes back up on what it saved.
    daemon.start()
    wait_ready(daemon, ["Vpc0", "Latin"])
    assert len(owned_vpcs(fake)) == 2


# --- a damaged status file ----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    '{"version": "1", "resources": {}}',
    '{"version": 1, "resources": {"Vpc0": {"attempts": "three", "state": "Ready"}}}',
    '{"version": 1, "resources": {}, "events": [{"sequence": "7"}]}',
])
def test_a_status_file_with_wrong_field_types_is_set_aside(make_daemon, fake, text):
    daemon = make_daemon()
    drop(daemon.desired, "network.json", vpcs(1))
    daemon.start()
    wait_ready(daemon, ["Vpc0"])
    daemon.signal(signal.SIGTERM)
    assert daemon.wait_exit() == 0
    (daemon.state / "status.json").write_text(text)
    daemon.start()
    wait_ready(daemon, ["Vpc0"])
    assert (daemon.state / "status.json.corrupt").read_text() == text
    assert "moved aside to status.json.corrupt" in daemon.stderr()
    assert len(owned_vpcs(fake)) == 1, "the existing VPC is recognised, not created again"


# --- greedy API clients --------------------------------------------------------------------------

def open_idle(socket_path, count):
    sockets = []
    for _ in range(count):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(5)
        sock.connect(socket_path)
        sockets.append(sock)
    return sockets


def test_connections_over_the_limit_are_refused_and_the_api_recovers(make_daemon, fake):
    daemon = make_daemon().start()
    idle = open_idle(daemon.socket_path, 128)
    try:
        wait_until(lambda: len(os.listdir(f"/proc/{daemon.process.pid}/fd")) > 128,
                   what="the idle connections accepted")
        extra = open_idle(daemon.socket_path, 5)
        for sock in extra:
            answer = sock.recv(4096).decode()
            assert answer.startswith("HTTP/1.1 503") and "TooManyConnections" in answer
            sock.close()
    finally:
        for sock in idle:
            sock.close()
    wait_until(lambda: daemon.get("/v1/status").status == 200, what="the API answers again")


def test_event_streams_over_the_limit_are_refused(make_daemon, fake):
    daemon = make_daemon().start()
    streams = []  # the replies are kept: dropping one closes its socket, which ends the stream

    def open_stream():
        connection = daemon.connection()
        connection.request("GET", "/v1/events?follow=1")
        reply = connection.getresponse()
        if reply.status != 200:
            connection.close()
            return False
        streams.append(reply)
        return True

    try:
        for _ in range(16):
            assert open_stream()
        refused = daemon.get("/v1/events?follow=1")
        assert refused.status == 503 and refused.json()["error"] == "TooManyStreams"
        assert daemon.get("/v1/events").status == 200, "plain reads still answered"
        streams.pop().close()  # noticed at once, not at the next heartbeat
        wait_until(open_stream, what="a stream once one closed")
    finally:
        for reply in streams:
            reply.close()


def open_files_limits(pid):
    """The (soft, hard) limits on open files of process `pid`."""
    limits = Path(f"/proc/{pid}/limits").read_text()
    line = next(l for l in limits.splitlines() if l.startswith("Max open files"))
    return tuple(int(field) for field in line.split()[3:5])


def cpu_seconds(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# Not under the sanitizers: UBSan's vptr check probes memory with a pipe() before it reads an
# object's vptr, and with every descriptor in use that pipe fails, so it reports whichever new
# (object, type) pair it meets as "invalid vptr ... memory cannot be printed" (seen on a
# boost error_category and on a std::shared_ptr control block: any object, not one bug), and
# the suppressions that could silence it need a symbolizer process, which cannot start either.
@pytest.mark.skipif(sanitized_build(),
                    reason="UBSan's own vptr check needs a free descriptor (pipe) to probe memory")
def test_accept_failures_out_of_descriptors_do_not_spin(make_daemon, fake):
    daemon = make_daemon().start()
    pid = daemon.process.pid
    in_use = len(os.listdir(f"/proc/{pid}/fd"))
    soft = open_files_limits(pid)[0]
    # Only the soft limit moves: raising a hard limit again needs CAP_SYS_RESOURCE.
    subprocess.run(["prlimit", f"--pid={pid}", f"--nofile={in_use + 4}:"], check=True)
    sockets = open_idle(daemon.socket_path, 20)  # the last ones wait in the backlog
    try:
        time.sleep(0.2)  # let the first failures happen
        before = cpu_seconds(pid)
        time.sleep(1.0)  # measured: how much CPU one second of failing accepts costs
        spent = cpu_seconds(pid) - before
        assert spent < 0.3, f"{spent:.2f} s of CPU in 1 s: accept is spinning"
    finally:
        for sock in sockets:
            sock.close()
        subprocess.run(["prlimit", f"--pid={pid}", f"--nofile={soft}:"], check=True)
    # Refused while the daemon still drains the closed connections from its backlog: not yet.
    def answers():
        try:
            return daemon.get("/v1/status").status == 200
        except OSError:
            return False
    wait_until(answers, timeout=10, what="the API answers once descriptors are free")
    assert "accept failed" in daemon.stderr()


def test_the_daemon_raises_its_descriptor_limit_to_the_hard_limit(make_daemon, fake):
    daemon = make_daemon(prefix=["prlimit", "--nofile=256:8192"]).start()
    assert open_files_limits(daemon.process.pid) == (8192, 8192)


# --- loopback TCP: DNS rebinding, tokens, ports ---------------------------------------------------

def tcp_port(daemon):
    for line in daemon.stderr().splitlines():
        if "api listening on tcp:" in line and "(port " in line:
            return int(line.rsplit("(port ", 1)[1].rstrip(")"))
    return None


def tcp_call(port, method, path, headers):
    import http.client
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.putrequest(method, path, skip_host=True)
    for name, value in headers.items():
        connection.putheader(name, value)
    connection.endheaders()
    reply = connection.getresponse()
    return reply.status, reply.read()


def test_tcp_requests_naming_a_dns_host_need_the_token(make_daemon, fake, tmp_path):
    token = tmp_path / "token"
    token.write_text("let-me-in\n")
    token.chmod(0o600)
    daemon = make_daemon(config={"api": {"tcp": "127.0.0.1:0", "token_file": str(token),
                                         "unix_socket": str(tmp_path / "daemon" / "api.sock")}})
    daemon.start()
    port = wait_until(lambda: tcp_port(daemon), what="tcp port")
    assert tcp_call(port, "GET", "/v1/status", {"Host": f"127.0.0.1:{port}"})[0] == 200
    assert tcp_call(port, "GET", "/v1/status", {"Host": f"localhost:{port}"})[0] == 200
    # A page at rebind.example, resolved to 127.0.0.1 by its author's DNS.
    status, body = tcp_call(port, "GET", "/v1/resources", {"Host": f"rebind.example:{port}"})
    assert status == 403 and json.loads(body)["error"] == "HostNotAllowed"
    assert tcp_call(port, "GET", "/v1/status", {"Host": "rebind.example",
                                               "Authorization": "Bearer let-me-in"})[0] == 200


def test_a_token_file_others_can_read_stops_the_start(make_daemon, fake, tmp_path):
    token = tmp_path / "token"
    token.write_text("let-me-in\n")
    token.chmod(0o644)
    daemon = make_daemon(config={"api": {"tcp": "127.0.0.1:0", "token_file": str(token),
                                         "unix_socket": str(tmp_path / "daemon" / "api.sock")}})
    daemon.start(wait_ready=False)
    assert daemon.wait_exit() == 2
    assert "other users could read or change it" in daemon.stderr()
    assert "let-me-in" not in daemon.stderr()


def test_sighup_reads_the_token_file_again(make_daemon, fake, tmp_path):
    token = tmp_path / "token"
    token.write_text("old-token\n")
    token.chmod(0o600)
    daemon = make_daemon(config={"api": {"tcp": "127.0.0.1:0", "token_file": str(token),
                                         "unix_socket": str(tmp_path / "daemon" / "api.sock")}})
    daemon.start()
    port = wait_until(lambda: tcp_port(daemon), what="tcp port")
    host = {"Host": f"127.0.0.1:{port}"}
    assert tcp_call(port, "POST", "/v1/reload", {**host, "Authorization": "Bearer old-token"})[0] == 202
    token.write_text("new-token\n")
    mark = len(daemon.notifications)
    daemon.signal(signal.SIGHUP)
    daemon.wait_notification("READY=1", after=mark)
    wait_until(lambda: "API token replaced" in daemon.stderr(), what="token replaced")
    assert tcp_call(port, "POST", "/v1/reload", {**host, "Authorization": "Bearer old-token"})[0] == 401
    assert tcp_call(port, "POST", "/v1/reload", {**host, "Authorization": "Bearer new-token"})[0] == 202
    assert "new-token" not in daemon.stderr()


def test_a_port_over_65535_is_a_config_error(make_daemon, fake):
    daemon = make_daemon(config={"api": {"tcp": "127.0.0.1:99999"}})
    daemon.start(wait_ready=False)
    assert daemon.wait_exit() == 2
    assert "port 99999 is over 65535" in daemon.stderr()


# --- expansion, clocks, credentials ------------------------------------------------------------

def test_an_exploding_fn_sub_is_an_error_of_its_resource_and_the_daemon_stays_responsive(
        make_daemon, fake):
    value = "0123456789abcdef"
    for _ in range(18):  # each level names its variable three times: 3^18 copies
        value = {"Fn::Sub": ["${v}${v}${v}", {"v": value}]}
    daemon = make_daemon()
    drop(daemon.desired, "boom.json", {"Boom": {
        "Type": "AWS::EC2::VPC",
        "Properties": {"CidrBlock": "10.77.0.0/16", "Tags": [{"Key": "k", "Value": value}]}}})
    drop(daemon.desired, "fine.json", vpcs(1))
    daemon.start()
    wait_ready(daemon, ["Vpc0"], timeout=20)
    boom = wait_until(lambda: (lambda r: r if r.get("state") == "Error" else None)(
        daemon.get("/v1/resources/Boom").json()), timeout=20, what="Boom in Error")
    assert "MiB" in json.dumps(boom)
    assert not [v for v in owned_vpcs(fake) if v["CidrBlock"] == "10.77.0.0/16"]


def test_a_clock_an_hour_off_converges(make_daemon, fake):
    fake.faults({"clock_skew": 3600})
    daemon = make_daemon()
    drop(daemon.desired, "network.json", vpcs(2))
    daemon.start()
    wait_ready(daemon, ["Vpc0", "Vpc1"])
    assert "refused our clock" in daemon.stderr()
    fake.faults({})  # the test's own client signs with the true time
    assert len(owned_vpcs(fake)) == 2


def test_a_credential_process_printing_version_as_a_string_fails_without_hanging(
        make_daemon, fake, tmp_path):
    output = tmp_path / "out.json"
    output.write_text('{"Version": "1", "AccessKeyId": "AKIAX", "SecretAccessKey": "s"}')
    config = tmp_path / "aws-config"
    config.write_text(f"[default]\ncredential_process = cat {output}\n")
    env = {"AWS_CONFIG_FILE": str(config), "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"),
           "AWS_ACCESS_KEY_ID": None, "AWS_SECRET_ACCESS_KEY": None}
    daemon = make_daemon(env=env)
    drop(daemon.desired, "network.json", vpcs(1))
    daemon.start()
    wait_until(lambda: "Version must be the number 1" in daemon.stderr(), what="the refusal")
    # Every later call answers too (it once hung forever on the first failure).
    assert daemon.post("/v1/reconcile").status == 202
    wait_until(lambda: daemon.stderr().count("Version must be the number 1") >= 2, timeout=10,
               what="a second attempt that also answers")
    daemon.signal(signal.SIGTERM)
    assert daemon.wait_exit(timeout=25) == 0
    assert "stop deadline reached" not in daemon.stderr(), "stop waited for a hung call"
