/*
** fuzz_segment.c: libFuzzer target for kata_word_next and kata_sentence_next.
**
** First the decoder the checks rely on: walking the input with
** kata_utf8_decode, each valid code point is what utf8proc_iterate reads
** there (same value, same length), each invalid unit is one utf8proc
** rejects, and kata_utf8_validate returns the offset of the first one.
**
** Then over the whole input, for both segmenters, from pos = 0 to the end:
**   - every call returns next with pos < next <= len (so the walk ends);
**   - next lands on a code point boundary, as kata_utf8_decode walks the
**     text from offset 0 (an invalid maximal subpart counts as one unit);
**   - next never splits CR LF (WB3, SB3);
**   - the functions are stateless, as kata.h says: scanning the suffix
**     s[pos, len) from 0 gives the same segment (next - pos), and a second
**     call on the same arguments gives the same answer.
** libFuzzer hands the input over in a heap block of exactly its size, so
** ASan reports any read past the end (or before the start).
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <utf8proc.h>

#include "kata.h"

#define CHECK(cond, what)                                                   \
  do {                                                                      \
    if (!(cond)) {                                                          \
      fprintf(stderr, "fuzz_segment: %s: %s (%s:%d)\n", stage, what,      \
              __FILE__, __LINE__);                                          \
      abort();                                                              \
    }                                                                       \
  } while (0)

static const char *stage = "utf8";

typedef size_t (*next_f)(const char *s, size_t len, size_t pos);

/* Marks every offset where a code point (or invalid subpart) starts. */
static unsigned char *cp_starts(const char *s, size_t len) {
  unsigned char *mark = (unsigned char *)calloc(len + 1, 1);
  size_t pos = 0, firstbad = len;
  CHECK(mark != NULL, "out of memory");
  while (pos < len) {
    int32_t cp;
    utf8proc_int32_t ucp;
    size_t n = kata_utf8_decode(s, len, pos, &cp);
    utf8proc_ssize_t un = utf8proc_iterate((const utf8proc_uint8_t *)s + pos,
                                           (utf8proc_ssize_t)(len - pos), &ucp);
    CHECK(n >= 1 && n <= 4 && n <= len - pos, "kata_utf8_decode length");
    if (cp >= 0) {
      CHECK(un == (utf8proc_ssize_t)n && ucp == cp,
            "kata_utf8_decode disagrees with utf8proc_iterate");
    } else {
      CHECK(cp == -1 && un < 0, "kata_utf8_decode rejects valid UTF-8");
      if (firstbad == len) firstbad = pos;
    }
    mark[pos] = 1;
    pos += n;
  }
  CHECK(kata_utf8_validate(s, len) == firstbad,
        "kata_utf8_validate is not the first invalid offset");
  mark[len] = 1;
  return mark;
}

static void walk(next_f next, const char *name, const char *s, size_t len,
                 const unsigned char *mark) {
  size_t pos = 0;
  stage = name;
  while (pos < len) {
    size_t end = next(s, len, pos);
    CHECK(end > pos, "boundary does not advance");
    CHECK(end <= len, "boundary past the end");
    CHECK(mark[end], "boundary inside a code point");
    CHECK(!(end < len && s[end - 1] == '\r' && s[end] == '\n'),
          "boundary between CR and LF");
    CHECK(next(s, len, pos) == end, "not deterministic");
    /* Stateless: the same segment from the suffix alone. */
    CHECK(next(s + pos, len - pos, 0) == end - pos,
          "depends on the text before pos");
    pos = end;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  unsigned char *mark;
  if (size == 0) return 0;
  stage = "utf8";
  mark = cp_starts(s, size);
  walk(kata_word_next, "word", s, size, mark);
  walk(kata_sentence_next, "sentence", s, size, mark);
  free(mark);
  return 0;
}
