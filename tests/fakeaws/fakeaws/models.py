"""botocore service models, loaded once per process and shared by all threads."""
import functools
import threading

import botocore.loaders
import botocore.model

_loader = botocore.loaders.Loader()
_lock = threading.Lock()


@functools.lru_cache(maxsize=None)
def _load(name: str) -> botocore.model.ServiceModel:
    data = _loader.load_service_model(name, "service-2")
    return botocore.model.ServiceModel(data, service_name=name)


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
