/*
** yake.c: single-document keyword extraction after YAKE! (Campos et al.,
** 2020): term features from casing, position, frequency, context and spread.
*/
#include <math.h>
#include <string.h>

#include <utf8proc.h>

#include "internal.h"
#include "strtab.h"

#define NGRAM_MAX 3
#define WINDOW 1 /* co-occurrence window, in words, as YAKE's default */

/*
** kata's departures from the published YAKE! (docs/keywords.md), chosen on
** 500N-KPCrowd's train split and the DUC-2001 documents with an even id
** (bench/keywords/): a phrase holds no stop word; a possessive ends one; in
** English, a verb form or adverb (-ed, -ing, -ly) written in lower case is
** a candidate only alone; a phrase of two or more words must occur
** MIN_TF times unless it is in the first sentence; position weighs as
** the POS_POWER power of YAKE!'s; and a phrase inside, around or
** overlapping a better one is dropped (ALONE).
*/
#define POS_POWER 0.5 /* position = log(log(3 + median)) ^ POS_POWER */
#define MIN_TF 2
#define ALONE 2.0     /* a phrase inside a better one stays if this much more
                      ** frequent; one around a better single word stays if
                      ** that word is this much more frequent than it */

enum { TAG_PLAIN, TAG_ACRONYM, TAG_NAME, TAG_DIGIT, TAG_UNUSUAL };

typedef struct term {
  double tf, tf_acronym, tf_name, h;
  uint32_t out_distinct, out_sum, in_distinct, in_sum;
  uint32_t last_sentence; /* + 1; 0: none yet */
  uint32_t nsentences;    /* distinct sentences it occurs in */
  uint32_t first_pair;    /* its sentence list in the sorted pairs */
  uint8_t stop, edge;
} term_t;

typedef struct cand {
  double tf, h;
  uint32_t first;         /* the sentence it first occurs in */
  uint32_t terms[NGRAM_MAX];
  uint8_t n, valid;
} cand_t;

typedef struct pair {
  uint32_t term, sentence;
} pair_t;

typedef struct word {
  uint32_t term;
  uint8_t tag;
} word_t;

struct kata_yake {
  kata_allocator_t A;
  kata__strtab_t terms, edges, cands, surfs;
  term_t *t;
  size_t t_cap;
  uint32_t *edge_tf;
  size_t edge_cap;
  cand_t *c;
  size_t c_cap;
  struct { uint64_t count; uint32_t cand; } *s;
  size_t s_cap;
  pair_t *pairs;
  size_t npairs, pairs_cap;
  uint32_t *best, *order, *picked;
  size_t best_cap, order_cap, picked_cap, npicked;
  kata_buf_t fold, key, surf;
};

kata_yake_t *kata_yake_new(const kata_allocator_t *A) {
  kata_yake_t *y = (kata_yake_t *)A->f(A->ud, NULL, 0, sizeof *y);
  if (!y) return NULL;
  memset(y, 0, sizeof *y);
  y->A = *A;
  kata__strtab_init(&y->terms, A);
  kata__strtab_init(&y->edges, A);
  kata__strtab_init(&y->cands, A);
  kata__strtab_init(&y->surfs, A);
  return y;
}

#define FREE_ARRAY(y, p, cap) \
  do { if (p) (y)->A.f((y)->A.ud, (p), (cap) * sizeof *(p), 0); } while (0)

void kata_yake_free(kata_yake_t *y) {
  if (!y) return;
  kata__strtab_free(&y->terms);
  kata__strtab_free(&y->edges);
  kata__strtab_free(&y->cands);
  kata__strtab_free(&y->surfs);
  FREE_ARRAY(y, y->t, y->t_cap);
  FREE_ARRAY(y, y->edge_tf, y->edge_cap);
  FREE_ARRAY(y, y->c, y->c_cap);
  FREE_ARRAY(y, y->s, y->s_cap);
  FREE_ARRAY(y, y->pairs, y->pairs_cap);
  FREE_ARRAY(y, y->best, y->best_cap);
  FREE_ARRAY(y, y->order, y->order_cap);
  FREE_ARRAY(y, y->picked, y->picked_cap);
  kata_buf_free(&y->A, &y->fold);
  kata_buf_free(&y->A, &y->key);
  kata_buf_free(&y->A, &y->surf);
  y->A.f(y->A.ud, y, sizeof *y, 0);
}

