"""Key pairs: created (AWS keeps no private key, it returns it once) or imported."""
import base64
import hashlib

from ...errors import AwsError
from .common import SERVICE, apply_tag_specifications, describe, forget, new_id, register, with_tags

KEY_FILTERS = {
    "key-name": lambda k: k["KeyName"],
    "key-pair-id": lambda k: k["KeyPairId"],
    "fingerprint": lambda k: k["KeyFingerprint"],
    "key-type": lambda k: k["KeyType"],
}


def _fingerprint(material: bytes) -> str:
    digest = hashlib.md5(material).hexdigest()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def _new_key(ctx, p, key_type, material, public_key):
    name = p["KeyName"]
    if name in ctx.state.key_names:
        raise AwsError("InvalidKeyPair.Duplicate", f"The keypair '{name}' already exists.")
    key_id = new_id(ctx, "key")
    key = register(ctx, key_id, "key_pairs", {"KeyPairId": key_id, "KeyName": name, "KeyType": key_type,
                                               "KeyFingerprint": _fingerprint(material),
                                               "CreateTime": ctx.now, "_public_key": public_key})
    ctx.state.key_names[name] = key_id
    apply_tag_specifications(ctx.state, p, "key-pair", key_id)
    return key


@SERVICE.op("CreateKeyPair")
def create_key_pair(ctx, p):
    # Not a usable key: nothing in the fake ever verifies it.
    body = base64.encodebytes(ctx.world.rng.randbytes(1190)).decode()
    material = f"-----BEGIN RSA PRIVATE KEY-----\n{body}-----END RSA PRIVATE KEY-----"
    public_key = "ssh-rsa " + base64.b64encode(hashlib.sha256(material.encode()).digest()).decode()
    key = _new_key(ctx, p, p.get("KeyType", "rsa"), material.encode(), public_key)
    return {**with_tags(ctx, key, "KeyPairId"), "KeyMaterial": material}


@SERVICE.op("ImportKeyPair")
def import_key_pair(ctx, p):
    material = p["PublicKeyMaterial"]
    words = material.split()
    try:
        if len(words) < 2 or words[0] not in (b"ssh-rsa", b"ssh-ed25519", b"ecdsa-sha2-nistp256"):
            raise ValueError
        blob = base64.b64decode(words[1], validate=True)
    except ValueError:
        raise AwsError("InvalidKey.Format", "Key is not in valid OpenSSH public key format")
    key_type = "ed25519" if words[0] == b"ssh-ed25519" else "rsa"
    # AWS keeps the key itself, not the comment after it.
    key = _new_key(ctx, p, key_type, blob, b" ".join(words[:2]).decode())
    return with_tags(ctx, key, "KeyPairId")


@SERVICE.op("DescribeKeyPairs")
def describe_key_pairs(ctx, p):
    ids = list(p.get("KeyPairIds") or [])
    for name in p.get("KeyNames") or []:
        if name not in ctx.state.key_names:
            raise AwsError("InvalidKeyPair.NotFound", f"The key pair '{name}' does not exist")
        ids.append(ctx.state.key_names[name])
    def render(c, key):
        rendered = with_tags(c, key, "KeyPairId")
        if p.get("IncludePublicKey"):
            rendered["PublicKey"] = key["_public_key"]
        return rendered
    keys, _ = describe(ctx, "key_pairs", {**p, "KeyPairIds": ids}, "KeyPairIds", KEY_FILTERS, render,
                       "InvalidKeyPair.NotFound")
    return {"KeyPairs": keys}


@SERVICE.op("DeleteKeyPair")
def delete_key_pair(ctx, p):
    key_id = p.get("KeyPairId") or ctx.state.key_names.get(p.get("KeyName"))
    key = ctx.state.key_pairs.get(key_id)
    if key is None:  # AWS answers success for a key that is already gone
        return {"Return": True}
    del ctx.state.key_names[key["KeyName"]]
    forget(ctx.state, "key_pairs", key_id)
    return {"Return": True, "KeyPairId": key_id}
