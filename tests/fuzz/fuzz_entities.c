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
** the types kept (0: all).
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
  }
  kata_tagger_trim(tagger);
  live = tb.live;
  tb.calls = 0;
  tb.failed = 0;
  tb.fail_at = 0;
  memset(&o, 0, sizeof o);
  if ((data[0] >> 1) & 15) o.types = ((unsigned)(data[0] >> 1) & 15) * 0x111u;
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
  CHECK(rc == KATA_OK || (rc == KATA_ENOMEM && tb.failed), "unexpected result");
  if (rc == KATA_OK) {
    for (i = 0; i < n; i++) {
      CHECK(e[i].start < e[i].stop && e[i].stop <= len, "span out of the text");
      CHECK(i == 0 || e[i - 1].stop <= e[i].start, "overlap or order");
      CHECK(e[i].type >= 1 && e[i].type <= 12, "type");
      CHECK(memchr(e[i].value, 0, sizeof e[i].value) != NULL, "value not terminated");
      if (o.types) CHECK(o.types & (1u << e[i].type), "a type not asked for");
    }
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
