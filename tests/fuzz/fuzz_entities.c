/*
** fuzz_entities.c: libFuzzer target for the entity tagger (kata_entities),
** with the built-in data and, when the input has a NUL byte, a gazetteer
** of the phrases before it (one a line, typed by the line's first byte).
**
** Invariants: the call returns KATA_OK, or KATA_ENOMEM when the allocator
** failed; the entities are in text order, never overlap, lie within the
** text with start < stop, have a type from 1 to 12 and a NUL-terminated
** value; a second run gives the same entities; nothing is outstanding
** afterwards (also after a failure). The first byte: bit 0 makes the
** allocator fail at the call numbered by the second byte; bits 1-4 pick
** the types kept (0: all); bit 5 asks for the rules alone (no_model).
**
** Bit 6 fuzzes the name model's weights instead (kata_tagger_model): with
** bit 7 the bytes after the first two are given as they are (the header
** and checksum checks); without it they become a well-formed file of
** 2^(3 + byte 1 % 8) buckets whose bitmap and rows are those bytes, with
** the right count and checksum (hostile weights the scorer must take).
** Loaded weights then tag a fixed text (the invariants above); the
** built-in model is put back after.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entities/gazetteer.h"
#include "kata.h"

#include "fuzz_alloc.h"

#define CHECK(cond, what)                                                       \
  do {                                                                          \
    if (!(cond)) {                                                              \
      fprintf(stderr, "fuzz_entities: %s (%s:%d)\n", what, __FILE__, __LINE__); \
      abort();                                                                  \
    }                                                                           \
  } while (0)

static budget_t tb; /* the tagger's allocator, shared by every run */
static kata_tagger_t *tagger;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The entities of s[0, len) by rc and e[0, n): in order, within s. */
static void check_entities(int rc, const kata_ent_t *e, size_t n, size_t len, unsigned types) {
  size_t i;
  CHECK(rc == KATA_OK || (rc == KATA_ENOMEM && tb.failed), "unexpected result");
  if (rc != KATA_OK) return;
  for (i = 0; i < n; i++) {
    CHECK(e[i].start < e[i].stop && e[i].stop <= len, "span out of the text");
    CHECK(i == 0 || e[i - 1].stop <= e[i].start, "overlap or order");
    CHECK(e[i].type >= 1 && e[i].type <= 12, "type");
    CHECK(memchr(e[i].value, 0, sizeof e[i].value) != NULL, "value not terminated");
    if (types) CHECK(types & (1u << e[i].type), "a type not asked for");
  }
}

