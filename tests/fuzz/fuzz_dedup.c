/*
** fuzz_dedup.c: libFuzzer target for the paragraph splitter
** (kata_paragraph_mode, kata_paragraph_next, kata_trim) and for
** kata_duplicates.
**
** Paragraphs, over the whole input (the bytes after the option bytes), in
** every mode (BLANK, LINE, WRAP and AUTO resolved):
**   - each call moves *pos forward and returns a span with
**     prev stop <= start < stop <= *pos <= len (so the walk ends);
**   - the span is trimmed: kata_trim leaves it as it is;
**   - a LINE paragraph holds no line end (LF, CR, NEL, U+2028, U+2029);
**   - a BLANK or WRAP paragraph starts where a LINE paragraph starts and
**     stops where one stops (both only ever join whole lines), and WRAP
**     never makes more paragraphs than LINE;
**   - kata_paragraph_mode gives BLANK exactly when blank lines split the
**     text into two or more paragraphs, else WRAP; a second walk gives the
**     same spans (the functions are pure).
**
** Duplicates: the input is split into paragraphs and kata_duplicates runs on
** them through a counting allocator. The first byte picks the options:
**   bits 0-1  how to split: 0 AUTO, 1 BLANK, 2 LINE, 3 raw at every LF
**             (untrimmed, empty pieces kept: what an array from Lua holds)
**   bit 2     exact only (near = 0)       bit 3  containment
**   bits 4-6  shingle = 1 + value % 5
**   bit 7     make the allocator fail at the call numbered by the third byte
** The second byte: bits 0-3 threshold (value / 10, 11 to 15: 0.8), bits 4-6
** min_words, bit 7 a custom boilerplate list (with a one-letter prefix).
** Invariants, for every paragraph i of n:
**   - kind is 0, KATA_DUP_EXACT, KATA_DUP_NEAR or KATA_DUP_TEASER, and 0
**     exactly when dup_of is KATA_NO_DUP;
**   - dup_of < n, dup_of != i, dup_of < i unless a teaser, and dup_of is
**     itself no duplicate (a duplicate points at a first occurrence);
**   - exact and teaser: similarity 1; near: only with near = 1 and
**     threshold <= similarity <= 1;
**   - a paragraph byte for byte equal to an earlier one is a duplicate;
**   - every duplicate found with near = 0 is found with near = 1 too, and a
**     second run gives the same answer;
**   - the call returns KATA_OK, or KATA_ENOMEM when the allocator failed,
**     and nothing is outstanding afterwards (also after a failure).
**
** -DFUZZ_KNOWN_BUGS steers around the bugs reported with
** tests/spec/10-duplicates_spec.lua (a copy of a teaser reported as an
** exact duplicate of a later paragraph; NULL + 0 in dedup.c when no
** paragraph has a word, none normalises to anything, or a paragraph in the
** near search has fewer words than a shingle), so that a long run can look
** for others.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata.h"

#include "fuzz_alloc.h"

#define CHECK(cond, what)                                                   \
  do {                                                                      \
    if (!(cond)) {                                                          \
      fprintf(stderr, "fuzz_dedup: %s: %s (%s:%d)\n", stage, what,         \
              __FILE__, __LINE__);                                          \
      abort();                                                              \
    }                                                                       \
  } while (0)

static const char *stage = "paragraphs";

/* A growable array of spans. */
typedef struct spans {
  size_t *a, *b, n, cap;
} spans_t;

static void spans_push(spans_t *v, size_t a, size_t b) {
  if (v->n == v->cap) {
    v->cap = v->cap ? v->cap * 2 : 64;
    v->a = (size_t *)realloc(v->a, v->cap * sizeof *v->a);
    v->b = (size_t *)realloc(v->b, v->cap * sizeof *v->b);
    CHECK(v->a && v->b, "out of memory in the harness");
  }
  v->a[v->n] = a;
  v->b[v->n] = b;
  v->n++;
}

static void spans_free(spans_t *v) {
  free(v->a);
  free(v->b);
  memset(v, 0, sizeof *v);
}

/* Is there a line end (LF, CR, NEL, U+2028, U+2029) in s[a, b)? */
static int has_line_end(const char *s, size_t a, size_t b) {
  size_t i;
  for (i = a; i < b; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\n' || c == '\r') return 1;
    if (c == 0xC2 && i + 1 < b && (unsigned char)s[i + 1] == 0x85) return 1;
    if (c == 0xE2 && i + 2 < b && (unsigned char)s[i + 1] == 0x80 &&
        ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9))
      return 1;
  }
  return 0;
}

