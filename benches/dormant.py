"""An export of many accounts and nothing else, for the memory per account.

    python3 benches/dormant.py bench-data/g100000 bench-data/accounts1m 10

Copies the accounts of a generated export (benches/compare.sh makes
bench-data/gN) TIMES times into OUT/Account.csv, each copy with new ids and
its names marked, so that every account is distinct and none has a contact,
an activity or any other row: what rapport keeps then is what it keeps per
account, whatever the rows.
"""
import csv
import os
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    src, out, times = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(os.path.join(src, "Account.csv"), newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "Account.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        n = 0
        for copy in range(times):
            for row in rows:
                n += 1
                row = list(row)
                row[0] = "001%012dAAA" % n
                if copy:
                    row[2] = "%s %d" % (row[2], copy)
                w.writerow(row)


if __name__ == "__main__":
    main()
