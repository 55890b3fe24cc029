"""The reconcile engine through the daemon binary against the fake AWS: convergence, drift,
replacement, deletion and its guard, ownership, crashes and faults — each seen through the API."""

import json
import signal
import time

import pytest

from harness import wait_until, write_atomically

OWNER_FILTER = [{"Name": "tag:awsreconciled:owner", "Values": ["awsreconciled"]}]


def vpc(cidr="10.0.0.0/16", **attributes):
    return {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": cidr}, **attributes}


def security_group(name, vpc_ref="MainVpc", ingress=None, **attributes):
    properties = {"GroupName": name, "GroupDescription": f"{name} group",
                  "VpcId": {"Ref": vpc_ref},
                  "SecurityGroupIngress": ingress if ingress is not None else [
                      {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "10.0.0.0/16"}]}
    return {"Type": "AWS::EC2::SecurityGroup", "Properties": properties, **attributes}


def drop(daemon, name, resources):
    write_atomically(daemon.desired / name, json.dumps({"Resources": resources}))


def resource(daemon, logical_id):
    reply = daemon.get(f"/v1/resources/{logical_id}")
    return reply.json() if reply.status == 200 else None


def wait_state(daemon, logical_id, state, timeout=10.0):
    def reached():
        current = resource(daemon, logical_id)
        return current if current and current["state"] == state else None
    return wait_until(reached, timeout, what=lambda: f"{logical_id} {state}: {resource(daemon, logical_id)}")


def owned_groups(ec2):
    groups = ec2.describe_security_groups(Filters=OWNER_FILTER)["SecurityGroups"]
    return groups


def owned_vpcs(ec2):
    return ec2.describe_vpcs(Filters=OWNER_FILTER)["Vpcs"]


def tags_of(aws_resource):
    return {tag["Key"]: tag["Value"] for tag in aws_resource.get("Tags", [])}


def test_vpc_and_group_converge_once_tagged_and_ready_across_files_in_any_order(make_daemon, fake):
    daemon = make_daemon().start()
    # The group arrives first: its reference dangles, so the file waits (reported, not in
    # force) and is taken as soon as the VPC's file arrives.
    drop(daemon, "b-security.json", {"Web": security_group("web")})
    waiting = wait_until(lambda: daemon.files().get("b-security.json"), what="group file")
    assert "MainVpc" in waiting["problems"][0]["message"]
    drop(daemon, "a-network.json", {"MainVpc": vpc()})
    web = wait_state(daemon, "Web", "Ready")
    main = wait_state(daemon, "MainVpc", "Ready")
    conditions = {c["type"]: c["status"] for c in web["conditions"]}
    assert conditions == {"Ready": "True", "Synced": "True"}

    ec2 = fake.boto3("ec2")
    vpcs, groups = owned_vpcs(ec2), owned_groups(ec2)
    assert [v["VpcId"] for v in vpcs] == [main["physical_id"]]
    assert [g["GroupId"] for g in groups] == [web["physical_id"]]
    assert groups[0]["VpcId"] == main["physical_id"]
    assert tags_of(groups[0])["awsreconciled:logical-id"] == "Web"
    assert tags_of(vpcs[0])["awsreconciled:deletion-policy"] == "Retain"
    # Tags were applied by the create calls themselves, never in a second call.
    assert fake.count("ec2", "CreateTags") == 0
    assert daemon.get("/readyz").status == 200
    status = daemon.get("/v1/status").json()
    assert status["resources"]["by_state"] == {"Ready": 2}
    assert status["credential_source"] == "environment"
    assert status["account_id"] == "123456789012"


def test_drift_is_corrected_within_one_cycle_and_recorded(make_daemon, fake):
    daemon = make_daemon({"poll_interval": "1s"}).start()
    drop(daemon, "net.json", {"MainVpc": vpc(), "Web": security_group("web")})
    web = wait_state(daemon, "Web", "Ready")
    ec2 = fake.boto3("ec2")
    ec2.authorize_security_group_ingress(GroupId=web["physical_id"], IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])

    def corrected():
        events = daemon.get("/v1/events").json()["events"]
        return [e for e in events if e["logical_id"] == "Web" and e["action"] == "drift-corrected"]
    events = wait_until(corrected, timeout=5, what="drift correction event")
    assert "/SecurityGroupIngress" in events[0]["message"]
    group = ec2.describe_security_groups(GroupIds=[web["physical_id"]])["SecurityGroups"][0]
    assert [p.get("FromPort") for p in group["IpPermissions"]] == [22]

    # A rule removed behind the daemon's back comes back too.
    ec2.revoke_security_group_ingress(GroupId=web["physical_id"], IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]}])
    wait_until(lambda: len(corrected()) >= 2, timeout=5, what="second correction")
    group = ec2.describe_security_groups(GroupIds=[web["physical_id"]])["SecurityGroups"][0]
    assert [p.get("FromPort") for p in group["IpPermissions"]] == [22]


