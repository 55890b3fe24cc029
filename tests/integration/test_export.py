"""`awsreconciled export` of infrastructure clicked together outside the daemon (boto3 here),
fed to a fresh daemon: it adopts everything with nothing but ownership-tag writes, and a second
cycle writes nothing. Another owner's resources and AWS's defaults stay out of the files. What
an example built, exported by its owner, is held by a fresh daemon without a single write."""

import json
import shutil

from harness import FAKE_ENV, example, run_binary, wait_until
from test_containers import zip_of
from test_engine import wait_state

TAG_WRITES = {("ec2", "CreateTags"), ("iam", "TagUser"), ("iam", "TagRole"),
              ("s3", "PutBucketTagging"), ("elasticloadbalancing", "AddTags"),
              ("lambda", "TagResource")}
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
    "Action": "sts:AssumeRole"}]})


def name_tag(name):
    return [{"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": name}]}]


def click_together(fake):
    """What a person makes in the console: a public subnet's network, a web group, IAM, a
    bucket; and a VPC another daemon owns."""
    ec2 = fake.boto3("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16", TagSpecifications=name_tag("clicked"))["Vpc"]
    subnet = ec2.create_subnet(VpcId=vpc["VpcId"], CidrBlock="10.20.1.0/24",
                               AvailabilityZone="us-east-1a")["Subnet"]
    gateway = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=vpc["VpcId"])
    table = ec2.create_route_table(VpcId=vpc["VpcId"])["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=gateway)
    ec2.associate_route_table(RouteTableId=table, SubnetId=subnet["SubnetId"])
    group = ec2.create_security_group(GroupName="web", Description="web servers",
                                      VpcId=vpc["VpcId"])["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
        "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    ec2.create_vpc(CidrBlock="10.30.0.0/16", TagSpecifications=[{"ResourceType": "vpc", "Tags": [
        {"Key": "awsreconciled:owner", "Value": "team-b"},
        {"Key": "awsreconciled:logical-id", "Value": "TheirVpc"}]}])
    iam = fake.boto3("iam")
    iam.create_user(UserName="clicker")
    iam.create_role(RoleName="app-role", AssumeRolePolicyDocument=TRUST)
    fake.boto3("s3").create_bucket(Bucket="clicked-assets")
    return vpc["VpcId"]


def click_children(fake, vpc_id):
    """What export reads through a parent, clicked onto what click_together made: a load
    balancer's listener and rule, a member of a group, and a function's URL and permission."""
    ec2 = fake.boto3("ec2")
    [subnet] = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]
    second = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.20.2.0/24",
                               AvailabilityZone="us-east-1b")["Subnet"]
    elb = fake.boto3("elbv2")
    balancer = elb.create_load_balancer(Name="clicked-web", Subnets=[
        subnet["SubnetId"], second["SubnetId"]])["LoadBalancers"][0]["LoadBalancerArn"]
    targets = elb.create_target_group(Name="clicked-web", Protocol="HTTP", Port=80,
                                      VpcId=vpc_id)["TargetGroups"][0]["TargetGroupArn"]
    forward = [{"Type": "forward", "TargetGroupArn": targets}]
    listener = elb.create_listener(LoadBalancerArn=balancer, Protocol="HTTP", Port=80,
                                   DefaultActions=forward)["Listeners"][0]["ListenerArn"]
    elb.create_rule(ListenerArn=listener, Priority=10, Actions=forward, Conditions=[
        {"Field": "path-pattern", "Values": ["/api/*"]}])
    iam = fake.boto3("iam")
    iam.create_group(GroupName="developers")
    iam.add_user_to_group(GroupName="developers", UserName="clicker")
    role = iam.create_role(RoleName="hello-role", AssumeRolePolicyDocument=TRUST.replace(
        "ec2.amazonaws.com", "lambda.amazonaws.com"))["Role"]["Arn"]
    functions = fake.boto3("lambda")
    functions.create_function(FunctionName="clicked-hello", Role=role, Runtime="python3.12",
                              Handler="handler.main", Code={"ZipFile": zip_of("def main(): 0")})
    functions.create_function_url_config(FunctionName="clicked-hello", AuthType="NONE")
    functions.add_permission(FunctionName="clicked-hello", StatementId="allow-sns",
                             Action="lambda:InvokeFunction", Principal="sns.amazonaws.com")


