"""A test helper: count the record loads (`domain.records.validate_record`) a write makes."""

import domain.records


def counting_loads(monkeypatch):
    """A list that gets `(collection, partial)` for every record load from here on."""
    calls = []
    real = domain.records._loader_for

    def loader_for(collection):
        load = real(collection)

        def counted(data, partial=False):
            calls.append((collection, partial))
            return load(data, partial=partial)

        return counted

    monkeypatch.setattr(domain.records, "_loader_for", loader_for)
    return calls
