/*
** count.c: term counting on top of the tokenizer: folding, stop words,
** stemming, n-grams inside a phrase, and ranking of the counted terms.
*/
#include <string.h>

#include "internal.h"
#include "strtab.h"

#define NGRAM_MAX 3

struct kata_counter {
  kata_allocator_t A;
  kata__strtab_t terms;  /* keys: as counted (folded, stemmed, joined by ' ') */
  uint64_t *counts;     /* by term id */
  size_t counts_cap;
  uint64_t total;
  /* With stemming: each surface form, its count and its term. */
  kata__strtab_t surf;
  struct surface { uint64_t count; uint32_t term; } *surfs;
  size_t surfs_cap;
  uint32_t *best;       /* term id -> best surface id, computed on demand */
  size_t best_cap;
  int best_valid;
  /* Scratch space for one token and the n-gram window. */
  kata_buf_t fold, key, gram, sgram;
  kata_buf_t win_key[NGRAM_MAX], win_surf[NGRAM_MAX];
  /* To undo an add that fails: the terms and surfaces there when it
  ** began, and the ids of those it counted again (uint32, one an
  ** occurrence; none for a counter that began empty). */
  size_t mark_terms, mark_surf;
  kata_buf_t undo_terms, undo_surf;
};

kata_counter_t *kata_counter_new(const kata_allocator_t *A) {
  kata_counter_t *c = (kata_counter_t *)A->f(A->ud, NULL, 0, sizeof *c);
  int i;
  if (!c) return NULL;
  memset(c, 0, sizeof *c);
  c->A = *A;
  kata__strtab_init(&c->terms, A);
  kata__strtab_init(&c->surf, A);
  kata_buf_init(&c->fold);
  kata_buf_init(&c->key);
  kata_buf_init(&c->gram);
  kata_buf_init(&c->sgram);
  for (i = 0; i < NGRAM_MAX; i++) {
    kata_buf_init(&c->win_key[i]);
    kata_buf_init(&c->win_surf[i]);
  }
  kata_buf_init(&c->undo_terms);
  kata_buf_init(&c->undo_surf);
  return c;
}

#define FREE_ARRAY(c, p, cap) \
  do { if (p) (c)->A.f((c)->A.ud, (p), (cap) * sizeof *(p), 0); } while (0)

void kata_counter_free(kata_counter_t *c) {
  int i;
  if (!c) return;
  kata__strtab_free(&c->terms);
  kata__strtab_free(&c->surf);
  FREE_ARRAY(c, c->counts, c->counts_cap);
  FREE_ARRAY(c, c->surfs, c->surfs_cap);
  FREE_ARRAY(c, c->best, c->best_cap);
  kata_buf_free(&c->A, &c->fold);
  kata_buf_free(&c->A, &c->key);
  kata_buf_free(&c->A, &c->gram);
  kata_buf_free(&c->A, &c->sgram);
  for (i = 0; i < NGRAM_MAX; i++) {
    kata_buf_free(&c->A, &c->win_key[i]);
    kata_buf_free(&c->A, &c->win_surf[i]);
  }
  kata_buf_free(&c->A, &c->undo_terms);
  kata_buf_free(&c->A, &c->undo_surf);
  c->A.f(c->A.ud, c, sizeof *c, 0);
}

/* Notes that id, there before the add began, is counted once more. */
static int note(kata_counter_t *c, kata_buf_t *u, size_t id) {
  uint32_t v = (uint32_t)id;
  return kata_buf_append(&c->A, u, (const char *)&v, sizeof v);
}

static void add_begin(kata_counter_t *c) {
  c->mark_terms = c->terms.n;
  c->mark_surf = c->surf.n;
  c->undo_terms.len = c->undo_surf.len = 0;
}

/* Ends an add that began with total occurrences: a failed one undone (the
** counts it made taken back, the terms and surfaces it added forgotten),
** so the counter is as it was. A large undo list is let go. */
static int add_end(kata_counter_t *c, uint64_t total, int rc) {
  if (rc != KATA_OK) {
    const uint32_t *u = (const uint32_t *)(void *)c->undo_terms.data;
    size_t i, n = c->undo_terms.len / sizeof *u;
    for (i = 0; i < n; i++) c->counts[u[i]]--;
    u = (const uint32_t *)(void *)c->undo_surf.data;
    n = c->undo_surf.len / sizeof *u;
    for (i = 0; i < n; i++) c->surfs[u[i]].count--;
    if (c->terms.n > c->mark_terms) /* zero again for the ids' next terms */
      memset(c->counts + c->mark_terms, 0, (c->terms.n - c->mark_terms) * sizeof *c->counts);
    if (c->surf.n > c->mark_surf)
      memset(c->surfs + c->mark_surf, 0, (c->surf.n - c->mark_surf) * sizeof *c->surfs);
    kata__strtab_truncate(&c->terms, c->mark_terms);
    kata__strtab_truncate(&c->surf, c->mark_surf);
    c->total = total;
    c->best_valid = 0;
  }
  if (c->undo_terms.cap > 65536) kata_buf_free(&c->A, &c->undo_terms);
  if (c->undo_surf.cap > 65536) kata_buf_free(&c->A, &c->undo_surf);
  return rc;
}

