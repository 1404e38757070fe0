/*
** sentbreak.c: sentence boundaries (UAX #29 rules SB1-SB998).
** A stateless forward scan from one boundary to the next.
*/
#include "kata.h"
#include "ucd.h"

/* Sentence_Break of the ASCII range, so plain text skips the table. */
#define O SB_Other
#define S SB_Sp
#define U SB_Upper
#define L SB_Lower
#define N SB_Numeric
#define C SB_Close
#define K SB_SContinue
static const uint8_t ascii_sb[128] = {
  /* 0x00 */ O, O, O, O, O, O, O, O, O, S, SB_LF, S, S, SB_CR, O, O,
  /* 0x10 */ O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O,
  /* 0x20 */ S, SB_STerm, C, O, O, O, O, C, C, C, O, O, K, K, SB_ATerm, O,
  /* 0x30 */ N, N, N, N, N, N, N, N, N, N, K, O, O, O, O, SB_STerm,
  /* 0x40 */ O, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U,
  /* 0x50 */ U, U, U, U, U, U, U, U, U, U, U, C, O, C, O, O,
  /* 0x60 */ O, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
  /* 0x70 */ L, L, L, L, L, L, L, L, L, L, L, C, O, C, O, O
};
#undef O
#undef S
#undef U
#undef L
#undef N
#undef C
#undef K

/*
** ASCII bytes that can neither end nor extend a sentence terminator run
** by themselves: outside such a run they always continue the sentence.
*/
#define PLAIN(b) ((b) < 0x80 && (b) != '.' && (b) != '!' && (b) != '?' \
                  && (b) != '\r' && (b) != '\n')

#define ISPARASEP(c) ((c) == SB_Sep || (c) == SB_CR || (c) == SB_LF)
#define ISSATERM(c) ((c) == SB_ATerm || (c) == SB_STerm)

/* Sentence_Break of the character at s[i]; sets *n to its byte length. */
static int sbclass(const char *s, size_t len, size_t i, size_t *n) {
  unsigned char b = (unsigned char)s[i];
  int32_t cp;
  if (b < 0x80) {
    *n = 1;
    return ascii_sb[b];
  }
  *n = kata_utf8_decode(s, len, i, &cp);
  return kata__ucd(cp)->sb;
}

/*
** The lookahead of SB8: does ( ¬(OLetter | Upper | Lower | ParaSep |
** SATerm) )* Lower start at s[i]? Extend and Format fall in the negated
** set, which is what SB5 makes of them there.
*/
static int lower_follows(const char *s, size_t len, size_t i) {
  while (i < len) {
    size_t n;
    int c = sbclass(s, len, i, &n);
    switch (c) {
      case SB_Lower: return 1;
      case SB_OLetter: case SB_Upper: case SB_Sep: case SB_CR: case SB_LF:
      case SB_ATerm: case SB_STerm: return 0;
      default: i += n;
    }
  }
  return 0;
}

/* A ParaSep at s[i] of n bytes ends the sentence (SB3, SB4). */
static size_t after_parasep(const char *s, size_t len, size_t i, size_t n,
                            int c) {
  i += n;
  if (c == SB_CR && i < len && s[i] == '\n') i++;
  return i;
}

/*
** Scan state: 'term' is the last SATerm while the text seen so far ends in
** SATerm Close* Sp* (SB_Other when it does not); 'phase' says where in that
** run we are (0 right after the SATerm, 1 in Close*, 2 in Sp*); 'ul' is
** whether an Upper or Lower came right before an ATerm (SB7). Extend and
** Format never change the state (SB5): they take the class of what they
** follow. Since pos is a boundary, nothing before it matters.
*/
size_t kata_sentence_next(const char *s, size_t len, size_t pos) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = pos, n;
  int c, prev, term = SB_Other, phase = 0, ul = 0;
  if (pos >= len) return len;
  c = sbclass(s, len, i, &n);
  if (ISPARASEP(c)) return after_parasep(s, len, i, n, c);
  i += n;
  if (ISSATERM(c)) term = c;
  prev = c;
  for (;;) {
    if (term == SB_Other) { /* SB998 holds until a SATerm or ParaSep */
      if (i < len && PLAIN(u[i])) {
        do i++; while (i < len && PLAIN(u[i]));
        prev = ascii_sb[u[i - 1]];
      }
    }
    if (i >= len) return len; /* SB2 */
    c = sbclass(s, len, i, &n);
    if (c == SB_Extend || c == SB_Format) { /* SB5 */
      i += n;
      continue;
    }
    if (ISPARASEP(c)) return after_parasep(s, len, i, n, c); /* SB9, SB10 */
    if (term != SB_Other) {
      int keep;
      if (phase == 0 && term == SB_ATerm
          && (c == SB_Numeric || (c == SB_Upper && ul)))
        keep = 1; /* SB6, SB7 */
      else if (c == SB_SContinue || ISSATERM(c) || c == SB_Sp)
        keep = 1; /* SB8a, SB10 */
      else if (c == SB_Close && phase < 2)
        keep = 1; /* SB9 */
      else
        keep = term == SB_ATerm && lower_follows(s, len, i); /* SB8 */
      if (!keep) return i; /* SB11 */
    }
    i += n;
    /* advance the state past c */
    if (ISSATERM(c)) {
      ul = prev == SB_Upper || prev == SB_Lower;
      term = c;
      phase = 0;
    } else if (term != SB_Other && c == SB_Close && phase < 2)
      phase = 1;
    else if (term != SB_Other && c == SB_Sp)
      phase = 2;
    else
      term = SB_Other;
    prev = c;
  }
}
