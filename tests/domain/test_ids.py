"""Record ids: valid record ids, unique, ordered by creation, reproducible when generated."""

import random
import uuid

from domain.ids import new_record_id, ordered_id
from domain.records import validate_record


def test_new_ids_are_valid_unique_and_in_creation_order():
    ids = [new_record_id() for _ in range(2000)]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert all(uuid.UUID(i).version == 7 for i in ids)
    fields = {"id": ids[0], "code": "KL", "name_zh": "基隆分局", "name_en": "Keelung"}
    office = validate_record("offices", fields)
    assert office["id"] == ids[0]


def test_generated_ids_follow_their_clock_and_repeat_with_their_seed():
    first = [ordered_id(random.Random(5), 1_800_000_000_000 + n) for n in range(3)]
    again = [ordered_id(random.Random(5), 1_800_000_000_000 + n) for n in range(3)]
    assert first == again and first == sorted(first)
    parsed = uuid.UUID(first[0])
    assert parsed.version == 7 and parsed.variant == uuid.RFC_4122
    assert parsed.int >> 80 == 1_800_000_000_000
