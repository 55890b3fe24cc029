"""The /_fake/ side channel: reset, inspect state and calls, configure faults.

AWS never serves paths under /_fake/, so these cannot collide with a real
request; faults and call accounting never apply to them.
"""
import json
from urllib.parse import parse_qs

from .errors import AwsError
from .protocols.common import Response

PREFIX = "/_fake/"


def _json(status, value):
    return Response(status, json.dumps(value, default=str).encode(), {"Content-Type": "application/json"})


def _body(request):
    return json.loads(request.body or b"{}")


def handle(fake, request):
    route = (request.method, request.path.rstrip("/"))
    handler = ROUTES.get(route) or _service_route(fake, route)
    if handler is None:
        return _json(404, {"error": "NotFound", "message": f"no control route {route[0]} {route[1]}"})
    try:
        return handler(fake, request)
    except AwsError as e:
        return _json(e.status, {"error": e.code, "message": e.message})
    except (ValueError, TypeError, KeyError) as e:
        return _json(400, {"error": "BadRequest", "message": str(e)})


def _service_route(fake, route):
    """A route a service registered with `Service.control`."""
    for service in fake.services.values():
        handler = service.controls.get(route)
        if handler is not None:
            def run(fake, request, handler=handler):
                body = _body(request)
                with fake.world.lock:
                    return _json(200, handler(fake.world, body))
            return run
    return None


def _reset(fake, request):
    fake.reset()
    fake.calls.reset()
    return _json(200, {"ok": True})


def _state(fake, request):
    """One account's state: ?account=ID, else the test key's (management) account."""
    account = parse_qs(request.query).get("account")
    with fake.world.lock:
        return _json(200, fake.world.dump(*(account or [])))


def _accounts(fake, request):
    with fake.world.lock:
        return _json(200, {"accounts": fake.world.accounts()})


def _calls(fake, request):
    since = parse_qs(request.query).get("since")
    return _json(200, fake.calls.snapshot(float(since[0]) if since else None))


def _calls_reset(fake, request):
    fake.calls.reset()
    return _json(200, {"ok": True})


def _set_faults(fake, request):
    config = _body(request)
    fake.faults.configure(config)
    lag = config.get("consistency_lag", 0)
    with fake.world.lock:
        fake.world.lag = lag if isinstance(lag, dict) else {"*": float(lag)}
    return _get_faults(fake, request)


def _get_faults(fake, request):
    snapshot = fake.faults.snapshot()
    snapshot["consistency_lag"] = fake.world.lag
    return _json(200, snapshot)


def _set_config(fake, request):
    changes = _body(request)
    with fake.world.lock:
        world = fake.world
        unknown = set(changes) - set(world.timings) - set(world.settings)
        if unknown:
            raise ValueError(f"unknown settings {sorted(unknown)}")
        world.timings.update({k: float(v) for k, v in changes.items() if k in world.timings})
        # Switches take JSON true/false; a number counts as its truth value, so a caller that
        # sets every key to one number keeps working.
        world.settings.update({k: bool(v) for k, v in changes.items() if k in world.settings})
    return _get_config(fake, request)


def _get_config(fake, request):
    return _json(200, {**fake.world.timings, **fake.world.settings})


def _health(fake, request):
    return _json(200, {"ok": True})


ROUTES = {
    ("GET", "/_fake/health"): _health,
    ("POST", "/_fake/reset"): _reset,
    ("GET", "/_fake/state"): _state,
    ("GET", "/_fake/accounts"): _accounts,
    ("GET", "/_fake/calls"): _calls,
    ("POST", "/_fake/calls/reset"): _calls_reset,
    ("GET", "/_fake/faults"): _get_faults,
    ("POST", "/_fake/faults"): _set_faults,
    ("GET", "/_fake/config"): _get_config,
    ("POST", "/_fake/config"): _set_config,
}
