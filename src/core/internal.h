/*
** internal.h: helpers shared by the core's stages, not part of the API.
*/
#ifndef KATA_INTERNAL_H
#define KATA_INTERNAL_H

#include <string.h>

#include "kata.h"
#include "unicode/ucd.h"

/* Private to the core: never exported from a shared build. */
#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility push(hidden)
#endif

/* Bits of what a word segment contains: (1 << CLS_x) | (UCD_x << 16). */
#define SEEN_CLS(c) (1u << (c))
#define SEEN_FLAG(f) ((unsigned)(f) << 16)
#define SEEN_KEYCAP (1u << 30) /* U+20E3 COMBINING ENCLOSING KEYCAP */
#define SEEN_VS16 (1u << 29)   /* U+FE0F emoji presentation selector */
#define SEEN_RI (1u << 28)     /* Regional_Indicator */
#define SEEN_ZWJ (1u << 27)
#define SEEN_COLON (1u << 25)  /* a ':' joined two letters (WB6, WB7) */
#define SEEN_FIRST(cls) ((unsigned)(cls) << 21) /* class of the first code point */
#define SEEN_FIRST_CLS(seen) (((seen) >> 21) & 0xF)


/* Decodes one code point, ASCII inline. */
static inline size_t kata__decode(const char *s, size_t len, size_t pos,
                                 int32_t *cp) {
  unsigned char c = (unsigned char)s[pos];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  return kata_utf8_decode(s, len, pos, cp);
}

/* Makes room for index n in the array *p of *cap elements of esz bytes,
** zero-filling the new part (buf.c). */
int kata__grow(const kata_allocator_t *A, void **p, size_t *cap, size_t n,
              size_t esz);

/* Is the line end at s[i] a hard wrap inside a paragraph (paragraphs.c)? */
int kata__soft_break(const char *s, size_t len, size_t i);

/* Indonesian affixes (text/affix.c): does the folded word w[0, n) carry a
** verb's affix; is w a noun of peN-/per-/ke-...-an, its first letter in
** either case. */
int kata__id_verb(const char *w, size_t n);

/* Adds to t every English word whose Zipf frequency (kata_word_zipf) is
** min or more (keyphrase.c): 0 or an error code. */
struct kata_strtab;
int kata__frequent_words(struct kata_strtab *t, double min);
int kata__id_nominal(const char *w, size_t n);

/* The next sentence boundary after pos that is not a hard wrap: where
** n-grams and key phrases must stop (paragraphs.c). */
size_t kata__phrase_next(const char *s, size_t len, size_t pos);

/* A consumer of a text in pieces: returns KATA_OK or an error code. */
typedef int (*kata__text_f)(void *ud, const char *s, size_t len);

/* kata_unique_paragraphs' text in pieces (paragraphs.c): fn gets whole
** distinct paragraphs joined by blank lines ("\n\n"), a piece once it
** reaches chunk bytes (chunk 0: one piece); the pieces joined by "\n\n"
** are kata_unique_paragraphs' text. None for a text without paragraphs. */
/* kata_keyphrase_run in parts (keyphrase.c): begin, then add each part
** of the text (runs of whole paragraphs, parted by blank lines: the
** parts of kata__unique_paragraphs_each), then end; memory follows the
** candidates, not the text. */
void kata__keyphrase_begin(kata_keyphrase_t *k);
int kata__keyphrase_add(kata_keyphrase_t *k, const char *s, size_t len,
                        const kata_keyphrase_opts_t *o);
int kata__keyphrase_end(kata_keyphrase_t *k, const kata_keyphrase_opts_t *o, size_t n);

int kata__unique_paragraphs_each(const kata_allocator_t *A, const char *s, size_t len,
                                 size_t chunk, kata__text_f fn, void *ud);

size_t kata__word_scan_from(const char *s, size_t len, size_t i, int raw,
                           int prev, int prev2, unsigned seen, unsigned *seenp);