#define GROW(y, arr, cap, n) kata__grow(&(y)->A, (void **)&(arr), &(cap), (n), sizeof *(arr))

/* YAKE's tag of a word: digits, unusual (letters and digits mixed, or two
** punctuation marks), acronym (all upper case), name (one capital, first,
** not at the start of the sentence) or plain. */
static int tag_of(const char *w, size_t n, kata_kind_t kind, int first) {
  size_t i = 0, letters = 0, upper = 0, digits = 0, punct = 0;
  int first_upper = 0;
  if (kind == KATA_NUMBER) return TAG_DIGIT;
  while (i < n) {
    int32_t cp;
    i += kata__decode(w, n, i, &cp);
    if (cp < 0) {
      punct++;
      continue;
    }
    switch (kata__ucd(cp)->cls) {
      case CLS_LETTER: {
        int up = cp < 0x80 ? (cp >= 'A' && cp <= 'Z')
                           : utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
        if (letters == 0) first_upper = up;
        letters++;
        upper += up;
        break;
      }
      case CLS_DIGIT: case CLS_NUMBER: digits++; break;
      case CLS_MARK: break;
      default: punct++; break;
    }
  }
  if ((digits && letters) || letters == 0 || punct > 1) return TAG_UNUSUAL;
  if (upper == letters && letters > 1) return TAG_ACRONYM;
  if (upper == 1 && first_upper && !first) return TAG_NAME;
  return TAG_PLAIN;
}

/* Adds one to the co-occurrence of left then right. */
static int cooccur(kata_yake_t *y, uint32_t left, uint32_t right) {
  uint32_t k[2];
  size_t id;
  int rc;
  k[0] = left;
  k[1] = right;
  rc = kata__strtab_intern(&y->edges, (const char *)k, sizeof k, &id);
  if (rc < 0) return rc;
  if (GROW(y, y->edge_tf, y->edge_cap, id) != KATA_OK) return KATA_ENOMEM;
  y->edge_tf[id]++;
  y->t[left].out_sum++;
  y->t[right].in_sum++;
  if (rc == 1) {
    y->t[left].out_distinct++;
    y->t[right].in_distinct++;
  }
  return KATA_OK;
}

/*
** Counts the candidate made of the last n words of the block (keys joined
** by spaces), seen as the surface text s[a, b).
*/
static int add_candidate(kata_yake_t *y, const word_t *block, size_t nb,
                         int n, const char *surface, size_t slen, uint32_t sentence) {
  size_t id, sid, klen;
  int j, rc;
  y->key.len = 0;
  for (j = n; j >= 1; j--) {
    const char *k = kata__strtab_key(&y->terms, block[nb - j].term, &klen);
    if (j < n && kata_buf_append(&y->A, &y->key, " ", 1) != KATA_OK) return KATA_ENOMEM;
    if (kata_buf_append(&y->A, &y->key, k, klen) != KATA_OK) return KATA_ENOMEM;
  }
  rc = kata__strtab_intern(&y->cands, y->key.data, y->key.len, &id);
  if (rc < 0) return rc;
  if (GROW(y, y->c, y->c_cap, id) != KATA_OK) return KATA_ENOMEM;
  if (rc == 1) {
    cand_t *c = &y->c[id];
    c->n = (uint8_t)n;
    c->valid = 1;
    c->first = sentence;
    for (j = 0; j < n; j++) {
      const word_t *w = &block[nb - n + j];
      c->terms[j] = w->term;
      if (w->tag == TAG_DIGIT || w->tag == TAG_UNUSUAL) c->valid = 0;
    }
    if (y->t[c->terms[0]].stop || y->t[c->terms[n - 1]].stop) c->valid = 0;
    for (j = 1; j + 1 < n; j++)
      if (y->t[c->terms[j]].stop) c->valid = 0;
  }
  y->c[id].tf++;
  rc = kata__strtab_intern(&y->surfs, surface, slen, &sid);
  if (rc < 0) return rc;
  if (GROW(y, y->s, y->s_cap, sid) != KATA_OK) return KATA_ENOMEM;
  y->s[sid].count++;
  y->s[sid].cand = (uint32_t)id;
  return KATA_OK;
}

