"""Wire protocols, one module each; `for_model` picks the one a service model names."""
from . import json_protocol, query


def for_model(model):
    protocol = model.metadata["protocol"]
    if protocol == "query":
        return query.QueryProtocol(model)
    if protocol == "ec2":
        return query.Ec2Protocol(model)
    if protocol == "json":
        return json_protocol.JsonProtocol(model)
    raise NotImplementedError(f"protocol {protocol} is not implemented yet")
