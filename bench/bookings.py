#!/usr/bin/env python3
"""bookings.py - a gtd-mock --state file of N bookings, for the benches.

    bookings.py TEMPLATE N OUT FIRST

TEMPLATE is a state file the mock wrote holding booking FIRST; OUT gets
the template's header and N copies of that booking, FIRST and then
numbers following it.  Not part of the tests.
"""
import json
import os
import sys

src, n, out, first = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
text = open(src).read()


def number(i):
    return first if i == 0 else "%s%07d" % (first[:10], i + 1)


try:
    old = json.loads(text)        # format_version 1: one object
except ValueError:
    old = None
with open(out, "w") as f:
    if old is not None:
        b0 = old["bookings"][0]
        old["seq"] = n
        old["bookings"] = [dict(b0, number=number(i)) for i in range(n)]
        json.dump(old, f)
    else:
        lines = [json.loads(l) for l in text.splitlines() if l.strip()]
        header = lines[0]
        rec = next(l for l in lines[1:] if "booking" in l)
        header["rev"] = 0
        header["seq"] = n
        f.write(json.dumps(header) + "\n")
        # The copies claim no e-mail: the template's were delivered for it
        # alone, and a due e-mail would be delivered at start-up.
        for i in range(n):
            b = dict(rec["booking"], number=number(i))
            if i:
                b.pop("mails", None)
            f.write(json.dumps({"rev": i + 1, "seq": n, "booking": b}) + "\n")
os.chmod(out, 0o600)
