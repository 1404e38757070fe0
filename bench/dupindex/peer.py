#!/usr/bin/env python3
"""A straightforward streaming MinHash + LSH near-duplicate finder.

    python3 bench/dupindex/peer.py IN_TEXT OUT_REPORT [--threshold 0.8]

Reads one paragraph a line, in order. A paragraph that duplicates an
earlier indexed one is reported (line, dup_of_line, similarity as TSV in
OUT_REPORT) and not indexed; any other paragraph is indexed.

Parameters, the same as kata's index:
- a trailing boilerplate tail (kata's prefixes: "Baca juga", "Read more",
  "See also"..., case-insensitive, after a sentence end, when one sentence
  follows) is cut off; then NFKC,
  casefold, words = \\w+ runs; shingles = the set of words;
- exact duplicates (same word sequence) via a dict, similarity 1;
  paragraphs of fewer than 5 words are matched exactly only;
- MinHash: 28 functions (a*h + b) mod 2^61-1 of the word's 64-bit blake2b
  hash; LSH: 7 bands of 4 rows; the best candidate (most equal signature
  positions, ties to the earliest line) is a duplicate if its share of
  equal positions is >= the threshold.
At the end prints one line: paragraphs, dups, seconds, per_second,
maxrss_mib.
"""
import argparse
import hashlib
import random
import re
import resource
import time
import unicodedata

BANDS, ROWS = 7, 4
NUM_PERM = BANDS * ROWS
MIN_WORDS = 5
P = 2**61 - 1
_rng = random.Random(20240601)
COEFFS = [(_rng.randrange(1, P), _rng.randrange(P)) for _ in range(NUM_PERM)]

# kata's built-in boilerplate prefixes and rule (docs/duplicates.md): after
# a sentence end (and closing quotes or brackets), when what follows is one
# sentence (no ". X" after it).
TAIL_RE = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*[ \t]+(?:baca juga|baca selengkapnya|lihat juga|"
                     r"simak juga|simak video|artikel terkait|berita terkait|advertisement|"
                     r"scroll to continue|read more|read also|see also|related:|also read)",
                     re.IGNORECASE)
MORE_RE = re.compile(r"[.!?][ \t]+[A-Za-z0-9\"'\u0080-\U0010FFFF]")
WORD_RE = re.compile(r"\w+")


def words_of(text):
    """The paragraph's normalised words, its boilerplate tail set aside."""
    for m in TAIL_RE.finditer(text):
        rest = text[m.end():]
        if not MORE_RE.search(rest):
            text = text[:m.start() + 1]
            break
    return WORD_RE.findall(unicodedata.normalize("NFKC", text).casefold())


def base_hash(word):
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(),
                          "little")


def signature(words):
    hashes = [base_hash(w) for w in set(words)]
    return tuple(min((a * h + b) % P for h in hashes) for a, b in COEFFS)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("in_text")
    ap.add_argument("out_report")
    ap.add_argument("--threshold", type=float, default=0.8)
    args = ap.parse_args()

    start = time.perf_counter()
    exact = {}                             # " ".join(words) -> line
    bands = [{} for _ in range(BANDS)]     # band tuple -> [lines]
    sigs = {}                              # line -> signature
    paragraphs = dups = 0
    with open(args.in_text, encoding="utf-8", newline="\n") as fin, \
            open(args.out_report, "w", encoding="utf-8") as fout:
        for line_no, line in enumerate(fin, 1):
            paragraphs += 1
            words = words_of(line.rstrip("\n"))
            key = " ".join(words)
            if key in exact:
                fout.write(f"{line_no}\t{exact[key]}\t1\n")
                dups += 1
                continue
            if len(words) < MIN_WORDS:
                exact[key] = line_no
                continue

            sig = signature(words)
            keys = [sig[i * ROWS:(i + 1) * ROWS] for i in range(BANDS)]
            candidates = set()
            for band, k in zip(bands, keys):
                candidates.update(band.get(k, ()))
            best, best_sim = None, -1.0
            for cand in sorted(candidates):
                sim = sum(x == y for x, y in zip(sig, sigs[cand])) / NUM_PERM
                if sim > best_sim:
                    best, best_sim = cand, sim
            if best is not None and best_sim >= args.threshold:
                fout.write(f"{line_no}\t{best}\t{best_sim:.4f}\n")
                dups += 1
                continue

            exact[key] = line_no
            sigs[line_no] = sig
            for band, k in zip(bands, keys):
                band.setdefault(k, []).append(line_no)

    seconds = time.perf_counter() - start
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"paragraphs={paragraphs} dups={dups} seconds={seconds:.1f} "
          f"per_second={paragraphs / seconds:.0f} maxrss_mib={maxrss:.0f}")


if __name__ == "__main__":
    main()
