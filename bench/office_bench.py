"""Office web benchmark: the figures of the office's pages and services, one section each.

Each section is a function `report(*, quick, out)` that runs its own benchmark and prints its
figures with the target and PASS or MISS; it reports, it does not gate. Figures go in
bench/README.md.

    python -m bench.office_bench             # every section
    python -m bench.office_bench --quick     # smaller runs
    python -m bench.office_bench notices     # one section
"""

import argparse
import sys

from bench import console_bench, lookup_bench
from bench.notices_bench import notices_report


def lookup_report(*, quick, out):
    lookup_bench.main(["--quick"] if quick else [], out)


def board_report(*, quick, out):
    console_bench.main(["--runs", "10"] if quick else [], out)


#: Section name → its report function.
SECTIONS = {
    "board": board_report,
    "lookup": lookup_report,
    "notices": notices_report,
}


def main(argv=None, out=sys.stdout):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller runs")
    parser.add_argument("sections", nargs="*", choices=[[], *SECTIONS], help="default: all")
    args = parser.parse_args(argv)
    for name in args.sections or SECTIONS:
        SECTIONS[name](quick=args.quick, out=out)
        print(file=out)


if __name__ == "__main__":
    main()
