/*
** dedup.c: exact and near-duplicate paragraphs within a text: normalised
** fingerprints, word-shingle MinHash with LSH banding, confirmed exactly.
*/
#include <string.h>

#include "internal.h"
#include "strtab.h"
#include "dedup.h"

#define BANDS 16
#define ROWS 4
#define NHASH (BANDS * ROWS)
#define NONE ((size_t)-1)
#define BUCKET_MAX 16 /* paragraphs kept per LSH bucket and teaser head */

/* Cross-link and boilerplate tails set aside before comparing. */
static const char *const builtin_tails[] = {
  "baca juga", "baca selengkapnya", "lihat juga", "simak juga", "simak video",
  "artikel terkait", "berita terkait", "advertisement", "scroll to continue",
  "read more", "read also", "see also", "related:", "also read", NULL
};

const char *const *kata_dedup_tails(void) { return builtin_tails; }

int kata__dd_tails_ok(const char *const *tails) {
  size_t i, len;
  for (i = 0; tails[i]; i++)
    if (i >= KATA_DEDUP_TAILS_MAX + sizeof builtin_tails / sizeof *builtin_tails - 1 ||
        (len = strlen(tails[i])) == 0 || len > KATA_DEDUP_TAIL_BYTES)
      return 0;
  return 1;
}


static int lower_ascii_eq(const char *s, size_t n, const char *pre) {
  size_t k, m;
  if (n < 2 || (s[1] | 0x20) != pre[1]) return 0; /* most words differ by here */
  m = strlen(pre);
  if (n < m) return 0;
  for (k = 0; k < m; k++) {
    char c = s[k];
    if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
    if (c != pre[k]) return 0;
  }
  return 1;
}

/* Does s[0, j) end with a line end (LF, CR, VT, FF, NEL, U+2028, U+2029)? */
static int ends_line(const char *s, size_t j) {
  unsigned char c = j ? (unsigned char)s[j - 1] : 0;
  if (c == '\n' || c == '\r' || c == '\v' || c == '\f') return 1;
  if (j >= 2 && (unsigned char)s[j - 2] == 0xC2 && c == 0x85) return 1;
  return j >= 3 && (unsigned char)s[j - 3] == 0xE2 && (unsigned char)s[j - 2] == 0x80 &&
         (c == 0xA8 || c == 0xA9);
}

/* Where the last sentence end followed by more text ("x. Y") is in s[0, n),
** or n when there is none. */
static size_t last_sentence_end(const char *s, size_t n) {
  size_t k, last = n;
  for (k = 0; k + 2 < n; k++)
    if ((s[k] == '.' || s[k] == '!' || s[k] == '?') && (s[k + 1] == ' ' || s[k + 1] == '\t')) {
      size_t m = k + 1;
      while (m < n && (s[m] == ' ' || s[m] == '\t')) m++;
      if (m < n && (IS_ASCII_LETTER((unsigned char)s[m]) || (s[m] >= '0' && s[m] <= '9') ||
                    (unsigned char)s[m] >= 0x80 || s[m] == '"' || s[m] == '\''))
        last = k;
      k = m - 1;
    }
  return last;
}

/* Does a tail (one of tails) start at s[i], at a line start or after a
** sentence's end? first: the letters the tails start with; *last: where
** the paragraph's last sentence end is, found on first use ((size_t)-1
** before), so that asking at every sentence end stays linear. */
static int tail_at(const char *s, size_t n, size_t i, const char *const *tails, uint32_t first,
                   size_t *last) {
  size_t j = i;
  int ok = 0;
  const char *const *t;
  unsigned char c = (unsigned char)s[i], p = (unsigned char)s[i - 1];
  if (!IS_ASCII_LETTER(c) || !((first >> ((c | 0x20) - 'a')) & 1)) return 0;
  /* after white space or a line end only (bytes >= 0x80: NBSP, NEL, ...) */
  if (p != ' ' && p != '\t' && p != '\n' && p != '\r' && p != '\v' && p != '\f' && p < 0x80)
    return 0;
  /* A prefix first (cheap), then where it stands. */
  for (t = tails; *t; t++)
    if (lower_ascii_eq(s + i, n - i, *t)) break;
  if (!*t) return 0;
  /* Back over white space to a line end or a sentence's end, past its
  ** closing quotes and brackets. */
  while (j > 0 && (s[j - 1] == ' ' || s[j - 1] == '\t' ||
                   ((unsigned char)s[j - 1] == 0xA0 && j >= 2 && (unsigned char)s[j - 2] == 0xC2)))
    j -= (unsigned char)s[j - 1] == 0xA0 ? 2 : 1;
  if (ends_line(s, j)) return 1;
  if (j == i) return 0;
  while (j > 0) { /* closing quotes and brackets */
    unsigned char q = (unsigned char)s[j - 1];
    if (q == '"' || q == '\'' || q == ')' || q == ']') j--;
    else if (j >= 3 && (unsigned char)s[j - 3] == 0xE2 && (unsigned char)s[j - 2] == 0x80 &&
             (q == 0x9D || q == 0x99)) j -= 3;
    else break;
  }
  if (j > 0 && (s[j - 1] == '.' || s[j - 1] == '!' || s[j - 1] == '?')) ok = 1;
  if (j >= 3 && (unsigned char)s[j - 3] == 0xE2 && (unsigned char)s[j - 2] == 0x80 &&
      (unsigned char)s[j - 1] == 0xA6)
    ok = 1; /* ... an ellipsis */
  if (!ok) return 0;
  if (*last == (size_t)-1) *last = last_sentence_end(s, n);
  return *last == n || *last < i; /* else running text, not a tail */
}

