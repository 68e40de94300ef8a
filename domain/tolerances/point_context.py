"""What an evaluator knows about one test point: the check around it, already validated.

Evaluators (error methods and MPE shapes) take a :class:`PointContext` and return small
:class:`Outcome` values, so they stay short, pure and easy to test one by one. A context reads each
reading of its point, and each instrument parameter of its check, once: the evaluators ask for the
same numbers several times (error, MPE, the verification floor in service; every point of a check
asks for ``e``). Both classes are read-only by convention, not ``frozen``: a frozen dataclass is
several times slower to create, and a check creates a few of each per point.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from domain.tolerances.programme import point_key
from domain.tolerances.quantities import NotANumber, exact_decimal
from domain.tolerances.refusal import CheckRefused


@dataclass(slots=True)
class PointContext:
    """One test point of one check, with its instrument, phase and class.

    ``readings`` remembers the point's readings already read; ``check_values`` is shared by every
    point of the check (see :meth:`at`) and remembers what depends on the check alone: instrument
    parameters, and quantities such as Emin (:meth:`check_value`).
    """

    spec: dict
    phase: str
    accuracy_class: str | None
    instrument: dict
    point: dict
    zero_error: Decimal | None = None
    check_values: dict = field(default_factory=dict, repr=False, compare=False)
    readings: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def name(self) -> str:
        return self.point["name"]

    def at(self, point: dict, zero_error: Decimal | None = None) -> "PointContext":
        """A context for another point of the same check, sharing its check values."""
        return PointContext(
            self.spec,
            self.phase,
            self.accuracy_class,
            self.instrument,
            point,
            zero_error,
            self.check_values,
        )

    def reading(self, field_name: str) -> Decimal:
        """A reading of the point as a Decimal, or a refusal naming point and field."""
        number = self.readings.get(field_name)
        if number is not None:
            return number
        value = self.point.get(field_name)
        if value is None:
            raise CheckRefused(
                f"point {point_key(self.point)!r} is missing its reading {field_name!r}"
            )
        try:
            number = self.readings[field_name] = exact_decimal(value)
        except NotANumber as problem:
            where = f"point {point_key(self.point)!r} field {field_name!r}"
            raise CheckRefused(f"{where} {problem}") from None
        return number

    def optional_reading(self, field_name: str) -> Decimal | None:
        """A reading that may be absent (then ``None``)."""
        return None if self.point.get(field_name) is None else self.reading(field_name)

    def parameter(self, field_name: str) -> Decimal:
        """An instrument parameter as a Decimal, or a refusal naming the field."""
        number = self.check_values.get(field_name)
        if number is not None:
            return number
        value = self.instrument.get(field_name)
        if value is None:
            raise CheckRefused(
                f"instrument is missing field {field_name!r} "
                f"needed for point {point_key(self.point)!r}"
            )
        try:
            number = self.check_values[field_name] = exact_decimal(value)
        except NotANumber as problem:
            raise CheckRefused(f"instrument field {field_name!r} {problem}") from None
        return number

    def check_value(self, key: tuple, compute):
        """``compute()``, for a quantity of the check alone: worked out for its first point only.

        ``key`` is a tuple, so that it never meets an instrument field name.
        """
        value = self.check_values.get(key)
        if value is None:
            value = self.check_values[key] = compute()
        return value


@dataclass(slots=True)
class Outcome:
    """A computed quantity (an error or an MPE) with its unit and what qualifies it."""

    value: Decimal
    unit: str
    notes: tuple[str, ...] = ()
    provisional: bool = False
    zone: str | None = field(default=None, compare=False)
