"""The AWS services a VPC endpoint can reach in the fake, and the prefix lists of the two that
take gateway endpoints (s3, dynamodb): DescribePrefixLists and DescribeVpcEndpointServices."""
import hashlib

from ... import paging
from ...errors import AwsError
from .common import SERVICE, matcher, zones

GATEWAY = ("dynamodb", "s3")
INTERFACE = ("athena", "ec2", "ec2messages", "ecr.api", "ecr.dkr", "elasticloadbalancing", "events",
             "execute-api", "glue", "kms", "lambda", "logs", "monitoring", "rds", "redshift", "redshift-data",
             "s3", "secretsmanager", "sns", "sqs", "ssm", "ssmmessages", "sts")
# The address ranges each gateway service's prefix list holds (the same in every region here).
CIDRS = {"s3": ["52.216.0.0/15", "54.231.0.0/16", "3.5.0.0/19"],
         "dynamodb": ["52.94.0.0/22", "52.119.224.0/20", "3.218.180.0/22"]}
# us-east-1's real prefix list IDs; other regions get stable made-up ones.
KNOWN_PREFIX_LISTS = {("us-east-1", "s3"): "pl-63a5400a", ("us-east-1", "dynamodb"): "pl-02cd2c6b"}


def service_name(ctx, short):
    return f"com.amazonaws.{ctx.region}.{short}"


def short_name(ctx, name, endpoint_type):
    """The service part of a service name this endpoint type can reach, else AWS's error."""
    prefix = f"com.amazonaws.{ctx.region}."
    short = name[len(prefix):] if name.startswith(prefix) else None
    if short not in GATEWAY + INTERFACE:
        raise AwsError("InvalidServiceName", f"The Vpc Endpoint Service '{name}' does not exist")
    if short not in (GATEWAY if endpoint_type == "Gateway" else INTERFACE):
        raise AwsError("InvalidParameter", f"The Vpc Endpoint Service '{name}' does not support "
                       f"endpoint type {endpoint_type}.")
    return short


def prefix_list_id(ctx, short):
    known = KNOWN_PREFIX_LISTS.get((ctx.region, short))
    return known or "pl-" + hashlib.sha256(f"{ctx.region}/{short}".encode()).hexdigest()[:8]


def _prefix_lists(ctx):
    return [{"PrefixListId": prefix_list_id(ctx, s), "PrefixListName": service_name(ctx, s), "Cidrs": CIDRS[s]}
            for s in GATEWAY]


@SERVICE.op("DescribePrefixLists")
def describe_prefix_lists(ctx, p):
    lists = _prefix_lists(ctx)
    missing = [i for i in p.get("PrefixListIds", []) if i not in {pl["PrefixListId"] for pl in lists}]
    if missing:
        raise AwsError("InvalidPrefixListId.NotFound", f"The prefix list ID '{missing[0]}' does not exist")
    if p.get("PrefixListIds"):
        lists = [pl for pl in lists if pl["PrefixListId"] in p["PrefixListIds"]]
    fields = {"prefix-list-id": "PrefixListId", "prefix-list-name": "PrefixListName"}
    for flt in p.get("Filters", []):
        if flt["Name"] not in fields:
            raise AwsError("InvalidParameterValue", f"The filter '{flt['Name']}' is invalid")
        match = matcher(flt.get("Values", []))
        lists = [pl for pl in lists if match(pl[fields[flt["Name"]]])]
    page, token = paging.page(lists, p.get("NextToken"), p.get("MaxResults"), "InvalidPaginationToken")
    return {"PrefixLists": page, "NextToken": token}


@SERVICE.op("DescribeVpcEndpointServices")
def describe_vpc_endpoint_services(ctx, p):
    shorts = sorted(set(GATEWAY + INTERFACE))
    names = [service_name(ctx, s) for s in shorts]
    unknown = [n for n in p.get("ServiceNames", []) if n not in names]
    if unknown:
        raise AwsError("InvalidServiceName", f"The Vpc Endpoint Service '{unknown[0]}' does not exist")
    details = [{"ServiceName": service_name(ctx, s), "Owner": "amazon", "AvailabilityZones": zones(ctx),
                "ServiceType": [{"ServiceType": t} for t, group in (("Interface", INTERFACE), ("Gateway", GATEWAY))
                                if s in group],
                "BaseEndpointDnsNames": [f"{s}.{ctx.region}.vpce.amazonaws.com"], "VpcEndpointPolicySupported": True,
                "AcceptanceRequired": False, "SupportedIpAddressTypes": ["ipv4"]}
               for s in shorts if not p.get("ServiceNames") or service_name(ctx, s) in p["ServiceNames"]]
    return {"ServiceNames": [d["ServiceName"] for d in details], "ServiceDetails": details}