/*
** Where the boilerplate tail of the paragraph s[0, n) starts (n if none): a
** known prefix at a line start, or after a sentence's end when what follows
** is one sentence (a cross-link's headline), not at 0. Only the bytes that
** end a line or a sentence (and the last bytes of NEL, U+2026, U+2028 and
** U+2029) can come before one, so those are looked for first.
*/
/* The bytes that can end a line or a sentence: '.', '!', '?', LF, VT, FF,
** CR, and the last bytes of NEL, U+2026, U+2028, U+2029. */
static const unsigned char anchor_byte[256] = {
  ['.'] = 1, ['!'] = 1, ['?'] = 1, ['\n'] = 1, ['\r'] = 1, ['\v'] = 1, ['\f'] = 1,
  [0x85] = 1, [0xA6] = 1, [0xA8] = 1, [0xA9] = 1
};

size_t kata__dd_tail_start(const char *s, size_t n, const char *const *tails) {
  size_t a, last = (size_t)-1;
  uint32_t first = 0; /* the letters prefixes start with, folded: a bit each */
  const char *const *t;
  for (t = tails; *t; t++)
    if (IS_ASCII_LETTER((unsigned char)**t)) first |= 1u << (((unsigned char)**t | 0x20) - 'a');
  if (!first) return n;
  for (a = 0; a + 1 < n; a++) {
    size_t i;
    if (!anchor_byte[(unsigned char)s[a]]) continue;
    i = a + 1;
    while (i < n) { /* closing quotes and brackets, then white space */
      unsigned char q = (unsigned char)s[i];
      if (q == '"' || q == '\'' || q == ')' || q == ']' || q == ' ' || q == '\t' || q == '\n' ||
          q == '\r' || q == '\v' || q == '\f') i++;
      else if (i + 2 < n && q == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
               ((unsigned char)s[i + 2] == 0x9D || (unsigned char)s[i + 2] == 0x99)) i += 3;
      else if (i + 1 < n && q == 0xC2 && (unsigned char)s[i + 1] == 0xA0) i += 2;
      else break;
    }
    if (i < n && tail_at(s, n, i, tails, first, &last)) return i;
    if (i > a + 1) a = i - 1; /* the next anchor is after the skipped bytes */
  }
  return n;
}

/* A quote or dash, unified ('"' or '-'), or 0. */
static char unify_punct(int32_t cp) {
  switch (cp) {
    case '"': case '\'': case '`': case 0xB4: case 0xAB: case 0xBB:
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x201C:
    case 0x201D: case 0x201E: case 0x201F: case 0x2039: case 0x203A:
    case 0x300C: case 0x300D: case 0x300E: case 0x300F: case 0xFF02:
      return '"';
    case '-': case 0x2010: case 0x2011: case 0x2012: case 0x2013:
    case 0x2014: case 0x2015: case 0x2212: case 0xFE58: case 0xFE63:
    case 0xFF0D:
      return '-';
    default:
      return 0;
  }
}

/* In a word normalised at buf[from..]: apostrophes (U+2018, U+2019,
** U+02BC) become ' and hyphens (U+2010, U+2011) become -, in place. */
static void unify_inside(kata_buf_t *b, size_t from) {
  size_t i = from, o = from;
  while (i < b->len) {
    unsigned char c = (unsigned char)b->data[i];
    if (c == 0xE2 && i + 2 < b->len && (unsigned char)b->data[i + 1] == 0x80) {
      unsigned char c3 = (unsigned char)b->data[i + 2];
      if (c3 == 0x98 || c3 == 0x99) { b->data[o++] = '\''; i += 3; continue; }
      if (c3 == 0x90 || c3 == 0x91) { b->data[o++] = '-'; i += 3; continue; }
    } else if (c == 0xCA && i + 1 < b->len && (unsigned char)b->data[i + 1] == 0xBC) {
      b->data[o++] = '\'';
      i += 2;
      continue;
    }
    b->data[o++] = b->data[i++];
  }
  b->len = o;
}

/*
** Room in d->norm for a long paragraph's normalised text: its length and
** a quarter more, in one allocation, rather than doubling up to it (the
** normalised text is about as long: the paragraph of 9.4 MB in
** bench/data/doc50.txt gives 10.3 MB, one space before each punctuation
** mark; it took a buffer of 16.8 MB, at kata_duplicates' peak). A longer
** one grows on from there, as before.
*/
#define BIG_PARAGRAPH 1048576

static int reserve_norm(dedup_t *d, size_t n) {
  size_t need, cap;
  char *q;
  if (n < BIG_PARAGRAPH) return KATA_OK;
  if (n > ((size_t)-1 - d->norm.len) / 2) return KATA_ELIMIT;
  need = d->norm.len + n;
  if (need <= d->norm.cap) return KATA_OK;
  cap = need + need / 4;
  q = (char *)d->A.f(d->A.ud, d->norm.data, d->norm.cap, cap);
  if (!q) return KATA_ENOMEM;
  d->norm.data = q;
  d->norm.cap = cap;
  return KATA_OK;
}

