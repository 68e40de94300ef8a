"""How every benchmark prints its report: a table of figures against their targets, then the
details, so runs of different benchmarks read alike."""

import sys


def print_report(figures, details, out=sys.stdout):
    """`figures`: rows of (figure, measured, target, result); `details`: lines after them."""
    rows = [("figure", "measured", "target", "result"), *figures]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for n, row in enumerate(rows):
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)), file=out
        )
        if n == 0:
            print("  ".join("-" * width for width in widths), file=out)
    print(file=out)
    for line in details:
        print(line, file=out)
