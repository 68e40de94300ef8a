"""The lookup benchmark's quick mode runs end to end (no timing target is asserted).

It loads the demo branch with older jobs, serves it in its own process and times found,
wrong-code, unknown-number and page lookups over loopback HTTP.
"""

import io

from bench.lookup_bench import main


def test_the_quick_benchmark_times_every_kind_of_lookup():
    out = io.StringIO()
    figures = main(["--quick"], out=out)
    assert [f.name for f in figures] == ["found", "wrong code", "unknown number", "page"]
    assert all(len(f.latencies) == 20 and f.median > 0 for f in figures)
    text = out.getvalue()
    assert "target < 20 ms" in text and "wrong code − unknown number" in text
