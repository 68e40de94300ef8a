"""Loading an update once: the sent fields and the merged record they make, in one load.

An update sends only the fields it changes. They are loaded together with the stored
fields — one full load of the merged record — which checks each sent field and the
record's cross-field rules (a window that ends after it starts) at once. Only when that
load fails is the change loaded alone, to tell a sent field that is bad in itself (refused
at once, by push and REST alike) from a record that is invalid only as a whole, which the
caller refuses after its permission and version checks, where the whole-record check has
always been.

    >>> office_id = "0190f5b8-6c1e-7a00-8000-000000000001"
    >>> stored = {"code": "KEELUNG", "name_zh": "基隆分局", "name_en": "Keelung"}
    >>> load_change("offices", office_id, stored, {"name_en": "Keelung branch"})
    ({'name_en': 'Keelung branch'}, None)
"""

from domain.records import RecordInvalid, validate_record


def load_change(collection, record_id, old, sent):
    """(the sent fields as loaded, the merged record's `RecordInvalid` or None).

    `old` is the stored data (domain fields only). Raises `RecordInvalid` when a sent field
    is bad in itself.
    """
    try:
        whole = validate_record(collection, {**old, **sent, "id": record_id})
    except RecordInvalid as invalid:  # the change's own errors first
        alone = validate_record(collection, {**sent, "id": record_id}, partial=True)
        return {k: v for k, v in alone.items() if k in sent}, invalid
    return {k: v for k, v in whole.items() if k in sent}, None