def export(daemon, out, *extra):
    daemon.config_path.write_text(json.dumps(daemon.config))
    return run_binary(["export", "--config", str(daemon.config_path), "--out", str(out), *extra],
                      env=FAKE_ENV, timeout=60)


def exported_files(out):
    return {path.name: json.loads(path.read_text()) for path in out.glob("*.json")}


def adopt_with_tag_writes_only(daemon, fake, files):
    """A fresh daemon on the exported files: everything Ready with ownership tags as the only
    writes and no failed attempt on the way, then a full cycle that writes nothing at all."""
    mark = fake.calls()["total"]
    daemon.start()
    declared = [logical_id for document in files.values() for logical_id in document["Resources"]]
    def not_ready():
        resources = {r["logical_id"]: r for r in daemon.get("/v1/resources").json()["resources"]}
        return {logical_id: (resources.get(logical_id, {}).get("state"),
                             resources.get(logical_id, {}).get("message"))
                for logical_id in declared
                if resources.get(logical_id, {}).get("state") != "Ready"}
    try:
        wait_until(lambda: not not_ready(), timeout=30, what="every exported resource Ready")
    except AssertionError as error:
        raise AssertionError(f"{error}: {not_ready()}") from None
    writes = set(fake.writes_since(mark))
    assert writes and writes <= TAG_WRITES, writes  # no create tried, not even one AWS refused
    errors = [event for event in daemon.get("/v1/events").json()["events"]
              if event["action"] == "error"]
    assert not errors, errors

    daemon.full_cycle()
    mark = fake.calls()["total"]
    daemon.full_cycle()
    assert fake.writes_since(mark) == []


def test_an_export_is_adopted_with_tag_writes_only_then_nothing(make_daemon, fake, tmp_path):
    vpc_id = click_together(fake)
    daemon = make_daemon({"poll_interval": "1h"})
    out = daemon.desired
    result = export(daemon, out)
    assert result.returncode == 0, result.stderr
    assert "exported" in result.stdout
    assert "belongs to owner team-b" in result.stderr
    assert "made by AWS" in result.stderr  # the region's default VPC and its parts

    files = exported_files(out)
    assert set(files) == {"network-clickedvpc.json", "iam.json", "s3.json"}, files
    network = files["network-clickedvpc.json"]["Resources"]
    assert network["ClickedVPC"] == {"Type": "AWS::EC2::VPC", "AdoptPolicy": "Adopt",
                                     "AdoptId": vpc_id,
                                     "Properties": {"CidrBlock": "10.20.0.0/16",
                                                    "Tags": [{"Key": "Name", "Value": "clicked"}]}}
    web = network["WebSecurityGroup"]["Properties"]
    assert web["VpcId"] == {"Ref": "ClickedVPC"}  # part of its identity, a reference all the same
    assert [(r["FromPort"], r["CidrIp"]) for r in web["SecurityGroupIngress"]] == [(443, "0.0.0.0/0")]
    types = sorted(body["Type"] for body in network.values())
    assert types == sorted(["AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::InternetGateway",
                            "AWS::EC2::VPCGatewayAttachment", "AWS::EC2::RouteTable",
                            "AWS::EC2::Route", "AWS::EC2::SubnetRouteTableAssociation",
                            "AWS::EC2::SecurityGroup"]), types
    assert {body["Type"] for body in files["iam.json"]["Resources"].values()} == {
        "AWS::IAM::User", "AWS::IAM::Role"}
    assert "TheirVpc" not in json.dumps(files)

    adopt_with_tag_writes_only(daemon, fake, files)
    ec2 = fake.boto3("ec2")
    assert len(ec2.describe_vpcs(Filters=[{"Name": "cidr", "Values": ["10.20.0.0/16"]}])["Vpcs"]) == 1

    # An export never overwrites: the same directory again is refused, the files unchanged.
    before = {path.name: path.read_text() for path in out.glob("*.json")}
    again = export(daemon, out)
    assert again.returncode == 2 and "exists" in again.stderr
    assert {path.name: path.read_text() for path in out.glob("*.json")} == before


