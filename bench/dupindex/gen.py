#!/usr/bin/env python3
"""Generate news-length paragraphs with ~30% near-duplicates, plus the truth.

    python3 bench/dupindex/gen.py N SEED SOURCE OUT_TEXT OUT_TRUTH

SOURCE is plain English text (bench/data/english.txt). It is cut into
blocks at blank lines and at lines holding only "%" (the fortune-file
separator), each block into sentences after ". ", "! " or "? " (any white
space); white space inside a sentence collapses to one space. Sentences of
6 to 40 words that end in . ! or ? are kept, each distinct one once, in the
order of first appearance.

OUT_TEXT gets N paragraphs, one a line. An original is 2 to 5 random
sentences (drawn with replacement) joined by spaces, redrawn until it has
40 to 120 words. With probability 0.3 (never for line 1) a line is instead a
duplicate of an earlier original chosen uniformly (never of a duplicate):
  exact     30%  the original unchanged
  cosmetic  15%  one or more of: white space (double spaces, tabs), straight
                 quotes to curly ones, the case of 1 to 3 words, the final
                 period added or removed; never byte-identical to the original
  edit      35%  1 to 3 word edits (replace, delete or insert one word; new
                 words drawn uniformly from the source's distinct words)
  tail      20%  the original + " Baca juga: " or " Read more: " + a random
                 sentence of 6 to 15 words
OUT_TRUTH gets one line per duplicate: dup_line TAB orig_line TAB kind
(1-based line numbers).

Deterministic for (N, SEED, SOURCE): one random.Random(SEED), no iteration
over hash-ordered containers. Memory: the sentences and, per original, its
sentence indices in flat arrays; paragraphs are written as they are made.
"""
import re
import sys
from array import array
from random import Random

DUP_RATE = 0.3
KINDS = (("exact", 0.30), ("cosmetic", 0.15), ("edit", 0.35), ("tail", 0.20))
MIN_WORDS, MAX_WORDS = 40, 120
TAIL_LEADS = ("Baca juga:", "Read more:")

BLOCK_RE = re.compile(r"\n[ \t]*(?:%[ \t]*)?\n")
SENTENCE_RE = re.compile(r"(?<=[.!?])\s+")
WORD_RE = re.compile(r"[A-Za-z]{2,}")
OPEN_DQ_RE = re.compile(r'(?<!\S)"')
OPEN_SQ_RE = re.compile(r"(?<!\S)'")


def load_sentences(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    seen = {}
    for block in BLOCK_RE.split(text):
        for piece in SENTENCE_RE.split(block):
            words = piece.split()
            if 6 <= len(words) <= 40 and words[-1][-1] in ".!?":
                seen.setdefault(" ".join(words), len(words))
    sentences = list(seen)
    counts = array("H", seen.values())
    # vocabulary for word edits: distinct lower-case words seen twice or more
    freq = {}
    for s in sentences:
        for w in WORD_RE.findall(s):
            w = w.lower()
            freq[w] = freq.get(w, 0) + 1
    vocab = [w for w, c in freq.items() if c >= 2]
    return sentences, counts, vocab


def cosmetic(text, rng):
    out = text
    tokens = out.split(" ")
    if rng.random() < 0.5:  # change the case of 1 to 3 words
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(tokens))
            tokens[i] = rng.choice((str.upper, str.lower, str.capitalize))(tokens[i])
        out = " ".join(tokens)
    if rng.random() < 0.5 and ('"' in out or "'" in out):  # curly quotes
        out = OPEN_DQ_RE.sub("\u201c", out).replace('"', "\u201d")
        out = OPEN_SQ_RE.sub("\u2018", out).replace("'", "\u2019")
    if rng.random() < 0.4:  # final period
        out = out[:-1] if out.endswith(".") else out + "."
    if out == text or rng.random() < 0.5:  # white space
        tokens = out.split(" ")
        gaps = [" "] * (len(tokens) - 1)
        for _ in range(rng.randint(1, 3)):
            gaps[rng.randrange(len(gaps))] = rng.choice(("  ", "\t", " \t", "   "))
        out = tokens[0] + "".join(g + t for g, t in zip(gaps, tokens[1:]))
    return out


def edit(text, rng, vocab):
    tokens = text.split(" ")
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(3)
        if op == 0:
            tokens[rng.randrange(len(tokens))] = rng.choice(vocab)
        elif op == 1:
            del tokens[rng.randrange(len(tokens))]
        else:
            tokens.insert(rng.randrange(len(tokens) + 1), rng.choice(vocab))
    return " ".join(tokens)


def main(argv):
    if len(argv) != 6:
        sys.exit(__doc__.split("\n\n")[1])
    n, seed = int(argv[1]), int(argv[2])
    source, out_text, out_truth = argv[3:6]
    sentences, counts, vocab = load_sentences(source)
    short = [i for i, c in enumerate(counts) if c <= 15]
    nsent = len(sentences)
    rng = Random(seed)
    random, randrange, randint = rng.random, rng.randrange, rng.randint
    kind_names = [k for k, _ in KINDS]
    kind_cum = []
    acc = 0.0
    for _, p in KINDS:
        acc += p
        kind_cum.append(acc)

    orig_sents = array("I")  # sentence indices of all originals, flat
    orig_start = array("Q", [0])  # originals' slices of orig_sents
    orig_line = array("I")  # their line numbers
    truth_lines = []
    nkind = dict.fromkeys(kind_names, 0)
    with open(out_text, "w", encoding="utf-8", newline="\n") as ft, \
            open(out_truth, "w", encoding="utf-8", newline="\n") as fr:
        buf = []
        for line in range(1, n + 1):
            if orig_line and random() < DUP_RATE:
                o = randrange(len(orig_line))
                base = " ".join(sentences[i] for i in
                                orig_sents[orig_start[o]:orig_start[o + 1]])
                r = random()
                kind = kind_names[-1]
                for name, c in zip(kind_names, kind_cum):
                    if r < c:
                        kind = name
                        break
                if kind == "exact":
                    para = base
                elif kind == "cosmetic":
                    para = cosmetic(base, rng)
                elif kind == "edit":
                    para = edit(base, rng, vocab)
                else:
                    lead = TAIL_LEADS[randrange(len(TAIL_LEADS))]
                    para = f"{base} {lead} {sentences[short[randrange(len(short))]]}"
                nkind[kind] += 1
                truth_lines.append(f"{line}\t{orig_line[o]}\t{kind}\n")
            else:
                while True:
                    idx = [randrange(nsent) for _ in range(randint(2, 5))]
                    if MIN_WORDS <= sum(counts[i] for i in idx) <= MAX_WORDS:
                        break
                para = " ".join(sentences[i] for i in idx)
                orig_sents.extend(idx)
                orig_start.append(len(orig_sents))
                orig_line.append(line)
            buf.append(para)
            if len(buf) >= 10000:
                buf.append("")
                ft.write("\n".join(buf))
                buf.clear()
                fr.writelines(truth_lines)
                truth_lines.clear()
        if buf:
            buf.append("")
            ft.write("\n".join(buf))
        fr.writelines(truth_lines)
    ndup = sum(nkind.values())
    print(f"paragraphs={n} originals={len(orig_line)} dups={ndup} "
          + " ".join(f"{k}={v}" for k, v in nkind.items())
          + f" sentences={nsent} vocab={len(vocab)}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
