#!/usr/bin/env python3
"""Prints croniter's fire times for the Swift cron tests: an independent implementation to
compare CronExpression against.

Usage: cron_peer.py CASES

CASES is a file with one case a line, tab-separated:
  ZONE  START  COUNT  FIELDS  EXPRESSION
ZONE is an IANA zone name, START whole seconds since 1970 UTC, COUNT how many fire times to
print, FIELDS 5 (Unix cron) or 6 (seconds first, croniter's second_at_beginning).

For each case one line: the fire times strictly after START as whole seconds since 1970,
space-separated; `end` in place of the rest when croniter finds no further time; or
`error MESSAGE` when croniter refuses the expression.
"""
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from croniter import croniter, CroniterBadDateError


def fire_times(zone, start, count, fields, expression):
    begin = datetime.fromtimestamp(start, ZoneInfo(zone))
    iterator = croniter(expression, begin, second_at_beginning=(fields == 6))
    times = []
    for _ in range(count):
        try:
            times.append(str(int(iterator.get_next(datetime).timestamp())))
        except CroniterBadDateError:
            times.append("end")
            break
    return " ".join(times)


def main():
    with open(sys.argv[1], encoding="utf-8") as cases:
        for line in cases:
            zone, start, count, fields, expression = line.rstrip("\n").split("\t")
            try:
                print(fire_times(zone, int(start), int(count), int(fields), expression))
            except (ValueError, KeyError) as error:
                print("error " + str(error).replace("\n", " "))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
