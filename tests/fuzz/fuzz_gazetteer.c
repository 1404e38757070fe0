/*
** fuzz_gazetteer.c: libFuzzer target for the gazetteer: kata_gazetteer_load
** on hostile TSV, kata__gaztext_prepare and kata__gazetteer_longest on
** hostile text, kata_gazetteer_add on hostile phrases.
**
** The first byte picks the options: bits 0-1 the gazetteer's flags
** (KATA_GAZ_FOLD, KATA_GAZ_NFKC); bit 7 makes the allocator fail at the
** call numbered by the second byte (which is then consumed). The rest is
** split at its first 0x00 byte: before it a TSV file, after it a text.
** Invariants:
**   - loading returns KATA_OK, KATA_EFORMAT with 1 <= errline <= the
**     number of lines and a message, or KATA_ENOMEM when the allocator
**     failed (errline then names the line being added); the size is at most
**     the number of lines;
**   - the text prepares (or fails with KATA_ENOMEM when the allocator did)
**     into tokens in order, inside the text, with forms inside the buffer;
**   - at every token the longest match covers at most the tokens left and
**     KATA_GAZ_MAX_TOKENS, has a type exactly when it covers any, and a
**     value pointer exactly when the value is not empty;
**   - every phrase of a line before errline (all lines when the load
**     succeeded) matches the whole of itself when prepared as text;
**   - the text added as a phrase gives KATA_OK (and then matches itself),
**     KATA_EINVAL (no token), KATA_ELIMIT (too long), KATA_EUTF8 (invalid
**     UTF-8) or KATA_ENOMEM (only when the allocator failed);
**   - nothing is outstanding after kata_gazetteer_free and
**     kata__gaztext_free, also after a failure.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazetteer.h"

#include "fuzz_alloc.h"

#define CHECK(cond, what)                                                    \
  do {                                                                       \
    if (!(cond)) {                                                           \
      fprintf(stderr, "fuzz_gazetteer: %s (%s:%d)\n", what, __FILE__,       \
              __LINE__);                                                     \
      abort();                                                               \
    }                                                                        \
  } while (0)

/* Checks a prepared text of s[0, len): its tokens are the tokenizer's. */
static void check_prepared(const kata__gaztext_t *t, const char *s, size_t len) {
  size_t i, prev = 0;
  kata_tokenizer_t it;
  kata_token_t tk;
  kata_tokenizer_init(&it, s, len, 0);
  for (i = 0; kata_tokenizer_next(&it, &tk); i++)
    CHECK(i < t->n && t->tok[i].start == tk.start && t->tok[i].stop == tk.stop,
          "prepared tokens are not the tokenizer's");
  CHECK(i == t->n, "more prepared tokens than the tokenizer's");
  CHECK(t->n <= t->cap || t->n == 0, "more tokens than room");
  for (i = 0; i < t->n; i++) {
    const kata__gaztok_t *tk = &t->tok[i];
    CHECK(prev <= tk->start && tk->start < tk->stop && tk->stop <= len,
          "a token out of order or outside the text");
    CHECK(tk->off <= t->forms.len && tk->len <= t->forms.len - tk->off,
          "a form outside the buffer");
    CHECK(tk->kind >= 0 && tk->kind < KATA_NKINDS && tk->kind != KATA_SPACE,
          "a bad token kind");
    prev = tk->stop;
  }
}

