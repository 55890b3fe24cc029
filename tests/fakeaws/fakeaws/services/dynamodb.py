"""DynamoDB (JSON 1.0): tables and single items with condition and update expressions, enough
for a lease (one item per owner, taken and renewed with conditional writes).

Tables are ACTIVE at once. Expressions: comparisons (= <> < <= > >=), AND, OR, NOT, parentheses,
attribute_exists, attribute_not_exists, begins_with; #names and :values; SET (with + and -,
if_not_exists) and REMOVE. Unused names or values are refused, as DynamoDB does."""
import decimal
import re

from ..errors import AwsError
from .registry import Service


class DynamoDbState:
    def __init__(self, region):
        self.tables = {}  # name -> {"description": {...}, "items": {key tuple: item}}

    def dump(self):
        return {name: list(table["items"].values()) for name, table in self.tables.items()}


SERVICE = Service("dynamodb", state=DynamoDbState)


def _validation(message):
    return AwsError("ValidationException", message)


def _table(ctx, name):
    table = ctx.state.tables.get(name)
    if table is None:
        raise AwsError("ResourceNotFoundException", f"Requested resource not found: Table: {name} not found")
    return table


@SERVICE.op("CreateTable")
def create_table(ctx, params):
    name = params["TableName"]
    if name in ctx.state.tables:
        raise AwsError("ResourceInUseException", f"Table already exists: {name}")
    defined = {a["AttributeName"]: a["AttributeType"] for a in params["AttributeDefinitions"]}
    keys = params["KeySchema"]
    if [k["KeyType"] for k in keys] not in (["HASH"], ["HASH", "RANGE"]):
        raise _validation("Invalid KeySchema: a HASH key, optionally followed by a RANGE key")
    for key in keys:
        if key["AttributeName"] not in defined:
            raise _validation("One or more parameter values were invalid: Some index key attributes "
                              "are not defined in AttributeDefinitions.")
    if len(defined) != len(keys):
        raise _validation("One or more parameter values were invalid: Number of attributes in "
                          "KeySchema does not exactly match number of attributes defined in "
                          "AttributeDefinitions")
    billing = params.get("BillingMode", "PROVISIONED")
    if billing == "PROVISIONED" and "ProvisionedThroughput" not in params:
        raise _validation("No provisioned throughput specified for the table")
    description = {
        "TableName": name, "TableStatus": "ACTIVE", "KeySchema": keys,
        "AttributeDefinitions": params["AttributeDefinitions"], "CreationDateTime": ctx.now,
        "TableArn": ctx.arn("dynamodb", f"table/{name}", ctx.region), "ItemCount": 0,
        "TableSizeBytes": 0, "BillingModeSummary": {"BillingMode": billing},
        "ProvisionedThroughput": {"ReadCapacityUnits": 0, "WriteCapacityUnits": 0,
                                  "NumberOfDecreasesToday": 0,
                                  **params.get("ProvisionedThroughput", {})},
    }
    ctx.state.tables[name] = {"description": description, "items": {}}
    return {"TableDescription": dict(description, TableStatus="CREATING")}


@SERVICE.op("DescribeTable")
def describe_table(ctx, params):
    table = _table(ctx, params["TableName"])
    return {"Table": dict(table["description"], ItemCount=len(table["items"]))}


def _key_of(table, attributes, whole_item):
    """The item's primary key as a dict key; the key must match the table's schema."""
    schema = table["description"]["KeySchema"]
    types = {a["AttributeName"]: a["AttributeType"] for a in table["description"]["AttributeDefinitions"]}
    names = [k["AttributeName"] for k in schema]
    if not whole_item and set(attributes) != set(names):
        raise _validation("The provided key element does not match the schema")
    parts = []
    for name in names:
        value = attributes.get(name)
        if value is None:
            raise _validation(f"One or more parameter values were invalid: Missing the key {name} in the item")
        if list(value) != [types[name]]:
            raise _validation("One or more parameter values were invalid: Type mismatch for key "
                              f"{name} expected: {types[name]} actual: {next(iter(value))}")
        parts.append(value[types[name]])
    return tuple(parts)


def _returned(params, old, new, allowed):
    wanted = params.get("ReturnValues", "NONE")
    if wanted not in allowed:
        raise _validation(f"Return values set to invalid value: {wanted}")
    item = {"ALL_OLD": old, "ALL_NEW": new}.get(wanted)
    return {"Attributes": item} if item else {}


