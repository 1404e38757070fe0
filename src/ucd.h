/*
** ucd.h: the Unicode properties kata's segmenters and tokenizer look up.
** Values come from the generated table in unicode_data.h (see ucd.c).
*/
#ifndef KATA_UCD_H
#define KATA_UCD_H

#include <stdint.h>

/* Word_Break (UAX #29 table 3) */
enum {
  WB_Other, WB_CR, WB_LF, WB_Newline, WB_Extend, WB_ZWJ,
  WB_Regional_Indicator, WB_Format, WB_Katakana, WB_Hebrew_Letter,
  WB_ALetter, WB_Single_Quote, WB_Double_Quote, WB_MidNumLet, WB_MidLetter,
  WB_MidNum, WB_Numeric, WB_ExtendNumLet, WB_WSegSpace
};

/* Sentence_Break (UAX #29 table 4) */
enum {
  SB_Other, SB_CR, SB_LF, SB_Extend, SB_Sep, SB_Format, SB_Sp, SB_Lower,
  SB_Upper, SB_OLetter, SB_Numeric, SB_ATerm, SB_SContinue, SB_STerm,
  SB_Close
};

/* Coarse general category */
enum {
  CLS_OTHER,   /* Cn Co Cs */
  CLS_LETTER,  /* L* */
  CLS_MARK,    /* M* */
  CLS_DIGIT,   /* Nd */
  CLS_NUMBER,  /* Nl No */
  CLS_PUNCT,   /* P* */
  CLS_SYMBOL,  /* S* */
  CLS_SPACE,   /* Zs Zl Zp */
  CLS_CONTROL, /* Cc */
  CLS_FORMAT   /* Cf */
};

/* Binary properties */
#define UCD_EXTPICT 0x01    /* Extended_Pictographic */
#define UCD_EMOJI_PRES 0x02 /* Emoji_Presentation */
#define UCD_EMOJI_MOD 0x04  /* Emoji_Modifier */
#define UCD_WHITE 0x08      /* White_Space */
#define UCD_DASH 0x10       /* Dash */

typedef struct kata__ucd {
  uint8_t wb, sb, cls, flags;
} kata__ucd_t;

extern const kata__ucd_t kata__ucd_props[];
extern const uint16_t kata__ucd_stage1[];
extern const uint8_t kata__ucd_stage2[];

/* Properties of a code point; cp < 0 (invalid UTF-8) reads as U+FFFD. */
static inline const kata__ucd_t *kata__ucd(int32_t cp) {
  if (cp < 0 || cp > 0x10FFFF) cp = 0xFFFD;
  return &kata__ucd_props[kata__ucd_stage2[((uint32_t)kata__ucd_stage1[cp >> 8] << 8)
                                         | (cp & 0xFF)]];
}

#endif
