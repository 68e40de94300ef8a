"""Exact decimal quantities: reading inputs, computing with them exactly, writing results.

Every number is turned into a :class:`decimal.Decimal` through ``str()`` so that ``20.05`` means
exactly 20.05 and "exactly at the MPE passes" holds without float noise. A number is accepted
only within bounds no instrument display can exceed: at most ``MAX_DIGITS`` (15) significant
digits, and a leading digit between 10^-12 and 10^12 (``|x| < 1e13``, and ``|x| >= 1e-12``
unless it is zero). Within these bounds every sum, difference and product the engine forms has
at most about 45 digits, so :data:`EXACT_CONTEXT` (60 digits, ``Inexact`` trapped) computes them
exactly; a computation that would round raises instead of passing on a rounded value. The
bounds also keep every result small: no number written back is longer than a few dozen
characters, whatever was sent.

Results are written back as plain decimal strings (``"0.25"``, never ``"2.5E-1"``) so that the
same inputs always give byte-identical output. Relative errors are the only results that are
rounded on purpose (a division): *away from zero* to ``RELATIVE_PLACES`` decimals, found with an
exact integer division and its remainder, so that the reported magnitude is never smaller than
the exact one; that reported value is what is compared with the MPE.
"""

from decimal import (
    ROUND_HALF_EVEN,
    Clamped,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    Subnormal,
    Underflow,
    localcontext,
)
from functools import lru_cache

from domain.tolerances.refusal import CheckRefused, shown

RELATIVE_PLACES = Decimal("0.0001")
MAX_DIGITS = 15
MAX_ADJUSTED_EXPONENT = 12
MIN_ADJUSTED_EXPONENT = -12
_INT_LIMIT = 10 ** (MAX_ADJUSTED_EXPONENT + 1)
_RELATIVE_SCALE = Decimal(100) / RELATIVE_PLACES  # 100 % over the reported step

#: Arithmetic of a check: enough digits for any bounded input, and a refusal to round.
EXACT_CONTEXT = Context(
    prec=60,
    rounding=ROUND_HALF_EVEN,
    traps=[InvalidOperation, DivisionByZero, Overflow, Underflow, Subnormal, Clamped, Inexact],
)
#: How a quotient shown only in a note is written (the default context, as v1 notes were).
_NOTE_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)


class NotANumber(ValueError):
    """A value that is not a finite number within the bounds; the message says what is wrong,
    not where."""


def exact_decimal(value) -> Decimal:
    """Read ``value`` (int, float or numeric string) as an exact, finite, bounded Decimal.

    Raises :class:`NotANumber`, so that a caller names the place only when it is needed. A zero
    is read as ``Decimal(0)`` however it was written (``"-0"``, ``"0E-1000000"``).

    >>> exact_decimal(" 20.05 "), exact_decimal(20.05), exact_decimal("-0.000")
    (Decimal('20.05'), Decimal('20.05'), Decimal('0'))
    >>> try:
    ...     exact_decimal("1e1000000")
    ... except NotANumber as problem:
    ...     print(problem)
    is too large: got '1e1000000'; numbers must be below 1e13 in magnitude
    """
    if type(value) is int:  # the usual reading; never a bool (a subclass) and always finite
        if -_INT_LIMIT < value < _INT_LIMIT:
            return Decimal(value)
        raise NotANumber(_too_large(value))
    if isinstance(value, bool) or value is None:
        raise NotANumber(f"must be a number, got {shown(value)}")
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise NotANumber(f"must be a number, got {shown(value)}") from None
    if not number.is_finite():
        raise NotANumber(f"must be a finite number, got {shown(value)}")
    return _within_bounds(number, value)


def _within_bounds(number: Decimal, value) -> Decimal:
    if not number:
        return Decimal(0)
    digits = len(number.as_tuple().digits)
    if digits > MAX_DIGITS:
        raise NotANumber(
            f"has {digits} significant digits, more than an instrument shows "
            f"(at most {MAX_DIGITS}): got {shown(value)}"
        )
    leading = number.adjusted()
    if leading > MAX_ADJUSTED_EXPONENT:
        raise NotANumber(_too_large(value))
    if leading < MIN_ADJUSTED_EXPONENT:
        raise NotANumber(
            f"is too small: got {shown(value)}; a number other than 0 must be at least "
            f"1e{MIN_ADJUSTED_EXPONENT} in magnitude"
        )
    return number


def _too_large(value) -> str:
    return (
        f"is too large: got {shown(value)}; numbers must be below "
        f"1e{MAX_ADJUSTED_EXPONENT + 1} in magnitude"
    )


def to_decimal(value, where: str) -> Decimal:
    """Read ``value`` as an exact, bounded Decimal, or refuse naming ``where`` it was read.

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
    """``100 × (indicated − true) / true`` for ``true > 0``, rounded away from zero to 4 decimals.

    Worked out as an exact integer quotient of steps of 0.0001 %, plus one step when the
    division leaves a remainder, so the rounding never depends on how many digits a context
    carries.

    >>> relative_percent(Decimal("10.02"), Decimal("10"))
    Decimal('0.2000')
    >>> relative_percent(Decimal("100.001"), Decimal("99.999"))
    Decimal('0.0021')
    """
    with localcontext(EXACT_CONTEXT):
        steps, remainder = divmod((indicated - true) * _RELATIVE_SCALE, true)
        if remainder:
            steps += 1 if remainder > 0 else -1
        return steps.scaleb(-4)


def note_quotient(dividend: Decimal, divisor: Decimal) -> Decimal:
    """A quotient written only in a note (``load 1200 e``), to 28 digits as v1 notes were.

    >>> note_quotient(Decimal(10), Decimal(3))
    Decimal('3.333333333333333333333333333')
    """
    return _NOTE_CONTEXT.divide(dividend, divisor)


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