@SERVICE.op("GetItem")
def get_item(ctx, params):
    table = _table(ctx, params["TableName"])
    item = table["items"].get(_key_of(table, params["Key"], False))
    if item is not None and params.get("ProjectionExpression"):
        expr = Expression(params["ProjectionExpression"], params.get("ExpressionAttributeNames"), {})
        wanted = [expr.path()[0]]
        while expr.take(","):
            wanted.append(expr.path()[0])
        expr.finish()
        item = {k: v for k, v in item.items() if k in wanted}
    return {"Item": item} if item is not None else {}


@SERVICE.op("PutItem")
def put_item(ctx, params):
    table = _table(ctx, params["TableName"])
    item = params["Item"]
    key = _key_of(table, item, True)
    old = table["items"].get(key)
    _check_condition(params, old)
    table["items"][key] = item
    return _returned(params, old, None, ("NONE", "ALL_OLD"))


@SERVICE.op("UpdateItem")
def update_item(ctx, params):
    table = _table(ctx, params["TableName"])
    key = _key_of(table, params["Key"], False)
    old = table["items"].get(key)
    names, values = params.get("ExpressionAttributeNames"), params.get("ExpressionAttributeValues")
    update = Expression(params.get("UpdateExpression", ""), names, values)
    condition = _condition(params, names, values)
    new = update.apply(dict(old or params["Key"]))
    holds = condition is None or condition.holds(old or {})
    _used_all(names, values, [update, condition] if condition else [update])
    if not holds:
        raise AwsError("ConditionalCheckFailedException", "The conditional request failed")
    if any(name in new and new[name] != params["Key"][name] for name in params["Key"]):
        raise _validation("One or more parameter values were invalid: Cannot update attribute "
                          "that is part of the key")
    table["items"][key] = new
    return _returned(params, old, new, ("NONE", "ALL_OLD", "ALL_NEW"))


@SERVICE.op("DeleteItem")
def delete_item(ctx, params):
    table = _table(ctx, params["TableName"])
    key = _key_of(table, params["Key"], False)
    old = table["items"].get(key)
    _check_condition(params, old)
    table["items"].pop(key, None)
    return _returned(params, old, None, ("NONE", "ALL_OLD"))


def _condition(params, names, values):
    text = params.get("ConditionExpression")
    return Expression(text, names, values) if text else None


def _check_condition(params, old):
    names, values = params.get("ExpressionAttributeNames"), params.get("ExpressionAttributeValues")
    condition = _condition(params, names, values)
    if condition is None:
        _used_all(names, values, [])
        return
    holds = condition.holds(old or {})
    _used_all(names, values, [condition])
    if not holds:
        raise AwsError("ConditionalCheckFailedException", "The conditional request failed")


def _used_all(names, values, expressions):
    used_names = set().union(*(e.used_names for e in expressions)) if expressions else set()
    used_values = set().union(*(e.used_values for e in expressions)) if expressions else set()
    if set(names or ()) - used_names:
        unused = ", ".join(sorted(set(names) - used_names))
        raise _validation(f"Value provided in ExpressionAttributeNames unused in expressions: keys: {{{unused}}}")
    if set(values or ()) - used_values:
        unused = ", ".join(sorted(set(values) - used_values))
        raise _validation(f"Value provided in ExpressionAttributeValues unused in expressions: keys: {{{unused}}}")


_TOKEN = re.compile(r"\s*(<>|<=|>=|[=<>(),.+\-]|[#:]?[A-Za-z_][A-Za-z0-9_]*)")
_MISSING = object()