size_t kata__word_scan_slow(const char *s, size_t len, size_t pos,
                           unsigned *seenp);

#define IS_ASCII_LETTER(c) ((unsigned)(((c) | 0x20) - 'a') < 26)
#define IS_ASCII_DIGIT(c) ((unsigned)((c) - '0') < 10)

/*
** ASCII bytes that may continue a run of ASCII letters (bit 1: ALetter,
** Numeric, ExtendNumLet, MidLetter, MidNumLet, Single_Quote) or of digits
** (bit 2: Numeric, ALetter, ExtendNumLet, MidNum, MidNumLet, Single_Quote).
** Any other ASCII byte after such a run is a word boundary (WB999).
*/
#define KATA_JOINS_LETTERS 1
#define KATA_JOINS_DIGITS 2
static const unsigned char kata__ascii_join[128] = {
  ['0'] = 3, ['1'] = 3, ['2'] = 3, ['3'] = 3, ['4'] = 3, ['5'] = 3, ['6'] = 3,
  ['7'] = 3, ['8'] = 3, ['9'] = 3, ['_'] = 3, ['.'] = 3, ['\''] = 3,
  [':'] = 1, [','] = 2, [';'] = 2,
  ['A'] = 3, ['B'] = 3, ['C'] = 3, ['D'] = 3, ['E'] = 3, ['F'] = 3, ['G'] = 3,
  ['H'] = 3, ['I'] = 3, ['J'] = 3, ['K'] = 3, ['L'] = 3, ['M'] = 3, ['N'] = 3,
  ['O'] = 3, ['P'] = 3, ['Q'] = 3, ['R'] = 3, ['S'] = 3, ['T'] = 3, ['U'] = 3,
  ['V'] = 3, ['W'] = 3, ['X'] = 3, ['Y'] = 3, ['Z'] = 3,
  ['a'] = 3, ['b'] = 3, ['c'] = 3, ['d'] = 3, ['e'] = 3, ['f'] = 3, ['g'] = 3,
  ['h'] = 3, ['i'] = 3, ['j'] = 3, ['k'] = 3, ['l'] = 3, ['m'] = 3, ['n'] = 3,
  ['o'] = 3, ['p'] = 3, ['q'] = 3, ['r'] = 3, ['s'] = 3, ['t'] = 3, ['u'] = 3,
  ['v'] = 3, ['w'] = 3, ['x'] = 3, ['y'] = 3, ['z'] = 3
};

/* The class of ASCII punctuation and symbols that always stand alone at
** the start of a segment (all but '_'), 0 for everything else. */
static const unsigned char kata__ascii_lone[128] = {
  ['!'] = CLS_PUNCT, ['"'] = CLS_PUNCT, ['#'] = CLS_PUNCT, ['%'] = CLS_PUNCT,
  ['&'] = CLS_PUNCT, ['\''] = CLS_PUNCT, ['('] = CLS_PUNCT, [')'] = CLS_PUNCT,
  ['*'] = CLS_PUNCT, [','] = CLS_PUNCT, ['-'] = CLS_PUNCT, ['.'] = CLS_PUNCT,
  ['/'] = CLS_PUNCT, [':'] = CLS_PUNCT, [';'] = CLS_PUNCT, ['?'] = CLS_PUNCT,
  ['@'] = CLS_PUNCT, ['['] = CLS_PUNCT, ['\\'] = CLS_PUNCT, [']'] = CLS_PUNCT,
  ['{'] = CLS_PUNCT, ['}'] = CLS_PUNCT,
  ['$'] = CLS_SYMBOL, ['+'] = CLS_SYMBOL, ['<'] = CLS_SYMBOL, ['='] = CLS_SYMBOL,
  ['>'] = CLS_SYMBOL, ['^'] = CLS_SYMBOL, ['`'] = CLS_SYMBOL, ['|'] = CLS_SYMBOL,
  ['~'] = CLS_SYMBOL
};

