"""Read-only catalogue: regions, availability zones and a few public images."""
from ...errors import AwsError
from .common import SERVICE, matcher, zone_id, zones

REGIONS = ("us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-central-1",
           "ap-southeast-1", "ap-northeast-1")

# (image id, name, owner alias): stand-ins for the AMIs tutorials launch.
IMAGES = (
    ("ami-0fakeaws000000001", "al2023-ami-2023.1.20230705.0-kernel-6.1-x86_64", "amazon"),
    ("ami-0fakeaws000000002", "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20230516", "099720109477"),
    ("ami-0fakeaws000000003", "debian-12-amd64-20230711-1438", "136693071363"),
)


def _filtered(items, filters, fields):
    for flt in filters:
        if flt["Name"] not in fields:
            raise AwsError("InvalidParameterValue", f"The filter '{flt['Name']}' is invalid")
        match, field = matcher(flt.get("Values", [])), fields[flt["Name"]]
        items = [i for i in items if match(field(i))]
    return items


@SERVICE.op("DescribeAvailabilityZones")
def describe_availability_zones(ctx, p):
    items = [{"ZoneName": z, "ZoneId": zone_id(ctx, z), "State": "available", "RegionName": ctx.region,
              "ZoneType": "availability-zone", "OptInStatus": "opt-in-not-required",
              "GroupName": ctx.region, "NetworkBorderGroup": ctx.region, "Messages": []}
             for z in zones(ctx)]
    if p.get("ZoneNames"):
        items = [i for i in items if i["ZoneName"] in p["ZoneNames"]]
    fields = {"zone-name": lambda z: z["ZoneName"], "zone-id": lambda z: z["ZoneId"],
              "state": lambda z: z["State"], "region-name": lambda z: z["RegionName"]}
    return {"AvailabilityZones": _filtered(items, p.get("Filters", []), fields)}


@SERVICE.op("DescribeRegions")
def describe_regions(ctx, p):
    items = [{"RegionName": r, "Endpoint": f"ec2.{r}.amazonaws.com", "OptInStatus": "opt-in-not-required"}
             for r in REGIONS if not p.get("RegionNames") or r in p["RegionNames"]]
    return {"Regions": _filtered(items, p.get("Filters", []), {"region-name": lambda r: r["RegionName"]})}


@SERVICE.op("DescribeImages")
def describe_images(ctx, p):
    items = [{"ImageId": i, "Name": name, "OwnerId": owner if owner.isdigit() else "137112412989",
              "ImageOwnerAlias": None if owner.isdigit() else owner, "State": "available",
              "Architecture": "x86_64", "ImageType": "machine", "Public": True, "RootDeviceType": "ebs",
              "RootDeviceName": "/dev/xvda", "VirtualizationType": "hvm", "Hypervisor": "xen",
              "CreationDate": "2023-07-05T00:00:00.000Z", "_owner": owner}
             for i, name, owner in IMAGES]
    if p.get("ImageIds"):
        known = {i["ImageId"] for i in items}
        missing = [i for i in p["ImageIds"] if i not in known]
        if missing:
            raise AwsError("InvalidAMIID.NotFound", f"The image id '[{missing[0]}]' does not exist")
        items = [i for i in items if i["ImageId"] in p["ImageIds"]]
    if p.get("Owners"):
        items = [i for i in items if i["_owner"] in p["Owners"] or i["OwnerId"] in p["Owners"]]
    fields = {"name": lambda i: i["Name"], "image-id": lambda i: i["ImageId"],
              "owner-alias": lambda i: i["ImageOwnerAlias"] or "", "state": lambda i: i["State"],
              "architecture": lambda i: i["Architecture"]}
    return {"Images": _filtered(items, p.get("Filters", []), fields)}
