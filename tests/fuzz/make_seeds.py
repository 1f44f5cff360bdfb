#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Regenerate the seed files of tests/fuzz/corpus/<target>/ (seed-* names)
# from corpus/pages, the scraped texts, rules/, corpus/reference and
# corpus/warc. Regression files (crash-*, regress-*) are kept as they are.
# Inputs stay small (truncated pieces) so replays are fast.
import glob, gzip, json, os, re, sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'tests', 'fuzz', 'corpus')


def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, 'seed-' + name), 'wb') as f:
        f.write(data)


def main():
    for d in glob.glob(os.path.join(OUT, '*')):
        for f in glob.glob(os.path.join(d, 'seed-*')):
            os.remove(f)
    pages = sorted(glob.glob(os.path.join(ROOT, 'corpus', 'pages', '*.html')))
    for i, p in enumerate(pages):
        b = open(p, 'rb').read()
        base = os.path.basename(p)[:-5]
        flags = bytes([i % 16, i])
        if len(b) <= 4096:
            put('fuzz_html', base, flags + b)
            put('fuzz_html', base + '-x', bytes([8 | 1, 1]) + b)
            continue
        put('fuzz_html', base + '-head', flags + b[:6000])
        # a slice around the first long paragraph, wrapped in a page
        m = re.search(rb'<p[ >]', b[len(b) // 4:])
        at = len(b) // 4 + (m.start() if m else 0)
        body = b[at:at + 6000]
        head = b[:b.find(b'<body') + 6] if b'<body' in b[:20000] else b[:1500]
        put('fuzz_html', base + '-body', bytes([8, i]) + head[:3000] + body)
    texts = []
    for p in sorted(glob.glob(os.path.join(ROOT, 'corpus', 'pages', '*.scrape.json'))):
        try:
            t = json.load(open(p, encoding='utf-8')).get('text') or ''
        except ValueError:
            continue
        base = os.path.basename(p)[:-12]
        chunk = t.encode('utf-8')[:3000]
        chunk = chunk.decode('utf-8', 'ignore').encode('utf-8')
        texts.append(chunk)
        put('fuzz_extract_text', base, bytes([len(texts) % 4]) + chunk)
    examples, numerals = [], set()
    for p in sorted(glob.glob(os.path.join(ROOT, 'rules', '*', '*.rules'))):
        for line in open(p, encoding='utf-8'):
            if line.startswith('Example:') or line.startswith('Counterexample:'):
                examples.append(line.split(':', 1)[1].strip())
            m = re.match(r'Expect:.*\btext=(\S+)', line)
            if m:
                numerals.add(m.group(1))
        rb = open(p, 'rb').read()
        put('fuzz_rulepack', os.path.basename(p), b'\x00' + rb)
    put('fuzz_extract_text', 'examples', b'\x01' + '\n'.join(examples).encode())
    for p in sorted(glob.glob(os.path.join(ROOT, 'rules', '*', '*.tsv'))):
        name = os.path.basename(p)
        sel = {'units.tsv': 1, 'qualifiers.tsv': 2, 'subjects.tsv': 3,
               'metrics.tsv': 4}.get(name)
        if sel is not None:
            put('fuzz_rulepack', name, bytes([sel]) + open(p, 'rb').read())
    extra = ['4400万', '四千四百万', '1,100', '百分之七十二', '两成', '三分之一',
             '千分之三', '十几', '数百万', '500多亿', '二百三十余万', '上百',
             '16.4亿', '1.25兆', '三万五', '二〇二五', '三点五', '-0.99‰',
             '１２．５％', '9999万亿亿', '3万4000', '25万6千', '三四十', '七八成',
             '负5', '1' * 45, '0.' + '0' * 39 + '1']
    for k, s in enumerate(sorted(numerals) + extra):
        s = re.sub(r'(个|個)?百分点$', '', s)
        put('fuzz_numparse', '%03d' % k, s.encode('utf-8'))
    ref = open(os.path.join(ROOT, 'corpus', 'reference', 'rare_earths.csv'), 'rb').read()
    put('fuzz_refs', 'rare_earths', b'\x00' + ref[:12000])
    put('fuzz_refs', 'rare_earths-import', b'\x01' + b'\n'.join(ref.split(b'\n')[:6]))
    warc = open(os.path.join(ROOT, 'corpus', 'warc', 'small.warc'), 'rb').read()
    put('fuzz_warc', 'small-head', b'\x00' + warc[:3000])
    recs = warc.split(b'WARC/1.0\r\n') if b'\r\n' in warc[:20] else warc.split(b'WARC/1.0\n')
    put('fuzz_warc', 'small-trunc', b'\x00' + warc[:20000])
    put('fuzz_warc', 'small-gz', b'\x00' + gzip.compress(warc[:8000], mtime=0))
    http = [b'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=gbk\r\n'
            b'Content-Length: 13\r\n\r\n<p>72%</p>\r\n',
            b'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: '
            b'chunked\r\n\r\n5\r\n<p>1%\r\n3\r\n</p>\r\n0\r\n\r\n',
            b'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: '
            b'gzip\r\n\r\n' + gzip.compress(b'<p>4400\xe4\xb8\x87</p>', mtime=0),
            b'HTTP/1.0 404 Not Found\r\nContent-Type: text/html\r\n\r\nx']
    for k, h in enumerate(http):
        put('fuzz_warc', 'http-%d' % k, b'\x01' + h)


if __name__ == '__main__':
    sys.exit(main())