class Expression:
    """One condition, update or projection expression: tokenised once, evaluated on an item."""

    def __init__(self, text, names, values):
        self.names, self.values = names or {}, values or {}
        self.used_names, self.used_values = set(), set()
        self.tokens, self.index, position = [], 0, 0
        text = text.rstrip()
        while position < len(text):
            match = _TOKEN.match(text, position)
            if match is None:
                raise _validation(f"Invalid expression: Syntax error; token: \"{text[position:].split()[0]}\"")
            self.tokens.append(match.group(1))
            position = match.end()

    # --- tokens
    def peek(self):
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, token=None):
        current = self.peek()
        if current is None or (token is not None and current.upper() != token):
            if token is None:
                return None
            return False
        self.index += 1
        return current

    def expect(self, token):
        if not self.take(token):
            raise _validation(f"Invalid expression: Syntax error; expected \"{token}\" near \"{self.peek()}\"")

    def finish(self):
        if self.peek() is not None:
            raise _validation(f"Invalid expression: Syntax error; token: \"{self.peek()}\"")

    def name(self):
        token = self.take()
        if token is None or token[0] == ":" or not re.match(r"[#A-Za-z_]", token):
            raise _validation(f"Invalid expression: expected an attribute name, got \"{token}\"")
        if token.startswith("#"):
            if token not in self.names:
                raise _validation(f"Value provided in ExpressionAttributeNames: An expression attribute name used in the document path is not defined; attribute name: {token}")
            self.used_names.add(token)
            return self.names[token]
        return token

    def path(self):
        parts = [self.name()]
        while self.take("."):
            parts.append(self.name())
        return parts

    # --- conditions
    def holds(self, item):
        result = self._or(item)
        self.finish()
        return result

    def _or(self, item):
        result = self._and(item)
        while self.take("OR"):
            result = self._and(item) or result
        return result

    def _and(self, item):
        result = self._not(item)
        while self.take("AND"):
            result = self._not(item) and result
        return result

    def _not(self, item):
        if self.take("NOT"):
            return not self._not(item)
        if self.take("("):
            result = self._or(item)
            self.expect(")")
            return result
        function = self.peek()
        if function in ("attribute_exists", "attribute_not_exists", "begins_with"):
            self.take()
            self.expect("(")
            value = _lookup(item, self.path())
            if function == "begins_with":
                self.expect(",")
                prefix = self._operand(item)
                self.expect(")")
                text, start = _typed(value, "S"), _typed(prefix, "S")
                return text is not None and start is not None and text.startswith(start)
            self.expect(")")
            return (value is not _MISSING) == (function == "attribute_exists")
        left = self._operand(item)
        operator = self.take()
        if operator not in ("=", "<>", "<", "<=", ">", ">="):
            raise _validation(f"Invalid ConditionExpression: Syntax error; token: \"{operator}\"")
        return _compare(left, operator, self._operand(item))

    def _operand(self, item):
        token = self.peek()
        if token is not None and token.startswith(":"):
            self.take()
            if token not in self.values:
                raise _validation(f"Value provided in ExpressionAttributeValues: An expression attribute value used in expression is not defined; attribute value: {token}")
            self.used_values.add(token)
            return self.values[token]
        if token == "if_not_exists":
            self.take()
            self.expect("(")
            existing = _lookup(item, self.path())
            self.expect(",")
            fallback = self._operand(item)
            self.expect(")")
            return fallback if existing is _MISSING else existing
        return _lookup(item, self.path())

    # --- updates
    def apply(self, item):
        old = dict(item)
        while self.peek() is not None:
            clause = self.take().upper()
            if clause not in ("SET", "REMOVE"):
                raise _validation(f"Invalid UpdateExpression: fakeaws supports SET and REMOVE, got \"{clause}\"")
            while True:
                path = self.path()
                if len(path) > 1:
                    raise _validation("Invalid UpdateExpression: fakeaws updates top-level attributes only")
                if clause == "SET":
                    self.expect("=")
                    value = self._operand(old)
                    sign = self.take("+") or self.take("-")
                    if sign:
                        value = _arithmetic(value, sign, self._operand(old))
                    if value is _MISSING:
                        raise _validation("The provided expression refers to an attribute that does not exist in the item")
                    item[path[0]] = value
                else:
                    item.pop(path[0], None)
                if not self.take(","):
                    break
        return item


def _lookup(item, path):
    value = item.get(path[0], _MISSING)
    for part in path[1:]:
        value = value.get("M", {}).get(part, _MISSING) if value is not _MISSING else _MISSING
    return value


def _typed(value, kind):
    return value.get(kind) if isinstance(value, dict) else None


def _scalar(value):
    if not isinstance(value, dict) or len(value) != 1:
        return None, None
    kind, raw = next(iter(value.items()))
    return kind, decimal.Decimal(raw) if kind == "N" else raw


def _compare(left, operator, right):
    if left is _MISSING or right is _MISSING:
        return False
    (left_kind, a), (right_kind, b) = _scalar(left), _scalar(right)
    if operator in ("=", "<>"):
        equal = left_kind == right_kind and (a == b if left_kind in ("N", "S", "B", "BOOL", "NULL") else left == right)
        return equal if operator == "=" else not equal
    if left_kind != right_kind or left_kind not in ("N", "S", "B"):
        return False
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[operator]


def _arithmetic(left, sign, right):
    if _typed(left, "N") is None or _typed(right, "N") is None:
        raise _validation("An operand in the update expression has an incorrect data type")
    a, b = decimal.Decimal(left["N"]), decimal.Decimal(right["N"])
    return {"N": str(a + b if sign == "+" else a - b)}
