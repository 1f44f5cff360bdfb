#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Build WARC 1.0 files from corpus pages (python3 stdlib only) for the batch
# reader tests: every record its own gzip member in .warc.gz, HTTP response
# payloads (one chunked + gzip transfer-encoded), and records to be skipped.
"""usage: make_warc.py [--plain] [--shards N] OUT PAGE.html...

Writes OUT (a .warc.gz unless --plain) holding, in order: a warcinfo record;
then for each page a request, a response (HTTP/1.1 200, text/html, the page
bytes unchanged) and a metadata record; plus, after the first page, a
non-HTML response (image/png), a 301 redirect and a revisit record, which
a reader must skip and count. The second page's response is sent with
`Transfer-Encoding: gzip, chunked`, the third's with `Content-Encoding: gzip`
and `Transfer-Encoding: chunked`. With --shards N, OUT is a prefix and
OUT-000.warc.gz ... get the pages dealt round-robin (each with its own
warcinfo). Output is deterministic (fixed dates, uuid5 record ids, gzip
mtime 0). A JSON manifest of the response records goes to OUT.manifest.json
(page path, target URI, record id, date, payload sha256).
"""
import gzip
import hashlib
import json
import os
import sys
import uuid

NS = uuid.UUID("6f1c6b52-8c1e-4d3c-9a57-0c1a1a1a1a1a")


def rid(name):
    return "<urn:uuid:%s>" % uuid.uuid5(NS, name)


def page_url(path):
    stem = os.path.basename(path)
    if stem.endswith(".html"):
        stem = stem[:-5]
    lab = os.path.join(os.path.dirname(path), stem + ".expected.json")
    url = None
    charset = None
    if os.path.exists(lab):
        with open(lab, encoding="utf-8") as f:
            d = json.load(f)
        url = d.get("url")
        charset = d.get("charset_declared")
    if not url:
        url = "https://corpus.claimtrack.invalid/pages/%s.html" % stem
    return url, charset


def record(wtype, headers, block):
    h = [b"WARC/1.0"]
    h.append(b"WARC-Type: " + wtype.encode())
    for k, v in headers:
        h.append(("%s: %s" % (k, v)).encode())
    h.append(b"Content-Length: %d" % len(block))
    return b"\r\n".join(h) + b"\r\n\r\n" + block + b"\r\n\r\n"


def chunked(data, size=4093):
    out = []
    for i in range(0, len(data), size):
        part = data[i:i + size]
        out.append(b"%x\r\n" % len(part) + part + b"\r\n")
    out.append(b"0\r\n\r\n")
    return b"".join(out)


def http_response(body, ctype, mode, status=b"200 OK", extra=()):
    hdr = [b"HTTP/1.1 " + status, b"Content-Type: " + ctype.encode(),
           b"Server: claimtrack-test"]
    hdr.extend(extra)
    if mode == "te-gzip-chunked":
        payload = chunked(gzip.compress(body, mtime=0))
        hdr.append(b"Transfer-Encoding: gzip, chunked")
    elif mode == "ce-gzip-chunked":
        payload = chunked(gzip.compress(body, mtime=0))
        hdr.append(b"Content-Encoding: gzip")
        hdr.append(b"Transfer-Encoding: chunked")
    else:
        payload = body
        hdr.append(b"Content-Length: %d" % len(body))
    return b"\r\n".join(hdr) + b"\r\n\r\n" + payload