/* Reads the text: terms, their occurrences and co-occurrences, candidates. */
static int read_text(kata_yake_t *y, const char *s, size_t len,
                     const kata_yake_opts_t *o, uint32_t *nsent) {
  kata_tokenizer_t t;
  kata_token_t tok;
  word_t block[NGRAM_MAX + WINDOW];
  size_t nb = 0, sentence_end = 0, starts[NGRAM_MAX + WINDOW], stops[NGRAM_MAX + WINDOW];
  uint32_t sentence = 0;
  int first = 1, en = o->lang && strcmp(o->lang, "en") == 0, rc;
  kata_tokenizer_init(&t, s, len, 0);
  while (kata_tokenizer_next(&t, &tok)) {
    const char *w = s + tok.start;
    size_t n = tok.stop - tok.start, id, klen;
    const char *key;
    word_t cur;
    int k, poss = 0;
    if (tok.start >= sentence_end) {
      if (sentence_end > 0) sentence++;
      while (sentence_end <= tok.start && sentence_end < len)
        sentence_end = kata__phrase_next(s, len, sentence_end);
      nb = 0;
      first = 1;
    }
    if (tok.kind != KATA_WORD && tok.kind != KATA_NUMBER) {
      nb = 0; /* punctuation and the rest end a block */
      if (tok.kind == KATA_PUNCT && first) continue;
      first = 0;
      continue;
    }
    if (tok.kind == KATA_WORD) {
      if (n > 2 && (w[n - 1] == 's' || w[n - 1] == 'S') && w[n - 2] == '\'') {
        n -= 2;
        poss = 1;
      } else if (n > 4 && (w[n - 1] == 's' || w[n - 1] == 'S') &&
                 memcmp(w + n - 4, "\xE2\x80\x99", 3) == 0) {
        n -= 4;
        poss = 1;
      }
    }
    y->fold.len = 0;
    rc = kata_normalize(&y->A, w, n, KATA_FORM_NFC, KATA_NORM_FOLD, &y->fold, NULL);
    if (rc != KATA_OK) return rc;
    key = y->fold.data;
    klen = y->fold.len;
    if (o->stemmer) {
      key = kata_stem(o->stemmer, y->fold.data, y->fold.len, &klen);
      if (!key) return KATA_ENOMEM;
    }
    rc = kata__strtab_intern(&y->terms, key, klen, &id);
    if (rc < 0) return rc;
    if (GROW(y, y->t, y->t_cap, id) != KATA_OK) return KATA_ENOMEM;
    if (rc == 1) {
      size_t cps = 0, i;
      for (i = 0; i < y->fold.len; i++) cps += ((unsigned char)y->fold.data[i] & 0xC0) != 0x80;
      y->t[id].stop = (o->stopwords && kata_wordset_has(o->stopwords, y->fold.data, y->fold.len)) ||
                      cps < o->min_length;
      {
        const char *fw = y->fold.data;
        size_t fl = y->fold.len;
        y->t[id].edge = (uint8_t)(en && ((fl > 2 && fw[fl - 2] == 'e' && fw[fl - 1] == 'd') ||
                                   (fl > 2 && fw[fl - 2] == 'l' && fw[fl - 1] == 'y') ||
                                   (fl > 4 && memcmp(fw + fl - 3, "ing", 3) == 0)));
      }
    }
    cur.term = (uint32_t)id;
    cur.tag = (uint8_t)tag_of(w, n, tok.kind, first);
    first = 0;
    {
      term_t *tm = &y->t[id];
      tm->tf++;
      if (cur.tag == TAG_ACRONYM) tm->tf_acronym++;
      if (cur.tag == TAG_NAME) tm->tf_name++;
      if (tm->last_sentence != sentence + 1) { /* a new sentence for it */
        tm->last_sentence = sentence + 1;
        tm->nsentences++;
        if (GROW(y, y->pairs, y->pairs_cap, y->npairs) != KATA_OK) return KATA_ENOMEM;
        y->pairs[y->npairs].term = cur.term;
        y->pairs[y->npairs].sentence = sentence;
        y->npairs++;
      }
    }
    if (cur.tag != TAG_DIGIT && cur.tag != TAG_UNUSUAL) {
      size_t j;
      for (j = nb > WINDOW ? nb - WINDOW : 0; j < nb; j++)
        if (block[j].tag != TAG_DIGIT && block[j].tag != TAG_UNUSUAL &&
            (rc = cooccur(y, block[j].term, cur.term)) != KATA_OK)
          return rc;
    }
    /* Slide the block: keep the last NGRAM_MAX - 1 words before this one. */
    if (nb == NGRAM_MAX + WINDOW - 1 || nb == NGRAM_MAX) {
      memmove(block, block + 1, (nb - 1) * sizeof *block);
      memmove(starts, starts + 1, (nb - 1) * sizeof *starts);
      memmove(stops, stops + 1, (nb - 1) * sizeof *stops);
      nb--;
    }
    block[nb] = cur;
    starts[nb] = tok.start;
    stops[nb] = tok.start + n;
    nb++;
    for (k = 1; k <= o->ngram_max && (size_t)k <= nb; k++) {
      size_t j; /* the surface: the words as written, one space apart */
      y->surf.len = 0;
      for (j = nb - (size_t)k; j < nb; j++) {
        const char *p = s + starts[j];
        size_t plen = stops[j] - starts[j];
        if (j > nb - (size_t)k && (rc = kata_buf_append(&y->A, &y->surf, " ", 1)) != KATA_OK)
          return rc;
        rc = (o->flags & KATA_COUNT_FOLD)
                 ? kata_normalize(&y->A, p, plen, KATA_FORM_NFC, KATA_NORM_FOLD, &y->surf, NULL)
                 : kata_buf_append(&y->A, &y->surf, p, plen);
        if (rc != KATA_OK) return rc;
      }
      if ((rc = add_candidate(y, block, nb, k, y->surf.data, y->surf.len, sentence)) != KATA_OK)
        return rc;
    }
    if (poss) nb = 0; /* a possessive ends the phrase: "Britain's cattle" */
  }
  *nsent = sentence + 1;
  return KATA_OK;
}