/*
** Normalises one paragraph: its tokens, NFKC and case-folded, one space
** apart, quotes and dashes unified, leading and trailing punctuation
** dropped; and the hashes of its words and numbers in order.
*/
int kata__dd_normalise(dedup_t *d, const char *s, size_t n, para_t *p) {
  kata_tokenizer_t t;
  kata_token_t tok;
  size_t keep = d->norm.len; /* the text so far, up to the last non-punct */
  int rc;
  if ((rc = reserve_norm(d, n)) != KATA_OK) return rc;
  p->norm_off = d->norm.len;
  p->w_off = d->words.len / sizeof(uint64_t);
  p->nwords = 0;
  int glue = 0; /* the last thing added was a dash: no space after it */
  kata_tokenizer_init(&t, s, n, 0);
  while (kata_tokenizer_next(&t, &tok)) {
    const char *w = s + tok.start;
    size_t wl = tok.stop - tok.start, before;
    if (tok.kind == KATA_PUNCT || tok.kind == KATA_SYMBOL) {
      int32_t cp;
      char u = (kata__decode(w, wl, 0, &cp) == wl) ? unify_punct(cp) : 0;
      if (d->norm.len == p->norm_off && (tok.kind == KATA_PUNCT || u)) {
        glue = 0; /* leading punctuation */
        continue;
      }
      if (u == '-' || cp == '`' || cp == 0xB4) {
        /* Dashes join their neighbours ("a - b" is "a-b"); a grave or acute
        ** accent used as an apostrophe ("Ma`ruf") is one. */
        char g = u == '-' ? '-' : '\'';
        if (d->norm.len > p->norm_off && d->norm.data[d->norm.len - 1] == ' ') d->norm.len--;
        if ((rc = kata_buf_append(&d->A, &d->norm, &g, 1)) != KATA_OK) return rc;
        glue = 1;
        continue;
      }
      if (d->norm.len > p->norm_off && !glue &&
          (rc = kata_buf_append(&d->A, &d->norm, " ", 1)) != KATA_OK)
        return rc;
      glue = 0;
      rc = u ? kata_buf_append(&d->A, &d->norm, &u, 1)
             : kata_normalize(&d->A, w, wl, KATA_FORM_NFKC, KATA_NORM_FOLD, &d->norm, NULL);
      if (rc != KATA_OK) return rc;
      if (tok.kind == KATA_SYMBOL && !u) keep = d->norm.len;
      continue;
    }
    if (d->norm.len > p->norm_off && !glue &&
        (rc = kata_buf_append(&d->A, &d->norm, " ", 1)) != KATA_OK)
      return rc;
    glue = 0;
    before = d->norm.len;
    rc = kata_normalize(&d->A, w, wl, KATA_FORM_NFKC, KATA_NORM_FOLD, &d->norm, NULL);
    if (rc != KATA_OK) return rc;
    unify_inside(&d->norm, before);
    keep = d->norm.len;
    if (tok.kind == KATA_WORD || tok.kind == KATA_NUMBER) {
      uint64_t h = kata__hash(d->norm.data + before, d->norm.len - before);
      if ((rc = kata_buf_append(&d->A, &d->words, (const char *)&h, sizeof h)) != KATA_OK)
        return rc;
      p->nwords++;
    }
  }
  if (keep < p->norm_off) keep = p->norm_off;
  if (keep > d->norm.len) keep = d->norm.len;
  d->norm.len = keep; /* trailing punctuation */
  p->norm_len = d->norm.len - p->norm_off;
  return KATA_OK;
}

static const uint64_t *words_of(const dedup_t *d, const para_t *p) {
  return (const uint64_t *)(void *)d->words.data + p->w_off;
}

const uint64_t *kata__dd_shingles(const dedup_t *d, const para_t *p) {
  return (const uint64_t *)(void *)d->sh.data + p->sh_off;
}

static void sort_u64(uint64_t *a, size_t n, uint64_t *tmp) {
  size_t width, i;
  for (width = 1; width < n; width *= 2) {
    for (i = 0; i < n; i += 2 * width) {
      size_t lo = i, mid = i + width < n ? i + width : n;
      size_t hi = i + 2 * width < n ? i + 2 * width : n, x = lo, y = mid, k = lo;
      while (x < mid && y < hi) tmp[k++] = a[y] < a[x] ? a[y++] : a[x++];
      while (x < mid) tmp[k++] = a[x++];
      while (y < hi) tmp[k++] = a[y++];
    }
    memcpy(a, tmp, n * sizeof *a);
  }
}

/* The same order in place (heapsort), for a long paragraph's shingles:
** no scratch as big as they are. */
static void sift_down_u64(uint64_t *a, size_t i, size_t n) {
  uint64_t v = a[i];
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && a[c + 1] > a[c]) c++;
    if (a[c] <= v) break;
    a[i] = a[c];
    i = c;
  }
  a[i] = v;
}

static void sort_u64_in_place(uint64_t *a, size_t n) {
  size_t i, end;
  if (n < 2) return;
  for (i = n / 2; i-- > 0;) sift_down_u64(a, i, n);
  for (end = n - 1; end > 0; end--) {
    uint64_t x = a[0];
    a[0] = a[end];
    a[end] = x;
    sift_down_u64(a, 0, end);
  }
}

/* Room for extra more bytes in d->sh, which grows by half, not double:
** it holds the shingles of every paragraph kept, the most of what
** kata_duplicates keeps. */
static int reserve_sh(dedup_t *d, size_t extra) {
  kata_buf_t *b = &d->sh;
  size_t need, cap;
  char *q;
  if (extra > (size_t)-1 - b->len) return KATA_ELIMIT;
  need = b->len + extra;
  if (need <= b->cap) return KATA_OK;
  cap = b->cap < 64 ? 64 : b->cap > (size_t)-1 / 3 * 2 ? need : b->cap + b->cap / 2;
  if (cap < need) cap = need;
  q = (char *)d->A.f(d->A.ud, b->data, b->cap, cap);
  if (!q) return KATA_ENOMEM;
  b->data = q;
  b->cap = cap;
  return KATA_OK;
}

