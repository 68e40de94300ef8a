"""Exact decimal quantities: reading inputs and writing results.

Every number is turned into a :class:`decimal.Decimal` through ``str()`` so that ``20.05`` means
exactly 20.05 and "exactly at the MPE passes" holds without float noise. Results are written
back as plain decimal strings (``"0.25"``, never ``"2.5E-1"``) so that the same inputs always
give byte-identical output. Relative errors are the only inexact results (a division); they are
rounded *away from zero* to ``RELATIVE_PLACES`` decimals so that the reported magnitude is never
smaller than the exact one, and that reported value is what is compared with the MPE.
"""

from decimal import ROUND_UP, Decimal, InvalidOperation, localcontext
from functools import lru_cache

from domain.tolerances.refusal import CheckRefused

RELATIVE_PLACES = Decimal("0.0001")


class NotANumber(ValueError):
    """A value that is not a finite number; the message says what is wrong, not where."""


def exact_decimal(value) -> Decimal:
    """Read ``value`` (int, float or numeric string) as an exact, finite Decimal.

    Raises :class:`NotANumber`, so that a caller names the place only when it is needed.

    >>> exact_decimal(" 20.05 "), exact_decimal(20.05)
    (Decimal('20.05'), Decimal('20.05'))
    """
    if type(value) is int:  # the usual reading; never a bool (a subclass) and always finite
        return Decimal(str(value))
    if isinstance(value, bool) or value is None:
        raise NotANumber(f"must be a number, got {value!r}")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise NotANumber(f"must be a number, got {value!r}") from None
    if not number.is_finite():
        raise NotANumber(f"must be a finite number, got {value!r}")
    return number


def to_decimal(value, where: str) -> Decimal:
    """Read ``value`` as an exact, finite Decimal, or refuse naming ``where`` it was read.

    >>> to_decimal(20.05, "point 'max_flow' field 'indicated'")
    Decimal('20.05')
    """
    try:
        return exact_decimal(value)
    except NotANumber as problem:
        raise CheckRefused(f"{where} {problem}") from None


@lru_cache(maxsize=1024, typed=True)
def table_decimal(value) -> Decimal:
    """A number of a rule table as a Decimal (``str()`` first), converted once per value.

    Tables never change once loaded, and ``typed`` keeps ``2`` and ``2.0`` apart.

    >>> table_decimal(0.5), table_decimal(2), table_decimal(2.0)
    (Decimal('0.5'), Decimal('2'), Decimal('2.0'))
    """
    return Decimal(str(value))


def relative_percent(indicated: Decimal, true: Decimal) -> Decimal:
    """``100 × (indicated − true) / true``, rounded away from zero to 4 decimals.

    >>> relative_percent(Decimal("10.02"), Decimal("10"))
    Decimal('0.2000')
    """
    with localcontext() as context:
        context.prec = 34
        exact = (indicated - true) * 100 / true
        return exact.quantize(RELATIVE_PLACES, rounding=ROUND_UP)


def as_text(number: Decimal) -> str:
    """Write a Decimal as plain fixed-point text without trailing zeros.

    >>> as_text(Decimal("0.2500")), as_text(Decimal("1E+2")), as_text(Decimal("-0.0"))
    ('0.25', '100', '0')
    """
    if number == 0:
        return "0"
    text = str(number)
    if "E" in text:  # str() chose scientific notation: ask for fixed-point (slower, so second)
        text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def same_class(given, known: str) -> bool:
    """Whether an instrument's class matches a table class: "1" and 1.0 both match "1.0".

    >>> same_class(2, "2"), same_class("1", "1.0"), same_class("iii", "III")
    (True, True, False)
    """
    if str(given) == known:
        return True
    try:
        return Decimal(str(given)) == Decimal(known)
    except InvalidOperation:
        return False