/*
** The end of the run of ASCII letters that starts at i. Eight bytes at a
** time where the byte order allows: a byte x is a letter when (x | 0x20) is
** in 'a'..'z', tested in all lanes at once without carries between them.
*/
static inline size_t kata__ascii_letters(const char *s, size_t len, size_t i) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  const uint64_t hi = 0x8080808080808080ull, low7 = 0x7F7F7F7F7F7F7F7Full;
  while (i + 8 <= len) {
    uint64_t w, y, letter, other;
    memcpy(&w, s + i, 8);
    y = (w | 0x2020202020202020ull) & low7;
    letter = ((y + 0x1F1F1F1F1F1F1F1Full) & ~(y + 0x0505050505050505ull) &
              ~w) & hi; /* >= 'a', < '{', and ASCII */
    other = letter ^ hi;
    if (other) return i + ((unsigned)__builtin_ctzll(other) >> 3);
    i += 8;
  }
#endif
  while (i < len && IS_ASCII_LETTER((unsigned char)s[i])) i++;
  return i;
}

/*
** The next word boundary after pos (kata_word_next), also setting *seen to
** what the segment contains. Inline fast path: a run of ASCII letters or
** digits that ends in a byte that cannot join it; the rest is out of line.
*/
#if defined(__GNUC__)
#define KATA_HOT_INLINE static inline __attribute__((always_inline))
#else
#define KATA_HOT_INLINE static inline
#endif

/* (Inlined into the tokenizer's loop even at -O2: a call per token costs
** about a tenth of its time.) */
KATA_HOT_INLINE size_t kata__word_scan(const char *s, size_t len, size_t pos,
                                      unsigned *seen) {
  unsigned char c0 = (unsigned char)s[pos], b = 0;
  size_t i = pos + 1;
  if (IS_ASCII_LETTER(c0)) {
    i = kata__ascii_letters(s, len, i);
    if (i < len) b = (unsigned char)s[i];
    *seen = SEEN_CLS(CLS_LETTER) | SEEN_FIRST(CLS_LETTER);
    if (i >= len || (b < 0x80 && !(kata__ascii_join[b] & KATA_JOINS_LETTERS)))
      return i;
    return kata__word_scan_from(s, len, i, WB_ALetter, WB_ALetter,
                               i - pos >= 2 ? WB_ALetter : -1, *seen, seen);
  }
  if (IS_ASCII_DIGIT(c0)) {
    while (i < len && IS_ASCII_DIGIT(b = (unsigned char)s[i])) i++;
    *seen = SEEN_CLS(CLS_DIGIT) | SEEN_FIRST(CLS_DIGIT);
    if (i >= len || (b < 0x80 && !(kata__ascii_join[b] & KATA_JOINS_DIGITS)))
      return i;
    return kata__word_scan_from(s, len, i, WB_Numeric, WB_Numeric,
                               i - pos >= 2 ? WB_Numeric : -1, *seen, seen);
  }
  if (c0 < 0x80 && kata__ascii_lone[c0] && (i >= len || (unsigned char)s[i] < 0x80)) {
    /* ASCII punctuation or a symbol before an ASCII byte: a segment of one
    ** (only '_' joins what follows, and no Extend can follow) */
    unsigned cls = kata__ascii_lone[c0];
    *seen = SEEN_CLS(cls) | SEEN_FIRST(cls);
    return i;
  }
  if (c0 == ' ' && (i >= len || ((unsigned char)s[i] < 0x80 && s[i] != ' '))) {
    *seen = SEEN_CLS(CLS_SPACE) | SEEN_FIRST(CLS_SPACE) | SEEN_FLAG(UCD_WHITE);
    return i; /* a lone space (WB3d, WB4 cannot apply) */
  }
  return kata__word_scan_slow(s, len, pos, seen);
}

#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility pop
#endif

#endif
