/*
** wordbreak.c: word boundaries after UAX #29 (rules WB1-WB999).
** A forward scan from a known boundary; the left context it needs is all
** inside the segment it is scanning, so the function is stateless.
*/
#include "internal.h"

#define IS_AH(w) ((w) == WB_ALetter || (w) == WB_Hebrew_Letter)
#define IS_MIDLETQ(w) \
  ((w) == WB_MidLetter || (w) == WB_MidNumLet || (w) == WB_Single_Quote)
#define IS_MIDNUMQ(w) \
  ((w) == WB_MidNum || (w) == WB_MidNumLet || (w) == WB_Single_Quote)
#define IS_IGNORED(w) ((w) == WB_Extend || (w) == WB_Format || (w) == WB_ZWJ)
#define IS_NEWLINE(w) ((w) == WB_CR || (w) == WB_LF || (w) == WB_Newline)

/* Word_Break of the next code point at or after i that WB4 does not skip. */
static int next_effective(const char *s, size_t len, size_t i) {
  while (i < len) {
    int32_t cp;
    size_t n = kata__decode(s, len, i, &cp);
    int w = kata__ucd(cp)->wb;
    if (!IS_IGNORED(w)) return w;
    i += n;
  }
  return -1; /* eot */
}

static unsigned seen_of(int32_t cp, const kata__ucd_t *p) {
  unsigned seen = SEEN_CLS(p->cls) | SEEN_FLAG(p->flags);
  if (p->wb == WB_Regional_Indicator) seen |= SEEN_RI;
  else if (cp == 0x20E3) seen |= SEEN_KEYCAP;
  else if (cp == 0xFE0F) seen |= SEEN_VS16;
  else if (cp == 0x200D) seen |= SEEN_ZWJ;
  else if (cp == ':') seen |= SEEN_COLON;
  return seen;
}

/*
** The general scan, from a state the caller set up: i is where to go on,
** raw/prev/prev2 the Word_Break values behind it (see kata__word_scan).
*/
size_t kata__word_scan_from(const char *s, size_t len, size_t i, int raw,
                           int prev, int prev2, unsigned seen, unsigned *seenp) {
  int32_t cp;
  const kata__ucd_t *p;
  unsigned ri = (prev == WB_Regional_Indicator);
  if (raw == WB_CR) { /* WB3, WB3a */
    if (i < len && s[i] == '\n') i++;
    goto done;
  }
  if (raw == WB_LF || raw == WB_Newline) goto done;

  while (i < len) {
    size_t n;
    int cur;
    /* Fast path: ASCII letters after a letter (WB5). */
    if (prev == WB_ALetter && raw == WB_ALetter) {
      size_t k = i;
      i = kata__ascii_letters(s, len, i);
      if (i > k) prev2 = WB_ALetter;
      if (i >= len) break;
    }
    n = kata__decode(s, len, i, &cp);
    p = kata__ucd(cp);
    cur = p->wb;
    if (IS_NEWLINE(cur)) break;                              /* WB3b */
    if (raw == WB_ZWJ && (p->flags & UCD_EXTPICT)) goto join; /* WB3c */
    if (raw == WB_WSegSpace && cur == WB_WSegSpace) goto join; /* WB3d */
    if (IS_IGNORED(cur)) { /* WB4: absorbed, prev unchanged */
      raw = cur;
      seen |= seen_of(cp, p);
      i += n;
      continue;
    }
    if (IS_AH(prev)) {
      if (IS_AH(cur) || cur == WB_Numeric || cur == WB_ExtendNumLet)
        goto join;                                            /* WB5 9 13a */
      if (IS_MIDLETQ(cur) && IS_AH(next_effective(s, len, i + n)))
        goto join;                                            /* WB6 */
      if (prev == WB_Hebrew_Letter) {
        if (cur == WB_Single_Quote) goto join;                /* WB7a */
        if (cur == WB_Double_Quote &&
            next_effective(s, len, i + n) == WB_Hebrew_Letter)
          goto join;                                          /* WB7b */
      }
    } else if (prev == WB_Numeric) {
      if (cur == WB_Numeric || IS_AH(cur) || cur == WB_ExtendNumLet)
        goto join;                                            /* WB8 10 13a */
      if (IS_MIDNUMQ(cur) && next_effective(s, len, i + n) == WB_Numeric)
        goto join;                                            /* WB12 */
    } else if (prev == WB_Katakana) {
      if (cur == WB_Katakana || cur == WB_ExtendNumLet) goto join; /* WB13 13a */
    } else if (prev == WB_ExtendNumLet) {
      if (IS_AH(cur) || cur == WB_Numeric || cur == WB_Katakana ||
          cur == WB_ExtendNumLet)
        goto join;                                            /* WB13a 13b */
    } else if (prev == WB_Regional_Indicator) {
      if (cur == WB_Regional_Indicator && (ri & 1)) goto join; /* WB15 16 */
    } else if (IS_MIDLETQ(prev) && IS_AH(prev2) && IS_AH(cur)) {
      goto join;                                              /* WB7 */
    }
    if (IS_MIDNUMQ(prev) && prev2 == WB_Numeric && cur == WB_Numeric)
      goto join;                                              /* WB11 */
    if (prev == WB_Double_Quote && prev2 == WB_Hebrew_Letter &&
        cur == WB_Hebrew_Letter)
      goto join;                                              /* WB7c */
    break;                                                    /* WB999 */
  join:
    ri = (cur == WB_Regional_Indicator) ? ri + 1 : 0;
    prev2 = prev;
    prev = raw = cur;
    seen |= seen_of(cp, p);
    i += n;
  }
done:
  if (seenp) *seenp = seen;
  return i;
}

/* The first code point of a segment, then the general scan. */
size_t kata__word_scan_slow(const char *s, size_t len, size_t pos,
                           unsigned *seenp) {
  int32_t cp;
  size_t i = pos + kata__decode(s, len, pos, &cp);
  const kata__ucd_t *p = kata__ucd(cp);
  return kata__word_scan_from(s, len, i, p->wb, p->wb, -1,
                             seen_of(cp, p) | SEEN_FIRST(p->cls), seenp);
}

size_t kata_word_next(const char *s, size_t len, size_t pos) {
  unsigned seen;
  return kata__word_scan(s, len, pos, &seen);
}
