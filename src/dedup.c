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


static int lower_ascii_eq(const char *s, size_t n, const char *pre) {
  size_t k, m = strlen(pre);
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

/* Does s[0, n) hold a sentence end followed by more text ("x. Y")? */
static int more_sentences(const char *s, size_t n) {
  size_t k;
  for (k = 0; k + 2 < n; k++)
    if ((s[k] == '.' || s[k] == '!' || s[k] == '?') && (s[k + 1] == ' ' || s[k + 1] == '\t')) {
      size_t m = k + 1;
      while (m < n && (s[m] == ' ' || s[m] == '\t')) m++;
      if (m < n && (IS_ASCII_LETTER((unsigned char)s[m]) || (s[m] >= '0' && s[m] <= '9') ||
                    (unsigned char)s[m] >= 0x80 || s[m] == '"' || s[m] == '\''))
        return 1;
    }
  return 0;
}

/*
** Where the boilerplate tail of the paragraph s[0, n) starts (n if none): a
** known prefix at a line start, or after a sentence's end when what follows
** is one sentence (a cross-link's headline), not at 0.
*/
size_t kata_dd_tail_start(const char *s, size_t n, const char *const *tails) {
  size_t i;
  uint32_t first = 0; /* the letters prefixes start with, folded: a bit each */
  const char *const *t;
  for (t = tails; *t; t++)
    if (IS_ASCII_LETTER((unsigned char)**t)) first |= 1u << (((unsigned char)**t | 0x20) - 'a');
  for (i = 1; i < n; i++) {
    size_t j = i;
    int ok = 0;
    unsigned char c = (unsigned char)s[i], p = (unsigned char)s[i - 1];
    if (!IS_ASCII_LETTER(c) || !((first >> ((c | 0x20) - 'a')) & 1)) continue;
    /* after white space or a line end only (bytes >= 0x80: NBSP, NEL, ...) */
    if (p != ' ' && p != '\t' && p != '\n' && p != '\r' && p != '\v' && p != '\f' && p < 0x80)
      continue;
    /* Back over white space to a line end or a sentence's end, past its
    ** closing quotes and brackets. */
    while (j > 0 && (s[j - 1] == ' ' || s[j - 1] == '\t' ||
                     ((unsigned char)s[j - 1] == 0xA0 && j >= 2 && (unsigned char)s[j - 2] == 0xC2)))
      j -= (unsigned char)s[j - 1] == 0xA0 ? 2 : 1;
    if (ends_line(s, j)) {
      ok = 1;
    } else if (j < i) { /* white space after a sentence's end */
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
      if (ok && more_sentences(s + i, n - i)) ok = 0; /* running text, not a tail */
    }
    if (!ok) continue;
    for (t = tails; *t; t++)
      if (lower_ascii_eq(s + i, n - i, *t)) return i;
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
** Normalises one paragraph: its tokens, NFKC and case-folded, one space
** apart, quotes and dashes unified, leading and trailing punctuation
** dropped; and the hashes of its words and numbers in order.
*/
int kata_dd_normalise(dedup_t *d, const char *s, size_t n, para_t *p) {
  kata_tokenizer_t t;
  kata_token_t tok;
  size_t keep = d->norm.len; /* the text so far, up to the last non-punct */
  int rc;
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
      char u = (kata_decode(w, wl, 0, &cp) == wl) ? unify_punct(cp) : 0;
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
      uint64_t h = kata_hash(d->norm.data + before, d->norm.len - before);
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

const uint64_t *kata_dd_shingles(const dedup_t *d, const para_t *p) {
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

/* The paragraph's sorted distinct k-word shingles (hashes), stored in d->sh. */
int kata_dd_shingle(dedup_t *d, para_t *p, int k) {
  const uint64_t *w = words_of(d, p);
  size_t n = p->nwords >= (size_t)k ? p->nwords - (size_t)k + 1 : 0, i, j, m;
  uint64_t *out, *tmp;
  int rc;
  p->sh_off = d->sh.len / sizeof(uint64_t);
  p->sh_len = 0;
  if (n == 0) return KATA_OK;
  if ((rc = kata_buf_reserve(&d->A, &d->sh, n * sizeof(uint64_t))) != KATA_OK) return rc;
  d->tmp.len = 0;
  if ((rc = kata_buf_reserve(&d->A, &d->tmp, n * sizeof(uint64_t))) != KATA_OK) return rc;
  out = (uint64_t *)(void *)(d->sh.data + d->sh.len);
  tmp = (uint64_t *)(void *)d->tmp.data;
  for (i = 0; i < n; i++) {
    uint64_t h = w[i];
    for (j = 1; j < (size_t)k; j++) h = kata_mix64(h ^ (w[i + j] + 0x9E3779B97F4A7C15ull * j));
    out[i] = h;
  }
  sort_u64(out, n, tmp);
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
  size_t inter = intersect(kata_dd_shingles(d, a), na, kata_dd_shingles(d, b), nb);
  if (containment) {
    size_t small = na < nb ? na : nb;
    return small ? (double)inter / (double)small : 0;
  }
  return na + nb - inter ? (double)inter / (double)(na + nb - inter) : 0;
}

/* The LSH band keys of a paragraph's MinHash signature. */
static void band_keys(const dedup_t *d, const para_t *p, uint64_t keys[BANDS]) {
  uint64_t sig[NHASH];
  const uint64_t *sh = kata_dd_shingles(d, p);
  size_t i, j;
  for (j = 0; j < NHASH; j++) sig[j] = (uint64_t)-1;
  for (i = 0; i < p->sh_len; i++)
    for (j = 0; j < NHASH; j++) {
      uint64_t v = kata_mix64(sh[i] ^ (0xD6E8FEB86659FD93ull * (j + 1)));
      if (v < sig[j]) sig[j] = v;
    }
  for (j = 0; j < BANDS; j++) {
    uint64_t h = 0x243F6A8885A308D3ull * (j + 1);
    size_t r;
    for (r = 0; r < ROWS; r++) h = kata_mix64(h ^ sig[j * ROWS + r]);
    keys[j] = h;
  }
}

/* {======================================================================
** A multimap from 64-bit keys to paragraph indices (open addressing)
** ======================================================================= */

typedef struct mslot {
  uint64_t key;
  size_t val; /* NONE: empty */
} mslot_t;

typedef struct mmap {
  mslot_t *slots;
  size_t n, cap;
} mmap_t;

static int mmap_put(const kata_allocator_t *A, mmap_t *m, uint64_t key, size_t val) {
  size_t j;
  if ((m->n + 1) * 2 > m->cap) {
    size_t nc = m->cap ? m->cap * 2 : 64, i;
    mslot_t *ns = (mslot_t *)A->f(A->ud, NULL, 0, nc * sizeof *ns);
    if (!ns) return KATA_ENOMEM;
    for (i = 0; i < nc; i++) ns[i].val = NONE;
    for (i = 0; i < m->cap; i++)
      if (m->slots[i].val != NONE) {
        for (j = m->slots[i].key & (nc - 1); ns[j].val != NONE; j = (j + 1) & (nc - 1)) {}
        ns[j] = m->slots[i];
      }
    if (m->slots) A->f(A->ud, m->slots, m->cap * sizeof *m->slots, 0);
    m->slots = ns;
    m->cap = nc;
  }
  for (j = key & (m->cap - 1); m->slots[j].val != NONE; j = (j + 1) & (m->cap - 1)) {}
  m->slots[j].key = key;
  m->slots[j].val = val;
  m->n++;
  return KATA_OK;
}

static void mmap_free(const kata_allocator_t *A, mmap_t *m) {
  if (m->slots) A->f(A->ud, m->slots, m->cap * sizeof *m->slots, 0);
  m->slots = NULL;
  m->n = m->cap = 0;
}

/* }====================================================================== */

/* Is the paragraph a teaser: does its text end in "..." or U+2026? */
int kata_dd_is_teaser(const char *s, size_t n) {
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

int kata_duplicates(const kata_allocator_t *A, const char *const *texts,
                    const size_t *lens, size_t n, const kata_dedup_opts_t *o,
                    kata_dup_t *out) {
  dedup_t d;
  mmap_t exact = {NULL, 0, 0}, bands = {NULL, 0, 0}, heads = {NULL, 0, 0};
  size_t *seen = NULL, i, j;
  const char *const *tails = o->tails ? o->tails : builtin_tails;
  int rc = KATA_OK;
  if (o->shingle < 1 || o->shingle > 5 || o->threshold < 0 || o->threshold > 1)
    return KATA_EINVAL;
  memset(&d, 0, sizeof d);
  d.A = *A;
  if (n == 0) return KATA_OK;
  if (n > ((size_t)-1) / sizeof(para_t)) return KATA_ELIMIT;
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
  for (i = 0; i < n; i++) {
    size_t len = kata_dd_tail_start(texts[i], lens[i], tails);
    seen[i] = NONE;
    out[i].dup_of = NONE;
    out[i].similarity = 0;
    out[i].kind = 0;
    d.p[i].teaser = kata_dd_is_teaser(texts[i], len);
    if ((rc = kata_dd_normalise(&d, texts[i], len, &d.p[i])) != KATA_OK) goto done;
  }
  for (i = 0; i < n; i++) {
    para_t *p = &d.p[i];
    uint64_t h = kata_hash(d.norm.data + p->norm_off, p->norm_len), keys[BANDS];
    int full[BANDS];
    size_t best = NONE, k;
    double best_sim = 0;
    int kind = KATA_DUP_EXACT;
    /* Exact: the same normalised text as an earlier first occurrence. */
    for (j = h & (exact.cap ? exact.cap - 1 : 0); exact.cap && exact.slots[j].val != NONE;
         j = (j + 1) & (exact.cap - 1)) {
      const para_t *q = &d.p[exact.slots[j].val];
      if (exact.slots[j].key == h && q->norm_len == p->norm_len &&
          memcmp(d.norm.data + q->norm_off, d.norm.data + p->norm_off, p->norm_len) == 0) {
        best = exact.slots[j].val;
        best_sim = 1;
        break;
      }
    }
    if (best == NONE && (rc = mmap_put(A, &exact, h, i)) != KATA_OK) goto done;
    if (p->nwords >= 4 && !p->teaser) { /* teasers are looked up, not targets */
      uint64_t hk = words_of(&d, p)[0] ^ kata_mix64(words_of(&d, p)[1]);
      size_t same = 0;
      for (j = hk & (heads.cap ? heads.cap - 1 : 0); heads.cap && heads.slots[j].val != NONE;
           j = (j + 1) & (heads.cap - 1))
        if (heads.slots[j].key == hk && ++same >= BUCKET_MAX) break;
      if (same < BUCKET_MAX && (rc = mmap_put(A, &heads, hk, i)) != KATA_OK) goto done;
    }
    if (best == NONE && o->near && p->nwords >= o->min_words) {
      if ((rc = kata_dd_shingle(&d, p, o->shingle)) != KATA_OK) goto done;
      band_keys(&d, p, keys);
      for (k = 0; k < BANDS; k++) {
        uint64_t key = keys[k];
        size_t same = 0;
        full[k] = 0;
        for (j = key & (bands.cap ? bands.cap - 1 : 0); bands.cap && bands.slots[j].val != NONE;
             j = (j + 1) & (bands.cap - 1)) {
          size_t c = bands.slots[j].val;
          double sim;
          if (bands.slots[j].key != key) continue;
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
    if (!p->teaser || out[i].dup_of != NONE || p->nwords < 4 || !heads.cap) continue;
    key = words_of(&d, p)[0] ^ kata_mix64(words_of(&d, p)[1]);
    for (j = key & (heads.cap - 1); heads.slots[j].val != NONE && tries < 64;
         j = (j + 1) & (heads.cap - 1), tries++) {
      size_t c = heads.slots[j].val;
      if (heads.slots[j].key != key || c == i || !opens(&d, p, &d.p[c])) continue;
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