/* H of every term (YAKE's single-word score; lower is more important). */
static int score_terms(kata_yake_t *y, uint32_t nsent) {
  size_t n = y->terms.n, i, valid = 0, at = 0;
  double max_tf = 0, sum = 0, sumsq = 0, mean, sd;
  uint32_t *pos;
  pair_t *sorted;
  size_t pos_cap = 0, sorted_cap = 0;
  /* Each term's sentences, in order: a stable counting sort of the pairs. */
  pos = NULL;
  sorted = NULL;
  if (n == 0) return KATA_OK;
  if (kata__grow(&y->A, (void **)&pos, &pos_cap, n, sizeof *pos) != KATA_OK) return KATA_ENOMEM;
  if (kata__grow(&y->A, (void **)&sorted, &sorted_cap, y->npairs, sizeof *sorted) != KATA_OK) {
    y->A.f(y->A.ud, pos, pos_cap * sizeof *pos, 0);
    return KATA_ENOMEM;
  }
  for (i = 0; i < n; i++) {
    y->t[i].first_pair = (uint32_t)at;
    pos[i] = (uint32_t)at;
    at += y->t[i].nsentences;
  }
  for (i = 0; i < y->npairs; i++) sorted[pos[y->pairs[i].term]++] = y->pairs[i];
  for (i = 0; i < n; i++) {
    if (y->t[i].tf > max_tf) max_tf = y->t[i].tf;
    if (!y->t[i].stop) {
      valid++;
      sum += y->t[i].tf;
      sumsq += y->t[i].tf * y->t[i].tf;
    }
  }
  mean = valid ? sum / (double)valid : 0;
  sd = valid ? sqrt(fmax(0.0, sumsq / (double)valid - mean * mean)) : 0;
  for (i = 0; i < n; i++) {
    term_t *tm = &y->t[i];
    const pair_t *sp = sorted + tm->first_pair;
    uint32_t k = tm->nsentences;
    double median = (k & 1) ? sp[k / 2].sentence
                            : (sp[k / 2 - 1].sentence + sp[k / 2].sentence) / 2.0;
    double pwl = tm->in_sum ? (double)tm->in_distinct / tm->in_sum : 0;
    double pwr = tm->out_sum ? (double)tm->out_distinct / tm->out_sum : 0;
    double rel = (0.5 + pwl * tm->tf / max_tf) + (0.5 + pwr * tm->tf / max_tf);
    double freq = tm->tf / (mean + sd > 0 ? mean + sd : 1);
    double spread = (double)k / nsent;
    double cas = fmax(tm->tf_acronym, tm->tf_name) / (1.0 + log(tm->tf));
    double position = pow(log(log(3.0 + median)), POS_POWER);
    tm->h = (position * rel) / (cas + freq / rel + spread / rel);
  }
  y->A.f(y->A.ud, pos, pos_cap * sizeof *pos, 0);
  y->A.f(y->A.ud, sorted, sorted_cap * sizeof *sorted, 0);
  return KATA_OK;
}

