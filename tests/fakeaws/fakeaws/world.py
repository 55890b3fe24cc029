"""All simulated state, and the per-request context handlers see it through.

One lock guards the world: handlers are short, in-memory and never block, so a
single lock keeps every operation atomic without costing real concurrency.
"""
import dataclasses
import random
import threading
import time
from dataclasses import dataclass, field

from . import credentials

# How long resources stay in their transitional states (seconds); /_fake/config.
DEFAULT_TIMINGS = {
    "instance_pending_seconds": 0.5,
    "instance_stopping_seconds": 0.5,
    "instance_shutting_down_seconds": 0.5,
    "lambda_pending_seconds": 0.5,
    "lambda_updating_seconds": 0.5,
    # GetFunction's Code.Location, a presigned URL, is good this long (AWS: ten minutes).
    "lambda_code_location_seconds": 600.0,
    "rds_creating_seconds": 0.5,
    "rds_modifying_seconds": 0.5,
    "rds_deleting_seconds": 0.5,
    "redshift_creating_seconds": 0.5,
    "redshift_modifying_seconds": 0.5,
    "redshift_deleting_seconds": 0.5,
    # A new IAM role cannot be assumed by a service for this long (IAM propagation); 0 = at once.
    "iam_role_propagation_seconds": 0.0,
    "elbv2_provisioning_seconds": 0.5,
    "elbv2_target_registration_seconds": 0.5,
    "ecs_deployment_seconds": 0.5,
    "ecs_draining_seconds": 0.5,
    "cloudwatch_evaluation_seconds": 0.5,
    "rds_snapshot_creating_seconds": 0.5,
    "redshift_snapshot_creating_seconds": 0.5,
    "redshift_iam_role_seconds": 0.5,
    "vpc_endpoint_pending_seconds": 0.5,
    "vpc_endpoint_deleting_seconds": 0.5,
    # One day of a secret's recovery window (DeleteSecret RecoveryWindowInDays): a real day
    # unless a test shortens it.
    "secret_recovery_day_seconds": 86400.0,
}
# Switches, also on /_fake/config; like the timings they survive /_fake/reset.
DEFAULT_SETTINGS = {
    "default_vpc": True,  # every region starts with a default VPC, as AWS accounts do
    "request_limits": False,  # AWS's published request buckets (request_limits.py)
}


class World:
    def __init__(self, services, seed=None):
        self.lock = threading.RLock()
        self._services = {s.signing_name: s for s in services}
        self._states = {}
        self.rng = random.Random(seed)
        self.timings = dict(DEFAULT_TIMINGS)
        self.settings = dict(DEFAULT_SETTINGS)
        self.lag = {}  # service name (or "*") -> seconds a new resource stays invisible

    def state(self, service_name, region, account=credentials.ACCOUNT_ID):
        """One account's state of a service in a region ("global" for global services): accounts
        never see each other's resources, as in AWS."""
        service = self._services[service_name]
        key = (account, service_name, region if service.regional else "global")
        found = self._states.get(key)
        if found is None:
            found = self._states[key] = service.new_state(region)
            if service.populate:  # what an account has before anyone calls, e.g. a default VPC
                populating = dataclasses.replace(credentials.LONG_TERM, account=account)
                service.populate(Context(self, service_name, region, populating, None, now=0.0))
        return found

    def other_accounts_states(self, service_name, account):
        """Every other account's state of a global service (S3's one bucket namespace)."""
        return [state for (owner, svc, _), state in self._states.items()
                if svc == service_name and owner != account]

    def accounts(self):
        return sorted({account for (account, _, _) in self._states})

    def dump(self, account=credentials.ACCOUNT_ID):
        return {f"{svc}/{region}": state.dump()
                for (owner, svc, region), state in self._states.items() if owner == account}

    def lag_for(self, service_name):
        return self.lag.get(service_name, self.lag.get("*", 0.0))

    def new_hex_id(self, prefix, length=17):
        return f"{prefix}-{self.rng.getrandbits(length * 4):0{length}x}"

    def new_token(self, length, alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"):
        return "".join(self.rng.choice(alphabet) for _ in range(length))


@dataclass
class Context:
    """What a handler needs about the request it serves."""

    world: World
    service: str
    region: str
    credential: credentials.Credential
    credential_store: credentials.CredentialStore
    now: float = field(default_factory=time.time)
    host: str = ""  # the Host the request was sent to: where a presigned URL of the fake points

    @property
    def account(self):
        """The account the signing credential belongs to: the one whose state the request sees
        (a test seeding state without a credential means the test key's account)."""
        return self.credential.account if self.credential else credentials.ACCOUNT_ID

    @property
    def state(self):
        return self.world.state(self.service, self.region, self.account)

    def other(self, service_name):
        return self.world.state(service_name, self.region, self.account)

    def as_service(self, service_name):
        """This request's context as another service sees it, for one service acting on
        another's resources (RDS keeping a secret in Secrets Manager)."""
        return dataclasses.replace(self, service=service_name)

    def visible(self, created_at: float) -> bool:
        """False while an injected eventual-consistency lag hides a new resource."""
        return self.now >= created_at + self.world.lag_for(self.service)

    def arn(self, service, resource, region=""):
        return f"arn:aws:{service}:{region}:{self.account}:{resource}"
