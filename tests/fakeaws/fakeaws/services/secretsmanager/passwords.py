"""GetRandomPassword, and the generator RDS uses for the master passwords it manages."""
import string

from ...errors import AwsError
from .common import SERVICE

PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"


def generate(rng, length=32, exclude="", numbers=True, punctuation=True, upper=True, lower=True,
             space=False, each_type=True):
    """A password from the included character classes, minus `exclude`; with each_type, at
    least one character of every class that still has characters."""
    classes = [chars for chars, wanted in ((string.ascii_uppercase, upper), (string.ascii_lowercase, lower),
                                           (string.digits, numbers), (PUNCTUATION, punctuation), (" ", space))
               if wanted]
    classes = [c for c in ("".join(ch for ch in chars if ch not in exclude) for chars in classes) if c]
    if not classes:
        raise AwsError("InvalidParameterException", "The password can't be generated: every character is excluded.")
    if each_type and length < len(classes):
        raise AwsError("InvalidParameterException", f"PasswordLength must be at least {len(classes)} to include "
                       "every character type.")
    alphabet = "".join(classes)
    chars = [rng.choice(c) for c in classes] if each_type else []
    chars += [rng.choice(alphabet) for _ in range(length - len(chars))]
    rng.shuffle(chars)
    return "".join(chars)


@SERVICE.op("GetRandomPassword")
def get_random_password(ctx, p):
    password = generate(ctx.world.rng, p.get("PasswordLength", 32), p.get("ExcludeCharacters", ""),
                        not p.get("ExcludeNumbers"), not p.get("ExcludePunctuation"),
                        not p.get("ExcludeUppercase"), not p.get("ExcludeLowercase"),
                        bool(p.get("IncludeSpace")), p.get("RequireEachIncludedType", True))
    return {"RandomPassword": password}