static uint32_t fnv1a(const unsigned char *p, size_t n) {
  uint32_t h = 2166136261u;
  size_t i;
  for (i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
  return h;
}

static const char MODEL_TEXT[] =
    "JAKARTA, Kompas.com - Presiden Joko Widodo bertemu Menteri Keuangan Sri Mulyani di "
    "Istana Bogor, Senin (3/4).\n\nLONDON (Reuters) - The Bank of England's Claire Hollis "
    "said Acme Corp's O'Neil would visit New York's Central Park.\nVilla\n\nAston";

/* Weights from the fuzzer's bytes, loaded, used, and the built-in ones
** back. */
static void fuzz_model(const uint8_t *data, size_t size) {
  const uint8_t *body = data + 2;
  size_t blen = size - 2, buckets = (size_t)1 << (3 + data[1] % 8), bmap = buckets / 8, used = 0,
         plen, i, n = 0, live;
  unsigned char *file = NULL, *pay;
  char head[256];
  int hl, rc;
  kata_ent_t *e = NULL;
  if (data[0] & 128) {
    file = (unsigned char *)malloc(blen + 1);
    CHECK(file != NULL, "malloc");
    if (blen) memcpy(file, body, blen);
    plen = blen;
  } else {
    for (i = 0; i < bmap; i++) {
      unsigned b = blen ? body[i % blen] : 0;
      while (b) used += b & 1u, b >>= 1;
    }
    plen = bmap + used * 14;
    file = (unsigned char *)malloc(sizeof head + plen);
    CHECK(file != NULL, "malloc");
    pay = file + sizeof head;
    for (i = 0; i < plen; i++) pay[i] = blen ? body[i % blen] : 0;
    hl = snprintf(head, sizeof head,
                  "kata-ner 1 features=1 labels=O,B-PER,I-PER,B-LOC,I-LOC,B-ORG,I-ORG "
                  "buckets=%u used=%u hash=fnv1a32 checksum=%08x rules=%s\n",
                  (unsigned)buckets, (unsigned)used, (unsigned)fnv1a(pay, plen),
                  (data[0] & 32) ? "no" : "yes");
    CHECK(hl > 0 && (size_t)hl < sizeof head, "header");
    memmove(file + sizeof head - (size_t)hl, head, (size_t)hl);
    memmove(file, file + sizeof head - (size_t)hl, (size_t)hl + plen);
    plen += (size_t)hl;
  }
  live = tb.live;
  if (data[0] & 1) tb.fail_at = 1 + data[2 % size];
  rc = kata_tagger_model(tagger, file, plen);
  free(file); /* copied */
  CHECK(rc == KATA_OK || rc == KATA_EFORMAT || (rc == KATA_ENOMEM && tb.failed), "model result");
  if (!(data[0] & 128)) CHECK(rc != KATA_EFORMAT, "a well-formed file refused");
  if (rc != KATA_OK) CHECK(tb.live == live, "memory outstanding after a refusal");
  if (rc == KATA_OK) {
    rc = kata_entities(tagger, MODEL_TEXT, sizeof MODEL_TEXT - 1, NULL, &e, &n);
    check_entities(rc, e, n, sizeof MODEL_TEXT - 1, 0);
    if (rc == KATA_OK) kata_entities_free(tagger, e, n);
  }
  tb.fail_at = 0;
  /* the built-in weights back, loaded now: the next run starts as this one did */
  CHECK(kata_tagger_model(tagger, "", 0) == KATA_OK, "built-in model back");
  CHECK(kata_entities(tagger, "x", 1, NULL, &e, &n) == KATA_OK, "built-in model loaded");
  kata_entities_free(tagger, e, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  kata_allocator_t A = {allocf, &tb};
  kata_ent_opts_t o;
  kata_gazetteer_t *g = NULL;
  kata_ent_t *e = NULL, *e2 = NULL;
  size_t n = 0, n2 = 0, i, live;
  const char *s;
  size_t len;
  const uint8_t *nul;
  int rc;
  if (size < 2) return 0;
  if (!tagger) {
    tagger = kata_tagger_new(&A);
    CHECK(tagger != NULL, "tagger_new");
    /* the built-in model loaded once: every run starts with it */
    CHECK(kata_entities(tagger, "x", 1, NULL, &e, &n) == KATA_OK, "built-in model loaded");
    kata_entities_free(tagger, e, n);
    n = 0;
  }
  kata_tagger_trim(tagger);
  live = tb.live;
  tb.calls = 0;
  tb.failed = 0;
  tb.fail_at = 0;
  if (data[0] & 64) {
    fuzz_model(data, size);
    kata_tagger_trim(tagger);
    CHECK(tb.live == live, "memory outstanding");
    return 0;
  }
  memset(&o, 0, sizeof o);
  if ((data[0] >> 1) & 15) o.types = ((unsigned)(data[0] >> 1) & 15) * 0x111u;
  o.no_model = (data[0] & 32) != 0;
  s = (const char *)data + 2;
  len = size - 2;
  nul = (const uint8_t *)memchr(s, 0, len);
  if (nul) { /* a gazetteer of the lines before the NUL */
    const char *p = s, *end = (const char *)nul;
    g = kata_gazetteer_new(&A, (unsigned)data[1] & 3);
    CHECK(g != NULL, "gazetteer_new");
    while (p < end) {
      const char *q = memchr(p, '\n', (size_t)(end - p));
      if (!q) q = end;
      if (q > p + 1)
        kata_gazetteer_add(g, p + 1, (size_t)(q - p - 1), 1 + (unsigned char)*p % 12, NULL, 0);
      p = q + 1;
    }
    o.gazetteers = &g;
    o.ngazetteers = 1;
    len -= (size_t)((const char *)nul + 1 - s);
    s = (const char *)nul + 1;
  }
  if (data[0] & 1) tb.fail_at = 1 + data[1];
  rc = kata_entities(tagger, s, len, &o, &e, &n);
  check_entities(rc, e, n, len, o.types);
  if (rc == KATA_OK) {
    if (!tb.failed) {
      tb.fail_at = 0;
      rc = kata_entities(tagger, s, len, &o, &e2, &n2);
      CHECK(rc == KATA_OK, "second run");
      CHECK(n2 == n, "second run differs");
      for (i = 0; i < n; i++)
        CHECK(e[i].start == e2[i].start && e[i].stop == e2[i].stop && e[i].type == e2[i].type &&
              strcmp(e[i].value, e2[i].value) == 0, "second run differs");
      kata_entities_free(tagger, e2, n2);
    }
    kata_entities_free(tagger, e, n);
  }
  tb.fail_at = 0;
  kata_gazetteer_free(g);
  kata_tagger_trim(tagger); /* its working memory, kept between calls */
  CHECK(tb.live == live, "memory outstanding");
  return 0;
}
