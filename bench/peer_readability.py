#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Peer benchmark: Debian's python3-readability (readability-lxml) over the
# same pages as bench_pipeline: Document(bytes).summary() per page.
# usage: peer_readability.py REPEAT PAGE...   prints "key value" lines
import sys
import time

from readability import Document


def main():
    repeat = int(sys.argv[1])
    pages = []
    for p in sys.argv[2:]:
        with open(p, "rb") as f:
            pages.append(f.read())
    n = 0
    out_chars = 0
    t0 = time.monotonic()
    for _ in range(repeat):
        for b in pages:
            try:
                d = Document(b)
                out_chars += len(d.summary()) + len(d.title() or "")
            except Exception:  # a peer failure is counted, not fatal
                pass
            n += 1
    t = time.monotonic() - t0
    print("pages %d" % len(pages))
    print("seconds %.4f" % t)
    print("pages_per_s %.2f" % (n / t))
    print("out_chars %d" % (out_chars // max(repeat, 1)))


if __name__ == "__main__":
    main()
