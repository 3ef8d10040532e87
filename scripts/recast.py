#!/usr/bin/env python3
"""Recall on LLM rewrites recast as lists and as Q&A.

    cargo run --release --bin unspun-eval -- ../shared/data --dump /tmp/dump
    python3 scripts/recast.py ../shared/data /tmp/dump/index.bin

Stands in for an LLM that is not in the development data and turns an
article into bullet points or an interview: each of the 300 L2R rewrites is
recast as bullet points (one sentence per "• " line, no full stops, under a
"Key points" line), as a numbered list ("1. ", "2. "), as a Markdown list
with a bold Title Case label on each item ("- **Flood Damage:** ..."), and
as Q&A (every other sentence after "Q: What happened? A:"), then checked
with `unspun check --index` against the evaluation's index. Prints
recall@1 and wrong originals per recast and model.
"""
import collections
import json
import os
import re
import subprocess
import sys
import tempfile

UNSPUN = os.path.join(os.path.dirname(__file__), "..", "target", "release", "unspun")


def sentences(text):
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“‘'])", text.strip()) if s.strip()]


def bullets(ss):
    return "Key points\n\n" + "\n".join("• " + s.rstrip(".") for s in ss)


def numbered(ss):
    return "Summary\n\n" + "\n".join("%d. %s" % (i + 1, s) for i, s in enumerate(ss))


def labelled(ss):
    # The label: the item's first two longer words, capitalised.
    def label(s):
        return " ".join(w.capitalize() for w in [w for w in re.findall(r"[A-Za-z]+", s) if len(w) > 3][:2])
    return "## Key Takeaways\n\n" + "\n".join("- **%s:** %s" % (label(s), s) for s in ss)


def qa(ss):
    return "\n\n".join(("Q: What happened? A: " if i % 2 == 0 else "") + s for i, s in enumerate(ss))


def main(data, index):
    pages = []
    with tempfile.TemporaryDirectory() as out:
        with open(os.path.join(data, "l2r-news-dev.jsonl")) as f:
            for line in f:
                d = json.loads(line)
                for model, text in d["rewrites"].items():
                    for kind, recast in (("bullets", bullets), ("numbered", numbered),
                                         ("labelled", labelled), ("qa", qa)):
                        path = os.path.join(out, f"{kind}-{model}-{d['id']}.txt")
                        with open(path, "w") as page:
                            page.write(recast(sentences(text)))
                        pages.append((kind, model, d["id"], path))
        cmd = [UNSPUN, "check", "--index", index, "--json"] + [p[3] for p in pages]
        lines = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.splitlines()
    assert len(lines) == len(pages), "one JSON line per page"
    total, hit, wrong = collections.Counter(), collections.Counter(), collections.Counter()
    for (kind, model, id_, _), line in zip(pages, lines):
        original = json.loads(line)["original"]
        total[kind, model] += 1
        if original and original["url"].endswith("/" + id_):
            hit[kind, model] += 1
        elif original:
            wrong[kind, model] += 1
    for key in sorted(total):
        print("%-9s %-14s recall@1 %5.1f%%  wrong original %d" % (
            key[0], key[1], 100 * hit[key] / total[key], wrong[key]))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: recast.py DATA_DIR INDEX")
    main(sys.argv[1], sys.argv[2])
