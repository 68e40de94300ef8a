"""A fast path for loading with a marshmallow schema: the same result, for valid data only.

`fast_loader(schema)` returns `load(data, *, partial=False)`, which returns exactly what
`schema.load(data, partial=partial)` returns. It first tries a fast path that runs every
field's own conversion (`Field._deserialize`, where a field type turns a value into what
loads) and validators, the schema's `@validates_schema` rules, its unknown-field rule,
required fields and defaults — skipping only marshmallow's bookkeeping around them (error
collection, a closure and a validator chain built per value), which is most of the time a
valid record takes to load. At the first value that is not plainly valid it gives up and
loads with `schema.load`, which finds every error and words the messages: the fast path
never decides that data is invalid, nor accepts anything `schema.load` refuses.

A schema with loading steps the fast path does not reproduce (pre/post-load hooks,
field-level `@validates`, fields with `pre_load` functions or a dotted `attribute`, schema
rules that want the original data) gets `schema.load` itself.

    >>> from marshmallow import Schema, fields
    >>> class Point(Schema):
    ...     name = fields.String(required=True)
    ...     size = fields.Integer(load_default=1)
    >>> load = fast_loader(Point())
    >>> load({"name": "max"})
    {'name': 'max', 'size': 1}
    >>> load({"name": 7})
    Traceback (most recent call last):
    marshmallow.exceptions.ValidationError: {'name': ['Not a valid string.']}
"""

from marshmallow import INCLUDE, RAISE, ValidationError, fields, missing
from marshmallow.decorators import POST_LOAD, PRE_LOAD, VALIDATES, VALIDATES_SCHEMA


class NeedsFullLoad(Exception):
    """The fast path cannot vouch for this data: load it with marshmallow."""


def _null(field):
    """A `null` value: None where the field allows it."""
    if field.allow_none:
        return None
    raise NeedsFullLoad


def _validated(validators, loaded):
    """`loaded` once every validator of its field accepts it."""
    try:
        for validator in validators:
            if validator(loaded) is False:
                raise NeedsFullLoad
    except ValidationError as error:
        raise NeedsFullLoad from error
    return loaded


def _plain_value(field, attr, data, partial):
    """Load one present value as `field.deserialize` would, or raise `NeedsFullLoad`."""
    validators = tuple(field.validators)

    def load(value, attr=attr, data=data, partial=partial):
        if value is None:
            return _null(field)
        try:
            loaded = field._deserialize(value, attr, data, partial=partial)
        except ValidationError as error:
            raise NeedsFullLoad from error
        return _validated(validators, loaded)

    return load


def _list_value(field, attr):
    """A `fields.List`: a JSON array whose items load with the inner field's fast path."""
    inner = _value_loader(field.inner, attr)
    validators = tuple(field.validators)

    def load(value, attr=attr, data=None, partial=None):
        if value is None:
            return _null(field)
        if type(value) is not list:
            raise NeedsFullLoad
        return _validated(validators, [inner(item, None, None, partial) for item in value])

    return load


def _nested_value(field):
    """A `fields.Nested` of one plain schema: loads with that schema's fast path."""
    inner = FastPath(field.schema)
    validators = tuple(field.validators)

    def load(value, attr=None, data=None, partial=None):
        if value is None:
            return _null(field)
        return _validated(validators, inner.load(value, bool(partial)))

    return load


def _is_plain(field, field_class):
    """True for a field of exactly that class's loading (not overridden by a subclass)."""
    return isinstance(field, field_class) and (type(field)._deserialize is field_class._deserialize)


def _value_loader(field, attr):
    """The fast loader of one field's present value: `load(value, attr, data, partial)`."""
    if field.pre_load:
        raise NotImplementedError("fields with pre_load functions load with marshmallow")
    if _is_plain(field, fields.List):
        return _list_value(field, attr)
    if _is_plain(field, fields.Nested) and _loads_whole_schema(field):
        return _nested_value(field)
    return _plain_value(field, attr, None, None)


def _loads_whole_schema(nested):
    """True for a Nested field that loads one object with all of its schema's rules."""
    return not nested.many and nested.only is None and not nested.exclude and not nested.unknown


def _schema_rules(schema):
    """The schema's `@validates_schema` methods, bound; refuse hooks the fast path lacks."""
    hooks = type(schema).resolve_hooks()
    if hooks.get(PRE_LOAD) or hooks.get(POST_LOAD) or hooks.get(VALIDATES):
        raise NotImplementedError("load hooks run only in marshmallow")
    rules = []
    for name, many, options in hooks.get(VALIDATES_SCHEMA, ()):
        if many or options.get("pass_original"):
            raise NotImplementedError("collection or original-data rules run in marshmallow")
        rules.append(getattr(schema, name))
    return tuple(rules)


def _field_plan(schema):
    """(data key, output key, field, value loader) for every field the schema loads."""
    plan = []
    for name, field in schema.load_fields.items():
        key = field.data_key if field.data_key is not None else name
        out = field.attribute or name
        if "." in out:
            raise NotImplementedError("dotted attributes load with marshmallow")
        plan.append((key, out, field, _value_loader(field, key)))
    return tuple(plan)


class FastPath:
    """The fast path of one schema: `load(data, partial)` or `NeedsFullLoad`.

    Building one raises `NotImplementedError` for a schema it cannot reproduce.
    """

    def __init__(self, schema):
        if schema.many:
            raise NotImplementedError("many=True loads with marshmallow")
        self.schema = schema
        self.plan = _field_plan(schema)
        self.rules = _schema_rules(schema)
        self.known = frozenset(key for key, _, _, _ in self.plan)
        self.unknown = schema.unknown

    def _defaults(self, field):
        default = field.load_default
        if field.required or default is missing:
            return missing
        return default() if callable(default) else default

    def load(self, data, partial):
        if type(data) is not dict or partial not in (True, False):
            raise NeedsFullLoad
        if self.unknown == RAISE and not self.known.issuperset(data):
            raise NeedsFullLoad
        loaded = {}
        for key, out, field, load_value in self.plan:
            value = data.get(key, missing)
            if value is missing:
                if partial:
                    continue
                if field.required:
                    raise NeedsFullLoad
                value = self._defaults(field)
                if value is not missing:
                    loaded[out] = value
                continue
            loaded[out] = load_value(value, key, data, partial)
        if self.unknown == INCLUDE:
            loaded.update((key, data[key]) for key in data.keys() - self.known)
        for rule in self.rules:
            try:
                rule(loaded, partial=partial, many=False, unknown=self.unknown)
            except ValidationError as error:
                raise NeedsFullLoad from error
        return loaded


def fast_loader(schema):
    """`load(data, *, partial=False)`: `schema.load`'s result, by the fast path when it can."""
    try:
        fast = FastPath(schema)
    except NotImplementedError:
        return lambda data, *, partial=False: schema.load(data, partial=partial)

    def load(data, *, partial=False):
        try:
            return fast.load(data, partial)
        except NeedsFullLoad:
            return schema.load(data, partial=partial)

    return load