/* H of a candidate: the product of its words' H over their sum (YAKE!
** weighs a stop word inside by how strongly it binds its neighbours; kata's
** candidates hold none). A phrase of two or more words must occur MIN_TF
** times or be in the first sentence, and hold no English edge word (a
** lower-case verb form or adverb). */
static void score_cands(kata_yake_t *y) {
  size_t i;
  for (i = 0; i < y->cands.n; i++) {
    cand_t *c = &y->c[i];
    double prod = 1, sum = 0;
    int j;
    if (!c->valid) continue;
    if (c->n > 1) {
      if (c->tf < MIN_TF && c->first > 0) c->valid = 0;
      for (j = 0; j < c->n; j++) {
        const term_t *tm = &y->t[c->terms[j]];
        if (tm->edge && tm->tf_name * 2 <= tm->tf && tm->tf_acronym * 2 <= tm->tf) c->valid = 0;
      }
      if (!c->valid) continue;
    }
    for (j = 0; j < c->n; j++) { /* no stop word inside: no binding weight */
      prod *= y->t[c->terms[j]].h;
      sum += y->t[c->terms[j]].h;
    }
    c->h = prod / ((sum + 1) * c->tf);
  }
}

static int bytes_cmp(const char *a, size_t al, const char *b, size_t bl) {
  int r = memcmp(a, b, al < bl ? al : bl);
  return r ? r : (al < bl ? -1 : al > bl);
}

