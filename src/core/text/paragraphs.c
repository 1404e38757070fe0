/*
** paragraphs.c: splitting a text into paragraphs at blank lines or at line
** ends (CR, LF, CRLF, NEL, U+2028, U+2029); offsets exclude outer space.
** Also a text's distinct paragraphs (unique_paragraphs in the hosts).
*/
#include <string.h>

#include "internal.h"
#include "strtab.h"

/* Bytes of the line end at i (0 if none): CR LF, CR, LF, VT, FF, NEL,
** U+2028, U+2029. */
static size_t eol_at(const char *s, size_t len, size_t i) {
  unsigned char c = (unsigned char)s[i];
  if (c == '\n' || c == '\v' || c == '\f') return 1;
  if (c == '\r') return (i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
  if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0x85) return 2;
  if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
      ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9))
    return 3;
  return 0;
}

/* Bytes of a white-space code point at i that is not a line end, or 0. */
static size_t blank_at(const char *s, size_t len, size_t i) {
  int32_t cp;
  size_t n;
  unsigned char c = (unsigned char)s[i];
  if (c == ' ' || c == '\t') return 1;
  if (c < 0x80) return 0;
  n = kata_utf8_decode(s, len, i, &cp);
  if (cp < 0 || eol_at(s, len, i)) return 0;
  return (kata__ucd(cp)->flags & UCD_WHITE) || kata__ucd(cp)->cls == CLS_FORMAT ? n : 0;
}

/* The end of the line starting at i (before its line end), and *next after
** the line end. */
static size_t line_end(const char *s, size_t len, size_t i, size_t *next) {
  size_t n;
  for (; i < len; i++)
    if ((unsigned char)s[i] > '\r' && (unsigned char)s[i] < 0x80)
      continue; /* fast: printable ASCII and space */
    else if ((n = eol_at(s, len, i)) > 0) {
      *next = i + n;
      return i;
    }
  *next = len;
  return len;
}

/* Is the line [a, b) only white space? */
static int is_blank(const char *s, size_t len, size_t a, size_t b) {
  size_t n;
  (void)len;
  while (a < b && (n = blank_at(s, b, a)) > 0) a += n;
  return a >= b;
}

/* Bytes of a White_Space code point (line ends included) at i, or 0. */
static size_t space_at(const char *s, size_t len, size_t i) {
  int32_t cp;
  size_t n = kata_utf8_decode(s, len, i, &cp);
  return cp >= 0 && (kata__ucd(cp)->flags & UCD_WHITE) ? n : 0;
}

void kata_trim(const char *s, size_t *start, size_t *stop) {
  size_t a = *start, b = *stop, n;
  while (a < b && (n = space_at(s, b, a)) > 0) a += n;
  while (b > a) {
    size_t k = b - 1;
    while (k > a && b - k < 4 && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
    n = space_at(s, b, k);
    if (n == 0 || k + n != b) break;
    b = k;
  }
  *start = a;
  *stop = b;
}

kata_parmode_t kata_paragraph_mode(const char *s, size_t len) {
  size_t pos = 0, next;
  int text = 0, gap = 0; /* a non-blank line seen; then a blank one */
  while (pos < len) {
    size_t end = line_end(s, len, pos, &next);
    if (!is_blank(s, len, pos, end)) {
      if (gap) return KATA_PAR_BLANK; /* a blank line between two others */
      text = 1;
    } else if (text) {
      gap = 1;
    }
    pos = next;
  }
  return KATA_PAR_WRAP;
}

/* Code points in s[a, b). */
static size_t width(const char *s, size_t a, size_t b) {
  size_t n = 0;
  for (; a < b; a++) n += ((unsigned char)s[a] & 0xC0) != 0x80;
  return n;
}

/* Does the trimmed line s[a, b) end a sentence: . ! ? or an ellipsis, maybe
** followed by closing quotes and brackets? */
static int ends_sentence(const char *s, size_t a, size_t b) {
  while (b > a) {
    unsigned char c = (unsigned char)s[b - 1];
    if (c == '"' || c == '\'' || c == ')' || c == ']') {
      b--;
    } else if (b - a >= 3 && (unsigned char)s[b - 3] == 0xE2 &&
               (unsigned char)s[b - 2] == 0x80 &&
               (c == 0x9D || c == 0x99 || c == 0xA6)) {
      if (c == 0xA6) return 1; /* U+2026 HORIZONTAL ELLIPSIS */
      b -= 3;                  /* U+201D, U+2019 closing quotes */
    } else if (b - a >= 2 && (unsigned char)s[b - 2] == 0xC2 && c == 0xBB) {
      b -= 2; /* U+00BB */
    } else {
      return c == '.' || c == '!' || c == '?';
    }
  }
  return 0;
}

/* Does the line at s[a, b) start with a boilerplate prefix (Baca juga)? */
static int boilerplate_line(const char *s, size_t a, size_t b) {
  const char *const *t;
  for (t = kata_dedup_tails(); *t; t++) {
    size_t k, m = strlen(*t);
    if (b - a < m) continue;
    for (k = 0; k < m; k++) {
      char c = s[a + k];
      if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
      if (c != (*t)[k]) break;
    }
    if (k == m) return 1;
  }
  return 0;
}

/* Bytes of a dash that separates a dateline from its story at i ("-",
** "--", U+2013, U+2014, U+2022 bullet), followed by a space, or 0. */
static size_t dateline_dash(const char *s, size_t b, size_t i) {
  size_t n = 0;
  if (s[i] == '-') n = (i + 1 < b && s[i + 1] == '-') ? 2 : 1;
  else if (i + 2 < b && (unsigned char)s[i] == 0xE2 &&
           (((unsigned char)s[i + 1] == 0x80 &&
             ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94 ||
              (unsigned char)s[i + 2] == 0xA2))))
    n = 3;
  return n && i + n < b && s[i + n] == ' ' ? n : 0;
}