/* Counts one occurrence of key (whose hash is h), seen as surface. The
** room for a new term's count comes first: no term is without one. */
static int count_term(kata_counter_t *c, const char *key, size_t klen,
                      uint64_t h, const char *surface, size_t slen, int stemmed) {
  size_t id, sid;
  int rc;
  if (c->terms.n >= c->counts_cap &&
      (rc = kata__grow(&c->A, (void **)&c->counts, &c->counts_cap, c->terms.n,
                      sizeof *c->counts)) != KATA_OK)
    return rc;
  if ((rc = kata__strtab_intern_h(&c->terms, key, klen, h, &id)) < 0) return rc;
  if (id < c->mark_terms && (rc = note(c, &c->undo_terms, id)) != KATA_OK) return rc;
  c->counts[id]++;
  c->total++;
  if (!stemmed) return KATA_OK;
  c->best_valid = 0; /* the best surfaces may change */
  if (c->surf.n >= c->surfs_cap &&
      (rc = kata__grow(&c->A, (void **)&c->surfs, &c->surfs_cap, c->surf.n,
                      sizeof *c->surfs)) != KATA_OK)
    return rc;
  if ((rc = kata__strtab_intern(&c->surf, surface, slen, &sid)) < 0) return rc;
  if (sid < c->mark_surf && (rc = note(c, &c->undo_surf, sid)) != KATA_OK) return rc;
  c->surfs[sid].count++;
  c->surfs[sid].term = (uint32_t)id;
  return KATA_OK;
}

static int set_buf(const kata_allocator_t *A, kata_buf_t *b, const char *s,
                   size_t n) {
  b->len = 0;
  return kata_buf_append(A, b, s, n);
}

static size_t count_codepoints(const char *s, size_t n) {
  size_t k, cps = 0;
  for (k = 0; k < n; k++) cps += ((unsigned char)s[k] & 0xC0) != 0x80;
  return cps;
}

/*
** Joins the last k window entries with spaces into out; the window is a
** ring whose newest entry is at index (head - 1) mod NGRAM_MAX.
*/
static int join_window(const kata_allocator_t *A, kata_buf_t *win, int head,
                       int k, kata_buf_t *out) {
  int j, rc;
  out->len = 0;
  for (j = k; j >= 1; j--) {
    const kata_buf_t *w = &win[(head - j + NGRAM_MAX) % NGRAM_MAX];
    if (j < k && (rc = kata_buf_append(A, out, " ", 1)) != KATA_OK) return rc;
    if ((rc = kata_buf_append(A, out, w->data, w->len)) != KATA_OK) return rc;
  }
  return KATA_OK;
}

/*
** One candidate word: fold, filter, stem, and count it and the n-grams it
** ends. *run is how many words the current phrase has so far (reset to 0
** by a stop word); *head is the window's next slot.
*/
/* Case-folds w into c->fold: ASCII inline, the rest through utf8proc.
** Sets *ascii when w was all ASCII. */
static int fold_word(kata_counter_t *c, const char *w, size_t n, int *ascii) {
  size_t k;
  int rc;
  c->fold.len = 0;
  if (c->fold.cap < n && (rc = kata_buf_reserve(&c->A, &c->fold, n)) != KATA_OK) return rc;
  for (k = 0; k < n; k++) {
    unsigned char ch = (unsigned char)w[k];
    if (ch >= 0x80) {
      *ascii = 0;
      return kata_normalize(&c->A, w, n, KATA_FORM_NFC, KATA_NORM_FOLD, &c->fold, NULL);
    }
    c->fold.data[k] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
  }
  c->fold.len = n;
  *ascii = 1;
  return KATA_OK;
}

