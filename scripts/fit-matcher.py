#!/usr/bin/env python3
"""Refit the matcher's rewrite score (src/matcher.rs, `rewrite_probability`).

    cargo run --release --bin unspun-eval -- ../shared/data --features /tmp/features.tsv
    python3 scripts/fit-matcher.py /tmp/features.tsv [THRESHOLD...]
    python3 scripts/fit-matcher.py /tmp/features.tsv --cv 5 [THRESHOLD...]

Reads every candidate's evidence, fits a logistic regression (plain Python,
Newton's method, L2 1.0) of true rewrites against the hardest negatives, and
prints the coefficients and the page-level recall / false positives per kind
at a few thresholds. Wire stories weigh 3x: a false alarm on an honest outlet
is worse than a miss. Pages with a verbatim run (copies) are decided by the
run rule, not by this score. With `--cv K` it prints instead what K-fold
cross-validation gives: each page scored by a fit made without its story.
"""
import collections
import math
import re
import sys
import zlib

POSITIVE = {"llm:gpt-3.5-turbo", "llm:gpt-4o", "llm:llama-3-70b", "farm-rewrite",
            "farm-reorder", "cs-light", "cs-heavy", "cs-cut"}
NEGATIVE = {"independent-report", "same-topic", "quoting-report", "unrelated",
            "unindexed-rewrite", "cs-non", "wire"}
NAMES = ["has_numbers", "has_numbers*numbers_found", "aligned_numbers_found",
         "has_names*(1-names_found)", "reused", "strong_reused", "window",
         "min(size_ratio,3)", "order"]


def is_negative(kind):
    # "independent-report, one sentence a paragraph" is reported, not fitted.
    return kind.split(",")[0] in NEGATIVE


def features(r):
    hn = min(r["page_numbers"], 3) / 3
    hm = min(r["page_names"], 4) / 4
    return [hn, hn * r["numbers_found"], r["aligned_numbers_found"], hm * (1 - r["names_found"]),
            r["reused"], r["strong_reused"], r["window"], min(r["size_ratio"], 3.0), r["order"]]


def load(path):
    pages = collections.OrderedDict()
    with open(path) as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            r = dict(zip(header, line.rstrip("\n").split("\t")))
            for k in header[3:]:
                r[k] = float(r[k])
            r["label"] = int(r["label"])
            # The matcher's gate: a passage to show, aligned alone or by a window.
            if r["matched"] >= 1 or r["window"] > 0:
                pages.setdefault((r["kind"], r["id"]), []).append(r)
    return pages


def solve(a, b):
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    return [m[i][n] / m[i][i] for i in range(n)]


def fit(xs, ys, ws, l2=1.0, iters=25):
    d = len(xs[0]) + 1
    beta = [0.0] * d
    for _ in range(iters):
        h = [[0.0] * d for _ in range(d)]
        g = [0.0] * d
        for x, y, w in zip(xs, ys, ws):
            xx = [1.0] + x
            z = max(-30.0, min(30.0, sum(b * v for b, v in zip(beta, xx))))
            p = 1 / (1 + math.exp(-z))
            for i in range(d):
                g[i] += w * (p - y) * xx[i]
                for j in range(i, d):
                    h[i][j] += w * p * (1 - p) * xx[i] * xx[j]
        for i in range(d):
            for j in range(i):
                h[i][j] = h[j][i]
            if i > 0:
                h[i][i] += l2
                g[i] += l2 * beta[i]
        beta = [b - s for b, s in zip(beta, solve(h, g))]
    return beta


def training_set(pages):
    xs, ys, ws = [], [], []
    for (kind, _), rows in pages.items():
        best = max(rows, key=lambda r: r["score"])
        if kind in POSITIVE:
            xs += [features(r) for r in rows if r["label"] == 1]
            ys += [1] * sum(r["label"] == 1 for r in rows)
            ws += [1.0] * sum(r["label"] == 1 for r in rows)
        if kind in ("independent-report", "quoting-report"):
            xs.append(features(best)); ys.append(0); ws.append(3.0)
        if kind == "wire" and best["score"] > 0.05:
            xs.append(features(best)); ys.append(0); ws.append(3.0)
        if not is_negative(kind):
            wrong = [r for r in rows if r["label"] == 0]
            if wrong:
                xs.append(features(max(wrong, key=lambda r: r["score"])))
                ys.append(0); ws.append(1.0)
    return xs, ys, ws


def decision(beta, r):
    # A verbatim run decides a copy whatever the score.
    if r["run"] >= 0.2:
        return 100.0
    return beta[0] + sum(b * v for b, v in zip(beta[1:], features(r)))


def tally(res, kind, rows, beta, thr):
    top = max(rows, key=lambda r: decision(beta, r))
    hit = decision(beta, top) >= thr and (is_negative(kind) or top["label"] == 1)
    res[kind][0] += 1
    res[kind][1] += hit


def report(res, thr):
    print("threshold %+.2f: " % thr + ", ".join(
        "%s %s %d/%d" % (k, "FP" if is_negative(k) else "hit", v[1], v[0])
        for k, v in sorted(res.items())))


def fold_of(page_id, folds):
    # Every page made from one L2R original (its rewrites by each model, on
    # a farm page, with excerpts) falls in the same fold, so that no fold is
    # scored on a story's rewrites after fitting on the same rewrites.
    story = re.match(r"l2r-\d+", page_id)
    key = story.group(0) if story else page_id
    return zlib.crc32(key.encode()) % folds


def main(path, args):
    pages = load(path)
    folds = 0
    if args[:1] == ["--cv"]:
        folds, args = int(args[1]), args[2:]
    thresholds = [float(t) for t in args] or (-2.0, -1.5, -1.05, -1.0)
    if folds:
        # Out-of-fold figures: each page scored by a fit that never saw its
        # original, an estimate of accuracy on unseen stories.
        results = {thr: collections.defaultdict(lambda: [0, 0]) for thr in thresholds}
        for k in range(folds):
            train = {key: rows for key, rows in pages.items() if fold_of(key[1], folds) != k}
            beta = fit(*training_set(train))
            for key, rows in pages.items():
                if fold_of(key[1], folds) == k:
                    for thr in thresholds:
                        tally(results[thr], key[0], rows, beta, thr)
        print("%d-fold cross-validation, pages grouped by original" % folds)
        for thr in thresholds:
            report(results[thr], thr)
        return
    beta = fit(*training_set(pages))
    print("intercept %+.2f" % beta[0])
    for n, b in zip(NAMES, beta[1:]):
        print("%-28s %+.2f" % (n, b))
    for thr in thresholds:
        res = collections.defaultdict(lambda: [0, 0])
        for (kind, _), rows in pages.items():
            tally(res, kind, rows, beta, thr)
        report(res, thr)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/features.tsv", sys.argv[2:])
