#!/usr/bin/python3
"""Extracts the supported resource types from the CloudFormation resource specification.

Usage: generate_schema.py PATH/TO/@aws-cdk/cfnspec/spec/specification.json > resource_types.json

Output: for each supported type, its properties (value type, Required, UpdateType) and
attributes, plus every nested property type those properties reach. Nested type names are
written fully qualified ("AWS::EC2::SecurityGroup.Ingress", or "Tag" for the shared one), so
the daemon never has to know cfnspec's relative naming rule.

To support another type: add one line to SUPPORTED_TYPES and regenerate.
"""

import json
import os
import sys

SUPPORTED_TYPES = [
    "AWS::CloudTrail::Trail",
    "AWS::CloudWatch::Alarm",
    "AWS::CodeBuild::Project",
    "AWS::EC2::Instance",
    "AWS::EC2::InternetGateway",
    "AWS::EC2::KeyPair",
    "AWS::EC2::Route",
    "AWS::EC2::RouteTable",
    "AWS::EC2::SecurityGroup",
    "AWS::EC2::SecurityGroupEgress",
    "AWS::EC2::SecurityGroupIngress",
    "AWS::EC2::Subnet",
    "AWS::EC2::SubnetRouteTableAssociation",
    "AWS::EC2::VPC",
    "AWS::EC2::VPCEndpoint",
    "AWS::EC2::VPCGatewayAttachment",
    "AWS::ECR::Repository",
    "AWS::ECS::Cluster",
    "AWS::ECS::Service",
    "AWS::ECS::TaskDefinition",
    "AWS::ElasticLoadBalancingV2::Listener",
    "AWS::ElasticLoadBalancingV2::ListenerRule",
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "AWS::ElasticLoadBalancingV2::TargetGroup",
    "AWS::IAM::AccessKey",
    "AWS::IAM::Group",
    "AWS::IAM::InstanceProfile",
    "AWS::IAM::ManagedPolicy",
    "AWS::IAM::Policy",
    "AWS::IAM::Role",
    "AWS::IAM::User",
    "AWS::IAM::UserToGroupAddition",
    "AWS::Lambda::Function",
    "AWS::Lambda::Permission",
    "AWS::Lambda::Url",
    "AWS::Logs::LogGroup",
    "AWS::RDS::DBInstance",
    "AWS::RDS::DBSubnetGroup",
    "AWS::Redshift::Cluster",
    "AWS::Redshift::ClusterSubnetGroup",
    "AWS::S3::Bucket",
    "AWS::S3::BucketPolicy",
    "AWS::SNS::Subscription",
    "AWS::SNS::Topic",
    "AWS::SecretsManager::Secret",
]

# The cfnspec fields that describe a value; everything else (documentation links, scrutiny
# hints) is left behind.
VALUE_FIELDS = ("PrimitiveType", "Type", "ItemType", "PrimitiveItemType")
CONTAINERS = ("List", "Map")


def qualify(owner, name, spec):
    """cfnspec names a nested type relative to the resource type that owns it."""
    local = owner + "." + name
    if local in spec["PropertyTypes"]:
        return local
    if name in spec["PropertyTypes"]:
        return name
    sys.exit(f"{owner}: nested property type {name} not found in the specification")


def convert_property(owner, prop, spec, pending):
    out = {}
    for field in VALUE_FIELDS:
        if field in prop:
            out[field] = prop[field]
    if "Types" in prop or "PrimitiveTypes" in prop or not out:
        # A value of several possible shapes: validated as free-form JSON.
        out = {"PrimitiveType": "Json"}
    for field in ("Type", "ItemType"):
        if field in out and out[field] not in CONTAINERS:
            out[field] = qualify(owner, out[field], spec)
            pending.append(out[field])
    if prop.get("Required"):
        out["Required"] = True
    out["UpdateType"] = prop.get("UpdateType", "Mutable")
    return out


def convert_properties(owner, props, spec, pending):
    return {name: convert_property(owner, p, spec, pending) for name, p in props.items()}


def owner_of(property_type_name):
    return property_type_name.split(".")[0] if "." in property_type_name else ""


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    spec_path = sys.argv[1]
    with open(spec_path) as f:
        spec = json.load(f)
    package = os.path.join(os.path.dirname(spec_path), "..", "package.json")
    version = "unknown"
    if os.path.exists(package):
        with open(package) as f:
            version = json.load(f).get("version", "unknown")

    pending = []
    resource_types = {}
    for name in SUPPORTED_TYPES:
        source = spec["ResourceTypes"][name]
        resource_types[name] = {
            "Properties": convert_properties(name, source.get("Properties", {}), spec, pending),
            "Attributes": sorted(source.get("Attributes", {})),
        }

    property_types = {}
    while pending:
        name = pending.pop()
        if name in property_types:
            continue
        source = spec["PropertyTypes"][name]
        owner = owner_of(name)
        property_types[name] = {
            "Properties": convert_properties(owner, source.get("Properties", {}), spec, pending)
        }

    write(sys.stdout, version, spec.get("ResourceSpecificationVersion", "unknown"),
          resource_types, property_types)


def write(out, version, spec_version, resource_types, property_types):
    """One line per property: small diffs when the specification moves, easy to read."""
    def line(value):
        return json.dumps(value, sort_keys=True)

    def section(types, last):
        out.write("{\n")
        names = sorted(types)
        for i, name in enumerate(names):
            entry = types[name]
            out.write(f"    {line(name)}: {{\n")
            if "Attributes" in entry:
                out.write(f"      \"Attributes\": {line(entry['Attributes'])},\n")
            props = sorted(entry["Properties"].items())
            out.write("      \"Properties\": {" + ("\n" if props else ""))
            for j, (prop, desc) in enumerate(props):
                comma = "," if j + 1 < len(props) else ""
                out.write(f"        {line(prop)}: {line(desc)}{comma}\n")
            out.write(("      " if props else "") + "}\n")
            out.write("    }" + ("," if i + 1 < len(names) else "") + "\n")
        out.write("  }" + ("" if last else ",") + "\n")

    out.write("{\n")
    out.write(f"  \"Source\": {line('@aws-cdk/cfnspec ' + version)},\n")
    out.write(f"  \"ResourceSpecificationVersion\": {line(spec_version)},\n")
    out.write("  \"PropertyTypes\": ")
    section(property_types, last=False)
    out.write("  \"ResourceTypes\": ")
    section(resource_types, last=True)
    out.write("}\n")


if __name__ == "__main__":
    main()
