"""The field-app benchmark works: its measurements on a small seeded tablet in this process,
and one small run of the whole benchmark with its fresh processes (no timing asserted)."""

import io

from bench import app_bench, app_frames
from bench.app_seed import TODAY, seed_tablet


def test_the_measurements_scroll_the_job_list_and_type_on_both_forms(tablet, tmp_path):
    seeded = seed_tablet(tmp_path / "tablet", 1500)
    device = tablet(today=TODAY)
    assert device.screen.name == "today" and app_frames.shown_rows(device.screen)
    scrolled = app_frames.scroll_frames(device.app, 12)
    assert len(scrolled["seconds"]) == len(scrolled["main_seconds"]) == 12
    assert scrolled["items"] > 300 and scrolled["rows_seen"] > 20  # it went down the list
    for job_id, instrument_id in (seeded.nawi, seeded.water_meter):
        typed = app_frames.keystrokes(device.app, job_id, instrument_id, 15)
        assert len(typed["seconds"]) == 15
        assert len(typed["handler_seconds"]) >= 15  # every key reached the screen's handler
        assert typed["judged_rows"] >= 1 and typed["redraw"]
    memory = app_frames.memory_mb()
    assert 0 < memory["rss"] <= memory["peak"]


def test_a_small_run_of_the_benchmark_reports_every_target(tmp_path):
    results = app_bench.run_benchmark(1500, 1, 10, 12, tmp_path)
    assert results.cold[0].rows > 0 and results.cold[0].seconds > 0
    assert results.empty[0].seconds > 0
    out = io.StringIO()
    app_bench.print_report(results, out)
    report = out.getvalue()
    judged = [line for line in report.splitlines() if line.rstrip().endswith(("PASS", "MISS"))]
    assert len(judged) == 5, report  # cold start, two forms' keystrokes, scrolling, memory
    assert "verdict" in report and "renderer" in report
