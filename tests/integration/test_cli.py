"""The command line over the control API, as a person or a script uses it against a running
daemon: status, get, plan (and its exit code), reconcile, approve, reload, events --follow."""

import json
import select
import subprocess

from harness import BINARY, wait_until, write_atomically

VPC = {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.7.0.0/16"}}


def cli(daemon, *args, timeout=20):
    return subprocess.run([BINARY, *args, "--config", str(daemon.config_path)],
                          capture_output=True, text=True, timeout=timeout)


def drop_vpc(daemon):
    write_atomically(daemon.desired / "net.json", json.dumps({"Resources": {"MainVpc": VPC}}))


def test_plan_exits_2_while_changes_are_pending_and_0_once_applied(make_daemon):
    planner = make_daemon(config={"mode": "plan"}, name="planner").start()
    drop_vpc(planner)
    wait_until(lambda: "MainVpc" in cli(planner, "plan").stdout, timeout=10, what="planned create")
    pending = cli(planner, "plan")
    assert pending.returncode == 2, pending.stderr
    assert pending.stdout.splitlines()[0].split() == ["ACTION", "LOGICAL", "ID", "TYPE",
                                                      "PHYSICAL", "ID", "CHANGES"]
    assert "create  MainVpc" in pending.stdout
    as_json = json.loads(cli(planner, "plan", "-o", "json").stdout)
    assert [action["logical_id"] for action in as_json["actions"]] == ["MainVpc"]
    planner.stop()

    applier = make_daemon(name="applier").start()
    drop_vpc(applier)
    wait_until(lambda: "Ready" in cli(applier, "get", "resources").stdout, timeout=10,
               what="MainVpc Ready")
    cli(applier, "reconcile")
    settled = wait_until(lambda: (lambda r: r if r.returncode == 0 else None)(cli(applier, "plan")),
                         timeout=10, what="plan exit 0")
    assert "nothing to do" in settled.stdout


def test_get_status_resources_files_and_events_for_people_and_scripts(make_daemon):
    daemon = make_daemon().start()
    drop_vpc(daemon)
    (daemon.desired / "broken.json").write_text('{"Resources": {"X": {"Type": "AWS::EC2::Nope"}}}')
    wait_until(lambda: "Ready" in cli(daemon, "get", "resources").stdout, timeout=10,
               what="MainVpc Ready")

    table = cli(daemon, "get", "resources").stdout.splitlines()
    assert table[0].split()[:3] == ["LOGICAL", "ID", "TYPE"]
    row = next(line for line in table if line.startswith("MainVpc"))
    assert "AWS::EC2::VPC" in row and "Ready" in row and "vpc-" in row
    assert "\033[" not in "".join(table), "no colour when piped"
    assert cli(daemon, "get", "resources", "-o", "name").stdout == "MainVpc\n"

    one = cli(daemon, "get", "resources", "MainVpc")
    assert one.returncode == 0 and one.stdout.startswith("MainVpc  AWS::EC2::VPC  Ready")
    assert "events:" in one.stdout

    status = cli(daemon, "status")
    assert status.returncode == 0
    assert "resources 1: 1 Ready" in status.stdout
    assert "files 2 (1 with problems)" in status.stdout
    assert json.loads(cli(daemon, "status", "-o", "json").stdout)["resources"]["total"] == 1

    files = cli(daemon, "get", "files").stdout
    assert "broken.json:/Resources/X/Type:" in files

    events = cli(daemon, "get", "events").stdout
    assert "MainVpc" in events and "create" in events

    missing = cli(daemon, "get", "resources", "Nope")
    assert missing.returncode == 1 and "404" in missing.stderr


def test_reconcile_approve_and_reload_answer_and_succeed(make_daemon):
    daemon = make_daemon().start()
    for args in (["reconcile"], ["approve"], ["reload"]):
        result = cli(daemon, *args)
        assert result.returncode == 0, (args, result.stderr)
        assert result.stdout.strip().startswith("{")


def test_events_follow_streams_new_events_as_they_happen(make_daemon):
    daemon = make_daemon().start()
    follower = subprocess.Popen([BINARY, "events", "--follow", "--config", str(daemon.config_path)],
                                stdout=subprocess.PIPE, text=True)
    try:
        drop_vpc(daemon)
        seen = []

        def saw_the_vpc():
            if select.select([follower.stdout], [], [], 0.1)[0]:
                seen.append(follower.stdout.readline())
            return any("MainVpc" in line for line in seen)
        wait_until(saw_the_vpc, timeout=10, what=f"a followed MainVpc event in {seen}")
    finally:
        follower.kill()
        follower.wait(timeout=5)


def test_unreachable_daemon_and_bad_usage_fail_with_a_reason(tmp_path):
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"api": {"unix_socket": str(tmp_path / "none.sock")}}))
    down = subprocess.run([BINARY, "status", "--config", str(config)], capture_output=True,
                          text=True, timeout=20)
    assert down.returncode == 1 and "cannot reach the daemon's API" in down.stderr
    bad = subprocess.run([BINARY, "get", "things", "--config", str(config)], capture_output=True,
                         text=True, timeout=20)
    assert bad.returncode == 1 and "get what?" in bad.stderr
    wrong_output = subprocess.run([BINARY, "status", "-o", "yaml", "--config", str(config)],
                                  capture_output=True, text=True, timeout=20)
    assert wrong_output.returncode == 1 and "-o yaml" in wrong_output.stderr
