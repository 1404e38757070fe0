/*
** utf8.c: UTF-8 decoding that never loses or shifts a byte.
** Ill-formed input is reported one maximal subpart at a time (Unicode 3.9).
*/
#include <string.h>

#include "kata.h"

/* Lead byte -> sequence length, 0 for bytes that cannot start one. */
static const uint8_t seqlen[256] = {
  /* 0x00-0x7F */
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  /* 0x80-0xBF: continuation bytes */
  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
  /* 0xC0-0xC1 overlong, 0xC2-0xDF */
  0,0,2,2,2,2,2,2,2,2,2,2,2,2,2,2, 2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,
  /* 0xE0-0xEF */
  3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,
  /* 0xF0-0xF4, 0xF5-0xFF past U+10FFFF */
  4,4,4,4,4,0,0,0,0,0,0,0,0,0,0,0
};

size_t kata_utf8_decode(const char *str, size_t len, size_t pos, int32_t *cp) {
  const uint8_t *s = (const uint8_t *)str + pos;
  size_t avail = len - pos;
  uint8_t c = s[0];
  unsigned n = seqlen[c];
  uint8_t lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
  int32_t v;
  size_t i;
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  if (n == 0) {
    *cp = -1;
    return 1;
  }
  if (c == 0xE0) lo = 0xA0;      /* overlong */
  else if (c == 0xED) hi = 0x9F; /* surrogates */
  else if (c == 0xF0) lo = 0x90; /* overlong */
  else if (c == 0xF4) hi = 0x8F; /* past U+10FFFF */
  v = c & (0x7F >> n);
  for (i = 1; i < n; i++) {
    uint8_t b;
    if (i >= avail) {
      *cp = -1;
      return i;
    }
    b = s[i];
    if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) {
      *cp = -1;
      return i; /* the maximal subpart ends before the offending byte */
    }
    v = (v << 6) | (b & 0x3F);
  }
  *cp = v;
  return n;
}

size_t kata_utf8_validate(const char *str, size_t len) {
  const uint8_t *s = (const uint8_t *)str;
  size_t pos = 0;
  while (pos < len) {
    int32_t cp;
    /* Skip ASCII eight bytes at a time. */
    while (pos + 8 <= len) {
      uint64_t w;
      memcpy(&w, s + pos, 8);
      if (w & 0x8080808080808080ull) break;
      pos += 8;
    }
    while (pos < len && s[pos] < 0x80) pos++;
    if (pos >= len) break;
    {
      size_t n = kata_utf8_decode(str, len, pos, &cp);
      if (cp < 0) return pos;
      pos += n;
    }
  }
  return len;
}