#define DATELINE_WORDS 8 /* words before the dash, at most */

/*
** Does the trimmed line s[a, b) open with a dateline: 1 to DATELINE_WORDS
** capitalised words or bracketed names, then a dash and a space ("OSLO - ",
** "RAPID CITY, S.D. (AP) — ", "Jakarta (WP) - ", "Washington • ")? A line
** without a final stop followed by one is a headline, not wrapped prose.
*/
static int dateline_at(const char *s, size_t a, size_t b) {
  size_t i = a, words = 0;
  while (i < b && words <= DATELINE_WORDS) {
    unsigned char c = (unsigned char)s[i];
    if (words > 0 && dateline_dash(s, b, i)) return 1;
    if (c == '(') { /* (AP), (Reuters), (WP) */
      size_t j = i + 1;
      if (j >= b || !(((unsigned char)s[j] >= 'A' && (unsigned char)s[j] <= 'Z'))) return 0;
      while (j < b && s[j] != ')' && s[j] != ' ' && j - i < 24) j++;
      if (j >= b || s[j] != ')') return 0;
      i = j + 1;
    } else if ((c >= 'A' && c <= 'Z') || c >= 0xC0) { /* a word, maybe "S.D.," */
      while (i < b && s[i] != ' ' && s[i] != '(') i++;
    } else {
      return 0;
    }
    words++;
    if (i < b && s[i] != ' ') return 0;
    while (i < b && s[i] == ' ') i++;
  }
  return 0;
}

#define SOFT_MIN 40 /* narrower lines never wrap into the next */

/*
** Is the line end at s[i, i + n) only a hard wrap: the line before it does
** not end a sentence and a non-blank line follows? Counting uses this to let
** phrases run across wrapped lines (UAX #29 ends a sentence at every line).
*/
int kata__soft_break(const char *s, size_t len, size_t i) {
  size_t a = i, b = i, n = eol_at(s, len, i), next = i + n, nb, nn;
  if (n == 0 || next >= len) return 0;
  while (a > 0 && !eol_at(s, len, a - 1)) a--; /* the line's start */
  kata_trim(s, &a, &b);
  /* Wrapped prose fills its lines; a short line (a masthead, a dateline,
  ** a heading) ends where its writer ended it. */
  if (a >= b || ends_sentence(s, a, b) || width(s, a, b) < SOFT_MIN) return 0;
  nb = line_end(s, len, next, &nn);
  if (is_blank(s, len, next, nb) || boilerplate_line(s, next, nb)) return 0;
  /* A headline: the line after it is much wider or opens with a dateline,
  ** as paragraphs see it (join_wrapped). */
  {
    size_t na = next, w = width(s, a, b);
    kata_trim(s, &na, &nb);
    return !dateline_at(s, na, nb) && width(s, na, nb) <= w + w / 4 + 8;
  }
}

size_t kata__phrase_next(const char *s, size_t len, size_t pos) {
  size_t b = kata_sentence_next(s, len, pos);
  while (b < len) {
    size_t i;
    if (s[b - 1] == '\n') i = (b >= 2 && s[b - 2] == '\r') ? b - 2 : b - 1;
    else if (s[b - 1] == '\r') i = b - 1;
    else break;
    if (!kata__soft_break(s, len, i)) break;
    b = kata_sentence_next(s, len, b);
  }
  return b;
}

#define WRAP_MIN 30  /* narrower lines are headings, datelines, list items */
#define WRAP_MAX 100 /* wider ones are unwrapped paragraphs */

