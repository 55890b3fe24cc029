"""The tools around the daemon, used as a person would: the JSON Schema in an editor's validator,
the man pages through man, bash completion in bash, and the Debian package through dpkg/apt."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from harness import BINARY, REPO, sanitized_build, wait_until

BUILD = Path(BINARY).parent
COMMITTED_SCHEMA = REPO / "config" / "schemas" / "desired-state.schema.json"


def run(command, **kwargs):
    return subprocess.run(command, capture_output=True, text=True, timeout=120, **kwargs)


def printed_schema():
    result = run([BINARY, "schema"])
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_committed_schema_is_what_the_binary_prints():
    assert json.loads(COMMITTED_SCHEMA.read_text()) == printed_schema(), (
        "regenerate: build/awsreconciled schema > config/schemas/desired-state.schema.json")


def test_schema_lists_exactly_the_supported_types():
    types = run([BINARY, "types"]).stdout.split()
    assert "AWS::EC2::VPC" in types and "AWS::IAM::Role" in types
    enum = printed_schema()["definitions"]["Resource"]["properties"]["Type"]["enum"]
    assert enum == types


def example_files():
    return sorted(p for p in (REPO / "config" / "examples").rglob("*.json")
                  if p.name != "config.json")


@pytest.mark.parametrize("path", example_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_example_validates_against_the_schema(path):
    jsonschema.Draft7Validator(printed_schema()).validate(json.loads(path.read_text()))


def schema_errors(document):
    validator = jsonschema.Draft7Validator(printed_schema())
    return list(validator.iter_errors(document))


def test_schema_catches_a_misspelled_property_and_a_wrong_value():
    misspelled = {"Resources": {"Vpc": {"Type": "AWS::EC2::VPC",
                                        "Properties": {"CidrBlok": "10.0.0.0/16"}}}}
    assert any("CidrBlok" in error.message for error in schema_errors(misspelled))
    wrong_policy = {"Resources": {"Vpc": {"Type": "AWS::EC2::VPC", "DeletionPolicy": "Destroy",
                                          "Properties": {"CidrBlock": "10.0.0.0/16"}}}}
    assert schema_errors(wrong_policy)
    unknown_type = {"Resources": {"X": {"Type": "AWS::EC2::Nope"}}}
    assert schema_errors(unknown_type)


def test_schema_accepts_intrinsics_and_numbers_as_text():
    document = {"Resources": {
        "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
        "Web": {"Type": "AWS::EC2::SecurityGroup", "Properties": {
            "GroupDescription": {"Fn::Sub": "web in ${AWS::Region}"},
            "VpcId": {"Ref": "Vpc"},
            "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": "443", "ToPort": 443,
                                      "CidrIp": "0.0.0.0/0"}]}}}}
    assert schema_errors(document) == []


def man_page(name):
    page = BUILD / "man" / name
    if not page.exists():
        pytest.skip("pandoc was not found when the build was configured")
    result = run(["man", "-l", str(page)], env=dict(os.environ, MANPAGER="cat", MANWIDTH="100"))
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_man_page_of_the_daemon_names_commands_signals_files_and_exit_codes():
    text = man_page("awsreconciled.8.gz")
    for heading in ("NAME", "SYNOPSIS", "COMMANDS", "SIGNALS", "FILES", "EXIT STATUS"):
        assert f"\n{heading}\n" in text
    assert "validate" in text and "SIGHUP" in text and "/etc/awsreconciled/config.json" in text


def test_man_page_of_the_file_format_is_the_desired_state_doc():
    text = man_page("awsreconciled-desired.5.gz")
    assert "awsreconciled-desired - the desired-state files" in text
    assert "DeletionPolicy" in text and "Fn::GetAtt" in text


def complete(line):
    """What bash completion offers after `line` (cursor at its end)."""
    script = f"""
source /usr/share/bash-completion/bash_completion
source {REPO / 'scripts' / 'completion.bash'}
COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}
read -ra COMP_WORDS <<< "$COMP_LINE"
[[ "$COMP_LINE" == *' ' ]] && COMP_WORDS+=('')
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
_awsreconciled awsreconciled "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
    env = dict(os.environ, PATH=f"{BUILD}:{os.environ['PATH']}")
    result = run(["bash", "-c", script], env=env)
    assert result.returncode == 0, result.stderr
    return sorted(filter(None, result.stdout.splitlines()))


