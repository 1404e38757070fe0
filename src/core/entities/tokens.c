/*
** tokens.c: the text as the tagger reads it: a working copy (possessives
** blanked, datelines as names), then its tokens with their case and cue words.
*/
#include <string.h>

#include "internal.h"
#include "strtab.h"
#include "tagger.h"
#include "unicode/ucd.h"

/* {======================================================================
** The working copy
** ======================================================================= */

/*
** The working copy of the text the tagger reads: the same bytes, but for a
** possessive ("'s", "’s"), "-based" or "-nya" after a capitalised word,
** which become spaces, and a dateline's capitals ("JAKARTA", "NEW YORK" at
** a line start before "," "(" or "-"), which are written as a name
** ("Jakarta"): offsets stay the same, the gazetteers see the bare names.
*/
/* Blanks a possessive, "-based" or "-nya" at i in the copy d when the word
** before it is capitalised. */
static void blank_suffix(const char *s, size_t len, char *d, size_t i) {
  size_t k = i, m = 0;
  if (i == 0 || i + 1 >= len || !IS_ASCII_LETTER((unsigned char)s[i - 1])) return;
  if (s[i] == '\'' && s[i + 1] == 's') m = 2;
  else if (i + 3 < len && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
           (unsigned char)s[i + 2] == 0x99 && s[i + 3] == 's')
    m = 4;
  else if (s[i] == '-' && i + 6 <= len && memcmp(s + i, "-based", 6) == 0) m = 6;
  else if (s[i] == '-' && i + 4 <= len && memcmp(s + i, "-nya", 4) == 0) m = 4;
  if (!m || (i + m < len && IS_ASCII_LETTER((unsigned char)s[i + m]))) return;
  while (k > 0 && IS_ASCII_LETTER((unsigned char)s[k - 1])) k--;
  if (s[k] >= 'A' && s[k] <= 'Z') memset(d + i, ' ', m);
}

/* Does p[0, n) start with an ISO date's shape, "1996-12-06"? */
static int iso_date(const char *p, size_t n) {
  size_t k;
  if (n < 10) return 0;
  for (k = 0; k < 10; k++)
    if (k == 4 || k == 7 ? p[k] != '-' : (p[k] < '0' || p[k] > '9')) return 0;
  return 1;
}

int kata__ent_working_copy(kata_allocator_t *A, const char *s, size_t len, kata_buf_t *w) {
  static const char marks[] = {'\'', (char)0xE2, '-'};
  size_t i, m;
  int rc;
  w->len = 0;
  if ((rc = kata_buf_append(A, w, s, len)) != KATA_OK) return rc;
  for (m = 0; m < sizeof marks; m++) { /* memchr finds the few places to look at */
    const char *p = s, *end = s + len;
    while ((p = (const char *)memchr(p, marks[m], (size_t)(end - p))) != NULL) {
      blank_suffix(s, len, w->data, (size_t)(p - s));
      p++;
    }
  }
  /* datelines */
  for (i = 0; i < len;) {
    size_t a = i, e = i, k;
    int upper = 0;
    const char *nl = (const char *)memchr(s + i, '\n', len - i);
    i = nl ? (size_t)(nl - s) + 1 : len; /* the next line's start */
    while (e < len && ((s[e] >= 'A' && s[e] <= 'Z') || s[e] == ' ' || s[e] == '.')) {
      upper += s[e] >= 'A' && s[e] <= 'Z';
      e++;
    }
    while (e > a && s[e - 1] == ' ') e--;
    if (upper < 3 || e >= len) continue;
    k = e;
    while (k < len && s[k] == ' ') k++;
    if (k < len && (s[k] == ',' || s[k] == '(' || s[k] == '-' || s[k] == '/' ||
                    (k > e && iso_date(s + k, len - k)))) {
      int start = 1;
      for (k = a; k < e; k++) {
        if (s[k] == ' ' || s[k] == '.') start = 1;
        else {
          if (!start) w->data[k] = (char)(s[k] + 32);
          start = 0;
        }
      }
    }
  }
  return KATA_OK;
}

/* }====================================================================== */

/* {======================================================================
** Tokens of the text
** ======================================================================= */

/* Eight bytes in one word: every byte b, the high bits, and whether one
** byte of x (all bytes below 0x80) is b (exact: no borrow crosses a byte). */
#define BYTES(b) (0x0101010101010101ull * (uint64_t)(b))
#define HI_BITS 0x8080808080808080ull
static int has_byte(uint64_t x, unsigned char b) {
  uint64_t y = x ^ BYTES(b);
  return ((y - BYTES(1)) & ~y & HI_BITS) != 0;
}