/* kata_gazetteer_next_at, from the text's spans, finds what
** kata__gazetteer_longest finds on the prepared text: the same next start,
** length, type and value (a failed allocation aside). */
static void check_next_at(const kata_gazetteer_t *g, const kata_allocator_t *A,
                          const kata__gaztext_t *t, const char *s, size_t len) {
  kata_gazspan_t sp[64];
  kata_buf_t scratch;
  size_t n = t->n, i, from;
  if (n > 64) return; /* a short text is enough to compare */
  for (i = 0; i < n; i++) {
    sp[i].start = t->tok[i].start;
    sp[i].stop = t->tok[i].stop;
  }
  kata_buf_init(&scratch);
  for (from = 0; from <= n; from++) {
    size_t at = from, m, k, want = 0, wm = 0, vl, wvl;
    int type, wtype = KATA_ENT_NONE, err;
    const char *v, *wv = NULL;
    for (k = from; k < n; k++)
      if ((wm = kata__gazetteer_longest(g, t, k, &wtype, &wv, &wvl)) > 0) break;
    want = k;
    m = kata_gazetteer_next_at(A, g, s, len, sp, n, &at, &scratch, &type, &v, &vl, &err);
    if (err != KATA_OK) {
      CHECK(err == KATA_ENOMEM && m == 0, "next_at: an unexpected error");
      continue;
    }
    CHECK(at == want && m == wm, "next_at and longest disagree");
    if (m) CHECK(type == wtype && vl == wvl && v == wv, "next_at: another type or value");
  }
  kata_buf_free(A, &scratch);
}

/* Checks the longest match at every token of t, s[0, len). */
static void check_matches(const kata_gazetteer_t *g, const kata__gaztext_t *t,
                          size_t len) {
  size_t i;
  for (i = 0; i <= t->n; i++) {
    int type = -1;
    const char *value = (const char *)&type;
    size_t vlen = 99;
    size_t m = kata__gazetteer_longest(g, t, i, &type, &value, &vlen);
    CHECK(m <= t->n - (i < t->n ? i : t->n), "a match past the last token");
    CHECK(m <= KATA_GAZ_MAX_TOKENS, "a match over the token limit");
    CHECK((value == NULL) == (vlen == 0), "a value pointer without a length");
    if (m == 0) {
      CHECK(type == KATA_ENT_NONE && value == NULL, "a type without a match");
    } else {
      CHECK(type > KATA_ENT_NONE && type < KATA_ENT_NTYPES, "a bad type");
      CHECK(kata_entity_type_name(type) != NULL, "a type without a name");
      CHECK(t->tok[i + m - 1].stop <= len, "a match outside the text");
    }
  }
}

