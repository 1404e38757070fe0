/*
** internal.h: helpers shared by the core's stages, not part of the API.
*/
#ifndef KATA_INTERNAL_H
#define KATA_INTERNAL_H

#include "kata.h"

/* Bits of what a word segment contains: (1 << CLS_x) | (UCD_x << 16). */
#define SEEN_CLS(c) (1u << (c))
#define SEEN_FLAG(f) ((unsigned)(f) << 16)
#define SEEN_KEYCAP (1u << 30) /* U+20E3 COMBINING ENCLOSING KEYCAP */
#define SEEN_VS16 (1u << 29)   /* U+FE0F emoji presentation selector */
#define SEEN_RI (1u << 28)     /* Regional_Indicator */
#define SEEN_ZWJ (1u << 27)

/* kata_word_next that also ORs into *seen what the segment contains. */
size_t kata_word_scan(const char *s, size_t len, size_t pos, unsigned *seen);

/* Decodes one code point, ASCII inline. */
static inline size_t kata_decode(const char *s, size_t len, size_t pos,
                                 int32_t *cp) {
  unsigned char c = (unsigned char)s[pos];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  return kata_utf8_decode(s, len, pos, cp);
}

#endif