/* Walks the paragraphs of s in mode, checking the walk; fills *v. */
static void walk(const char *s, size_t len, kata_parmode_t mode, spans_t *v) {
  size_t pos = 0, prev_stop = 0, prev_pos = 0, a, b;
  v->n = 0;
  while (kata_paragraph_next(s, len, &pos, mode, &a, &b)) {
    size_t x = a, y = b;
    CHECK(prev_stop <= a && a < b && b <= pos && pos <= len,
          "paragraph out of order or outside the text");
    CHECK(pos > prev_pos, "the walk did not move");
    kata_trim(s, &x, &y);
    CHECK(x == a && y == b, "paragraph not trimmed");
    if (mode == KATA_PAR_LINE) CHECK(!has_line_end(s, a, b), "a LINE paragraph spans lines");
    spans_push(v, a, b);
    prev_stop = b;
    prev_pos = pos;
  }
  CHECK(pos == len, "the walk stopped before the end");
}

/* Is x one of the sorted values v[0, n)? */
static int member(const size_t *v, size_t n, size_t x) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (v[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo < n && v[lo] == x;
}

static void check_paragraphs(const char *s, size_t len) {
  spans_t line = {0}, blank = {0}, wrap = {0}, again = {0};
  kata_parmode_t mode = kata_paragraph_mode(s, len);
  size_t i;
  int k;
  CHECK(mode == KATA_PAR_BLANK || mode == KATA_PAR_WRAP, "AUTO resolves to BLANK or WRAP");
  walk(s, len, KATA_PAR_LINE, &line);
  walk(s, len, KATA_PAR_BLANK, &blank);
  walk(s, len, KATA_PAR_WRAP, &wrap);
  for (k = 0; k < 2; k++) {
    spans_t *v = k ? &wrap : &blank;
    for (i = 0; i < v->n; i++) {
      CHECK(member(line.a, line.n, v->a[i]), "a paragraph starts inside a line");
      CHECK(member(line.b, line.n, v->b[i]), "a paragraph stops inside a line");
    }
  }
  CHECK(wrap.n <= line.n && blank.n <= line.n, "more paragraphs than lines");
  if (blank.n >= 2) CHECK(mode == KATA_PAR_BLANK, "blank lines split the text, but AUTO is WRAP");
  if (mode == KATA_PAR_BLANK) CHECK(blank.n >= 2, "AUTO is BLANK, but no blank line splits the text");
  walk(s, len, KATA_PAR_WRAP, &again);
  CHECK(again.n == wrap.n, "a second walk differs");
  for (i = 0; i < again.n; i++)
    CHECK(again.a[i] == wrap.a[i] && again.b[i] == wrap.b[i], "a second walk differs");
  spans_free(&line);
  spans_free(&blank);
  spans_free(&wrap);
  spans_free(&again);
}

#ifdef FUZZ_KNOWN_BUGS
/* A first paragraph of five words keeps the core's buffers from being NULL
** when every other paragraph normalises to nothing. */
#define SENTINEL 1
#else
#define SENTINEL 0
#endif

static const char *const custom_tails[] = {"sumber:", "baca juga", "x", NULL};

/* Checks one result of kata_duplicates on n paragraphs. */
static void check_result(const kata_dup_t *out, size_t n, const kata_dedup_opts_t *o) {
  size_t i;
  for (i = 0; i < n; i++) {
    const kata_dup_t *d = &out[i];
    if (d->dup_of == KATA_NO_DUP) {
      CHECK(d->kind == 0, "a kind without dup_of");
      continue;
    }
    CHECK(d->kind == KATA_DUP_EXACT || d->kind == KATA_DUP_NEAR || d->kind == KATA_DUP_TEASER,
          "invalid kind");
    CHECK(d->dup_of < n, "dup_of out of range");
    CHECK(d->dup_of != i, "a paragraph is its own duplicate");
#ifndef FUZZ_KNOWN_BUGS
    CHECK(d->dup_of < i || d->kind == KATA_DUP_TEASER, "dup_of after the paragraph");
#else /* a copy of a teaser is an "exact" duplicate of the teaser's target */
    CHECK(d->dup_of < i || d->kind != KATA_DUP_NEAR, "dup_of after the paragraph");
#endif
    CHECK(out[d->dup_of].dup_of == KATA_NO_DUP, "dup_of points at another duplicate");
    if (d->kind == KATA_DUP_NEAR) {
      CHECK(o->near, "a near duplicate with near = 0");
      CHECK(d->similarity >= o->threshold && d->similarity <= 1, "near similarity out of range");
    } else {
      CHECK(d->similarity == 1, "exact or teaser similarity not 1");
    }
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  budget_t bud = {0, 0, 0, 0};
  kata_allocator_t A = {allocf, &bud};
  kata_dedup_opts_t o;
  spans_t v = {0};
  const char *s, **texts = NULL;
  size_t len, n, i, j, *lens = NULL;
  kata_dup_t *out = NULL, *out2 = NULL;
  unsigned char opt, opt2;
  int rc, split;
  if (size < 2) return 0;
  opt = data[0];
  opt2 = data[1];
  s = (const char *)data + 2;
  len = size - 2;
  if ((opt & 0x80) && len > 0) {
    bud.fail_at = 1 + (unsigned char)s[0] % 32;
    s++;
    len--;
  }

  stage = "paragraphs";
  check_paragraphs(s, len);

  stage = "duplicates";
  split = opt & 3;
  if (split == 3) { /* raw pieces between LFs */
    size_t a = 0;
    for (i = 0; i <= len; i++)
      if (i == len || s[i] == '\n') {
        spans_push(&v, a, i);
        a = i + 1;
      }
  } else {
    kata_parmode_t mode = split == 0   ? kata_paragraph_mode(s, len)
                          : split == 1 ? KATA_PAR_BLANK
                                       : KATA_PAR_LINE;
    walk(s, len, mode, &v);
  }
  n = v.n + SENTINEL;
  texts = (const char **)malloc((n ? n : 1) * sizeof *texts);
  lens = (size_t *)malloc((n ? n : 1) * sizeof *lens);
  out = (kata_dup_t *)malloc((n ? n : 1) * sizeof *out);
  out2 = (kata_dup_t *)malloc((n ? n : 1) * sizeof *out2);
  CHECK(texts && lens && out && out2, "out of memory in the harness");
  if (SENTINEL) {
    texts[0] = "satu dua tiga empat lima";
    lens[0] = strlen(texts[0]);
  }
  for (i = SENTINEL; i < n; i++) {
    texts[i] = s + v.a[i - SENTINEL];
    lens[i] = v.b[i - SENTINEL] - v.a[i - SENTINEL];
  }

  memset(&o, 0, sizeof o);
  o.near = !(opt & 4);
  o.containment = (opt & 8) != 0;
  o.shingle = 1 + (opt >> 4 & 7) % 5;
  o.threshold = (opt2 & 15) <= 10 ? (opt2 & 15) / 10.0 : 0.8;
  o.min_words = opt2 >> 4 & 7;
  o.tails = (opt2 & 0x80) ? custom_tails : NULL;
#ifdef FUZZ_KNOWN_BUGS
  /* A paragraph with fewer words than a shingle in the near search makes
  ** shingles_of() offset a NULL buffer (UBSan). */
  if (o.min_words < (size_t)o.shingle) o.min_words = (size_t)o.shingle;
#endif

  rc = kata_duplicates(&A, texts, lens, n, &o, out);
  CHECK(bud.live == 0, "memory left outstanding");
  if (bud.failed) {
    CHECK(rc == KATA_OK || rc == KATA_ENOMEM, "an allocation failed, but not with KATA_ENOMEM");
  } else {
    CHECK(rc == KATA_OK, "kata_duplicates failed");
  }
  if (rc == KATA_OK && !bud.failed) {
    check_result(out, n, &o);
    /* Byte-identical paragraphs: the later one is a duplicate. */
    if (n <= 512)
      for (i = 1; i < n; i++)
        for (j = 0; j < i; j++)
          if (lens[i] == lens[j] && memcmp(texts[i], texts[j], lens[i]) == 0) {
            CHECK(out[i].dup_of != KATA_NO_DUP, "an identical paragraph is no duplicate");
            break;
          }
    /* The same again: the same answer. */
    bud.fail_at = 0;
    rc = kata_duplicates(&A, texts, lens, n, &o, out2);
    CHECK(rc == KATA_OK && bud.live == 0, "second run failed or leaked");
    for (i = 0; i < n; i++)
      CHECK(out[i].dup_of == out2[i].dup_of && out[i].kind == out2[i].kind &&
                out[i].similarity == out2[i].similarity,
            "a second run differs");
    /* Exact only: a subset of the duplicates. */
    if (o.near) {
      o.near = 0;
      rc = kata_duplicates(&A, texts, lens, n, &o, out2);
      CHECK(rc == KATA_OK && bud.live == 0, "exact run failed or leaked");
      check_result(out2, n, &o);
      for (i = 0; i < n; i++)
        if (out2[i].dup_of != KATA_NO_DUP)
          CHECK(out[i].dup_of != KATA_NO_DUP, "a duplicate with near = 0 is none with near = 1");
    }
  }
  /* Bad options are refused before any allocation. */
  o.near = 1;
  o.shingle = 6;
  CHECK(kata_duplicates(&A, texts, lens, n, &o, out2) == KATA_EINVAL, "shingle 6 accepted");
  o.shingle = 1;
  o.threshold = 1.5;
  CHECK(kata_duplicates(&A, texts, lens, n, &o, out2) == KATA_EINVAL, "threshold 1.5 accepted");
  CHECK(bud.live == 0, "memory left outstanding after bad options");

  free(texts);
  free(lens);
  free(out);
  free(out2);
  spans_free(&v);
  return 0;
}