def page_records(path, n, manifest, warc_name):
    with open(path, "rb") as f:
        body = f.read()
    url, charset = page_url(path)
    date = "2026-01-%02dT%02d:%02d:00Z" % (1 + n % 28, n % 24, (7 * n) % 60)
    ctype = "text/html" + ("; charset=%s" % charset if charset else "")
    mode = {1: "te-gzip-chunked", 2: "ce-gzip-chunked"}.get(n, "plain")
    req_id = rid("request " + url)
    resp_id = rid("response " + url)
    recs = []
    req = ("GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: claimtrack-test\r\n\r\n"
           % ("/" + url.split("/", 3)[3] if url.count("/") >= 3 else "/",
              url.split("/")[2])).encode()
    recs.append(record("request", [("WARC-Target-URI", url),
                                   ("WARC-Date", date),
                                   ("WARC-Record-ID", req_id),
                                   ("Content-Type", "application/http; msgtype=request")],
                       req))
    recs.append(record("response", [("WARC-Target-URI", url),
                                    ("WARC-Date", date),
                                    ("WARC-Record-ID", resp_id),
                                    ("WARC-Concurrent-To", req_id),
                                    ("Content-Type", "application/http; msgtype=response")],
                       http_response(body, ctype, mode)))
    meta = ("via: %s\r\nfetchTimeMs: 12\r\n" % url).encode()
    recs.append(record("metadata", [("WARC-Target-URI", url),
                                    ("WARC-Date", date),
                                    ("WARC-Record-ID", rid("metadata " + url)),
                                    ("WARC-Refers-To", resp_id),
                                    ("Content-Type", "application/warc-fields")],
                       meta))
    manifest.append({"warc": warc_name, "page": path, "uri": url,
                     "record_id": resp_id, "date": date, "mode": mode,
                     "charset": charset,
                     "sha256": hashlib.sha256(body).hexdigest(),
                     "bytes": len(body)})
    return recs


def extra_records(n):
    # A non-HTML response, a redirect and a revisit: all must be skipped.
    base = "https://corpus.claimtrack.invalid/extra/%d" % n
    date = "2026-01-02T03:04:05Z"
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(64))
    recs = [
        record("response", [("WARC-Target-URI", base + "/logo.png"),
                            ("WARC-Date", date),
                            ("WARC-Record-ID", rid("png %d" % n)),
                            ("Content-Type", "application/http; msgtype=response")],
               http_response(png, "image/png", "plain")),
        record("response", [("WARC-Target-URI", base + "/old.html"),
                            ("WARC-Date", date),
                            ("WARC-Record-ID", rid("redirect %d" % n)),
                            ("Content-Type", "application/http; msgtype=response")],
               http_response(b"<html><body>moved 72%</body></html>",
                             "text/html", "plain", b"301 Moved Permanently",
                             [b"Location: " + (base + "/new.html").encode()])),
        record("revisit", [("WARC-Target-URI", base + "/again.html"),
                           ("WARC-Date", date),
                           ("WARC-Record-ID", rid("revisit %d" % n)),
                           ("WARC-Profile", "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"),
                           ("Content-Type", "application/http; msgtype=response")],
               b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"),
    ]
    return recs


def warcinfo(name):
    info = b"software: claimtrack tests/tools/make_warc.py\r\nformat: WARC File Format 1.0\r\n"
    return record("warcinfo", [("WARC-Date", "2026-01-01T00:00:00Z"),
                               ("WARC-Filename", name),
                               ("WARC-Record-ID", rid("warcinfo " + name)),
                               ("Content-Type", "application/warc-fields")],
                  info)


def write(out, pages, plain, manifest):
    name = os.path.basename(out)
    recs = [warcinfo(name)]
    for n, p in enumerate(pages):
        recs.extend(page_records(p, n, manifest, name))
        if n == 0:
            recs.extend(extra_records(n))
    with open(out, "wb") as f:
        for r in recs:
            f.write(r if plain else gzip.compress(r, mtime=0))


def main(argv):
    plain = False
    shards = 0
    args = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--plain":
            plain = True
        elif a == "--shards":
            i += 1
            shards = int(argv[i])
        elif a in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            args.append(a)
        i += 1
    if len(args) < 2:
        sys.stderr.write(__doc__)
        return 2
    out, pages = args[0], args[1:]
    manifest = []
    if shards > 0:
        for s in range(shards):
            part = pages[s::shards]
            if part:
                write("%s-%03d.warc%s" % (out, s, "" if plain else ".gz"),
                      part, plain, manifest)
    else:
        write(out, pages, plain, manifest)
    with open(out + ".manifest.json", "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