/* Can the lexicon have the word of hash h? 0: certainly not. */
static int lex_maybe(const kata_tagger_t *tg, uint64_t h) {
  return (int)((tg->bloom[BLOOM_BIT(h) >> 6] >> (BLOOM_BIT(h) & 63)) & 1u);
}

/* Case from Sentence_Break: Upper is Uppercase + Titlecase, Lower is
** Lowercase (UAX #29), which the generated table has. */
static void case_flags(const char *s, size_t n, unsigned *flags) {
  int32_t cp;
  size_t pos;
  int sb, letters = 0, uppers = 0;
  unsigned char c0 = (unsigned char)s[0];
  if (c0 < 0x80) { /* ASCII first: no decoding unless a later byte needs it */
    size_t i;
    if (c0 >= 'a' && c0 <= 'z') {
      *flags |= T_LOWER;
      return;
    }
    if (c0 < 'A' || c0 > 'Z') return;
    *flags |= T_CAP;
    for (i = 1; i < n && (unsigned char)s[i] < 0x80; i++) {
      unsigned char ch = (unsigned char)s[i];
      if (ch >= 'a' && ch <= 'z') return; /* not all capitals */
    }
    if (i == n) {
      for (i = 1; i < n; i++)
        if (s[i] >= 'A' && s[i] <= 'Z') break;
      if (i < n) *flags |= T_ALLCAPS; /* two letters or more, no lower case */
      return;
    }
    *flags &= ~T_CAP; /* decoded below */
  }
  pos = kata__decode(s, n, 0, &cp);
  if (cp < 0) return;
  sb = kata__ucd(cp)->sb;
  if (sb == SB_Upper) *flags |= T_CAP;
  else if (sb == SB_Lower) *flags |= T_LOWER;
  if (!(*flags & T_CAP)) return;
  letters = uppers = 1;
  while (pos < n) {
    pos += kata__decode(s, n, pos, &cp);
    if (cp < 0) break;
    sb = kata__ucd(cp)->sb;
    if (sb == SB_Upper) { letters++; uppers++; }
    else if (sb == SB_Lower || sb == SB_OLetter) { letters++; }
  }
  if (letters >= 2 && letters == uppers) *flags |= T_ALLCAPS;
}

