#!/usr/bin/env python3
"""Seed corpora for the fuzz targets of tests/fuzz, from real lines.

    scripts/fuzz-seeds.py OUT_DIR

Writes OUT_DIR/<target>/<sha1> files, one small input each, for the targets
line, prefix, postfix, exim, timestamp, reply and catalogue. The lines come
from samples/ (real logs made by samples/*/make-samples.sh), the shared corpus
beside the project (../shared/corpus, or $SMTPLOG_CORPUS, when present), the
log lines quoted in tests/*.cpp, and schema/catalogue/*.cat. Lines of the same
shape (digits and addresses aside) are kept once, and each target gets at most
MAX_SEEDS of them, so the seeds stay small; libFuzzer grows its own corpus.
"""
import hashlib
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_SEEDS = 1500

SYSLOG_TAG = re.compile(r" ((?:[A-Za-z0-9._-]+/)*[A-Za-z0-9._-]+)(?:\[\d+\])?: (.*)$")
REPLY = re.compile(r'(?:said: |\]: |: |\(|C="|^)([245]\d\d[ -].*|[245]\.\d{1,3}\.\d{1,3} .*)$')
TIME_SHAPES = re.compile(r"^(?:\d{4}-\d\d-\d\d[T ]\S+(?: [+-]\d{4})?|[A-Z][a-z]{2} [ \d]\d \S+)")


def log_files():
    yield from sorted((ROOT / "samples").rglob("*log*"))
    corpus = Path(os.environ.get("SMTPLOG_CORPUS", ROOT.parent / "shared" / "corpus"))
    if corpus.is_dir():
        yield from sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix in (".log", ""))


def file_lines():
    """(path, line) for every line of every log file, as bytes decoded leniently."""
    for path in log_files():
        if not path.is_file() or path.suffix in (".py", ".sh", ".awk", ".md", ".tsv"):
            continue
        text = path.read_bytes().decode("utf-8", "surrogateescape")
        for line in text.split("\n"):
            if line:
                yield path, line


def test_lines():
    """Log lines quoted in tests/*.cpp: plain and raw string literals."""
    literal = re.compile(r'R"\((.*?)\)"|"((?:[^"\\\n]|\\.)*)"')
    for path in sorted((ROOT / "tests").glob("*.cpp")):
        for m in literal.finditer(path.read_text(errors="replace")):
            s = m.group(1) if m.group(1) is not None else m.group(2)
            if m.group(2) is not None:
                s = s.replace('\\"', '"').replace("\\t", "\t").replace("\\\\", "\\")
            for line in s.split("\\n"):
                if len(line) > 20 and (TIME_SHAPES.match(line) or SYSLOG_TAG.search(line)):
                    yield line


def shape(s):
    s = re.sub(r"[\w.+%-]+@[\w.-]+", "@", s)
    s = re.sub(r"\d+", "0", s)
    return re.sub(r"\b[0-9A-Za-z]{10,}\b", "ID", s)


def varint(v):
    out = bytearray()
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def block_payload(lines, version):
    """A block's data before compression (analyzer/event_blocks.cpp), format 1
    or 2, for event_block's second input: the target also compresses its input
    and decodes that, so these seeds start it at a well-formed block."""
    lines = [l.encode("utf-8", "surrogateescape") for l in lines]
    entries = sorted({l.split(b" ")[-1][:20] for l in lines})
    head = varint(version) + varint(len(lines)) + varint(len(entries))
    head += b"".join(varint(len(e)) + e for e in entries)
    numbers, texts, last, prev = b"", b"", {}, 0
    for i, l in enumerate(lines):
        entry = entries.index(l.split(b" ")[-1][:20]) + 1
        numbers += varint(1) + varint(2 * i) + varint(entry)
        if version == 1:
            numbers += varint(len(l)) + l
            continue
        same, before = last.get(entry, b""), last.get(prev, b"")
        suffix = 0
        while suffix < min(len(same), len(l)) and same[-1 - suffix] == l[-1 - suffix]:
            suffix += 1
        prefix = 0
        while prefix < min(len(before), len(l) - suffix) and before[prefix] == l[prefix]:
            prefix += 1
        numbers += varint(prefix) + varint(len(l) - prefix - suffix) + varint(suffix)
        texts += l[prefix:len(l) - suffix]
        last[entry], prev = l, entry
    data = head + (numbers if version == 1 else varint(len(numbers)) + numbers + texts)
    return data.decode("utf-8", "surrogateescape")


class Seeds:
    def __init__(self):
        self.by_target = {}

    def add(self, target, data, key=None):
        d = self.by_target.setdefault(target, {})
        d.setdefault(key if key is not None else shape(data), data)

    def write(self, out):
        for target, d in sorted(self.by_target.items()):
            items = sorted(d.values(), key=lambda s: hashlib.sha1(s.encode("utf-8", "surrogateescape")).hexdigest())
            tdir = out / target
            tdir.mkdir(parents=True, exist_ok=True)
            for s in items[:MAX_SEEDS]:
                b = s.encode("utf-8", "surrogateescape")
                (tdir / hashlib.sha1(b).hexdigest()).write_bytes(b)
            print(f"{target}: {min(len(items), MAX_SEEDS)} seeds")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().split("\n\n")[1])
    out = Path(sys.argv[1])
    seeds = Seeds()
    lines = [line for _, line in file_lines()] + list(test_lines())
    for path, line in file_lines():
        if "body-only" in str(path):  # the daemon is in the file name
            daemon = path.stem if path.parent.name == "body-only" else "smtp"
            seeds.add("postfix", f"postfix/{daemon} {line}")
    for line in lines:
        seeds.add("line", line)
        seeds.add("prefix", line[:120], shape(line[:60]))
        if m := TIME_SHAPES.match(line):
            seeds.add("timestamp", line[:40], shape(m.group(0)))
        if m := SYSLOG_TAG.search(line):
            program, body = m.groups()
            if "postfix" in program or program.endswith(("/smtpd", "/smtp")):
                seeds.add("postfix", f"{program} {body}")
            elif program.startswith("exim"):
                seeds.add("exim", body)
        if re.match(r"\d{4}-\d\d-\d\d ", line) or line.startswith(("Envelope-", " ")):
            seeds.add("exim", line)
        if m := REPLY.search(line):
            seeds.add("reply", m.group(1).rstrip(')"'))
    # event_block: a few consecutive real lines, stored as a block and read back.
    for i in range(0, len(lines), 4):
        group = lines[i:i + 4]
        seeds.add("event_block", "\n".join(group) + "\n", shape(group[0][:60]))
        if i % 400 == 0:
            for version in (1, 2):
                seeds.add("event_block", block_payload(group, version), f"format {version}: {shape(group[0][:60])}")
    for cat in sorted((ROOT / "schema" / "catalogue").glob("*.cat")):
        stanzas = [s for s in cat.read_text().split("\n\n") if s.strip()]
        for i in range(0, len(stanzas), 3):
            seeds.add("catalogue", "\n\n".join(stanzas[i:i + 3]) + "\n", f"{cat.name}:{i}")
        for m in re.finditer(r"^sample: (.*)$", cat.read_text(), re.M):
            seeds.add("reply", m.group(1))
    seeds.write(out)


if __name__ == "__main__":
    main()