/* The paragraph's sorted distinct k-word shingles (hashes), stored in d->sh. */
int kata__dd_shingle(dedup_t *d, para_t *p, int k) {
  const uint64_t *w = words_of(d, p);
  size_t n = p->nwords >= (size_t)k ? p->nwords - (size_t)k + 1 : 0, i, j, m;
  uint64_t *out, *tmp;
  int rc, big;
  p->sh_off = d->sh.len / sizeof(uint64_t);
  p->sh_len = 0;
  if (n == 0) return KATA_OK;
  if ((rc = reserve_sh(d, n * sizeof(uint64_t))) != KATA_OK) return rc;
  big = n * sizeof(uint64_t) >= BIG_PARAGRAPH;
  d->tmp.len = 0;
  if (!big && (rc = kata_buf_reserve(&d->A, &d->tmp, n * sizeof(uint64_t))) != KATA_OK)
    return rc;
  out = (uint64_t *)(void *)(d->sh.data + d->sh.len);
  tmp = (uint64_t *)(void *)d->tmp.data;
  for (i = 0; i < n; i++) {
    uint64_t h = w[i];
    for (j = 1; j < (size_t)k; j++) h = kata__mix64(h ^ (w[i + j] + 0x9E3779B97F4A7C15ull * j));
    out[i] = h;
  }
  if (big) sort_u64_in_place(out, n);
  else sort_u64(out, n, tmp);
  for (i = 0, m = 0; i < n; i++)
    if (m == 0 || out[i] != out[m - 1]) out[m++] = out[i];
  p->sh_len = m;
  d->sh.len += m * sizeof(uint64_t);
  return KATA_OK;
}

/* |A n B| of two sorted sets. */
static size_t intersect(const uint64_t *a, size_t na, const uint64_t *b, size_t nb) {
  size_t i = 0, j = 0, n = 0;
  while (i < na && j < nb) {
    if (a[i] < b[j]) i++;
    else if (a[i] > b[j]) j++;
    else { n++; i++; j++; }
  }
  return n;
}

static double similarity(const dedup_t *d, const para_t *a, const para_t *b,
                         int containment) {
  size_t na = a->sh_len, nb = b->sh_len;
  size_t inter = intersect(kata__dd_shingles(d, a), na, kata__dd_shingles(d, b), nb);
  if (containment) {
    size_t small = na < nb ? na : nb;
    return small ? (double)inter / (double)small : 0;
  }
  return na + nb - inter ? (double)inter / (double)(na + nb - inter) : 0;
}

/* The LSH band keys of a paragraph's MinHash signature. */
static void band_keys(const dedup_t *d, const para_t *p, uint64_t keys[BANDS]) {
  uint64_t sig[NHASH];
  const uint64_t *sh = kata__dd_shingles(d, p);
  size_t i, j;
  for (j = 0; j < NHASH; j++) sig[j] = (uint64_t)-1;
  for (i = 0; i < p->sh_len; i++)
    for (j = 0; j < NHASH; j++) {
      uint64_t v = kata__mix64(sh[i] ^ (0xD6E8FEB86659FD93ull * (j + 1)));
      if (v < sig[j]) sig[j] = v;
    }
  for (j = 0; j < BANDS; j++) {
    uint64_t h = 0x243F6A8885A308D3ull * (j + 1);
    size_t r;
    for (r = 0; r < ROWS; r++) h = kata__mix64(h ^ sig[j * ROWS + r]);
    keys[j] = h;
  }
}

/* {======================================================================
** A multimap from 64-bit keys to paragraph indices (open addressing)
** ======================================================================= */

/* Keys and values in two arrays (12 bytes a slot, not 16), filled up to
** 1/2, or 7/8 when dense (the band keys of every paragraph, the most of
** what kata_duplicates holds: a look-up there reads a key's whole run;
** the teasers' look-ups stop after 64 slots, so their map stays at 1/2,
** where it was). Entries of one key are met in the order they
** were put, whatever the size: a bigger table is filled from an empty
** slot on, so that no run that wraps around the end is taken apart. */
#define NONE32 UINT32_MAX

typedef struct mmap {
  uint64_t *keys;
  uint32_t *vals; /* NONE32: empty */
  size_t n, cap;
  int dense;
} mmap_t;

static int mmap_put(const kata_allocator_t *A, mmap_t *m, uint64_t key, size_t val) {
  size_t j;
  if (m->dense ? (m->n + 1) * 8 > m->cap * 7 : (m->n + 1) * 2 > m->cap) {
    size_t nc = m->cap ? m->cap * 2 : 64, i, k, from = 0;
    uint64_t *nk = (uint64_t *)A->f(A->ud, NULL, 0, nc * sizeof *nk);
    uint32_t *nv = nk ? (uint32_t *)A->f(A->ud, NULL, 0, nc * sizeof *nv) : NULL;
    if (!nv) {
      if (nk) A->f(A->ud, nk, nc * sizeof *nk, 0);
      return KATA_ENOMEM;
    }
    for (i = 0; i < nc; i++) nv[i] = NONE32;
    while (from < m->cap && m->vals[from] != NONE32) from++; /* an empty slot */
    for (k = 0; k < m->cap; k++) {
      i = (from + k) & (m->cap - 1);
      if (m->vals[i] != NONE32) {
        for (j = m->keys[i] & (nc - 1); nv[j] != NONE32; j = (j + 1) & (nc - 1)) {}
        nk[j] = m->keys[i];
        nv[j] = m->vals[i];
      }
    }
    if (m->keys) {
      A->f(A->ud, m->keys, m->cap * sizeof *m->keys, 0);
      A->f(A->ud, m->vals, m->cap * sizeof *m->vals, 0);
    }
    m->keys = nk;
    m->vals = nv;
    m->cap = nc;
  }
  for (j = key & (m->cap - 1); m->vals[j] != NONE32; j = (j + 1) & (m->cap - 1)) {}
  m->keys[j] = key;
  m->vals[j] = (uint32_t)val;
  m->n++;
  return KATA_OK;
}

static void mmap_free(const kata_allocator_t *A, mmap_t *m) {
  if (m->keys) {
    A->f(A->ud, m->keys, m->cap * sizeof *m->keys, 0);
    A->f(A->ud, m->vals, m->cap * sizeof *m->vals, 0);
  }
  m->keys = NULL;
  m->vals = NULL;
  m->n = m->cap = 0;
}

