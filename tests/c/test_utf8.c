/*
** test_utf8.c: UTF-8 decoding by maximal subparts, and validation.
*/
#include "check.h"

/* Decodes all of s, writing each unit's length (negative when invalid). */
static int units(const char *s, size_t len, int *out) {
  size_t pos = 0;
  int n = 0;
  while (pos < len) {
    int32_t cp;
    size_t k = kata_utf8_decode(s, len, pos, &cp);
    out[n++] = cp < 0 ? -(int)k : (int)k;
    pos += k;
  }
  return n;
}

#define UNITS(lit, ...) do { \
    int got[32], want[] = {__VA_ARGS__}; \
    int n = units(lit, sizeof(lit) - 1, got); \
    check(n == (int)(sizeof want / sizeof want[0])); \
    check(memcmp(got, want, sizeof want) == 0); \
  } while (0)

int main(void) {
  int32_t cp;
  check(kata_utf8_decode("A", 1, 0, &cp) == 1 && cp == 'A');
  check(kata_utf8_decode("\xC3\xA9", 2, 0, &cp) == 2 && cp == 0xE9);
  check(kata_utf8_decode("\xE2\x82\xAC", 3, 0, &cp) == 3 && cp == 0x20AC);
  check(kata_utf8_decode("\xF0\x9F\x98\x80", 4, 0, &cp) == 4 && cp == 0x1F600);
  check(kata_utf8_decode("\xF4\x8F\xBF\xBF", 4, 0, &cp) == 4 && cp == 0x10FFFF);
  check(kata_utf8_decode("\0", 1, 0, &cp) == 1 && cp == 0);

  /* Unicode's examples of maximal subparts (Table 3-8 and neighbours). */
  UNITS("\x80", -1);                       /* stray continuation */
  UNITS("\xC0\xAF", -1, -1);               /* overlong lead, then stray */
  UNITS("\xE0\x80\x80", -1, -1, -1);       /* overlong 3-byte */
  UNITS("\xED\xA0\x80", -1, -1, -1);       /* surrogate */
  UNITS("\xF4\x90\x80\x80", -1, -1, -1, -1); /* past U+10FFFF */
  UNITS("\xF5\x80", -1, -1);
  UNITS("\xF0\x9F\x98", -3);               /* truncated: one subpart */
  UNITS("\xF0\x9F\x98" "A", -3, 1);
  UNITS("\xE2\x82" "A\xE2\x82\xAC", -2, 1, 3);
  UNITS("a\xFF" "b", 1, -1, 1);
  UNITS("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64",
        1, -3, -2, -1, 1, -1, 1, -1, -1, 1);

  check(kata_utf8_validate("", 0) == 0);
  check(kata_utf8_validate("hello, world", 12) == 12);
  check(kata_utf8_validate("ab\xC3\xA9z", 5) == 5);
  check(kata_utf8_validate("abcdefghijk\xFFz", 13) == 11);
  check(kata_utf8_validate("\xC3", 1) == 0);
  check(kata_utf8_validate("12345678\xED\xA0\x80", 11) == 8);
  return check_report("test_utf8");
}