/* Appends the token k with its flags, its case and its lexicon entry. */
static int add_tok(ctx_t *c, const kata_token_t *k, unsigned flags) {
  tok_t *t;
  if (c->n == c->cap) {
    size_t nc = c->cap ? c->cap * 2 : (c->len / 4 > 256 ? c->len / 4 : 256);
    tok_t *nt = (tok_t *)c->tg->A.f(c->tg->A.ud, c->t, c->cap * sizeof *nt, nc * sizeof *nt);
    if (!nt) return KATA_ENOMEM;
    c->t = nt;
    c->cap = nc;
  }
  t = &c->t[c->n++];
  t->start = k->start;
  t->stop = k->stop;
  t->kind = (int)k->kind;
  t->flags = flags;
  t->lex = -1;
  if (k->kind == KATA_WORD || k->kind == KATA_SYMBOL || k->kind == KATA_PUNCT ||
      k->kind == KATA_NUMBER) {
    const char *w = c->s + k->start;
    size_t wl = k->stop - k->start, i;
    int ascii = 1;
    int dotdash = 0;
    if (k->kind == KATA_WORD) case_flags(w, wl, &t->flags);
    if (k->kind == KATA_NUMBER) {
      t->flags |= T_DIGITS;
      for (i = 0; i < wl; i++)
        if (w[i] < '0' || w[i] > '9') t->flags &= ~T_DIGITS;
    }
    if (wl <= 32) {
      uint64_t lowbuf[5] = {0, 0, 0, 0, 0}; /* zero after the word: one-load hash tail */
      char *low = (char *)lowbuf;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
      if (c->len - k->start >= 32) {
        /* eight bytes at a time: the bytes past the word are masked off */
        size_t q;
        for (q = 0; q < wl; q += 8) {
          uint64_t x, up;
          memcpy(&x, w + q, 8);
          if (wl - q < 8) x &= ((uint64_t)1 << (8 * (wl - q))) - 1; /* the word's bytes only */
          if (x & HI_BITS) { ascii = 0; break; }
          dotdash |= has_byte(x, '.') || has_byte(x, '-');
          /* 'A'..'Z' to 'a'..'z': bit 7 of (x + 0x80 - 'A') says >= 'A',
          ** of (x + 0x80 - 'Z' - 1) says > 'Z' (no carry: every byte < 0x80) */
          up = (x + BYTES(0x80 - 'A')) & ~(x + BYTES(0x80 - 'Z' - 1)) & HI_BITS;
          x |= up >> 2;
          memcpy(low + q, &x, 8);
        }
      } else
#endif
      {
        for (i = 0; i < wl; i++) {
          unsigned char ch = (unsigned char)w[i];
          if (ch >= 0x80) { ascii = 0; break; }
          dotdash |= ch == '.' || ch == '-';
          low[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
        }
      }
      if (ascii) {
        uint64_t h = kata__hash_padded(low, wl);
        t->lex = lex_maybe(c->tg, h) ? (int)kata__strtab_find_h(&c->tg->lex, low, wl, h) : -1;
        t->flags |= T_LEXASCII;
      } else {
        int rc;
        c->fold.len = 0;
        rc = kata_normalize(&c->tg->A, w, wl, KATA_FORM_NONE, KATA_NORM_FOLD, &c->fold, NULL);
        if (rc != KATA_OK) return rc;
        t->lex = (int)kata__strtab_find(&c->tg->lex, c->fold.data, c->fold.len);
      }
    }
    if (k->kind == KATA_WORD) {
      if (!(wl <= 32 && ascii)) /* not seen whole above */
        for (i = 0; i < wl && !dotdash; i++) dotdash = w[i] == '.' || w[i] == '-';
      if (dotdash) t->flags |= T_DOTDASH;
    }
  }
  t->cls = t->lex >= 0 ? c->tg->info[t->lex].cls : 0;
  return KATA_OK;
}

/* The tokens, with where sentences and lines start: the sentence state
** follows the punctuation. */
int kata__ent_tokenize(ctx_t *c) {
  kata_tokenizer_t tz;
  kata_token_t k;
  unsigned next = T_SENT | T_LINE;
  int rc, sent_end = 1;
  size_t line_start = 0, gap = 0;
  /* No space tokens: the white space is the gap between two tokens. */
  kata_tokenizer_init(&tz, c->s, c->len, 0);
  while (kata_tokenizer_next(&tz, &k)) {
    if (k.start > gap) {
      size_t i, breaks = 0, last = gap;
      next &= ~T_GLUED;
      for (i = gap; i < k.start; i++)
        if (c->s[i] == '\n' || (c->s[i] == '\r' && (i + 1 == k.start || c->s[i + 1] != '\n'))) {
          breaks++;
          last = i + 1;
        }
      /* One line break after a line of 50 bytes or more is a hard wrap
      ** inside a paragraph: a name goes on across it ("Roket\nAir"). */
      if (breaks > 1 || (breaks == 1 && gap - line_start < 50)) next |= T_LINE | T_SENT;
      if (breaks > 1) next |= T_BLANK;
      if (breaks) line_start = last;
    }
    gap = k.stop;
    if (sent_end && k.kind != KATA_PUNCT) next |= T_SENT;
    if ((rc = add_tok(c, &k, next)) != KATA_OK) return rc;
    if (k.kind == KATA_PUNCT) {
      unsigned char ch = (unsigned char)c->s[k.start];
      int32_t cp;
      kata__decode(c->s, c->len, k.start, &cp);
      if (ch == '.' || ch == '!' || ch == '?' || ch == ':') {
        sent_end = 1;
        if (ch == '.' && c->n >= 2) { /* not after "Mr", "U.S", a single letter */
          const tok_t *p = &c->t[c->n - 2];
          size_t pl = p->stop - p->start;
          if (p->kind == KATA_WORD && k.start == p->stop &&
              (pl == 1 || (cls(c, c->n - 2) & C_TITLE) || memchr(c->s + p->start, '.', pl)))
            sent_end = 0;
        }
      } else if (cp == '"' || cp == '\'' || cp == '(' || cp == '[' || cp == 0x201C || cp == 0x2018 ||
                 cp == 0xAB || cp == 0x201E) {
        /* opening quotes and brackets keep the state */
      } else if ((cp == '-' || cp == 0x2013 || cp == 0x2014) && !(next & T_GLUED)) {
        sent_end = 1; /* a dateline's dash: "(Reuters) - A failure" */
      } else {
        sent_end = 0;
      }
    } else {
      sent_end = 0;
    }
    next = T_GLUED;
  }
  return KATA_OK;
}

/* }====================================================================== */