/* }====================================================================== */

/* Is the paragraph a teaser: does its text end in "..." or U+2026? */
int kata__dd_is_teaser(const char *s, size_t n) {
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
  if (n >= 3 && memcmp(s + n - 3, "...", 3) == 0) return 1;
  return n >= 3 && memcmp(s + n - 3, "\xE2\x80\xA6", 3) == 0;
}

/* Do the teaser's words (but its last, maybe cut, word) open q's words? */
static int opens(const dedup_t *d, const para_t *teaser, const para_t *q) {
  size_t k = teaser->nwords - 1;
  return q->nwords > k && memcmp(words_of(d, teaser), words_of(d, q), k * sizeof(uint64_t)) == 0;
}

static void free_all(dedup_t *d, mmap_t *exact, mmap_t *bands, mmap_t *heads,
                     size_t *seen, size_t seen_cap) {
  kata_buf_free(&d->A, &d->norm);
  kata_buf_free(&d->A, &d->sh);
  kata_buf_free(&d->A, &d->words);
  kata_buf_free(&d->A, &d->tmp);
  if (d->p) d->A.f(d->A.ud, d->p, d->np * sizeof *d->p, 0);
  mmap_free(&d->A, exact);
  mmap_free(&d->A, bands);
  mmap_free(&d->A, heads);
  if (seen) d->A.f(d->A.ud, seen, seen_cap * sizeof *seen, 0);
}


/* The key of the first two words of s[0, n) (as the teaser step uses it),
** reading no further than the fourth word; 0 when it has fewer than four. */
static int head_key(dedup_t *d, const char *s, size_t n, uint64_t *key) {
  kata_tokenizer_t t;
  kata_token_t tok;
  uint64_t w[2] = {0, 0};
  int nw = 0, rc;
  *key = 0;
  kata_tokenizer_init(&t, s, n, 0);
  while (nw < 4 && kata_tokenizer_next(&t, &tok)) {
    if (tok.kind != KATA_WORD && tok.kind != KATA_NUMBER) continue;
    if (nw < 2) {
      d->tmp.len = 0;
      rc = kata_normalize(&d->A, s + tok.start, tok.stop - tok.start, KATA_FORM_NFKC, KATA_NORM_FOLD,
                          &d->tmp, NULL);
      if (rc != KATA_OK) return rc;
      unify_inside(&d->tmp, 0);
      w[nw] = kata__hash(d->tmp.data, d->tmp.len);
    }
    nw++;
  }
  if (nw >= 4) *key = w[0] ^ kata__mix64(w[1]);
  return KATA_OK;
}

