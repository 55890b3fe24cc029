"""AWS-managed policies that exist in every account, so attaching them works."""

# (path, name): enough of the catalogue for tutorials and the daemon's tests.
AWS_MANAGED = [
    ("/", "AdministratorAccess"),
    ("/", "PowerUserAccess"),
    ("/", "ReadOnlyAccess"),
    ("/", "IAMFullAccess"),
    ("/", "IAMReadOnlyAccess"),
    ("/", "IAMUserChangePassword"),
    ("/", "AmazonS3FullAccess"),
    ("/", "AmazonS3ReadOnlyAccess"),
    ("/", "AmazonEC2FullAccess"),
    ("/", "AmazonEC2ReadOnlyAccess"),
    ("/", "AmazonEC2ContainerRegistryFullAccess"),
    ("/", "AmazonEC2ContainerRegistryReadOnly"),
    ("/", "AmazonEC2ContainerRegistryPowerUser"),
    ("/", "AmazonRDSFullAccess"),
    ("/", "AmazonRedshiftFullAccess"),
    ("/", "AmazonSSMManagedInstanceCore"),
    ("/", "CloudWatchFullAccess"),
    ("/", "SecretsManagerReadWrite"),
    ("/", "AWSCodeBuildDeveloperAccess"),
    ("/service-role/", "AWSLambdaBasicExecutionRole"),
    ("/service-role/", "AmazonECSTaskExecutionRolePolicy"),
]

# A stand-in document: the fake never evaluates policies.
DOCUMENT = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'


def arn_of(path, name):
    return f"arn:aws:iam::aws:policy{path}{name}"