static int count_word(kata_counter_t *c, const char *w, size_t n,
                      const kata_count_opts_t *o, int *run, int *head) {
  const kata_allocator_t *A = &c->A;
  const char *surf = w, *key;
  size_t slen = n, klen;
  uint64_t h = 0;
  int rc, k, stemmed = o->stemmer != NULL, hashed = 0, ascii = 0;
  if ((o->flags & KATA_COUNT_FOLD) || o->stopwords || o->stemmer) {
    if ((rc = fold_word(c, w, n, &ascii)) != KATA_OK) return rc;
    h = kata__hash(c->fold.data, c->fold.len);
    if (o->stopwords && kata__wordset_may_have(o->stopwords, c->fold.data, c->fold.len) &&
        kata__strtab_find_h(o->stopwords, c->fold.data, c->fold.len, h) >= 0) {
      *run = 0;
      return KATA_OK;
    }
    if (o->flags & KATA_COUNT_FOLD) {
      surf = c->fold.data;
      slen = c->fold.len;
      hashed = 1; /* h is the hash of surf */
    }
  }
  if (o->min_length > 1 && (ascii ? slen : count_codepoints(surf, slen)) < o->min_length) {
    *run = 0;
    return KATA_OK;
  }
  key = surf;
  klen = slen;
  if (stemmed) {
    key = kata_stem(o->stemmer, c->fold.data, c->fold.len, &klen);
    if (!key) return KATA_ENOMEM;
  }
  if (o->ngram_max <= 1) /* the common case: no window */
    return count_term(c, key, klen, hashed && !stemmed ? h : kata__hash(key, klen),
                      surf, slen, stemmed);
  if ((rc = set_buf(A, &c->win_key[*head], key, klen)) != KATA_OK ||
      (rc = set_buf(A, &c->win_surf[*head], surf, slen)) != KATA_OK)
    return rc;
  *head = (*head + 1) % NGRAM_MAX;
  if (*run < NGRAM_MAX) (*run)++;
  for (k = o->ngram_min; k <= o->ngram_max && k <= *run; k++) {
    if (k == 1) {
      rc = count_term(c, key, klen, kata__hash(key, klen), surf, slen, stemmed);
    } else {
      if ((rc = join_window(A, c->win_key, *head, k, &c->gram)) != KATA_OK ||
          (rc = join_window(A, c->win_surf, *head, k, &c->sgram)) != KATA_OK)
        return rc;
      rc = count_term(c, c->gram.data, c->gram.len, kata__hash(c->gram.data, c->gram.len),
                      c->sgram.data, c->sgram.len, stemmed);
    }
    if (rc != KATA_OK) return rc;
  }
  return KATA_OK;
}