/*
** Exact mode, fast: a paragraph is first keyed by
** a coarse form, its ASCII letters and digits lower-cased and every other
** byte >= 0x80 kept, read straight from an ASCII paragraph and from the
** normalised text of any other. Equal normalised texts have equal coarse
** forms, so only paragraphs whose coarse keys meet are normalised and
** compared in full.
*/
/* The coarse form of a byte: ASCII letters lower-cased, digits and bytes
** >= 0x80 as they are, 0 for the rest (dropped). */
static const unsigned char coarse_byte[256] = {
#define R10(b) (b), (b) + 1, (b) + 2, (b) + 3, (b) + 4, (b) + 5, (b) + 6, (b) + 7, (b) + 8, (b) + 9
  ['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4', ['5'] = '5', ['6'] = '6',
  ['7'] = '7', ['8'] = '8', ['9'] = '9',
  ['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e', ['f'] = 'f', ['g'] = 'g',
  ['h'] = 'h', ['i'] = 'i', ['j'] = 'j', ['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n',
  ['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't', ['u'] = 'u',
  ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y', ['z'] = 'z',
  ['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e', ['F'] = 'f', ['G'] = 'g',
  ['H'] = 'h', ['I'] = 'i', ['J'] = 'j', ['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n',
  ['O'] = 'o', ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't', ['U'] = 'u',
  ['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y', ['Z'] = 'z',
  [0x80] = R10(0x80), [0x8A] = R10(0x8A), [0x94] = R10(0x94), [0x9E] = R10(0x9E),
  [0xA8] = R10(0xA8), [0xB2] = R10(0xB2), [0xBC] = R10(0xBC), [0xC6] = R10(0xC6),
  [0xD0] = R10(0xD0), [0xDA] = R10(0xDA), [0xE4] = R10(0xE4), [0xEE] = R10(0xEE),
  [0xF8] = 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF
#undef R10
};

static int coarse_key(dedup_t *d, const char *s, size_t n, para_t *p, int *normed, uint64_t *h) {
  size_t i;
  int rc;
  const char *src = s;
  d->tmp.len = 0;
  for (i = 0; i < n && (unsigned char)s[i] < 0x80; i++) {}
  if (i < n) { /* not ASCII: the normalised text's coarse form */
    if ((rc = kata__dd_normalise(d, s, n, p)) != KATA_OK) return rc;
    *normed = 2; /* normalised, and not ASCII */
    src = d->norm.data + p->norm_off;
    n = p->norm_len;
  }
  if ((rc = kata_buf_reserve(&d->A, &d->tmp, n + 8)) != KATA_OK) return rc;
  {
    char *o = d->tmp.data;
    size_t k = 0;
    for (i = 0; i < n; i++) { /* branch-free */
      unsigned char c = coarse_byte[(unsigned char)src[i]];
      o[k] = (char)c;
      k += c != 0;
    }
    *h = kata__hash(o, k);
  }
  return KATA_OK;
}

/* Do two ASCII paragraphs differ only in letter case and in the length and
** kind of their white-space runs? Then their normalised texts are equal
** (the tokenizer's rules do not look at case; spaces are dropped). */
static int ascii_same(const char *a, size_t na, const char *b, size_t nb) {
#define WS(c) ((c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\r' || (c) == '\v' || (c) == '\f')
  size_t i = 0, j = 0;
  while (i < na && WS(a[i])) i++;
  while (j < nb && WS(b[j])) j++;
  while (i < na && j < nb) {
    int wa = WS(a[i]), wb = WS(b[j]);
    if (wa || wb) {
      if (!(wa && wb)) return 0;
      while (i < na && WS(a[i])) i++;
      while (j < nb && WS(b[j])) j++;
      continue;
    }
    if (coarse_byte[(unsigned char)a[i]] ? coarse_byte[(unsigned char)a[i]] != coarse_byte[(unsigned char)b[j]]
                                         : a[i] != b[j])
      return 0;
    i++;
    j++;
  }
  while (i < na && WS(a[i])) i++;
  while (j < nb && WS(b[j])) j++;
  return i == na && j == nb;
#undef WS
}

/* The hash of the first run of ASCII letters and digits of s[0, n),
** lower-cased, after leading punctuation and space; 0 when s starts (after
** those) with a byte >= 0x80 or has no such run. A cheap filter: a
** paragraph whose first word differs from every teaser's cannot be opened
** by one. */
static uint64_t first_run(const char *s, size_t n) {
  size_t i = 0, k;
  char buf[64];
  while (i < n && (unsigned char)s[i] < 0x80 && !coarse_byte[(unsigned char)s[i]]) i++;
  if (i == n || (unsigned char)s[i] >= 0x80) return 0;
  for (k = 0; i < n && k < sizeof buf && coarse_byte[(unsigned char)s[i]] &&
              (unsigned char)s[i] < 0x80; i++)
    buf[k++] = (char)coarse_byte[(unsigned char)s[i]];
  return kata__hash(buf, k) | 1;
}

static int exact_fast(dedup_t *d, const char *const *texts, size_t n, const size_t *cut,
                      const unsigned char *teaser, kata_dup_t *out, mmap_t *exact, mmap_t *heads) {
  size_t i, j;
  int rc;
  int *normed = (int *)d->A.f(d->A.ud, NULL, 0, (n ? n : 1) * sizeof(int));
  if (!normed) return KATA_ENOMEM;
  for (i = 0; i < n; i++) {
    uint64_t h;
    size_t first = NONE;
    normed[i] = 0;
    out[i].dup_of = NONE;
    out[i].similarity = 0;
    out[i].kind = 0;
    if ((rc = coarse_key(d, texts[i], cut[i], &d->p[i], &normed[i], &h)) != KATA_OK) goto done;
    for (j = h & (exact->cap ? exact->cap - 1 : 0); exact->cap && exact->vals[j] != NONE32;
         j = (j + 1) & (exact->cap - 1)) {
      size_t c = exact->vals[j];
      const para_t *p, *q;
      if (exact->keys[j] != h) continue;
      if ((cut[i] == cut[c] && memcmp(texts[i], texts[c], cut[i]) == 0) || /* byte-equal */
          (normed[i] != 2 && normed[c] != 2 && ascii_same(texts[i], cut[i], texts[c], cut[c]))) {
        first = c;
        break;
      }
      if (!normed[i] && (rc = kata__dd_normalise(d, texts[i], cut[i], &d->p[i])) != KATA_OK) goto done;
      normed[i] = 1;
      if (!normed[c] && (rc = kata__dd_normalise(d, texts[c], cut[c], &d->p[c])) != KATA_OK) goto done;
      normed[c] = 1;
      p = &d->p[i];
      q = &d->p[c];
      if (p->norm_len == q->norm_len &&
          memcmp(d->norm.data + p->norm_off, d->norm.data + q->norm_off, p->norm_len) == 0) {
        first = c;
        break;
      }
    }
    if (first != NONE) {
      out[i].dup_of = first;
      out[i].similarity = 1;
      out[i].kind = KATA_DUP_EXACT;
    } else if ((rc = mmap_put(&d->A, exact, h, i)) != KATA_OK) {
      goto done;
    }
  }
  if (teaser) { /* teasers: heads of the others, then each teaser's words */
    mmap_t firsts = {NULL, NULL, 0, 0, 0};
    int all = 0; /* a teaser starts with a non-ASCII word: no filter */
    for (i = 0; i < n && !all; i++)
      if (teaser[i]) {
        uint64_t f = first_run(texts[i], cut[i]);
        if (!f) all = 1;
        else if ((rc = mmap_put(&d->A, &firsts, f, i)) != KATA_OK) {
          mmap_free(&d->A, &firsts);
          goto done;
        }
      }
    for (i = 0; i < n; i++) {
      uint64_t key;
      size_t same = 0;
      if (teaser[i]) continue;
      if (!all) { /* only paragraphs that start as some teaser does */
        uint64_t f = first_run(texts[i], cut[i]);
        int hit = f == 0;
        for (j = f & (firsts.cap ? firsts.cap - 1 : 0); !hit && firsts.cap && firsts.vals[j] != NONE32;
             j = (j + 1) & (firsts.cap - 1))
          hit = firsts.keys[j] == f;
        if (!hit) continue;
      }
      if ((rc = head_key(d, texts[i], cut[i], &key)) != KATA_OK) {
        mmap_free(&d->A, &firsts);
        goto done;
      }
      if (!key) continue;
      for (j = key & (heads->cap ? heads->cap - 1 : 0); heads->cap && heads->vals[j] != NONE32;
           j = (j + 1) & (heads->cap - 1))
        if (heads->keys[j] == key && ++same >= BUCKET_MAX) break;
      if (same < BUCKET_MAX && (rc = mmap_put(&d->A, heads, key, i)) != KATA_OK) {
        mmap_free(&d->A, &firsts);
        goto done;
      }
    }
    mmap_free(&d->A, &firsts);
    for (i = 0; i < n; i++) {
      para_t *p = &d->p[i];
      uint64_t key;
      size_t tries = 0, k;
      if (!teaser[i] || out[i].dup_of != NONE || !heads->cap) continue;
      if (!normed[i] && (rc = kata__dd_normalise(d, texts[i], cut[i], p)) != KATA_OK) goto done;
      normed[i] = 1;
      if (p->nwords < 4) continue;
      key = words_of(d, p)[0] ^ kata__mix64(words_of(d, p)[1]);
      for (j = key & (heads->cap - 1); heads->vals[j] != NONE32 && tries < 64;
           j = (j + 1) & (heads->cap - 1), tries++) {
        size_t c = heads->vals[j];
        if (heads->keys[j] != key || c == i) continue;
        if (!normed[c] && (rc = kata__dd_normalise(d, texts[c], cut[c], &d->p[c])) != KATA_OK)
          goto done;
        normed[c] = 1;
        p = &d->p[i];
        if (!opens(d, p, &d->p[c])) continue;
        for (k = 0; out[c].dup_of != NONE && out[c].dup_of != i && k < n; k++) c = out[c].dup_of;
        if (out[c].dup_of == i) continue;
        out[i].dup_of = c;
        out[i].similarity = 1;
        out[i].kind = KATA_DUP_TEASER;
        break;
      }
    }
    for (i = 0; i < n; i++) { /* a copy of a teaser is a teaser */
      size_t r = out[i].dup_of;
      if (r != NONE && out[r].kind == KATA_DUP_TEASER && out[r].dup_of != i) out[i] = out[r];
    }
  }
  rc = KATA_OK;
done:
  d->A.f(d->A.ud, normed, (n ? n : 1) * sizeof(int), 0);
  return rc;
}

/* Is paragraph c's normalised text the one p holds in the scratch buffers
** (d->norm and d->words, from p's offsets)? c is normalised again after
** it, then the buffers are cut back. */
static int renormalised_equal(dedup_t *d, const char *const *texts, const size_t *lens,
                              const char *const *tails, size_t c, const para_t *p, int *same) {
  size_t mark_n = d->norm.len, mark_w = d->words.len;
  para_t q;
  int rc = kata__dd_normalise(d, texts[c], kata__dd_tail_start(texts[c], lens[c], tails), &q);
  if (rc != KATA_OK) return rc;
  *same = q.norm_len == p->norm_len &&
          memcmp(d->norm.data + q.norm_off, d->norm.data + p->norm_off, p->norm_len) == 0;
  d->norm.len = mark_n;
  d->words.len = mark_w;
  return KATA_OK;
}

int kata_duplicates(const kata_allocator_t *A, const char *const *texts,
                    const size_t *lens, size_t n, const kata_dedup_opts_t *o,
                    kata_dup_t *out) {
  dedup_t d;
  mmap_t exact = {NULL, NULL, 0, 0, 0}, bands = {NULL, NULL, 0, 0, 1}, heads = {NULL, NULL, 0, 0, 0};
  size_t *seen = NULL, i, j;
  const char *const *tails = o->tails ? o->tails : builtin_tails;
  int rc = KATA_OK;
  if (o->shingle < 1 || o->shingle > 5 || !(o->threshold >= 0 && o->threshold <= 1) ||
      !kata__dd_tails_ok(tails))
    return KATA_EINVAL; /* a NaN threshold too, as kata_index_new */
  memset(&d, 0, sizeof d);
  d.A = *A;
  if (n == 0) return KATA_OK;
  /* paragraph numbers are 32-bit in the maps */
  if (n > ((size_t)-1) / sizeof(para_t) || n >= NONE32) return KATA_ELIMIT;
  d.p = (para_t *)A->f(A->ud, NULL, 0, n * sizeof *d.p);
  seen = (size_t *)A->f(A->ud, NULL, 0, n * sizeof *seen);
  d.np = n;
  if (!d.p || !seen) {
    rc = KATA_ENOMEM;
    goto done;
  }
  memset(d.p, 0, n * sizeof *d.p);
  /* Never NULL, even when no paragraph has a word: offsets are added to
  ** these pointers, and NULL + 0 is undefined. */
  if ((rc = kata_buf_reserve(A, &d.norm, 8)) != KATA_OK ||
      (rc = kata_buf_reserve(A, &d.words, 8)) != KATA_OK ||
      (rc = kata_buf_reserve(A, &d.sh, 8)) != KATA_OK)
    goto done;
  if (!o->near) { /* the fast exact path (seen holds the cuts) */
    int teasers = 0;
    unsigned char *tz = (unsigned char *)A->f(A->ud, NULL, 0, n);
    if (!tz) {
      rc = KATA_ENOMEM;
      goto done;
    }
    for (i = 0; i < n; i++) {
      seen[i] = kata__dd_tail_start(texts[i], lens[i], tails);
      tz[i] = (unsigned char)kata__dd_is_teaser(texts[i], seen[i]);
      teasers |= tz[i];
    }
    rc = exact_fast(&d, texts, n, seen, teasers ? tz : NULL, out, &exact, &heads);
    A->f(A->ud, tz, n, 0);
    goto done;
  }
  /* One paragraph at a time: its normalised text and word hashes live in
  ** the scratch buffers d.norm and d.words only while it is read; what
  ** stays is its hash, its head key and its shingles. An earlier
  ** paragraph's text is normalised again when a later one meets it (the
  ** same hash and length; the first two words of a teaser), so memory
  ** follows the shingles, not the text, and every answer is the same. */
  for (i = 0; i < n; i++) {
    para_t *p = &d.p[i];
    size_t len = kata__dd_tail_start(texts[i], lens[i], tails), best = NONE, k;
    uint64_t h, keys[BANDS];
    int full[BANDS];
    double best_sim = 0;
    int kind = KATA_DUP_EXACT;
    seen[i] = NONE;
    out[i].dup_of = NONE;
    out[i].similarity = 0;
    out[i].kind = 0;
    p->teaser = kata__dd_is_teaser(texts[i], len);
    d.norm.len = d.words.len = 0;
    if ((rc = kata__dd_normalise(&d, texts[i], len, p)) != KATA_OK) goto done;
    h = kata__hash(d.norm.data + p->norm_off, p->norm_len);
    p->head = p->nwords >= 2 ? words_of(&d, p)[0] ^ kata__mix64(words_of(&d, p)[1]) : 0;
    /* Exact: the same normalised text as an earlier first occurrence. */
    for (j = h & (exact.cap ? exact.cap - 1 : 0); exact.cap && exact.vals[j] != NONE32;
         j = (j + 1) & (exact.cap - 1)) {
      size_t c = exact.vals[j];
      int same;
      if (exact.keys[j] != h || d.p[c].norm_len != p->norm_len) continue;
      if ((rc = renormalised_equal(&d, texts, lens, tails, c, p, &same)) != KATA_OK) goto done;
      if (same) {
        best = c;
        best_sim = 1;
        break;
      }
    }
    if (best == NONE && (rc = mmap_put(A, &exact, h, i)) != KATA_OK) goto done;
    if (p->nwords >= 4 && !p->teaser) { /* teasers are looked up, not targets */
      uint64_t hk = p->head;
      size_t same = 0;
      for (j = hk & (heads.cap ? heads.cap - 1 : 0); heads.cap && heads.vals[j] != NONE32;
           j = (j + 1) & (heads.cap - 1))
        if (heads.keys[j] == hk && ++same >= BUCKET_MAX) break;
      if (same < BUCKET_MAX && (rc = mmap_put(A, &heads, hk, i)) != KATA_OK) goto done;
    }
    if (best == NONE && o->near && p->nwords >= o->min_words) {
      if ((rc = kata__dd_shingle(&d, p, o->shingle)) != KATA_OK) goto done;
      band_keys(&d, p, keys);
      for (k = 0; k < BANDS; k++) {
        uint64_t key = keys[k];
        size_t same = 0;
        full[k] = 0;
        for (j = key & (bands.cap ? bands.cap - 1 : 0); bands.cap && bands.vals[j] != NONE32;
             j = (j + 1) & (bands.cap - 1)) {
          size_t c = bands.vals[j];
          double sim;
          if (bands.keys[j] != key) continue;
          if (++same >= BUCKET_MAX) { /* enough of this bucket: bounded work */
            full[k] = 1;
            break;
          }
          if (seen[c] == i) continue;
          seen[c] = i; /* each candidate confirmed once */
          sim = similarity(&d, p, &d.p[c], o->containment);
          if (sim >= o->threshold && (sim > best_sim || (sim == best_sim && c < best))) {
            best = c;
            best_sim = sim;
            kind = KATA_DUP_NEAR;
          }
        }
      }
      if (best == NONE && !p->teaser) /* a teaser is never what others repeat */
        for (k = 0; k < BANDS; k++)
          if (!full[k] && (rc = mmap_put(A, &bands, keys[k], i)) != KATA_OK) goto done;
    }
    if (best != NONE) {
      out[i].dup_of = best;
      out[i].similarity = best_sim;
      out[i].kind = kind;
    }
  }
  /* An exact copy of a near duplicate points at the first occurrence. */
  for (i = 0; i < n; i++) {
    size_t r = out[i].dup_of;
    if (r != NONE && out[r].dup_of != NONE) out[i] = out[r]; /* r < i: resolved */
  }
  /* Teasers: "..." paragraphs whose words open a longer one, before or after. */
  for (i = 0; i < n; i++) {
    para_t *p = &d.p[i];
    uint64_t key;
    size_t tries = 0, k;
    int loaded = 0;
    if (!p->teaser || out[i].dup_of != NONE || p->nwords < 4 || !heads.cap) continue;
    key = p->head;
    for (j = key & (heads.cap - 1); heads.vals[j] != NONE32 && tries < 64;
         j = (j + 1) & (heads.cap - 1), tries++) {
      size_t c = heads.vals[j], mark_n, mark_w;
      para_t q;
      int open;
      if (heads.keys[j] != key || c == i) continue;
      if (!loaded) { /* the teaser's words, then each candidate's after them */
        d.norm.len = d.words.len = 0;
        if ((rc = kata__dd_normalise(&d, texts[i], kata__dd_tail_start(texts[i], lens[i], tails),
                                     p)) != KATA_OK)
          goto done;
        loaded = 1;
      }
      mark_n = d.norm.len;
      mark_w = d.words.len;
      if ((rc = kata__dd_normalise(&d, texts[c], kata__dd_tail_start(texts[c], lens[c], tails),
                                   &q)) != KATA_OK)
        goto done;
      open = opens(&d, p, &q);
      d.norm.len = mark_n;
      d.words.len = mark_w;
      if (!open) continue;
      for (k = 0; out[c].dup_of != NONE && out[c].dup_of != i && k < n; k++)
        c = out[c].dup_of; /* its first occurrence */
      if (out[c].dup_of == i) continue;
      out[i].dup_of = c;
      out[i].similarity = 1; /* every whole word of the teaser is in c */
      out[i].kind = KATA_DUP_TEASER;
      break;
    }
  }
  /* A copy of a teaser is a teaser of the same paragraph (teasers point
  ** straight at first occurrences, so one step is enough). */
  for (i = 0; i < n; i++) {
    size_t r = out[i].dup_of;
    if (r != NONE && out[r].kind == KATA_DUP_TEASER && out[r].dup_of != i) out[i] = out[r];
  }
done:
  free_all(&d, &exact, &bands, &heads, seen, n);
  return rc;
}
