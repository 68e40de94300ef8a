"""The area a site is in, as the bulletin board may publish it: the city and district only.

A Taiwanese address starts with its county or city and its district, township or town
(`基隆市仁愛區愛一路12號`); the board shows that and never the street or number, so a
household visited for a free home check is not pointed at.

    >>> area_of("基隆市仁愛區愛一路12號"), area_of("連江縣南竿鄉介壽村100號")
    ('基隆市仁愛區', '連江縣南竿鄉')
    >>> area_of("12 Harbour Road") is None
    True
"""

import re

_AREA = re.compile(r"^\s*([^\s縣市]{1,4}[縣市])?([^\s區鄉鎮市]{1,4}[區鄉鎮市])")


def area_of(address):
    """The county or city and district at the start of `address`, or None."""
    match = _AREA.match(address or "")
    if not match:
        return None
    return "".join(part for part in match.groups() if part)
