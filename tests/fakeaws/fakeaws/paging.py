"""Opaque pagination tokens over an ordered list, as AWS hands them out."""
import base64

from .errors import AwsError


def encode(offset: int) -> str:
    return base64.urlsafe_b64encode(f"fakeaws:{offset}".encode()).decode()


def decode(token, code) -> int:
    if not token:
        return 0
    try:
        prefix, offset = base64.urlsafe_b64decode(token.encode()).decode().split(":")
        if prefix != "fakeaws":
            raise ValueError
        return int(offset)
    except ValueError:
        raise AwsError(code, "Invalid pagination token")


def page(items, token, limit, code="InvalidParameterValue"):
    """(this page, next token or None); limit None means everything."""
    start = decode(token, code)
    if limit is None:
        return items[start:], None
    end = start + limit
    return items[start:end], (encode(end) if end < len(items) else None)
