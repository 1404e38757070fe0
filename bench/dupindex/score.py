#!/usr/bin/env python3
"""Score a near-duplicate report against gen.py's ground truth.

    python3 bench/dupindex/score.py IN_TEXT TRUTH REPORT [--threshold 0.8]

TRUTH: dup_line TAB orig_line TAB kind (from gen.py). REPORT: line TAB
dup_of_line TAB similarity (further columns ignored; lines whose first
field is not a number, e.g. a header, are skipped). Line numbers 1-based.

Every pair's true Jaccard similarity is computed on the peer's shingles
(peer.words_of: tail set aside, NFKC, casefold, \\w+ words; the set of
words). Two empty sets have similarity 1.
- recall: of the truth duplicates whose Jaccard with their original is >=
  the threshold, the share reported as a duplicate of some line whose
  Jaccard with them is >= the threshold (also per kind); truth pairs below
  the threshold are counted apart (truth_below);
- precision: the share of reported pairs with Jaccard >= the threshold;
  also how many reported pairs are truth pairs, how many reported lines
  are truth duplicates, and the least Jaccard of a reported pair.

The text is read once, up to the last line any pair needs. Only lines
needed by a later line are kept, as arrays of 64-bit word hashes, each
dropped after its last use.
"""
import argparse
import os
import sys
import time
from array import array

sys.dont_write_bytecode = True   # no __pycache__ next to peer.py
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer import words_of  # noqa: E402

KINDS = ("cosmetic", "edit", "exact", "tail")   # gen.py's


def read_pairs(path, with_kind):
    firsts, seconds, kinds = array("I"), array("I"), []
    with open(path, encoding="utf-8") as f:
        for row in f:
            fields = row.rstrip("\n").split("\t")
            if len(fields) < 2 or not fields[0].strip().isdigit():
                continue
            a, b = int(fields[0]), int(fields[1])
            if a < 1 or b < 1:
                sys.exit(f"score.py: {path}: bad line number in {row!r}")
            firsts.append(a)
            seconds.append(b)
            if with_kind:
                kinds.append(fields[2] if len(fields) > 2 else "?")
    return firsts, seconds, kinds


def pair_key(x, y):
    return (x << 32) | y if x < y else (y << 32) | x


def jaccards(text_path, keys):
    """{pair key: Jaccard} for the given keys, in one pass over the text."""
    at = {}      # later line -> [earlier lines]
    uses = {}    # earlier line -> pairs still to come
    result = {}
    for key in keys:
        lo, hi = key >> 32, key & 0xFFFFFFFF
        if lo == hi:
            result[key] = 1.0
            continue
        at.setdefault(hi, []).append(lo)
        uses[lo] = uses.get(lo, 0) + 1
    last = max(at, default=0)
    kept = {}    # line -> array of its word hashes
    line_no = 0
    with open(text_path, encoding="utf-8", newline="\n") as f:
        for line_no, text in enumerate(f, 1):
            if line_no > last:
                break
            if line_no not in at and line_no not in uses:
                continue
            cur = set(map(hash, words_of(text.rstrip("\n"))))
            for lo in at.get(line_no, ()):
                prev = kept[lo]
                inter = len(cur.intersection(prev))
                union = len(cur) + len(prev) - inter
                result[(lo << 32) | line_no] = inter / union if union else 1.0
                uses[lo] -= 1
                if not uses[lo]:
                    del kept[lo]
            if line_no in uses:
                kept[line_no] = array("q", cur)
    if line_no < last:
        sys.exit(f"score.py: {text_path} has {line_no} lines, pairs need {last}")
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("in_text")
    ap.add_argument("truth")
    ap.add_argument("report")
    ap.add_argument("--threshold", type=float, default=0.8)
    args = ap.parse_args()
    t = args.threshold
    start = time.perf_counter()

    t_dup, t_orig, t_kind = read_pairs(args.truth, True)
    r_line, r_of, _ = read_pairs(args.report, False)
    keys = {pair_key(d, o) for d, o in zip(t_dup, t_orig)}
    keys.update(pair_key(a, b) for a, b in zip(r_line, r_of))
    jac = jaccards(args.in_text, keys)

    # reported lines with a reported partner at >= t
    good_lines = set()
    r_good = r_truth = 0
    r_min = 1.0 if r_line else float("nan")
    truth_keys = {pair_key(d, o) for d, o in zip(t_dup, t_orig)}
    truth_dups = set(t_dup)
    for a, b in zip(r_line, r_of):
        k = pair_key(a, b)
        j = jac[k]
        r_min = min(r_min, j)
        if j >= t:
            r_good += 1
            good_lines.add(a)
        r_truth += k in truth_keys
    r_truth_lines = len(set(r_line) & truth_dups)

    kinds = {k: [0, 0, 0] for k in KINDS}   # kind -> [total, above, found]
    for d, o, kind in zip(t_dup, t_orig, t_kind):
        row = kinds.setdefault(kind, [0, 0, 0])
        row[0] += 1
        if jac[pair_key(d, o)] >= t:
            row[1] += 1
            row[2] += d in good_lines
    total = sum(r[0] for r in kinds.values())
    above = sum(r[1] for r in kinds.values())
    found = sum(r[2] for r in kinds.values())
    n_rep = len(r_line)

    def ratio(x, y):
        return f"{x / y:.4f}" if y else "nan"

    fields = [("threshold", t), ("truth", total), ("truth_above", above),
              ("truth_below", total - above), ("found", found),
              ("recall", ratio(found, above)), ("reported", n_rep),
              ("reported_good", r_good), ("precision", ratio(r_good, n_rep)),
              ("reported_truth_pairs", r_truth),
              ("reported_truth_lines", r_truth_lines),
              ("reported_not_truth_line", n_rep - r_truth_lines),
              ("min_reported_jaccard", f"{r_min:.4f}")]
    fields += [(f"recall_{k}", ratio(r[2], r[1])) for k, r in sorted(kinds.items())]
    fields.append(("score_seconds", f"{time.perf_counter() - start:.1f}"))
    print(" ".join(f"{k}={v}" for k, v in fields))
    print()
    print(f"| kind | truth pairs | Jaccard >= {t} | found | recall |")
    print("|---|---:|---:|---:|---:|")
    for k, r in sorted(kinds.items()) + [("all", [total, above, found])]:
        print(f"| {k} | {r[0]} | {r[1]} | {r[2]} | {ratio(r[2], r[1])} |")
    print(f"\nreported {n_rep}: {r_good} at Jaccard >= {t} (precision "
          f"{ratio(r_good, n_rep)}), {r_truth} truth pairs, "
          f"{n_rep - r_truth_lines} on lines the truth calls originals; "
          f"least Jaccard {r_min:.4f}")


if __name__ == "__main__":
    main()
