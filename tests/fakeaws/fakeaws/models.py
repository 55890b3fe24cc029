"""botocore service models, loaded once per process and shared by all threads.

Where Debian's botocore predates members the fake serves, a small overlay
(model_overlays/<service>.json) is merged onto the model as it loads. Clients that
should send those members load the same merged model: write_data_path() lays it
out as a botocore data directory (for a Loader search path or AWS_DATA_PATH).
"""
import copy
import functools
import json
import os
import threading

import botocore.loaders
import botocore.model

OVERLAYS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "model_overlays")

_loader = botocore.loaders.Loader()
_lock = threading.Lock()


def overlaid_services():
    return sorted(name[:-5] for name in os.listdir(OVERLAYS) if name.endswith(".json"))


def merged_model_data(name: str) -> dict:
    """botocore's model of `name` with the fake's overlay, if any, merged in."""
    data = _loader.load_service_model(name, "service-2")
    path = os.path.join(OVERLAYS, name + ".json")
    if not os.path.exists(path):
        return data
    data = copy.deepcopy(data)  # the loader caches what it returns
    with open(path) as f:
        overlay = json.load(f)
    for shape_name, shape in overlay["shapes"].items():
        existing = data["shapes"].get(shape_name)
        if existing is None:
            data["shapes"][shape_name] = shape
        else:
            existing.setdefault("members", {}).update(shape["members"])
    return data


def write_data_path(directory: str) -> str:
    """Write every overlaid model as botocore's data layout under directory; returns it."""
    for name in overlaid_services():
        version = _loader.determine_latest_version(name, "service-2")
        target = os.path.join(directory, name, version)
        os.makedirs(target, exist_ok=True)
        with open(os.path.join(target, "service-2.json"), "w") as f:
            json.dump(merged_model_data(name), f)
    return directory


@functools.lru_cache(maxsize=None)
def _load(name: str) -> botocore.model.ServiceModel:
    return botocore.model.ServiceModel(merged_model_data(name), service_name=name)


def service_model(name: str) -> botocore.model.ServiceModel:
    # lru_cache is thread-safe for reads but may load twice under a race; the
    # EC2 model is big enough that loading it once matters.
    with _lock:
        return _load(name)


@functools.lru_cache(maxsize=None)
def operation_model(service: str, operation: str):
    model = service_model(service)
    if operation not in model.operation_names:
        return None
    return model.operation_model(operation)