def test_an_adopt_id_that_aws_does_not_have_creates_nothing(make_daemon, fake):
    daemon = make_daemon({"poll_interval": "1h"}).start()
    (daemon.desired / "net.json").write_text(json.dumps({"Resources": {"Gone": {
        "Type": "AWS::EC2::VPC", "AdoptPolicy": "Adopt", "AdoptId": "vpc-0123456789abcdef0",
        "Properties": {"CidrBlock": "10.40.0.0/16"}}}}))
    wait_until(lambda: (daemon.get("/v1/resources/Gone").json().get("state") == "Error"),
               timeout=15, what="the adoption failing")
    assert "AWS has no such AWS::EC2::VPC" in daemon.get("/v1/resources/Gone").json()["message"]
    assert fake.count("ec2", "CreateVpc") == 0

    # Without AdoptPolicy: Adopt the file is refused, naming the field.
    (daemon.desired / "bad.json").write_text(json.dumps({"Resources": {"Other": {
        "Type": "AWS::EC2::VPC", "AdoptId": "vpc-0123456789abcdef1",
        "Properties": {"CidrBlock": "10.41.0.0/16"}}}}))
    wait_until(lambda: daemon.files().get("bad.json", {}).get("problems"), timeout=10,
               what="the file's problem")
    problem = daemon.files()["bad.json"]["problems"][0]
    assert problem["pointer"] == "/Resources/Other/AdoptId"
    assert "AdoptPolicy: Adopt" in problem["message"]


def test_what_an_example_built_exports_to_files_a_fresh_daemon_holds_without_a_write(
        make_daemon, fake):
    """The same owner exports what its files made: each resource keeps its logical ID, so a
    daemon that lost everything (new state, new files) finds and holds it all as it is."""
    builder = make_daemon({"poll_interval": "1h"}, name="builder").start()
    files, resources = example("network-basics")
    for path in files:
        shutil.copy(path, builder.desired / path.name)
    for logical_id in resources:
        wait_state(builder, logical_id, "Ready", timeout=30)
    builder.stop()

    fresh = make_daemon({"poll_interval": "1h"}, name="fresh")
    result = export(fresh, fresh.desired)
    assert result.returncode == 0, result.stderr
    exported = {logical_id for path in fresh.desired.glob("*.json")
                for logical_id in json.loads(path.read_text())["Resources"]}
    assert set(resources) <= exported, (set(resources), exported)

    mark = fake.calls()["total"]
    fresh.start()
    for logical_id in exported:
        wait_state(fresh, logical_id, "Ready", timeout=30)
    fresh.full_cycle()
    assert fake.writes_since(mark) == []


def test_what_is_read_through_a_parent_is_exported_with_it_and_adopted_without_a_write(
        make_daemon, fake):
    """A listener and its rule, and a group's member, go with their exported parents and are
    taken over with tags alone (a membership writes nothing: its users are members already).
    A function's URL and permission go where their function goes, which is exported with its
    code (test_a_function_is_exported_with_its_zip_and_adopted_with_tag_writes_only)."""
    vpc_id = click_together(fake)
    click_children(fake, vpc_id)
    daemon = make_daemon({"poll_interval": "1h"})
    result = export(daemon, daemon.desired)
    assert result.returncode == 0, result.stderr
    files = exported_files(daemon.desired)
    declared = {body["Type"]: body.get("Properties", {})
                for document in files.values() for body in document["Resources"].values()}
    # What exists is named by reference, also where it is part of what a daemon finds a
    # resource by (a VPC, a balancer, a listener): no literal ID of an exported resource is left.
    resources = {logical_id: body for document in files.values()
                 for logical_id, body in document["Resources"].items()}
    logical = {body["Type"]: logical_id for logical_id, body in resources.items()}
    subnets = declared["AWS::ElasticLoadBalancingV2::LoadBalancer"]["Subnets"]
    assert sorted(s["Ref"] for s in subnets) == sorted(
        logical_id for logical_id, body in resources.items()
        if body["Type"] == "AWS::EC2::Subnet"), subnets
    assert declared["AWS::ElasticLoadBalancingV2::TargetGroup"]["VpcId"] == {"Ref": "ClickedVPC"}
    listener = declared["AWS::ElasticLoadBalancingV2::Listener"]
    to_targets = {"Ref": logical["AWS::ElasticLoadBalancingV2::TargetGroup"]}
    assert listener["LoadBalancerArn"] == {
        "Ref": logical["AWS::ElasticLoadBalancingV2::LoadBalancer"]}
    assert listener["DefaultActions"][0]["TargetGroupArn"] == to_targets
    rule = declared["AWS::ElasticLoadBalancingV2::ListenerRule"]
    assert rule["ListenerArn"] == {"Ref": logical["AWS::ElasticLoadBalancingV2::Listener"]}
    assert rule["Actions"][0]["TargetGroupArn"] == to_targets
    assert rule["Conditions"][0]["Field"] == "path-pattern"
    assert declared["AWS::EC2::SecurityGroup"]["VpcId"] == {"Ref": "ClickedVPC"}
    elb = fake.boto3("elbv2")
    [arn] = [b["LoadBalancerArn"] for b in elb.describe_load_balancers()["LoadBalancers"]]
    literal = {vpc_id, arn, *(t["TargetGroupArn"] for t in elb.describe_target_groups()[
        "TargetGroups"]), *(l["ListenerArn"] for l in elb.describe_listeners(
            LoadBalancerArn=arn)["Listeners"])}
    properties = json.dumps([body.get("Properties") for body in resources.values()], indent=1)
    assert not [line for line in properties.splitlines() if any(i in line for i in literal)]
    assert declared["AWS::IAM::UserToGroupAddition"] == {
        "GroupName": {"Ref": "DevelopersGroup"}, "Users": [{"Ref": "ClickerUser"}]}
    assert {"AWS::Lambda::Function", "AWS::Lambda::Url", "AWS::Lambda::Permission"} <= set(
        declared)

    adopt_with_tag_writes_only(daemon, fake, files)
    assert fake.count("iam", "AddUserToGroup") == 1  # the click, and nothing since


