"""One AWS request through the pipeline real endpoints apply, in their order:

authenticate -> find the operation -> (injected faults) -> parse and validate
against the model -> run the handler -> serialise in the service's protocol.
"""
import sys
import time
import traceback

from . import credentials, faults, models, request_limits, sigv4, validation
from .calls import Calls
from .errors import AwsError
from .protocols.common import Response, new_request_id
from .protocols.query import parse_form
from .services import all_services
from .world import Context, World

RESET = object()  # "close the connection without answering"


class Route:
    """What the dispatcher learned about a request so far."""

    def __init__(self, world, service=None, operation=None):
        # The world it arrived in: a reset while it waits (an injected latency) starts another
        # one, which a test's next daemon must find as the reset left it.
        self.world = world
        self.service = service
        self.operation = operation
        self.account = None  # the signing credential's account, once authenticated
        self.filters = None  # the names of an EC2 describe's filters, once parsed


class Fake:
    def __init__(self, seed=None):
        self.services = {s.signing_name: s for s in all_services()}
        self.faults = faults.Faults()
        self.request_limits = request_limits.RequestLimits()
        self.credentials = credentials.CredentialStore(clock=self.faults.now)
        self.calls = Calls()
        self.seed = seed
        self.world = World(self.services.values(), seed)

    def reset(self):
        with self.world.lock:
            old = self.world
            self.world = World(self.services.values(), self.seed)
            self.world.timings, self.world.settings, self.world.lag = old.timings, old.settings, old.lag
        self.credentials.reset()
        self.request_limits.reset()

    # --- the pipeline -------------------------------------------------------

    def handle(self, request):
        download = self._download(request)
        if download is not None:
            return download
        request_id = new_request_id()
        route = Route(self.world)
        try:
            response = self._handle(request, route, request_id)
        except AwsError as error:  # raised before a service was known
            # Before the service is known, answer in STS's plain query envelope.
            response = self.services["sts"].protocol.serialize_error(error, request_id)
        if isinstance(response, _AppliedThenReset):  # it happened; the client never hears so
            response = response.response
            self._record(route, response)
            return RESET
        if response is not RESET:
            self._record(route, response)
        return response

    def _record(self, route, response):
        if route.world is not self.world:
            return  # it arrived before a reset: the calls since belong to the new world
        service = route.service.signing_name if route.service else "unknown"
        self.calls.record(service, route.operation or "unknown", response.status,
                          response.error_code, route.account, route.filters)

    def _download(self, request):
        """A presigned URL's GET, or None for an API request."""
        if request.method != "GET" or "X-Amz-Signature=" not in request.query:
            return None
        for service in self.services.values():
            for prefix, serve in service.downloads.items():
                if request.path.startswith(prefix):
                    with self.world.lock:
                        response = serve(self.world, request)
                    if response is not None:
                        return response
        return None

    def _handle(self, request, route, request_id):
        auth = self._parse_auth(request)
        form_cache = {}
        route.service = self._find_service(request, auth, form_cache)
        protocol = route.service.protocol
        try:
            form = form_cache.get("form") or (parse_form(request) if _is_query(protocol) else None)
            route.operation = protocol.operation_name(request, form)
            credential = self._authenticate(request, auth, route)
            route.account = credential.account
            op_model = models.operation_model(route.service.model_name, route.operation or "")
            if op_model is None:
                raise protocol.unknown_operation(route.operation or "")
            self._check_request_limits(route, auth, protocol)
            fault = self._inject_fault(route, protocol)
            if fault is RESET:
                return fault
            params = protocol.parse_input(op_model, request, form)
            if isinstance(params.get("Filters"), list):
                route.filters = sorted({f.get("Name", "") for f in params["Filters"]})
            validation.validate(op_model.input_shape, params, protocol)
            result = self._run(route, auth, credential, params, request.headers.get("Host") or "")
            response = protocol.serialize_output(op_model, result, request_id)
            return _AppliedThenReset(response) if fault == "reset_after" else response
        except sigv4.AuthError as e:
            return protocol.serialize_error(protocol.auth_error(e.kind, e.message), request_id)
        except AwsError as error:
            return protocol.serialize_error(error, request_id)
        except Exception:  # a bug in the fake: answer like AWS would, keep serving
            traceback.print_exc(file=sys.stderr)
            return protocol.serialize_error(protocol.fault_error("500"), request_id)

    @staticmethod
    def _parse_auth(request):
        try:
            return sigv4.parse(request.headers, request.query)
        except sigv4.AuthError as e:
            raise AwsError("IncompleteSignature", e.message)

    def _find_service(self, request, auth, form_cache):
        if auth is not None:
            service = self.services.get(auth.service)
            if service is None:
                raise AwsError("UnrecognizedService", f"fakeaws does not simulate '{auth.service}'")
            return service
        # Unsigned: only operations AWS serves without a signature can match.
        try:
            form = form_cache["form"] = parse_form(request)
        except UnicodeDecodeError:  # a binary body (an unsigned S3 upload) is no form
            raise AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403)
        action = form.values.get("Action")
        for service in self.services.values():
            if action in service.unsigned:
                return service
        raise AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403)

    def _authenticate(self, request, auth, route):
        if auth is None:
            if route.operation not in route.service.unsigned:
                raise sigv4.AuthError("missing", "Request is missing Authentication Token")
            return credentials.LONG_TERM
        now = self.faults.now()
        sigv4.check_time(auth, now)
        credential = self.credentials.lookup(auth.access_key)
        if credential is None:
            raise sigv4.AuthError("unknown_key", "The security token included in the request is invalid.")
        token = request.headers.get("X-Amz-Security-Token")
        if credential.session_token is not None and token != credential.session_token:
            raise sigv4.AuthError("token", "The security token included in the request is invalid.")
        if credential.expired(now):
            raise sigv4.AuthError("expired_token", "The security token included in the request is expired")
        date_error = sigv4.scope_date_error(auth)
        if date_error:
            raise sigv4.AuthError("mismatch", date_error)
        expected = sigv4.expected_signature(auth, credential.secret_key, request.method, request.path,
                                            request.query, request.headers, request.body)
        if not sigv4.signatures_match(expected, auth.signature):
            raise sigv4.AuthError("mismatch", "The request signature we calculated does not match the "
                                  "signature you provided. Check your AWS Secret Access Key and "
                                  "signing method.")
        sigv4.check_payload_hash(auth, request.headers, request.body)
        self.credentials.record_use(credential.access_key, auth.service, auth.region, now)
        return credential

    def _check_request_limits(self, route, auth, protocol):
        if not route.world.settings["request_limits"]:
            return
        region = auth.region if auth else credentials.DEFAULT_REGION
        if not self.request_limits.admit(route.service.signing_name, region, route.operation):
            raise protocol.fault_error("throttle")

    def _inject_fault(self, route, protocol):
        decision = self.faults.decide(route.service.signing_name, route.operation)
        if decision.latency:
            time.sleep(decision.latency)
        if decision.kind is None:
            return None
        if decision.kind == "reset":
            return RESET
        if decision.kind == "reset_after":
            return "reset_after"  # the request runs; its answer is replaced by a reset
        error = protocol.fault_error(decision.kind)
        error.code = decision.rule.get("code", error.code)
        error.status = int(decision.rule.get("http_status", error.status))
        raise error

    def _run(self, route, auth, credential, params, host):
        handler = route.service.handlers.get(route.operation)
        if handler is None:
            raise AwsError("NotImplemented", f"fakeaws does not implement {route.operation}", 501)
        region = auth.region if auth else credentials.DEFAULT_REGION
        with route.world.lock:
            ctx = Context(route.world, route.service.signing_name, region, credential, self.credentials,
                          host=host)
            return handler(ctx, params)


def _is_query(protocol):
    return protocol.model.metadata["protocol"] in ("query", "ec2")


class _AppliedThenReset:
    """A request that took effect, whose answer is dropped for a connection reset."""

    def __init__(self, response):
        self.response = response
