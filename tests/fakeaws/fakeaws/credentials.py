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

    def expired(self, now: float) -> bool:
        return self.expires_at is not None and now >= self.expires_at


LONG_TERM = Credential(ACCESS_KEY_ID, SECRET_ACCESS_KEY)


def _random_key(prefix: str) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    return prefix + "".join(secrets.choice(alphabet) for _ in range(16))


class CredentialStore:
    """Known access keys: the long-term test key plus issued session keys."""

    def __init__(self):
        self._lock = threading.Lock()
        self._by_key = {LONG_TERM.access_key: LONG_TERM}

    def lookup(self, access_key: str) -> Optional[Credential]:
        with self._lock:
            return self._by_key.get(access_key)

    def issue(self, duration: int, arn: str, user_id: str) -> Credential:
        cred = Credential(
            access_key=_random_key("ASIA"),
            secret_key=secrets.token_urlsafe(30)[:40],
            session_token="FQoGZXIvYXdzE" + secrets.token_urlsafe(96),
            expires_at=time.time() + duration,
            arn=arn,
            user_id=user_id,
        )
        with self._lock:
            self._by_key[cred.access_key] = cred
        return cred

    def reset(self):
        with self._lock:
            self._by_key = {LONG_TERM.access_key: LONG_TERM}
