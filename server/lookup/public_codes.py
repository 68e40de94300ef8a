"""An inspector's public code: what the bulletin board shows instead of a name.

The office publishes who goes where without publishing people's names: each inspector has
a short code, the same every day, derived from their user id (SHA-256, four characters of
Crockford's base 32: no I, L, O or U to misread). Nobody can turn a code back into a name;
the office can tell an applicant which code is whose, and an inspector can show theirs.

    >>> inspector_code("0190a0c2-6a7e-7c3e-9f00-000000000001")
    'KJWK'
"""

import hashlib

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 4


def inspector_code(user_id):
    """The stable public code of the inspector with `user_id`."""
    number = int.from_bytes(hashlib.sha256(f"inspector:{user_id}".encode()).digest()[:8])
    chars = []
    for _ in range(LENGTH):
        number, digit = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[digit])
    return "".join(chars)