def test_a_function_is_exported_with_its_zip_and_adopted_with_tag_writes_only(
        make_daemon, fake):
    """AWS has no Code property for a function: export downloads the deployed zip from
    GetFunction's presigned Code.Location into code/<name>.zip beside the files, checked against
    CodeSha256, and declares it as a fileb:// file; the function's URL and permission come with
    it. A fresh daemon on the output finds the zip's SHA-256 deployed: tag writes only, then
    nothing."""
    role = fake.boto3("iam").create_role(RoleName="export-fn-role", AssumeRolePolicyDocument=(
        TRUST.replace("ec2.amazonaws.com", "lambda.amazonaws.com")))["Role"]["Arn"]
    zip_bytes = zip_of("def main(event, context):\n    return 'exported'\n")
    functions = fake.boto3("lambda")
    functions.create_function(FunctionName="clicked-api", Role=role, Runtime="python3.12",
                              Handler="handler.main", Code={"ZipFile": zip_bytes},
                              Environment={"Variables": {"STAGE": "prod"}})
    functions.create_function_url_config(FunctionName="clicked-api", AuthType="NONE")
    functions.add_permission(FunctionName="clicked-api", StatementId="allow-events",
                             Action="lambda:InvokeFunction", Principal="events.amazonaws.com")
    daemon = make_daemon({"poll_interval": "1h"})
    result = export(daemon, daemon.desired, "--type", "AWS::Lambda::Function", "--type",
                    "AWS::Lambda::Url", "--type", "AWS::Lambda::Permission")
    assert result.returncode == 0, result.stderr
    assert "left out" not in result.stderr, result.stderr
    assert "X-Amz-Signature" not in result.stdout + result.stderr  # the URL grants the download

    assert (daemon.desired / "code" / "clicked-api.zip").read_bytes() == zip_bytes
    files = exported_files(daemon.desired)
    declared = {body["Type"]: body for document in files.values()
                for body in document["Resources"].values()}
    function = declared["AWS::Lambda::Function"]["Properties"]
    assert function["Code"] == {"ZipFile": "fileb://code/clicked-api.zip"}
    assert function["Environment"] == {"Variables": {"STAGE": "prod"}}
    assert declared["AWS::Lambda::Url"]["Properties"]["AuthType"] == "NONE"
    assert declared["AWS::Lambda::Permission"]["AdoptId"] == "clicked-api/allow-events"

    adopt_with_tag_writes_only(daemon, fake, files)
    assert fake.count("lambda", "UpdateFunctionCode") == 0
    assert functions.get_function(FunctionName="clicked-api")["Tags"]["awsreconciled:owner"]


