/*
** test_unicode.c: the generated tables agree with utf8proc, which is built
** from the same Unicode version, on every code point.
*/
#include <utf8proc.h>

#include "check.h"
#include "internal.h"
#include "ucd.h"

static int coarse(utf8proc_category_t c) {
  switch (c) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: return CLS_LETTER;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME: return CLS_MARK;
    case UTF8PROC_CATEGORY_ND: return CLS_DIGIT;
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO: return CLS_NUMBER;
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS: case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO: return CLS_PUNCT;
    case UTF8PROC_CATEGORY_SM: case UTF8PROC_CATEGORY_SC:
    case UTF8PROC_CATEGORY_SK: case UTF8PROC_CATEGORY_SO: return CLS_SYMBOL;
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP: return CLS_SPACE;
    case UTF8PROC_CATEGORY_CC: return CLS_CONTROL;
    case UTF8PROC_CATEGORY_CF: return CLS_FORMAT;
    default: return CLS_OTHER;
  }
}

int main(void) {
  int32_t cp;
  long mismatches = 0;
  check(strcmp(kata_unicode_version(), utf8proc_unicode_version()) == 0);
  for (cp = 0; cp <= 0x10FFFF; cp++) {
    if (kata__ucd(cp)->cls != coarse(utf8proc_category(cp))) {
      if (mismatches++ < 5)
        fprintf(stderr, "U+%04X: class %d, utf8proc says %d\n", (unsigned)cp,
                kata__ucd(cp)->cls, coarse(utf8proc_category(cp)));
    }
  }
  check(mismatches == 0);

  { /* the tokenizer's ASCII table agrees with the generated one */
    int c, bad = 0;
    for (c = 0; c < 128; c++)
      if (kata__ascii_lone[c] && (kata__ascii_lone[c] != kata__ucd(c)->cls || c == '_' ||
                                 kata__ucd(c)->wb == WB_ExtendNumLet))
        bad++;
    check(bad == 0);
  }
  check(kata__ucd('a')->wb == WB_ALetter && kata__ucd('a')->sb == SB_Lower);
  check(kata__ucd('7')->wb == WB_Numeric && kata__ucd('7')->cls == CLS_DIGIT);
  check(kata__ucd('.')->wb == WB_MidNumLet && kata__ucd('.')->sb == SB_ATerm);
  check(kata__ucd(0x2019)->wb == WB_MidNumLet);
  check(kata__ucd(0x30A2)->wb == WB_Katakana);
  check(kata__ucd(0x05D0)->wb == WB_Hebrew_Letter);
  check(kata__ucd(0x1F1EE)->wb == WB_Regional_Indicator);
  check(kata__ucd(0x200D)->wb == WB_ZWJ);
  check(kata__ucd(0x1F600)->flags & UCD_EXTPICT);
  check(kata__ucd(0x1F600)->flags & UCD_EMOJI_PRES);
  check(kata__ucd(0x1F3FD)->flags & UCD_EMOJI_MOD);
  check(!(kata__ucd(0xA9)->flags & UCD_EMOJI_PRES) && (kata__ucd(0xA9)->flags & UCD_EXTPICT));
  check(kata__ucd(0x3000)->flags & UCD_WHITE);
  check(kata__ucd(-1) == kata__ucd(0xFFFD));
  check(kata__ucd(0x110000) == kata__ucd(0xFFFD));
  check(kata__ucd(0x4E00)->cls == CLS_LETTER); /* inside a First/Last range */
  check(kata__ucd(0xE000)->cls == CLS_OTHER);  /* private use */
  return check_report("test_unicode");
}
