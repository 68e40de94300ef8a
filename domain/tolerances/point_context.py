"""What an evaluator knows about one test point: the check around it, already validated.

Evaluators (error methods and MPE shapes) take a :class:`PointContext` and return small frozen
results, so they stay short, pure and easy to test one by one.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from domain.tolerances.programme import point_key
from domain.tolerances.quantities import to_decimal
from domain.tolerances.refusal import CheckRefused


@dataclass(frozen=True)
class PointContext:
    """One test point of one check, with its instrument, phase and class."""

    spec: dict
    phase: str
    accuracy_class: str | None
    instrument: dict
    point: dict
    zero_error: Decimal | None = None

    @property
    def name(self) -> str:
        return self.point["name"]

    def reading(self, field_name: str) -> Decimal:
        """A reading of the point as a Decimal, or a refusal naming point and field."""
        where = f"point {point_key(self.point)!r} field {field_name!r}"
        if self.point.get(field_name) is None:
            raise CheckRefused(
                f"point {point_key(self.point)!r} is missing its reading {field_name!r}"
            )
        return to_decimal(self.point[field_name], where)

    def optional_reading(self, field_name: str) -> Decimal | None:
        """A reading that may be absent (then ``None``)."""
        return None if self.point.get(field_name) is None else self.reading(field_name)

    def parameter(self, field_name: str) -> Decimal:
        """An instrument parameter as a Decimal, or a refusal naming the field."""
        if self.instrument.get(field_name) is None:
            raise CheckRefused(
                f"instrument is missing field {field_name!r} "
                f"needed for point {point_key(self.point)!r}"
            )
        return to_decimal(self.instrument[field_name], f"instrument field {field_name!r}")


@dataclass(frozen=True)
class Outcome:
    """A computed quantity (an error or an MPE) with its unit and what qualifies it."""

    value: Decimal
    unit: str
    notes: tuple[str, ...] = ()
    provisional: bool = False
    zone: str | None = field(default=None, compare=False)