NO_COMPLETION = not Path("/usr/share/bash-completion/bash_completion").exists()


@pytest.mark.skipif(NO_COMPLETION, reason="bash-completion missing")
def test_bash_completion_offers_commands_options_and_kinds():
    assert complete("awsreconciled va") == ["validate"]
    assert "status" in complete("awsreconciled ") and "plan" in complete("awsreconciled ")
    assert complete("awsreconciled --") == ["--config", "--help", "--version"]
    assert complete("awsreconciled get ") == ["events", "files", "resources"]
    assert complete("awsreconciled plan -o ") == ["json", "name", "table"]
    assert "--follow" in complete("awsreconciled events --")


@pytest.mark.skipif(NO_COMPLETION, reason="bash-completion missing")
def test_bash_completion_offers_the_running_daemons_logical_ids(make_daemon):
    daemon = make_daemon().start()
    (daemon.desired / "net.json").write_text(json.dumps({"Resources": {
        "MainVpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
        "MailVpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.1.0.0/16"}}}}))
    wait_until(lambda: len(daemon.get("/v1/resources").json()["resources"]) == 2, timeout=10,
               what="two resources")
    line = f"awsreconciled --config {daemon.config_path} get resources Ma"
    assert complete(line) == ["MailVpc", "MainVpc"]
    assert complete(f"awsreconciled --config {daemon.config_path} reconcile MainV") == ["MainVpc"]


@pytest.mark.skipif(shutil.which("cpack") is None or shutil.which("dpkg-shlibdeps") is None,
                    reason="cpack or dpkg-dev missing")
def test_debian_package_installs_and_runs(tmp_path):
    if sanitized_build():
        pytest.skip("the package is built from the release tree")
    built = run(["cpack", "-G", "DEB", "-B", str(tmp_path / "out")], cwd=BUILD)
    assert built.returncode == 0, built.stdout + built.stderr
    [package] = (tmp_path / "out").glob("awsreconciled_*.deb")

    depends = run(["dpkg-deb", "-f", str(package), "Depends"]).stdout
    for library in ("libssl3", "libzstd1", "libpugixml1v5", "systemd"):
        assert library in depends
    # sd_notify and journald are spoken by the daemon itself (systemd/unix_datagram.h).
    assert "libsystemd0" not in depends
    # Every dependency resolves on this Debian release.
    simulated = run(["apt-get", "install", "-s", "-q", str(package)])
    assert simulated.returncode == 0, simulated.stdout + simulated.stderr

    root = tmp_path / "root"
    (root / "var/lib/dpkg/updates").mkdir(parents=True)
    (root / "var/lib/dpkg/status").write_text("")
    installed = run(["dpkg", f"--root={root}", "--force-depends", "--force-not-root", "-i", str(package)])
    assert installed.returncode == 0, installed.stdout + installed.stderr

    binary = root / "usr/bin/awsreconciled"
    assert run([str(binary), "--version"]).stdout.startswith("awsreconciled ")
    unit = (root / "usr/lib/systemd/system/awsreconciled.service").read_text()
    assert "ExecStart=/usr/bin/awsreconciled run" in unit
    config = json.loads((root / "etc/awsreconciled/config.json").read_text())
    assert config["desired_dir"] == "/etc/awsreconciled/desired.d"
    assert (root / "etc/awsreconciled/desired.d").is_dir()
    conffiles = run(["dpkg-deb", "--info", str(package), "conffiles"]).stdout
    assert "/etc/awsreconciled/config.json" in conffiles
    for path in ("usr/share/man/man8/awsreconciled.8.gz", "usr/share/man/man5/awsreconciled-desired.5.gz",
                 "usr/share/bash-completion/completions/awsreconciled",
                 "usr/share/awsreconciled/desired-state.schema.json",
                 "usr/share/awsreconciled/examples/network-basics"):
        assert (root / path).exists(), path
    # The installed binary validates the installed example with the installed config.
    example = root / "usr/share/awsreconciled/examples/network-basics"
    checked = run([str(binary), "validate", str(example), "--config",
                   str(root / "etc/awsreconciled/config.json")])
    assert checked.returncode == 0, checked.stdout