/*
** The fast path for the common case (single words, folded, no stemming):
** a run of ASCII letters ended by a byte that neither joins letters under
** UAX #29 nor starts an e-mail address, hyphenation or URL is exactly the
** word the tokenizer would give, so it is folded, hashed and counted here
** directly; white space and plain ASCII punctuation are skipped; anything
** else goes through the tokenizer one token at a time.
*/
static const unsigned char plain_end[128] = {
  /* 1: may end a plain ASCII word (not a letter, digit, _ . ' : @ - + %) */
  [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['\v'] = 1, ['\f'] = 1,
  ['!'] = 1, ['"'] = 1, ['#'] = 1, ['$'] = 1, ['&'] = 1, ['('] = 1,
  [')'] = 1, ['*'] = 1, [','] = 1, ['/'] = 1, [';'] = 1, ['<'] = 1,
  ['='] = 1, ['>'] = 1, ['?'] = 1, ['['] = 1, ['\\'] = 1, [']'] = 1,
  ['^'] = 1, ['`'] = 1, ['{'] = 1, ['|'] = 1, ['}'] = 1, ['~'] = 1
};

static int count_plain(kata_counter_t *c, const char *w, size_t n,
                       const kata_count_opts_t *o) {
  uint64_t h;
  size_t k;
  int rc;
  if (o->min_length > 1 && n < o->min_length) return KATA_OK;
  if (c->fold.cap < n + 8 && (rc = kata_buf_reserve(&c->A, &c->fold, n + 8)) != KATA_OK)
    return rc;
  for (k = 0; k < n; k++) c->fold.data[k] = (char)(w[k] | 0x20); /* letters only */
  memset(c->fold.data + n, 0, 8);
  c->fold.len = n;
  h = kata__hash_padded(c->fold.data, n);
  if (o->stopwords && kata__wordset_may_have(o->stopwords, c->fold.data, n) &&
      kata__strtab_find_h(o->stopwords, c->fold.data, n, h) >= 0)
    return KATA_OK;
  return count_term(c, c->fold.data, n, h, c->fold.data, n, 0);
}

static int add_text(kata_counter_t *c, const char *s, size_t len,
                    const kata_count_opts_t *o) {
  kata_tokenizer_t t;
  kata_token_t tok;
  size_t sentence_end = 0, pos = 0;
  int run = 0, head = 0, rc;
  int phrases = o->ngram_max > 1;
  int fast = !phrases && !o->stemmer && (o->flags & KATA_COUNT_FOLD) &&
             !(o->flags & KATA_COUNT_NOFAST);
  kata_tokenizer_init(&t, s, len, 0);
  for (;;) {
    if (fast) {
      while (pos < len) {
        unsigned char ch = (unsigned char)s[pos];
        if (IS_ASCII_LETTER(ch)) {
          size_t end = kata__ascii_letters(s, len, pos + 1);
          unsigned char b = end < len ? (unsigned char)s[end] : ' ';
          unsigned char l0 = (unsigned char)(ch | 0x20);
          unsigned char l1 = pos + 1 < len ? (unsigned char)(s[pos + 1] | 0x20) : 0;
          if (b >= 0x80 || !plain_end[b] ||
              ((l0 == 'h' || l0 == 'f') && l1 == 't') || (l0 == 'w' && l1 == 'w'))
            break; /* not plain: the tokenizer decides */
          if ((rc = count_plain(c, s + pos, end - pos, o)) != KATA_OK) return rc;
          pos = end;
        } else if (ch < 0x80 && plain_end[ch] && ch != '#') {
          pos++; /* white space and punctuation are never counted */
        } else {
          break;
        }
      }
      if (pos >= len) return KATA_OK;
      t.pos = pos; /* one token the slow way */
      if (!kata_tokenizer_next(&t, &tok)) return KATA_OK;
      pos = tok.stop;
    } else if (!kata_tokenizer_next(&t, &tok)) {
      return KATA_OK;
    }
    if (phrases && tok.start >= sentence_end) { /* n-grams end with a sentence */
      run = 0;
      while (sentence_end <= tok.start && sentence_end < len)
        sentence_end = kata__phrase_next(s, len, sentence_end);
    }
    if (tok.kind == KATA_WORD ||
        (tok.kind == KATA_NUMBER && (o->flags & KATA_COUNT_NUMBERS))) {
      rc = count_word(c, s + tok.start, tok.stop - tok.start, o, &run, &head);
      if (rc != KATA_OK) return rc;
    } else {
      run = 0; /* punctuation, symbols, URLs... end a phrase */
    }
  }
}

int kata_counter_add(kata_counter_t *c, const char *s, size_t len,
                     const kata_count_opts_t *o) {
  uint64_t total = c->total;
  if (o->ngram_min < 1 || o->ngram_max < o->ngram_min || o->ngram_max > NGRAM_MAX)
    return KATA_EINVAL;
  add_begin(c);
  return add_end(c, total, add_text(c, s, len, o));
}

int kata_counter_add_word(kata_counter_t *c, const char *w, size_t len,
                          const kata_count_opts_t *o, kata_window_t *win) {
  kata_window_t alone = {0, 0}, was;
  uint64_t total = c->total;
  int rc;
  if (o->ngram_min < 1 || o->ngram_max < o->ngram_min || o->ngram_max > NGRAM_MAX)
    return KATA_EINVAL;
  if (!win) win = &alone;
  was = *win;
  add_begin(c);
  if ((rc = count_word(c, w, len, o, &win->run, &win->head)) != KATA_OK)
    *win = was; /* the phrase as it was: its next word goes where this one went */
  return add_end(c, total, rc);
}

size_t kata_counter_size(const kata_counter_t *c) { return c->terms.n; }
uint64_t kata_counter_total(const kata_counter_t *c) { return c->total; }

uint64_t kata_counter_count(const kata_counter_t *c, size_t id) {
  return id < c->terms.n ? c->counts[id] : 0;
}

const char *kata_counter_key(const kata_counter_t *c, size_t id, size_t *len) {
  return kata__strtab_key(&c->terms, id, len);
}

long kata_counter_find(const kata_counter_t *c, const char *key, size_t len) {
  return kata__strtab_find(&c->terms, key, len);
}

size_t kata_counter_bytes(const kata_counter_t *c) {
  return sizeof *c + kata__strtab_bytes(&c->terms) + kata__strtab_bytes(&c->surf) +
         c->counts_cap * sizeof *c->counts +
         c->surfs_cap * sizeof *c->surfs + c->best_cap * sizeof *c->best +
         c->undo_terms.cap + c->undo_surf.cap;
}

static int bytes_less(const char *a, size_t al, const char *b, size_t bl) {
  int r = memcmp(a, b, al < bl ? al : bl);
  return r < 0 || (r == 0 && al < bl);
}

/* For each term, its most frequent surface form (ties: the smaller bytes). */
static int compute_best(kata_counter_t *c) {
  size_t n = c->terms.n, sid;
  uint32_t *best;
  int rc;
  if (c->best_valid) return KATA_OK;
  if (n == 0) return KATA_OK;
  if ((rc = kata__grow(&c->A, (void **)&c->best, &c->best_cap, n - 1,
                 sizeof *c->best)) != KATA_OK)
    return rc;
  best = c->best;
  memset(best, 0xFF, n * sizeof *best);
  for (sid = 0; sid < c->surf.n; sid++) {
    uint32_t id = c->surfs[sid].term, b = best[id];
    if (b == UINT32_MAX || c->surfs[sid].count > c->surfs[b].count) {
      best[id] = (uint32_t)sid;
    } else if (c->surfs[sid].count == c->surfs[b].count) {
      size_t al, bl;
      const char *as = kata__strtab_key(&c->surf, sid, &al);
      const char *bs = kata__strtab_key(&c->surf, b, &bl);
      if (bytes_less(as, al, bs, bl)) best[id] = (uint32_t)sid;
    }
  }
  c->best_valid = 1;
  return KATA_OK;
}

const char *kata_counter_term(kata_counter_t *c, size_t id, size_t *len) {
  if (c->surf.n && compute_best(c) == KATA_OK && c->best[id] != UINT32_MAX)
    return kata__strtab_key(&c->surf, c->best[id], len);
  return kata__strtab_key(&c->terms, id, len);
}

/* {======================================================================
** Ranking: a bounded heap keeps the n best, then they are sorted.
** ======================================================================= */

/* Is a ranked before b: a higher score, then the smaller reported term? */
static int ranks_before(kata_counter_t *c, const kata_ranked_t *a,
                        const kata_ranked_t *b) {
  size_t al, bl;
  const char *as, *bs;
  if (a->score != b->score) return a->score > b->score;
  as = kata_counter_term(c, a->id, &al);
  bs = kata_counter_term(c, b->id, &bl);
  return bytes_less(as, al, bs, bl);
}

/* Restores the heap (worst entry at the root) below index i. */
static void sift_down(kata_counter_t *c, kata_ranked_t *h, size_t n, size_t i) {
  for (;;) {
    size_t l = 2 * i + 1, r = l + 1, w = i;
    kata_ranked_t tmp;
    if (l < n && ranks_before(c, &h[w], &h[l])) w = l;
    if (r < n && ranks_before(c, &h[w], &h[r])) w = r;
    if (w == i) return;
    tmp = h[i];
    h[i] = h[w];
    h[w] = tmp;
    i = w;
  }
}

int kata_counter_rank(kata_counter_t *c, const double *scores, size_t n,
                      kata_ranked_t *out, size_t *nout) {
  size_t id, k = 0, i;
  int rc = c->surf.n ? compute_best(c) : KATA_OK;
  if (rc != KATA_OK) return rc;
  if (n > c->terms.n) n = c->terms.n; /* out has room for this many only */
  if (n == 0) {
    *nout = 0;
    return KATA_OK;
  }
  for (id = 0; id < c->terms.n; id++) {
    kata_ranked_t r;
    r.id = id;
    r.score = scores ? scores[id] : (double)c->counts[id];
    if (k < n) {
      out[k++] = r;
      if (k == n)
        for (i = n / 2 + 1; i-- > 0;) sift_down(c, out, k, i);
    } else if (ranks_before(c, &r, &out[0])) {
      out[0] = r;
      sift_down(c, out, k, 0);
    }
  }
  if (k < n)
    for (i = k / 2 + 1; i-- > 0;) sift_down(c, out, k, i);
  /* Heap sort: repeatedly move the worst to the end. */
  for (i = k; i > 1; i--) {
    kata_ranked_t tmp = out[0];
    out[0] = out[i - 1];
    out[i - 1] = tmp;
    sift_down(c, out, i - 1, 0);
  }
  *nout = k;
  return KATA_OK;
}

/* }====================================================================== */
