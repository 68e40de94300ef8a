"""The office benchmark's notices section runs end to end on a few notices (no timing is
asserted): every notice is accepted by the local SMTP server and recorded sent once."""

import io

from bench.notices_bench import run_notices
from bench.office_bench import main


def test_the_notices_figure_sends_and_records_every_notice(tmp_path):
    figure = run_notices(30, tmp_path)
    assert figure.count == figure.accepted == figure.sent == 30
    assert figure.per_second > 0 and figure.verdict in {"PASS", "MISS"}


def test_the_office_bench_prints_the_notices_figure():
    out = io.StringIO()
    main(["--quick", "notices"], out=out)
    assert "e-mails/s (target ≥ 50/s)" in out.getvalue()
