"""Exact decimal quantities: reading inputs and writing results.

Every number is turned into a :class:`decimal.Decimal` through ``str()`` so that ``20.05`` means
exactly 20.05 and "exactly at the MPE passes" holds without float noise. Results are written
back as plain decimal strings (``"0.25"``, never ``"2.5E-1"``) so that the same inputs always
give byte-identical output. Relative errors are the only inexact results (a division); they are
rounded *away from zero* to ``RELATIVE_PLACES`` decimals so that the reported magnitude is never
smaller than the exact one, and that reported value is what is compared with the MPE.
"""

from decimal import ROUND_UP, Decimal, InvalidOperation, localcontext

from domain.tolerances.refusal import CheckRefused

RELATIVE_PLACES = Decimal("0.0001")


def to_decimal(value, where: str) -> Decimal:
    """Read ``value`` (int, float or numeric string) as an exact, finite Decimal.

    >>> to_decimal(20.05, "point 'max_flow' field 'indicated'")
    Decimal('20.05')
    """
    if isinstance(value, bool) or value is None:
        raise CheckRefused(f"{where} must be a number, got {value!r}")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise CheckRefused(f"{where} must be a number, got {value!r}") from None
    if not number.is_finite():
        raise CheckRefused(f"{where} must be a finite number, got {value!r}")
    return number


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
