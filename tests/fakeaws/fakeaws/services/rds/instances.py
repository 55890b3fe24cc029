"""DB instances: create and describe (modify and delete: instance_changes.py).

The master password is checked and then dropped: no response, dump or log can show it. With
ManageMasterUserPassword RDS makes one and keeps it in Secrets Manager (master_secret.py).
"""
from ...errors import AwsError
from .. import managed_db
from . import master_secret
from .common import SERVICE, arn, instance_of, subnet_group_of
from .lifecycle import settle

# engine -> (default version, port); the engines CreateDBInstance accepts.
ENGINES = {
    "mysql": ("8.0.35", 3306), "mariadb": ("10.11.6", 3306), "postgres": ("16.1", 5432),
    "aurora-mysql": ("8.0.mysql_aurora.3.05.2", 3306), "aurora-postgresql": ("16.1", 5432),
    "oracle-ee": ("19.0.0.0.ru-2023-10.rur-2023-10.r1", 1521),
    "oracle-se2": ("19.0.0.0.ru-2023-10.rur-2023-10.r1", 1521),
    "sqlserver-ex": ("16.00.4095.4.v1", 1433), "sqlserver-se": ("16.00.4095.4.v1", 1433),
    "sqlserver-ee": ("16.00.4095.4.v1", 1433), "sqlserver-web": ("16.00.4095.4.v1", 1433),
}
FILTERS = {
    "db-instance-id": lambda i: (i["DBInstanceIdentifier"], i["DBInstanceArn"]),
    "dbi-resource-id": lambda i: (i["DbiResourceId"],),
    "engine": lambda i: (i["Engine"],),
    "db-cluster-id": lambda i: (),
}


def _check_credentials(p):
    if p["Engine"].startswith("aurora"):
        return  # Aurora instances take their credentials from the cluster
    if not p.get("MasterUsername"):
        raise AwsError("InvalidParameterValue",
                       "The parameter MasterUsername must be provided and must not be blank.")
    check_password(p)
    if "AllocatedStorage" not in p:
        raise AwsError("InvalidParameterValue", "The parameter AllocatedStorage must be provided.")
    if not 20 <= p["AllocatedStorage"] <= 65536:
        raise AwsError("InvalidParameterValue", f"Invalid storage size for engine name {p['Engine']}: "
                       f"{p['AllocatedStorage']}")


def check_password(p):
    password = p.get("MasterUserPassword")
    if password is None and not p.get("ManageMasterUserPassword"):
        raise AwsError("InvalidParameterValue",
                       "The parameter MasterUserPassword must be provided and must not be blank.")
    if password is not None and (len(password) < 8 or any(c in password for c in "/\"@ ")):
        # The message names the rule, never the value.
        raise AwsError("InvalidParameterValue", "The parameter MasterUserPassword is not a valid password. "
                       "It must be at least 8 printable ASCII characters and not contain '/', '\"', '@' or spaces.")


@SERVICE.op("CreateDBInstance")
def create_db_instance(ctx, p):
    settle(ctx)
    name = managed_db.identifier(p["DBInstanceIdentifier"], "DBInstanceIdentifier")
    if name in ctx.state.instances:
        raise AwsError("DBInstanceAlreadyExists", "DB instance already exists")
    if p["Engine"] not in ENGINES:
        raise AwsError("InvalidParameterValue", f"Invalid DB engine: {p['Engine']}")
    master_secret.check_create(p)
    _check_credentials(p)
    group = subnet_group_of(ctx, p["DBSubnetGroupName"]) if p.get("DBSubnetGroupName") else None
    security_groups, zone = managed_db.placement(ctx, group, p)
    version, port = ENGINES[p["Engine"]]
    resource_id = "db-" + ctx.world.new_token(26, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    instance = {
        "DBInstanceIdentifier": name, "DBInstanceClass": p["DBInstanceClass"], "Engine": p["Engine"],
        "EngineVersion": p.get("EngineVersion", version), "MasterUsername": p.get("MasterUsername"),
        "DBName": p.get("DBName"), "AllocatedStorage": p.get("AllocatedStorage", 1),
        "InstanceCreateTime": ctx.now, "PreferredBackupWindow": p.get("PreferredBackupWindow", "03:00-03:30"),
        "PreferredMaintenanceWindow": p.get("PreferredMaintenanceWindow", "sun:05:00-sun:05:30"),
        "BackupRetentionPeriod": p.get("BackupRetentionPeriod", 1), "DBSecurityGroups": [],
        "VpcSecurityGroups": security_groups, "AvailabilityZone": zone,
        "DBSubnetGroup": managed_db.public(group) if group else None, "PendingModifiedValues": {},
        "MultiAZ": p.get("MultiAZ", False), "AutoMinorVersionUpgrade": p.get("AutoMinorVersionUpgrade", True),
        "PubliclyAccessible": p.get("PubliclyAccessible", False), "StorageType": p.get("StorageType", "gp2"),
        "StorageEncrypted": p.get("StorageEncrypted", False), "DbiResourceId": resource_id,
        "DBInstanceArn": arn(ctx, "db", name), "DeletionProtection": p.get("DeletionProtection", False),
        "CopyTagsToSnapshot": p.get("CopyTagsToSnapshot", False), "DbInstancePort": 0,
        "LicenseModel": "general-public-license", "TagList": managed_db.merge_tags([], p.get("Tags", [])),
        "_port": p.get("Port", port), "_created": ctx.now,
    }
    managed_db.set_status(ctx, instance, "DBInstanceStatus", "creating")
    ctx.state.instances[name] = instance
    if p.get("ManageMasterUserPassword"):
        master_secret.start(ctx, instance, p.get("MasterUserSecretKmsKeyId"))
    return {"DBInstance": render(ctx, instance)}


def render(ctx, instance):
    """The instance as AWS shows it: the endpoint exists once it has been created."""
    shown = managed_db.public(instance)
    if instance["DBInstanceStatus"] != "creating":
        shown["Endpoint"] = {"Address": f"{instance['DBInstanceIdentifier']}.c{instance['DbiResourceId'][3:15].lower()}"
                             f".{ctx.region}.rds.amazonaws.com", "Port": instance["_port"],
                             "HostedZoneId": "Z2FAKEAWSRDS00"}
    return shown


@SERVICE.op("DescribeDBInstances")
def describe_db_instances(ctx, p):
    settle(ctx)
    candidates = managed_db.described(ctx, ctx.state.instances, p.get("DBInstanceIdentifier"), instance_of)
    candidates = managed_db.filtered(candidates, p.get("Filters", []), FILTERS)
    page, marker = managed_db.page(p, candidates)
    return {"DBInstances": [render(ctx, i) for i in page], "Marker": marker}