/* The most frequent surface form of each candidate (ties: smaller bytes). */
static int pick_surfaces(kata_yake_t *y) {
  size_t sid;
  if (y->cands.n && GROW(y, y->best, y->best_cap, y->cands.n - 1) != KATA_OK)
    return KATA_ENOMEM;
  if (y->cands.n) memset(y->best, 0xFF, y->cands.n * sizeof *y->best);
  for (sid = 0; sid < y->surfs.n; sid++) {
    uint32_t c = y->s[sid].cand, b = y->best[c];
    if (b == UINT32_MAX || y->s[sid].count > y->s[b].count) {
      y->best[c] = (uint32_t)sid;
    } else if (y->s[sid].count == y->s[b].count) {
      size_t al, bl;
      const char *as = kata__strtab_key(&y->surfs, sid, &al);
      const char *bs = kata__strtab_key(&y->surfs, b, &bl);
      if (bytes_cmp(as, al, bs, bl) < 0) y->best[c] = (uint32_t)sid;
    }
  }
  return KATA_OK;
}

const char *kata_yake_term(const kata_yake_t *y, size_t i, size_t *len) {
  return kata__strtab_key(&y->surfs, y->best[y->picked[i]], len);
}

/* Does candidate a rank before b: lower H, then the smaller term? */
static int cand_before(const kata_yake_t *y, uint32_t a, uint32_t b) {
  size_t al, bl;
  const char *as, *bs;
  if (y->c[a].h != y->c[b].h) return y->c[a].h < y->c[b].h;
  as = kata__strtab_key(&y->surfs, y->best[a], &al);
  bs = kata__strtab_key(&y->surfs, y->best[b], &bl);
  return bytes_cmp(as, al, bs, bl) < 0;
}

/* Sorts ids[0, n) with cand_before, merging through tmp. */
static void sort_cands(const kata_yake_t *y, uint32_t *ids, uint32_t *tmp, size_t n) {
  size_t width, i;
  for (width = 1; width < n; width *= 2) {
    for (i = 0; i < n; i += 2 * width) {
      size_t a = i, m = i + width < n ? i + width : n, b = m;
      size_t e = i + 2 * width < n ? i + 2 * width : n, k = i;
      while (a < m && b < e) tmp[k++] = cand_before(y, ids[b], ids[a]) ? ids[b++] : ids[a++];
      while (a < m) tmp[k++] = ids[a++];
      while (b < e) tmp[k++] = ids[b++];
    }
    memcpy(ids, tmp, n * sizeof *ids);
  }
}

/*
** Is 1 - Levenshtein(a, b) / (the longer length) above t? On bytes; a
** string of 256 bytes or more has similarity 0 with any other. A common
** prefix and suffix change no distance and are skipped; of the rest, only
** the band |i - j| <= k of the table is filled, k one more than the edits
** t allows (rounding cannot push a distance past it), and a row whose
** every cell is above k ends the search: O(k * length), not length squared.
*/
static int similar(const char *a, size_t al, const char *b, size_t bl, double t) {
  size_t row[257], longer = al > bl ? al : bl, k, inf, i, j, d;
  double allowed;
  if (longer == 0) return 1.0 > t;
  if (al >= 256 || bl >= 256) return 0.0 > t;
  allowed = (1.0 - t) * (double)longer; /* similar when the distance is below it */
  if (!(allowed > 0)) return 0;
  k = allowed >= (double)longer ? longer : (size_t)allowed + 1;
  if ((al > bl ? al - bl : bl - al) > k) return 0;
  while (al > 0 && bl > 0 && *a == *b) {
    a++;
    b++;
    al--;
    bl--;
  }
  while (al > 0 && bl > 0 && a[al - 1] == b[bl - 1]) {
    al--;
    bl--;
  }
  if (al == 0 || bl == 0) {
    d = al + bl;
  } else {
    inf = k + 1;
    for (j = 0; j <= bl; j++) row[j] = j <= k ? j : inf;
    for (i = 1; i <= al; i++) {
      size_t lo = i > k ? i - k : 1, hi = i + k < bl ? i + k : bl, least = inf;
      size_t diag = row[lo - 1];
      row[lo - 1] = lo == 1 && i < inf ? i : inf; /* the cell left of the band */
      for (j = lo; j <= hi; j++) {
        size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
        if (up + 1 < best) best = up + 1;
        if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
        if (best > inf) best = inf;
        row[j] = best;
        diag = up;
        if (best < least) least = best;
      }
      if (least > k) return 0;
    }
    d = row[bl];
  }
  return d <= k && 1.0 - (double)d / (double)longer > t;
}

