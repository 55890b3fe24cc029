"""What every protocol provides, and the error codes that differ between them.

The tables are per protocol because AWS answers the same failure differently:
an IAM throttle is `Throttling` 400, an EC2 throttle `RequestLimitExceeded` 503.
"""
from ..errors import AwsError


class Protocol:
    # kind -> (code, HTTP status); kinds are the sigv4.AuthError kinds.
    AUTH_ERRORS: dict = {}
    # fault kind -> (code, HTTP status, message)
    FAULT_ERRORS: dict = {}
    UNKNOWN_OPERATION = ("InvalidAction", 400)
    # What a model violation is called: missing member, bad value, bad type.
    MISSING_CODE = "ValidationError"
    INVALID_CODE = "ValidationError"
    TYPE_CODE = "ValidationError"

    def __init__(self, model):
        self.model = model

    def operation_name(self, request, form):
        raise NotImplementedError

    def parse_input(self, op_model, request, form) -> dict:
        raise NotImplementedError

    def serialize_output(self, op_model, result: dict, request_id: str):
        raise NotImplementedError

    def serialize_error(self, error: AwsError, request_id: str):
        raise NotImplementedError

    def auth_error(self, kind: str, message: str) -> AwsError:
        code, status = self.AUTH_ERRORS.get(kind, self.AUTH_ERRORS["mismatch"])
        return AwsError(code, message, status)

    def fault_error(self, kind: str) -> AwsError:
        code, status, message = self.FAULT_ERRORS[kind]
        return AwsError(code, message, status, sender=status < 500)

    def unknown_operation(self, name: str) -> AwsError:
        code, status = self.UNKNOWN_OPERATION
        return AwsError(code, f"The action {name} is not valid for this web service.", status)