/* In WRAP mode, extends the paragraph whose first line is s[a, *end) over
** the hard-wrapped lines after it; *next is past the paragraph's last line. */
static void join_wrapped(const char *s, size_t len, size_t a, size_t *end,
                         size_t *next) {
  size_t la = a, lb = *end, first, w, lines = 1;
  kata_trim(s, &la, &lb);
  first = w = width(s, la, lb);
  if (boilerplate_line(s, la, lb)) return;
  while (*next < len) {
    size_t na, nb, nnext, nw, diff;
    if (ends_sentence(s, la, lb) || w < WRAP_MIN || w > WRAP_MAX) return;
    diff = w > first ? w - first : first - w;
    if (lines > 1 && diff > (first / 4 > 8 ? first / 4 : 8)) return;
    na = *next;
    nb = line_end(s, len, na, &nnext);
    if (is_blank(s, len, na, nb)) return;
    la = na;
    lb = nb;
    kata_trim(s, &la, &lb);
    if (boilerplate_line(s, la, lb)) return;
    if (lines == 1 && dateline_at(s, la, lb)) return; /* after a headline */
    nw = width(s, la, lb);
    if (nw > w + w / 4 + 8) return;
    *end = nb;
    *next = nnext;
    w = nw;
    lines++;
  }
}