/* Does one candidate's run of words sit inside the other's? */
static int inside(const cand_t *a, const cand_t *b) {
  int i, j;
  for (i = 0; i + a->n <= b->n; i++) {
    for (j = 0; j < a->n && a->terms[j] == b->terms[i + j]; j++) {}
    if (j == a->n) return 1;
  }
  return 0;
}

/* Do a's last words begin b? */
static int overlaps_one(const cand_t *a, const cand_t *b) {
  int k, j;
  for (k = 1; k < a->n && k < b->n; k++) {
    for (j = 0; j < k && a->terms[a->n - k + j] == b->terms[j]; j++) {}
    if (j == k) return 1;
  }
  return 0;
}

/* Is c, ranked after d, redundant with it? */
static int overlap(const cand_t *c, const cand_t *d) {
  if (c->n < d->n && inside(c, d)) return c->tf < ALONE * d->tf;
  if (c->n > d->n && inside(d, c)) return !(d->n == 1 && d->tf >= ALONE * c->tf);
  return overlaps_one(c, d) || overlaps_one(d, c);
}

int kata_yake_run(kata_yake_t *y, const char *s, size_t len,
                  const kata_yake_opts_t *o, size_t n) {
  uint32_t nsent = 0, *tmp;
  size_t i, nvalid = 0;
  int rc;
  if (o->ngram_max < 1 || o->ngram_max > NGRAM_MAX) return KATA_EINVAL;
  if ((rc = read_text(y, s, len, o, &nsent)) != KATA_OK) return rc;
  if ((rc = score_terms(y, nsent)) != KATA_OK) return rc;
  score_cands(y);
  if ((rc = pick_surfaces(y)) != KATA_OK) return rc;
  if (y->cands.n == 0) return KATA_OK;
  if (GROW(y, y->order, y->order_cap, 2 * y->cands.n) != KATA_OK) return KATA_ENOMEM;
  for (i = 0; i < y->cands.n; i++)
    if (y->c[i].valid) y->order[nvalid++] = (uint32_t)i;
  tmp = y->order + y->cands.n;
  sort_cands(y, y->order, tmp, nvalid);
  /* Work and memory follow the text, not n: at most one result per
  ** candidate, and at most KATA_YAKE_MAX, as each is compared with every
  ** result kept before it. */
  if (n > nvalid) n = nvalid;
  if (n > KATA_YAKE_MAX) n = KATA_YAKE_MAX;
  if (n && GROW(y, y->picked, y->picked_cap, n - 1) != KATA_OK) return KATA_ENOMEM;
  for (i = 0; i < nvalid && y->npicked < n; i++) {
    size_t al, k;
    const char *a = kata__strtab_key(&y->surfs, y->best[y->order[i]], &al);
    int dup = 0;
    for (k = 0; k < y->npicked && !dup; k++) {
      size_t bl;
      if (overlap(&y->c[y->order[i]], &y->c[y->picked[k]])) {
        dup = 1;
        break;
      }
      const char *b = kata__strtab_key(&y->surfs, y->best[y->picked[k]], &bl);
      dup = similar(a, al, b, bl, o->dedup);
    }
    if (!dup) y->picked[y->npicked++] = y->order[i];
  }
  return KATA_OK;
}

size_t kata_yake_size(const kata_yake_t *y) { return y->npicked; }
double kata_yake_score(const kata_yake_t *y, size_t i) { return y->c[y->picked[i]].h; }
uint64_t kata_yake_count(const kata_yake_t *y, size_t i) {
  return (uint64_t)y->c[y->picked[i]].tf;
}