/* Does the phrase p[0, n) match the whole of itself? (1, 0, or -1 when
** preparing it failed for want of memory) */
static int matches_itself(const kata_gazetteer_t *g, const kata_allocator_t *A,
                          kata__gaztext_t *t, const char *p, size_t n) {
  int rc = kata__gaztext_prepare(A, t, p, n, kata_gazetteer_flags(g)), type;
  if (rc == KATA_ENOMEM) return -1;
  CHECK(rc == KATA_OK, "preparing a phrase failed");
  return t->n > 0 && kata__gazetteer_longest(g, t, 0, &type, NULL, NULL) == t->n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  budget_t bud = {0, 0, 0, 0};
  kata_allocator_t A = {allocf, &bud};
  kata_gazetteer_t *g;
  kata__gaztext_t t;
  const char *tsv, *text, *zero, *msg = NULL;
  size_t tlen, xlen, errline = 0, lines = 0, pos, i;
  unsigned opt;
  int rc;
  if (size < 1) return 0;
  opt = data[0];
  data++;
  size--;
  if ((opt & 0x80) && size > 0) {
    bud.fail_at = 1 + data[0];
    data++;
    size--;
  }
  tsv = (const char *)data;
  zero = (const char *)memchr(data, 0, size);
  tlen = zero ? (size_t)(zero - tsv) : size;
  text = zero ? zero + 1 : tsv + size;
  xlen = zero ? size - tlen - 1 : 0;
  for (i = 0; i < tlen; i++) lines += tsv[i] == '\n';
  lines += tlen > 0 && tsv[tlen - 1] != '\n';

  kata__gaztext_init(&t);
  g = kata_gazetteer_new(&A, opt & 3);
  if (!g) {
    CHECK(bud.failed, "kata_gazetteer_new failed");
    return 0;
  }
  CHECK(kata_gazetteer_flags(g) == (opt & 3), "flags not kept");

  /* The TSV. */
  rc = kata_gazetteer_load(g, tsv, tlen, &errline, &msg);
  if (rc == KATA_OK) {
    CHECK(errline == 0 && msg == NULL, "an error line after success");
  } else {
    CHECK(rc == KATA_EFORMAT || (rc == KATA_ENOMEM && bud.failed),
          "load gave an unexpected error");
    CHECK(errline >= 1 && errline <= lines && msg != NULL, "a bad error line");
  }
  CHECK(kata_gazetteer_size(g) <= lines, "more entries than lines");
  CHECK(kata_gazetteer_memory(g) > 0, "no memory held");

  /* Every phrase added matches itself. */
  pos = (tlen >= 3 && memcmp(tsv, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
  for (i = 1; pos < tlen && (rc == KATA_OK || i < errline); i++) {
    const char *p = tsv + pos, *nl = (const char *)memchr(p, '\n', tlen - pos);
    const char *tab;
    size_t n = nl ? (size_t)(nl - p) : tlen - pos, k;
    pos += n + (nl != NULL);
    if (n > 0 && p[n - 1] == '\r') n--;
    for (k = 0; k < n && (p[k] == ' ' || p[k] == '\t'); k++) {}
    if (k == n || p[0] == '#') continue;
    tab = (const char *)memchr(p, '\t', n);
    CHECK(tab != NULL, "a line without a tab was accepted");
    CHECK(matches_itself(g, &A, &t, p, (size_t)(tab - p)) != 0,
          "an added phrase does not match itself");
  }

  /* The text. */
  rc = kata__gaztext_prepare(&A, &t, text, xlen, kata_gazetteer_flags(g));
  CHECK(rc == KATA_OK || (rc == KATA_ENOMEM && bud.failed), "prepare failed");
  if (rc == KATA_OK) {
    CHECK(t.flags == kata_gazetteer_flags(g), "text flags not kept");
    check_prepared(&t, text, xlen);
    check_matches(g, &t, xlen);
    check_next_at(g, &A, &t, text, xlen);
  } else {
    CHECK(t.n == 0, "tokens left after a failed prepare");
  }

  /* The text as a phrase. */
  rc = kata_gazetteer_add(g, text, xlen, 1 + (int)(xlen % (KATA_ENT_NTYPES - 1)),
                          text, xlen > 7 ? 7 : xlen);
  CHECK(rc == KATA_OK || rc == KATA_EINVAL || rc == KATA_ELIMIT || rc == KATA_EUTF8 ||
            (rc == KATA_ENOMEM && bud.failed),
        "add gave an unexpected error");
  if (rc == KATA_OK) {
    int type;
    const char *value;
    size_t vlen;
    CHECK(xlen <= KATA_GAZ_MAX_PHRASE, "a phrase over the byte limit");
    if (matches_itself(g, &A, &t, text, xlen) >= 0) {
      CHECK(t.n >= 1 && t.n <= KATA_GAZ_MAX_TOKENS, "a phrase over the token limit");
      CHECK(kata__gazetteer_longest(g, &t, 0, &type, &value, &vlen) == t.n,
            "the text does not match itself");
      CHECK(type == 1 + (int)(xlen % (KATA_ENT_NTYPES - 1)), "the type not kept");
      CHECK(vlen == (xlen > 7 ? 7 : xlen) && memcmp(value, text, vlen) == 0,
            "the value not kept");
    }
  } else if (rc == KATA_EUTF8) {
    CHECK(kata_utf8_validate(text, xlen) < xlen, "valid UTF-8 refused");
  } else if (rc != KATA_ENOMEM && xlen <= KATA_GAZ_MAX_PHRASE &&
             kata__gaztext_prepare(&A, &t, text, xlen, kata_gazetteer_flags(g)) == KATA_OK) {
    if (rc == KATA_EINVAL) CHECK(t.n == 0, "a phrase with tokens refused");
    else CHECK(t.n > KATA_GAZ_MAX_TOKENS, "a phrase within the limits refused");
  }

  kata_gazetteer_free(g);
  kata__gaztext_free(&A, &t);
  CHECK(bud.live == 0, "memory left outstanding");
  return 0;
}
