"""Wire protocols, one module each; `for_model` picks the one a service model names."""
from . import json_protocol, query, rest_json, rest_xml


def for_model(model):
    protocol = model.metadata["protocol"]
    if protocol == "query":
        return query.QueryProtocol(model)
    if protocol == "ec2":
        return query.Ec2Protocol(model)
    if protocol == "json":
        return json_protocol.JsonProtocol(model)
    if protocol == "rest-xml":
        return rest_xml.RestXmlProtocol(model)
    if protocol == "rest-json":
        return rest_json.RestJsonProtocol(model)
    raise NotImplementedError(f"protocol {protocol} is not implemented yet")
