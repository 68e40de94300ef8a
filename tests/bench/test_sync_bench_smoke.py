"""The sync benchmark's core runs end to end on a tiny scope (no timing is asserted).

It seeds a real server database, starts the server in its own process, pulls the scope to a
fresh device over loopback HTTP and pushes new checks back — proving the script works and
its counts add up, not how fast anything is.
"""

import io

from bench.sync_bench import figure_rows, print_report, run_benchmark


def test_the_benchmark_pulls_the_whole_scope_and_pushes_every_check(tmp_path):
    results = run_benchmark(200, 40, tmp_path)

    assert results.pull.records == results.pull.expected >= 200
    assert results.push.acknowledged >= results.push.mutations == 40
    assert results.pull.body_bytes > 0 and results.push.sent > 0 and results.push.received > 0
    assert results.ceiling > 0 and results.floor > results.bound > 0
    verdicts = [verdict for _, _, target, verdict in figure_rows(results) if target]
    assert len(verdicts) == 5 and set(verdicts) <= {"PASS", "MISS"}
    out = io.StringIO()
    print_report(results, out)
    assert "push throughput" in out.getvalue() and "bytes/record pulled" in out.getvalue()
