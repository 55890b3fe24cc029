"""The test credentials the fake accepts, and the temporary ones STS hands out.

Everything that signs requests against the fake (C++ tests, boto3, the aws CLI)
uses these values; they are documented in docs/fakeaws.md.
"""
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Optional

ACCESS_KEY_ID = "AKIAFAKEAWSRECONCILE"
SECRET_ACCESS_KEY = "fakeSecretKeyForTestsOnly0000000000000000"
ACCOUNT_ID = "123456789012"
DEFAULT_REGION = "us-east-1"
# The identity the long-term key belongs to, as GetCallerIdentity reports it.
USER_NAME = "fakeaws-admin"
USER_ID = "AIDAFAKEAWSRECONCILE"


@dataclass(frozen=True)
class Credential:
    access_key: str
    secret_key: str
    session_token: Optional[str] = None
    expires_at: Optional[float] = None  # epoch seconds; None never expires
    arn: str = f"arn:aws:iam::{ACCOUNT_ID}:user/{USER_NAME}"
    user_id: str = USER_ID
    account: str = ACCOUNT_ID  # whose resources a request signed with it sees

    def expired(self, now: float) -> bool:
        return self.expires_at is not None and now >= self.expires_at


LONG_TERM = Credential(ACCESS_KEY_ID, SECRET_ACCESS_KEY)


def _random_key(prefix: str) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    return prefix + "".join(secrets.choice(alphabet) for _ in range(16))


def _random_secret() -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    return "".join(secrets.choice(alphabet) for _ in range(40))


@dataclass(frozen=True)
class LastUse:
    when: float
    service: str
    region: str


class CredentialStore:
    """Known access keys: the long-term test key, IAM users' keys and issued session keys."""

    def __init__(self, clock=time.time):
        self._clock = clock  # the fake's clock: issued credentials expire by it
        self._lock = threading.Lock()
        self._by_key = {LONG_TERM.access_key: LONG_TERM}
        self._inactive = set()  # IAM keys set Inactive: known, but refused like unknown ones
        self._last_use = {}  # access key -> LastUse, for iam:GetAccessKeyLastUsed

    def lookup(self, access_key: str) -> Optional[Credential]:
        with self._lock:
            return None if access_key in self._inactive else self._by_key.get(access_key)

    def create_user_key(self, access_key: str, arn: str, user_id: str, account: str) -> Credential:
        """A long-term key for an IAM user (iam:CreateAccessKey), valid for signing at once."""
        cred = Credential(access_key, _random_secret(), arn=arn, user_id=user_id, account=account)
        with self._lock:
            self._by_key[access_key] = cred
        return cred

    def set_active(self, access_key: str, active: bool):
        with self._lock:
            (self._inactive.discard if active else self._inactive.add)(access_key)

    def remove(self, access_key: str):
        with self._lock:
            self._by_key.pop(access_key, None)
            self._inactive.discard(access_key)
            self._last_use.pop(access_key, None)

    def record_use(self, access_key: str, service: str, region: str, when: float):
        with self._lock:
            self._last_use[access_key] = LastUse(when, service, region)

    def last_use(self, access_key: str) -> Optional[LastUse]:
        with self._lock:
            return self._last_use.get(access_key)

    def issue(self, duration: int, arn: str, user_id: str, account: str = ACCOUNT_ID) -> Credential:
        cred = Credential(
            access_key=_random_key("ASIA"),
            secret_key=secrets.token_urlsafe(30)[:40],
            session_token="FQoGZXIvYXdzE" + secrets.token_urlsafe(96),
            expires_at=self._clock() + duration,
            arn=arn,
            user_id=user_id,
            account=account,
        )
        with self._lock:
            self._by_key[cred.access_key] = cred
        return cred

    def reset(self):
        with self._lock:
            self._by_key = {LONG_TERM.access_key: LONG_TERM}
            self._inactive = set()
            self._last_use = {}