def test_a_reconcile_asked_for_during_a_cycle_names_the_cycle_after_it(make_daemon, fake):
    daemon = make_daemon({"poll_interval": "1h"}).start()
    drop(daemon, "net.json", {"MainVpc": vpc(), "Web": security_group("web")})
    web = wait_state(daemon, "Web", "Ready")
    # Web is Ready before the cycle that made it ends; once the cycle this names has ended,
    # nothing is left to run (the poll is an hour away).
    settled = daemon.post("/v1/reconcile").json()
    wait_until(lambda: daemon.get("/v1/status").json()["cycles"] >= settled["cycle"],
               what="the cycle named")
    # A slow observation keeps the next cycle under way while the group is changed and a
    # second reconcile is asked for: that one is served by the cycle after.
    fake.faults({"rules": [{"kind": "latency", "seconds": 1.0, "service": "ec2",
                            "operation": "DescribeSecurityGroups"}]})
    first = daemon.post("/v1/reconcile").json()
    time.sleep(0.3)
    ec2 = fake.boto3("ec2")
    ec2.authorize_security_group_ingress(GroupId=web["physical_id"], IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389,
         "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    second = daemon.post("/v1/reconcile").json()
    assert second["cycle"] == first["cycle"] + 1
    wait_until(lambda: daemon.get("/v1/status").json()["cycles"] >= second["cycle"],
               timeout=15, what="the cycle named")
    group = ec2.describe_security_groups(GroupIds=[web["physical_id"]])["SecurityGroups"][0]
    assert [p.get("FromPort") for p in group["IpPermissions"]] == [22]


@pytest.mark.parametrize("how", ["observe-only", "plan-mode"])
def test_observe_only_and_plan_mode_report_drift_and_change_nothing(make_daemon, fake, how):
    daemon = make_daemon({"poll_interval": "1s"}).start()
    drop(daemon, "net.json", {"MainVpc": vpc(), "Web": security_group("web")})
    web = wait_state(daemon, "Web", "Ready")
    if how == "observe-only":
        drop(daemon, "net.json", {"MainVpc": vpc(),
                                  "Web": security_group("web", ManagementPolicy="ObserveOnly")})
        expected_state = "ObserveOnly"
    else:
        daemon.config["mode"] = "plan"
        daemon.config_path.write_text(json.dumps(daemon.config))
        mark = len(daemon.notifications)
        daemon.signal(signal.SIGHUP)
        daemon.wait_notification("READY=1", after=mark)
        expected_state = "Drifted"
    ec2 = fake.boto3("ec2")
    extra = {"IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389,
             "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
    ec2.authorize_security_group_ingress(GroupId=web["physical_id"], IpPermissions=[extra])
    # The file change alone already reports the policy; the drift shows from the next cycle on.
    reported = wait_until(lambda: (r := wait_state(daemon, "Web", expected_state))["diff"] and r,
                          what="the added rule reported as drift")
    assert [change["path"] for change in reported["diff"]] == ["/SecurityGroupIngress"]
    plan = daemon.get("/v1/plan").json()
    assert [(a["logical_id"], a["action"]) for a in plan["actions"]] == [("Web", "update")]
    writes_before = fake.count("ec2", "RevokeSecurityGroupIngress")
    daemon.post("/v1/reconcile")
    wait_until(lambda: daemon.get("/v1/status").json()["cycles"] >= 3, what="another cycle")
    assert fake.count("ec2", "RevokeSecurityGroupIngress") == writes_before == 0
    group = ec2.describe_security_groups(GroupIds=[web["physical_id"]])["SecurityGroups"][0]
    assert sorted(p.get("FromPort") for p in group["IpPermissions"]) == [22, 3389]


def test_a_changed_cidr_block_needs_replacement_and_touches_nothing(make_daemon, fake):
    daemon = make_daemon().start()
    drop(daemon, "net.json", {"MainVpc": vpc("10.0.0.0/16")})
    main = wait_state(daemon, "MainVpc", "Ready")
    calls_before = fake.calls()["total"]
    drop(daemon, "net.json", {"MainVpc": vpc("10.9.0.0/16")})
    replaced = wait_state(daemon, "MainVpc", "NeedsReplacement")
    assert replaced["diff"][0]["path"] == "/CidrBlock" and replaced["diff"][0]["immutable"]
    vpcs = owned_vpcs(fake.boto3("ec2"))
    assert [(v["VpcId"], v["CidrBlock"]) for v in vpcs] == [(main["physical_id"], "10.0.0.0/16")]
    writes = [c for c in fake.calls()["log"][calls_before:]
              if not c["operation"].startswith("Describe")]
    assert writes == []


def test_deleting_a_file_with_delete_policy_deletes_in_reverse_dependency_order(make_daemon, fake):
    daemon = make_daemon().start()
    drop(daemon, "net.json", {"MainVpc": vpc(DeletionPolicy="Delete"),
                              "Web": security_group("web", DeletionPolicy="Delete")})
    wait_state(daemon, "Web", "Ready")
    (daemon.desired / "net.json").unlink()
    # Every resource vanishing at once is held until approved.
    wait_state(daemon, "Web", "Held")
    assert len(owned_groups(fake.boto3("ec2"))) == 1
    assert daemon.post("/v1/deletions/approve").status == 202
    wait_state(daemon, "MainVpc", "Deleted")
    deletes = [c["operation"] for c in fake.calls()["log"] if c["operation"].startswith("Delete")]
    assert deletes == ["DeleteSecurityGroup", "DeleteVpc"]
    ec2 = fake.boto3("ec2")
    assert owned_groups(ec2) == [] and owned_vpcs(ec2) == []


def test_retain_deletes_nothing_and_releases_ownership(make_daemon, fake):
    daemon = make_daemon().start()
    drop(daemon, "keep.json", {"MainVpc": vpc()})
    drop(daemon, "other.json", {"Other": vpc("10.1.0.0/16")})
    main = wait_state(daemon, "MainVpc", "Ready")
    wait_state(daemon, "Other", "Ready")
    (daemon.desired / "keep.json").unlink()
    wait_state(daemon, "MainVpc", "Released")
    vpc_now = fake.boto3("ec2").describe_vpcs(VpcIds=[main["physical_id"]])["Vpcs"][0]
    # No longer ours (the released marker), but its logical ID stays to take it back later.
    assert tags_of(vpc_now)["awsreconciled:owner"] == "released:awsreconciled"
    assert tags_of(vpc_now)["awsreconciled:logical-id"] == "MainVpc"
    assert fake.count("ec2", "DeleteVpc") == 0


def test_too_many_deletions_are_held_until_approved(make_daemon, fake):
    daemon = make_daemon({"max_deletions_per_cycle": 2}).start()
    drop(daemon, "keep.json", {"Keep": vpc("10.9.0.0/16")})
    drop(daemon, "many.json", {f"Vpc{i}": vpc(f"10.{i}.0.0/16", DeletionPolicy="Delete")
                               for i in range(3)})
    for i in range(3):
        wait_state(daemon, f"Vpc{i}", "Ready")
    (daemon.desired / "many.json").unlink()
    for i in range(3):
        held = wait_state(daemon, f"Vpc{i}", "Held")
    assert "max_deletions_per_cycle" in held["message"]
    assert fake.count("ec2", "DeleteVpc") == 0
    daemon.post("/v1/deletions/approve")
    for i in range(3):
        wait_state(daemon, f"Vpc{i}", "Deleted")
    assert fake.count("ec2", "DeleteVpc") == 3
    assert resource(daemon, "Keep")["state"] == "Ready"


def test_a_file_removed_while_stopped_is_handled_at_the_next_start(make_daemon, fake):
    daemon = make_daemon()
    drop(daemon, "keep.json", {"Keep": vpc("10.9.0.0/16")})
    drop(daemon, "gone.json", {"Gone": vpc(DeletionPolicy="Delete")})
    daemon.start()
    wait_state(daemon, "Gone", "Ready")
    daemon.signal(signal.SIGTERM)
    assert daemon.wait_exit() == 0
    (daemon.desired / "gone.json").unlink()
    daemon.start()
    wait_state(daemon, "Gone", "Deleted")
    assert [v["CidrBlock"] for v in owned_vpcs(fake.boto3("ec2"))] == ["10.9.0.0/16"]


def test_an_unowned_look_alike_is_a_conflict_unless_adopted(make_daemon, fake):
    ec2 = fake.boto3("ec2")
    vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    theirs = ec2.create_security_group(GroupName="web", Description="made by hand",
                                       VpcId=vpc_id)["GroupId"]
    daemon = make_daemon().start()
    group = {"Type": "AWS::EC2::SecurityGroup",
             "Properties": {"GroupName": "web", "GroupDescription": "made by hand",
                            "VpcId": vpc_id}}
    drop(daemon, "web.json", {"Web": group})
    conflict = wait_state(daemon, "Web", "Conflict")
    assert theirs in conflict["message"]
    assert tags_of(ec2.describe_security_groups(GroupIds=[theirs])["SecurityGroups"][0]) == {}
    drop(daemon, "web.json", {"Web": {**group, "AdoptPolicy": "Adopt"}})
    adopted = wait_state(daemon, "Web", "Ready")
    assert adopted["physical_id"] == theirs
    tags = tags_of(ec2.describe_security_groups(GroupIds=[theirs])["SecurityGroups"][0])
    assert tags["awsreconciled:logical-id"] == "Web"
    assert len(ec2.describe_security_groups(Filters=[
        {"Name": "group-name", "Values": ["web"]}])["SecurityGroups"]) == 1


def test_a_changed_file_is_observed_by_its_own_resources_not_the_whole_type(make_daemon, fake):
    """Reacting to a file costs what the file holds: a type already observed is asked for that
    file's resources only (by the logical-ID tag, and by name for look-alikes), and what it
    already knew of the others stands."""
    ec2 = fake.boto3("ec2")
    daemon = make_daemon({"poll_interval": "1h"}).start()
    drop(daemon, "net.json", {"MainVpc": vpc(), **{f"G{n}": security_group(f"g{n}")
                                                   for n in range(5)}})
    vpc_id = wait_state(daemon, "MainVpc", "Ready")["physical_id"]
    wait_state(daemon, "G4", "Ready")
    daemon.full_cycle()
    theirs = ec2.create_security_group(GroupName="extra", Description="made by hand",
                                       VpcId=vpc_id)["GroupId"]
    mark = len(fake.calls()["log"])
    drop(daemon, "more.json", {"Api": security_group("api", DeletionPolicy="Delete"),
                               "Extra": security_group("extra")})
    wait_state(daemon, "Api", "Ready")
    assert theirs in wait_state(daemon, "Extra", "Conflict")["message"]
    reads = [call for call in fake.calls()["log"][mark:]
             if call["operation"] == "DescribeSecurityGroups"]
    assert reads, "the new file's groups were looked for"
    narrowed = {"tag:awsreconciled:logical-id", "group-name"}
    assert all(narrowed & set(call.get("filters", [])) for call in reads), reads
    # A group the file drops is found and deleted by the same narrow reads.
    mark = len(fake.calls()["log"])
    drop(daemon, "more.json", {"Extra": security_group("extra")})
    wait_until(lambda: (resource(daemon, "Api") or {"state": "Deleted"})["state"] == "Deleted",
               what="Api deleted")
    reads = [call for call in fake.calls()["log"][mark:]
             if call["operation"] == "DescribeSecurityGroups"]
    assert all(narrowed & set(call.get("filters", [])) for call in reads), reads
    assert {g["GroupName"] for g in owned_groups(ec2)} == {f"g{n}" for n in range(5)}
    # The groups the file did not name are still known: a full cycle finds nothing to do.
    daemon.full_cycle()
    assert all(resource(daemon, f"G{n}")["state"] == "Ready" for n in range(5))
    assert fake.count("ec2", "CreateSecurityGroup") == 7  # 5, Api, and "extra" made by hand


def test_kill_9_while_creating_50_groups_then_restart_gives_exactly_50(make_daemon, fake):
    fake.faults({"rules": [{"kind": "latency", "service": "ec2",
                            "operation": "CreateSecurityGroup", "seconds": 0.05}]})
    daemon = make_daemon()
    groups = {f"Group{i}": security_group(f"group-{i}") for i in range(50)}
    drop(daemon, "net.json", {"MainVpc": vpc(), **groups})
    daemon.start()
    wait_until(lambda: fake.count("ec2", "CreateSecurityGroup") >= 10, timeout=20,
               what="creates under way")
    daemon.process.kill()
    daemon.process.wait()
    created_before_crash = fake.count("ec2", "CreateSecurityGroup")
    assert created_before_crash < 50
    fake.faults({})
    daemon.start()

    def all_ready():
        listed = daemon.get("/v1/resources?type=AWS%3A%3AEC2%3A%3ASecurityGroup&state=Ready")
        return len(listed.json()["resources"]) == 50
    wait_until(all_ready, timeout=30, what="50 groups ready")
    names = [g["GroupName"] for g in owned_groups(fake.boto3("ec2"))]
    assert sorted(names) == sorted(f"group-{i}" for i in range(50))


def test_100_resources_converge_through_throttling_and_errors(make_daemon, fake):
    fake.faults({"seed": 7, "rules": [
        {"kind": "throttle", "service": "ec2", "rate": 0.2},
        {"kind": "error", "service": "ec2", "status": 500, "rate": 0.05}]})
    daemon = make_daemon()
    groups = {f"Group{i}": security_group(f"group-{i}") for i in range(99)}
    drop(daemon, "net.json", {"MainVpc": vpc(), **groups})
    daemon.start()

    def converged():
        listed = daemon.get("/v1/resources?state=Ready").json()["resources"]
        return len(listed) == 100
    wait_until(converged, timeout=120, what="100 resources ready")
    fake.faults({})
    ec2 = fake.boto3("ec2")
    names = [g["GroupName"] for g in owned_groups(ec2)]
    assert len(names) == len(set(names)) == 99
    assert len(owned_vpcs(ec2)) == 1
    metrics = daemon.get("/metrics").text
    throttles = [line for line in metrics.splitlines()
                 if line.startswith("awsreconciled_aws_throttles_total")]
    retries = [line for line in metrics.splitlines()
               if line.startswith("awsreconciled_aws_retries_total")]
    assert throttles and retries
    assert daemon.process.poll() is None


def test_the_resource_list_pages_by_logical_id_with_filters(make_daemon, fake):
    daemon = make_daemon()
    groups = {f"Group{i:03}": security_group(f"group-{i}", ingress=[]) for i in range(130)}
    drop(daemon, "net.json", {"MainVpc": vpc(), **groups})
    daemon.start()
    wait_until(lambda: len(daemon.get("/v1/resources").json()["resources"]) == 131, timeout=60,
               what="131 resources listed")

    def every_page(query, limit):
        ids, after, pages = [], None, 0
        while True:
            answer = daemon.get(f"/v1/resources?{query}limit={limit}" +
                                (f"&after={after}" if after else ""))
            assert answer.status == 200
            body = answer.json()
            pages += 1
            ids += [r["logical_id"] for r in body["resources"]]
            if "next" not in body:
                return ids, pages
            assert body["next"] == ids[-1] and len(body["resources"]) == limit
            after = body["next"]

    everything = sorted(["MainVpc", *groups])
    assert every_page("", 40) == (everything, 4)
    assert every_page("", 120) == (everything, 2)  # a page over 100 entries is sent unindented
    assert every_page("type=AWS%3A%3AEC2%3A%3AVPC&", 5) == (["MainVpc"], 1)
    assert every_page("type=AWS%3A%3AEC2%3A%3ASecurityGroup&", 65) == (sorted(groups), 2)
    # A page may start after an ID that is not (or no longer) in the list.
    tail = daemon.get("/v1/resources?after=Group128&limit=5").json()
    assert [r["logical_id"] for r in tail["resources"]] == ["Group129", "MainVpc"]
    assert "next" not in tail
    refused = daemon.get("/v1/resources?limit=0")
    assert refused.status == 400 and "limit" in refused.json()["message"]
    assert daemon.get("/v1/resources?page=2").status == 400


def test_a_burst_over_aws_published_request_limits_is_paced_not_throttled(make_daemon, fake):
    # The fake enforces EC2's buckets: 50 mutating calls per API at once, then 5 a second.
    fake.control("POST", "/_fake/config", {"request_limits": True})
    try:
        daemon = make_daemon()
        groups = {f"Group{i}": security_group(f"group-{i}", ingress=[]) for i in range(69)}
        drop(daemon, "net.json", {"MainVpc": vpc(), **groups})
        daemon.start()
        wait_until(lambda: len(daemon.get("/v1/resources?state=Ready").json()["resources"]) == 70,
                   timeout=60, what="70 resources ready")
        refused = [call for call in fake.calls()["log"] if call["error"] == "RequestLimitExceeded"]
        assert refused == [], "the daemon waited for its tokens instead of being refused"
        assert fake.count("ec2", "CreateSecurityGroup") == 69
        paced = [line for line in daemon.get("/metrics").text.splitlines()
                 if line.startswith("awsreconciled_aws_paced_seconds_total")
                 and 'operation="CreateSecurityGroup"' in line]
        assert paced and float(paced[0].rsplit(" ", 1)[1]) > 1.0, paced  # 19 calls past the burst
    finally:
        fake.control("POST", "/_fake/config", {"request_limits": False})


def test_a_create_not_yet_visible_is_waited_for_not_repeated(make_daemon, fake):
    fake.faults({"consistency_lag": {"ec2": 3}})
    daemon = make_daemon({"poll_interval": "1s"}).start()
    drop(daemon, "net.json", {"MainVpc": vpc()})
    created = wait_state(daemon, "MainVpc", "Ready")
    # While AWS does not list it yet, several cycles run: none creates it again.
    cycles = daemon.get("/v1/status").json()["cycles"]
    wait_until(lambda: daemon.get("/v1/status").json()["cycles"] >= cycles + 2, timeout=10,
               what="two more cycles during the lag")
    wait_until(lambda: owned_vpcs(fake.boto3("ec2")), timeout=10, what="the VPC to be listed")
    assert fake.count("ec2", "CreateVpc") == 1
    assert [v["VpcId"] for v in owned_vpcs(fake.boto3("ec2"))] == [created["physical_id"]]
    assert resource(daemon, "MainVpc")["state"] == "Ready"


def test_a_create_is_sent_again_once_the_configured_grace_runs_out(make_daemon, fake):
    # What the grace guards against, made visible: the answer to CreateVpc is lost (the VPC is
    # made), AWS does not list it yet, and after a 1 s grace the daemon takes the create as
    # never made and sends it again (the default minute would outlast the 30 s lag).
    fake.faults({"consistency_lag": {"ec2": 30}, "rules": [
        {"kind": "reset_after", "count": 1, "service": "ec2", "operation": "CreateVpc"}]})
    daemon = make_daemon({"poll_interval": "1s", "consistency_grace": "1s"}).start()
    drop(daemon, "net.json", {"MainVpc": vpc()})
    wait_until(lambda: fake.count("ec2", "CreateVpc") >= 2, timeout=25,
               what="a second CreateVpc once the 1 s grace ran out")


def test_status_and_events_survive_a_restart(make_daemon, fake):
    daemon = make_daemon()
    drop(daemon, "net.json", {"MainVpc": vpc()})
    daemon.start()
    wait_state(daemon, "MainVpc", "Ready")
    daemon.signal(signal.SIGTERM)
    assert daemon.wait_exit() == 0
    (daemon.state / "status.json.corrupt").unlink(missing_ok=True)
    daemon.start()
    events = daemon.get("/v1/events").json()["events"]
    assert [e["action"] for e in events if e["logical_id"] == "MainVpc"] == ["created"]
    assert fake.count("ec2", "CreateVpc") == 1


def test_a_corrupt_state_file_is_set_aside_not_fatal(make_daemon, fake):
    daemon = make_daemon()
    (daemon.state / "status.json").write_text("{ not json")
    drop(daemon, "net.json", {"MainVpc": vpc()})
    daemon.start()
    wait_state(daemon, "MainVpc", "Ready")
    assert (daemon.state / "status.json.corrupt").exists()
    assert "moved aside" in daemon.stderr()