def test_a_function_the_files_will_not_hold_is_not_downloaded(make_daemon, fake):
    """Code is fetched only for the functions export writes: one outside the --tag filter, or
    another owner's, costs no GetFunction and no download."""
    role = fake.boto3("iam").create_role(RoleName="export-filter-role", AssumeRolePolicyDocument=(
        TRUST.replace("ec2.amazonaws.com", "lambda.amazonaws.com")))["Role"]["Arn"]
    functions = fake.boto3("lambda")
    for name, tags in (("web-api", {"team": "web"}), ("data-job", {"team": "data"}),
                       ("their-api", {"team": "web", "awsreconciled:owner": "someone-else"})):
        code = {"ZipFile": zip_of(f"n = '{name}'\n")}
        functions.create_function(FunctionName=name, Role=role, Runtime="python3.12",
                                  Handler="handler.main", Code=code, Tags=tags)
    daemon = make_daemon({"poll_interval": "1h"})
    result = export(daemon, daemon.desired, "--type", "AWS::Lambda::Function", "--tag", "team=web")
    assert result.returncode == 0, result.stderr
    assert "their-api: belongs to owner someone-else" in result.stderr, result.stderr
    assert fake.count("lambda", "GetFunction") == 1
    assert sorted(p.name for p in (daemon.desired / "code").iterdir()) == ["web-api.zip"]
    declared = [body["Properties"]["FunctionName"] for document in
                exported_files(daemon.desired).values() for body in document["Resources"].values()]
    assert declared == ["web-api"]


def test_an_image_function_is_adopted_without_deploying_its_image_again(make_daemon, fake):
    """An image function is exported with its ImageUri. Nothing records which image an adopted
    function runs, so the daemon asks AWS (GetFunction) and records it in a tag instead of
    deploying the same image again; a file naming another image deploys that one."""
    role = fake.boto3("iam").create_role(RoleName="export-image-role", AssumeRolePolicyDocument=(
        TRUST.replace("ec2.amazonaws.com", "lambda.amazonaws.com")))["Role"]["Arn"]
    image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1"
    functions = fake.boto3("lambda")
    functions.create_function(FunctionName="clicked-image", Role=role, PackageType="Image",
                              Code={"ImageUri": image})
    daemon = make_daemon({"poll_interval": "1h"})
    result = export(daemon, daemon.desired, "--type", "AWS::Lambda::Function")
    assert result.returncode == 0, result.stderr
    files = exported_files(daemon.desired)
    [(name, document)] = files.items()
    [(logical_id, body)] = document["Resources"].items()
    assert body["Properties"]["Code"] == {"ImageUri": image}

    adopt_with_tag_writes_only(daemon, fake, files)
    assert fake.count("lambda", "UpdateFunctionCode") == 0
    tags = functions.get_function(FunctionName="clicked-image")["Tags"]
    assert tags["awsreconciled:code-source"] == "image:" + image

    body["Properties"]["Code"] = {"ImageUri": image.replace(":1", ":2")}
    (daemon.desired / name).write_text(json.dumps(document))
    wait_until(lambda: fake.count("lambda", "UpdateFunctionCode") == 1, timeout=20,
               what="the new image deployed")
    deployed = functions.get_function(FunctionName="clicked-image")["Code"]["ImageUri"]
    assert deployed == image.replace(":1", ":2")


def test_a_function_whose_code_cannot_be_downloaded_is_left_out_with_its_children(
        make_daemon, fake):
    """A presigned URL that has expired (here at once) gives no code to write: the function and
    its URL are left out, each said on standard error; the rest is exported."""
    role = fake.boto3("iam").create_role(RoleName="export-bad-role", AssumeRolePolicyDocument=(
        TRUST.replace("ec2.amazonaws.com", "lambda.amazonaws.com")))["Role"]["Arn"]
    functions = fake.boto3("lambda")
    functions.create_function(FunctionName="expiring", Role=role, Runtime="python3.12",
                              Handler="handler.main", Code={"ZipFile": zip_of("x = 1\n")})
    functions.create_function_url_config(FunctionName="expiring", AuthType="NONE")
    daemon = make_daemon({"poll_interval": "1h"})
    with fake.configured({"lambda_code_location_seconds": 0}):
        result = export(daemon, daemon.desired, "--type", "AWS::Lambda::Function", "--type",
                        "AWS::Lambda::Url", "--type", "AWS::IAM::Role")
    assert result.returncode == 0, result.stderr
    assert ("left out: AWS::Lambda::Function expiring: its code: downloading it answered "
            "HTTP 403") in result.stderr, result.stderr
    assert "AWS::Lambda::Url" in result.stderr and "its parent is left out" in result.stderr
    assert not (daemon.desired / "code").exists()
    declared = {body["Type"] for document in exported_files(daemon.desired).values()
                for body in document["Resources"].values()}
    assert declared == {"AWS::IAM::Role"}, declared