int kata_paragraph_next(const char *s, size_t len, size_t *pos,
                        kata_parmode_t mode, size_t *start, size_t *stop) {
  size_t i = *pos, next, end, n;
  /* Skip blank lines. */
  for (;;) {
    if (i >= len) {
      *pos = len;
      return 0;
    }
    end = line_end(s, len, i, &next);
    if (!is_blank(s, len, i, end)) break;
    i = next;
  }
  while ((n = blank_at(s, len, i)) > 0) i += n;
  *start = i;
  if (mode == KATA_PAR_BLANK) { /* up to the next blank line */
    for (;;) {
      size_t nend, nnext;
      if (next >= len) break;
      nend = line_end(s, len, next, &nnext);
      if (is_blank(s, len, next, nend)) break;
      end = nend;
      next = nnext;
    }
  } else if (mode == KATA_PAR_WRAP) {
    join_wrapped(s, len, *start, &end, &next);
  }
  /* Trim white space at the end. */
  while (end > *start) {
    size_t k = end - 1;
    while (k > *start && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
    if ((n = blank_at(s, len, k)) == 0 || k + n != end) {
      if (!((unsigned char)s[k] < 0x80 && eol_at(s, len, k))) break;
    }
    end = k;
  }
  *stop = end;
  *pos = next;
  return 1;
}

/* {======================================================================
** Unique paragraphs
** ======================================================================= */

/* The fingerprint of s[0, len) in folded: its tokens but punctuation and
** space, case-folded, each followed by a space. Each token is folded on
** its own: a space (a starter that composes with nothing) parts them, so
** this is the fold of the tokens joined, without a copy of them and with
** scratch for one token, not the paragraph. */
static int fingerprint(const kata_allocator_t *A, const char *s, size_t len, kata_buf_t *folded) {
  kata_tokenizer_t t;
  kata_token_t tok;
  int rc = KATA_OK;
  folded->len = 0;
  kata_tokenizer_init(&t, s, len, 0);
  while (rc == KATA_OK && kata_tokenizer_next(&t, &tok)) {
    if (tok.kind == KATA_PUNCT || tok.kind == KATA_SPACE) continue;
    rc = kata_normalize(A, s + tok.start, tok.stop - tok.start, KATA_FORM_NFC, KATA_NORM_FOLD,
                        folded, NULL);
    if (rc == KATA_OK) rc = kata_buf_append(A, folded, " ", 1);
  }
  return rc;
}

/* A distinct paragraph seen: the hash and length of its fingerprint and
** where it is in the text (its fingerprint is made again to confirm a
** match, unless the bytes are equal): 32 bytes, not the fingerprint. */
typedef struct seen_par {
  uint64_t hash;
  size_t flen, start, stop;
} seen_par_t;

typedef struct seen_set {
  seen_par_t *p;
  size_t n, cap;
  uint32_t *slots; /* open addressing: index + 1, or 0 when empty */
  size_t nslots;   /* a power of two, at least twice n */
} seen_set_t;

static int seen_add(const kata_allocator_t *A, seen_set_t *t, const seen_par_t *e) {
  size_t j;
  if (t->n >= UINT32_MAX - 1) return KATA_ELIMIT;
  if (kata__grow(A, (void **)&t->p, &t->cap, t->n, sizeof *t->p) != KATA_OK) return KATA_ENOMEM;
  if ((t->n + 1) * 2 > t->nslots) {
    size_t ns = t->nslots ? t->nslots * 2 : 64, i;
    uint32_t *q;
    if (ns > ((size_t)-1) / sizeof *q) return KATA_ELIMIT;
    q = (uint32_t *)A->f(A->ud, NULL, 0, ns * sizeof *q);
    if (!q) return KATA_ENOMEM;
    memset(q, 0, ns * sizeof *q);
    for (i = 0; i < t->n; i++) {
      for (j = t->p[i].hash & (ns - 1); q[j]; j = (j + 1) & (ns - 1)) {}
      q[j] = (uint32_t)(i + 1);
    }
    if (t->slots) A->f(A->ud, t->slots, t->nslots * sizeof *t->slots, 0);
    t->slots = q;
    t->nslots = ns;
  }
  for (j = e->hash & (t->nslots - 1); t->slots[j]; j = (j + 1) & (t->nslots - 1)) {}
  t->p[t->n] = *e;
  t->slots[j] = (uint32_t)(++t->n);
  return KATA_OK;
}

/* Is the paragraph e (its fingerprint in folded) one seen before? other:
** scratch for an earlier paragraph's fingerprint. */
static int seen_has(const kata_allocator_t *A, const seen_set_t *t, const char *s,
                    const seen_par_t *e, const kata_buf_t *folded, kata_buf_t *other,
                    int *found) {
  size_t j;
  *found = 0;
  if (!t->nslots) return KATA_OK;
  for (j = e->hash & (t->nslots - 1); t->slots[j]; j = (j + 1) & (t->nslots - 1)) {
    const seen_par_t *q = &t->p[t->slots[j] - 1];
    int rc;
    if (q->hash != e->hash || q->flen != e->flen) continue;
    if (q->stop - q->start == e->stop - e->start &&
        memcmp(s + q->start, s + e->start, e->stop - e->start) == 0) {
      *found = 1;
      return KATA_OK;
    }
    if ((rc = fingerprint(A, s + q->start, q->stop - q->start, other)) != KATA_OK) return rc;
    if (other->len == folded->len &&
        (folded->len == 0 || memcmp(other->data, folded->data, folded->len) == 0)) {
      *found = 1;
      return KATA_OK;
    }
  }
  return KATA_OK;
}

int kata__unique_paragraphs_each(const kata_allocator_t *A, const char *s, size_t len,
                                 size_t chunk, kata__text_f fn, void *ud) {
  kata_parmode_t mode = kata_paragraph_mode(s, len);
  seen_set_t seen;
  kata_buf_t folded, other, piece;
  size_t pos = 0, a, b;
  int rc = KATA_OK;
  memset(&seen, 0, sizeof seen);
  kata_buf_init(&folded);
  kata_buf_init(&other);
  kata_buf_init(&piece);
  while (rc == KATA_OK && kata_paragraph_next(s, len, &pos, mode, &a, &b)) {
    seen_par_t e;
    int found;
    if ((rc = fingerprint(A, s + a, b - a, &folded)) != KATA_OK) break;
    e.hash = kata__hash(folded.data ? folded.data : "", folded.len);
    e.flen = folded.len;
    e.start = a;
    e.stop = b;
    if ((rc = seen_has(A, &seen, s, &e, &folded, &other, &found)) != KATA_OK || found) continue;
    if ((rc = seen_add(A, &seen, &e)) != KATA_OK) break;
    if (piece.len > 0 && (rc = kata_buf_append(A, &piece, "\n\n", 2)) != KATA_OK) break;
    if ((rc = kata_buf_append(A, &piece, s + a, b - a)) != KATA_OK) break;
    if (chunk && piece.len >= chunk) {
      rc = fn(ud, piece.data, piece.len);
      piece.len = 0;
    }
  }
  if (rc == KATA_OK && piece.len > 0) rc = fn(ud, piece.data, piece.len);
  kata_buf_free(A, &folded);
  kata_buf_free(A, &other);
  kata_buf_free(A, &piece);
  if (seen.p) A->f(A->ud, seen.p, seen.cap * sizeof *seen.p, 0);
  if (seen.slots) A->f(A->ud, seen.slots, seen.nslots * sizeof *seen.slots, 0);
  return rc;
}

typedef struct join_to {
  const kata_allocator_t *A;
  kata_buf_t *out;
  int first;
} join_to_t;

static int join_piece(void *ud, const char *s, size_t len) {
  join_to_t *j = (join_to_t *)ud;
  int rc = j->first ? KATA_OK : kata_buf_append(j->A, j->out, "\n\n", 2);
  j->first = 0;
  return rc == KATA_OK ? kata_buf_append(j->A, j->out, s, len) : rc;
}

int kata_unique_paragraphs(const kata_allocator_t *A, const char *s, size_t len,
                           kata_buf_t *out) {
  join_to_t j;
  j.A = A;
  j.out = out;
  j.first = 1;
  return kata__unique_paragraphs_each(A, s, len, 0, join_piece, &j);
}

/* }====================================================================== */
