/*
** tagger.c: the rule-based entity tagger: its life cycle, and the driver
** of one call (working copy, tokens, patterns, names, consistency, order).
*/
#include <stdlib.h>
#include <string.h>

#include "strtab.h"
#include "tagger.h"

/* {======================================================================
** The tagger
** ======================================================================= */

void kata_tagger_trim(kata_tagger_t *tg) {
  int f;
  scratch_t *sc = &tg->sc;
  if (sc->busy) return;
  kata_buf_free(&tg->A, &sc->w);
  kata_buf_free(&tg->A, &sc->fold);
  kata_buf_free(&tg->A, &sc->marks);
  kata_buf_free(&tg->A, &sc->ner);
  if (sc->t) tg->A.f(tg->A.ud, sc->t, sc->cap, 0); /* cap in bytes */
  sc->t = NULL;
  sc->cap = 0;
  for (f = 0; f < 4; f++) kata__gaztext_free(&tg->A, &sc->gt[f]);
}

void kata_tagger_free(kata_tagger_t *tg) {
  if (!tg) return;
  kata_tagger_trim(tg);
  kata__ent_model_free(tg);
  kata__strtab_free(&tg->lex);
  kata__strtab_free(&tg->frequent);
  if (tg->info) tg->A.f(tg->A.ud, tg->info, tg->ninfo * sizeof *tg->info, 0);
  kata_gazetteer_free(tg->places);
  kata_gazetteer_free(tg->orgs);
  kata_gazetteer_free(tg->given);
  tg->A.f(tg->A.ud, tg, sizeof *tg, 0);
}

kata_tagger_t *kata_tagger_new(const kata_allocator_t *A) {
  kata_tagger_t *tg = (kata_tagger_t *)A->f(A->ud, NULL, 0, sizeof *tg);
  if (!tg) return NULL;
  memset(tg, 0, sizeof *tg);
  tg->A = *A;
  {
    int f;
    for (f = 0; f < 4; f++) kata__gaztext_init(&tg->sc.gt[f]);
  }
  kata__strtab_init(&tg->lex, A);
  kata__strtab_init(&tg->frequent, A);
  if (kata__ent_load(tg) != KATA_OK) {
    kata_tagger_free(tg);
    return NULL;
  }
  return tg;
}

/* }====================================================================== */

/* {======================================================================
** One call
** ======================================================================= */

/* Room for one more entity in c->out and c->weak. */
static int room(ctx_t *c) {
  if (c->nout == c->outcap) {
    size_t nc = c->outcap ? c->outcap * 2 : 64;
    kata_ent_t *ne = (kata_ent_t *)c->tg->A.f(c->tg->A.ud, c->out, c->outcap * sizeof *ne,
                                              nc * sizeof *ne);
    if (!ne) return KATA_ENOMEM;
    c->out = ne;
    c->outcap = nc;
  }
  if (c->nout == c->weakcap) {
    size_t nc = c->weakcap ? c->weakcap * 2 : 64;
    unsigned char *nw = (unsigned char *)c->tg->A.f(c->tg->A.ud, c->weak, c->weakcap, nc);
    if (!nw) return KATA_ENOMEM;
    c->weak = nw;
    c->weakcap = nc;
  }
  return KATA_OK;
}

int kata__ent_push(ctx_t *c, size_t start, size_t stop, const cand_t *k) {
  kata_ent_t *e;
  int rc;
  if ((rc = room(c)) != KATA_OK) return rc;
  c->weak[c->nout] = (unsigned char)k->weak;
  e = &c->out[c->nout++];
  e->start = start;
  e->stop = stop;
  e->type = k->type;
  memcpy(e->value, k->value, sizeof e->value);
  e->gvalue = NULL;
  e->gvlen = 0;
  return KATA_OK;
}

int kata__ent_emit(ctx_t *c, const cand_t *k) {
  size_t i, stop;
  int rc;
  if (c->o && c->o->types && !(c->o->types & (1u << k->type))) {
    for (i = k->a; i < k->b; i++) c->taken[i] = 1;
    return KATA_OK;
  }
  stop = c->t[k->b - 1].stop - k->cut;
  /* a possessive, "-based" or "-nya" on the last word is not in the span
  ** (the working copy of the text has spaces there) */
  while (stop > c->t[k->a].start && c->s[stop - 1] == ' ') stop--;
  if ((rc = kata__ent_push(c, c->t[k->a].start, stop, k)) != KATA_OK) return rc;
  for (i = k->a; i < k->b; i++) c->taken[i] = 1;
  return KATA_OK;
}

static int by_start(const void *a, const void *b) {
  const kata_ent_t *x = (const kata_ent_t *)a, *y = (const kata_ent_t *)b;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  return x->stop > y->stop ? -1 : x->stop < y->stop; /* the longer first */
}

/* Entities in text order that still overlap (a built-in phrase over a
** number a pattern took, "Liga 1"; a caller's phrase starting inside a
** name): the longer of two stays, the first of two as long. Returns the
** new count. */
static size_t drop_overlaps(kata_ent_t *e, size_t n) {
  size_t i, k = 0;
  for (i = 0; i < n; i++) {
    if (k > 0 && e[i].start < e[k - 1].stop) {
      if (e[i].stop - e[i].start > e[k - 1].stop - e[k - 1].start) e[k - 1] = e[i];
      continue;
    }
    if (k != i) e[k] = e[i];
    k++;
  }
  return k;
}

/* Sorts e[0, n) by by_start, keeping the order of equal entries (as a
** merge sort does). The entities come as one run in text order or two (a
** stage's appended after the rules'): two runs are merged through one of
** them copied aside (the second when it fits the buffer, else the first);
** other cases go to qsort, whose order of equal entries the C standard
** leaves open (glibc's is a merge sort, and keeps it). */
#define MERGE_ROOM 64
static void sort_entities(kata_ent_t *e, size_t n) {
  kata_ent_t tmp[MERGE_ROOM];
  size_t m = 1, k;
  while (m < n && by_start(&e[m - 1], &e[m]) <= 0) m++;
  if (m >= n) return;
  for (k = m + 1; k < n && by_start(&e[k - 1], &e[k]) <= 0; k++) {}
  if (k < n || (m > MERGE_ROOM && n - m > MERGE_ROOM)) {
    qsort(e, n, sizeof *e, by_start);
  } else if (n - m <= MERGE_ROOM) { /* the second run aside, merged from the end */
    size_t i = m, j = n - m, d = n;
    memcpy(tmp, e + m, (n - m) * sizeof *e);
    while (j > 0) {
      if (i > 0 && by_start(&e[i - 1], &tmp[j - 1]) > 0) e[--d] = e[--i];
      else e[--d] = tmp[--j];
    }
  } else { /* the first run aside, merged from the start */
    size_t i = 0, j = m, d = 0;
    memcpy(tmp, e, m * sizeof *e);
    while (i < m) {
      if (j < n && by_start(&e[j], &tmp[i]) < 0) e[d++] = e[j++];
      else e[d++] = tmp[i++];
    }
  }
}

size_t kata__ent_in_order(kata_ent_t *e, size_t n) {
  if (n < 2) return n;
  sort_entities(e, n);
  return drop_overlaps(e, n);
}

/* Lends the tagger's working memory to the call c (the caller knows it is
** free): the working copy w, the marks, the fold buffer, the tokens, the
** prepared texts. */
static void borrow(ctx_t *c, kata_buf_t *w, kata_buf_t *marks) {
  scratch_t *sc = &c->tg->sc;
  int f;
  sc->busy = 1;
  *w = sc->w;
  *marks = sc->marks;
  c->fold = sc->fold;
  c->ner = sc->ner;
  c->t = (tok_t *)sc->t;
  c->cap = sc->cap / sizeof(tok_t);
  for (f = 0; f < 4; f++) c->gt[f] = sc->gt[f];
}

/* Gives the working memory back to the tagger, kept for the next call; or,
** when the call did not borrow it, frees the call's own. */
static void give_back(ctx_t *c, kata_buf_t *w, kata_buf_t *marks, int borrowed) {
  const kata_allocator_t *A = &c->tg->A;
  scratch_t *sc = &c->tg->sc;
  int f;
  if (borrowed) {
    sc->w = *w;
    sc->marks = *marks;
    sc->fold = c->fold;
    sc->ner = c->ner;
    sc->t = c->t;
    sc->cap = c->cap * sizeof(tok_t);
    for (f = 0; f < 4; f++) sc->gt[f] = c->gt[f];
    sc->busy = 0;
  } else {
    if (c->t) A->f(A->ud, c->t, c->cap * sizeof *c->t, 0);
    kata_buf_free(A, marks);
    kata_buf_free(A, &c->fold);
    kata_buf_free(A, &c->ner);
    kata_buf_free(A, w);
    for (f = 0; f < 4; f++) kata__gaztext_free(A, &c->gt[f]);
  }
}

/* The entities of s[0, len) in c->out: the working copy in w, the tokens,
** the per-token marks in marks, the two passes, then consistency and
** text order. */
static int tag(ctx_t *c, const char *s, size_t len, kata_buf_t *w, kata_buf_t *marks,
               int model) {
  int rc;
  if ((rc = kata__ent_working_copy(&c->tg->A, s, len, w)) != KATA_OK) return rc;
  c->s = w->data ? w->data : "";
  if ((rc = kata__ent_tokenize(c)) != KATA_OK) return rc;
  if (c->n) {
    size_t i, off = (2 * c->n + sizeof(size_t) - 1) / sizeof(size_t) * sizeof(size_t);
    marks->len = 0;
    if ((rc = kata_buf_reserve(&c->tg->A, marks, off + c->n * sizeof(size_t))) != KATA_OK)
      return rc;
    c->taken = (unsigned char *)marks->data;
    c->headline = c->taken + c->n;
    memset(c->taken, 0, 2 * c->n);
    c->pend = (size_t *)(void *)(marks->data + off);
    c->pend[c->n - 1] = c->n;
    for (i = c->n - 1; i > 0; i--) c->pend[i - 1] = (c->t[i].flags & T_BLANK) ? i : c->pend[i];
  }
  if ((rc = kata__ent_patterns(c)) != KATA_OK) return rc;
  if ((rc = kata__ent_names(c)) != KATA_OK) return rc;
  if (c->err) return c->err;
  if ((rc = kata__ent_harmonise(c)) != KATA_OK) return rc;
  if (model && (rc = kata__ent_model_names(c, s, len)) != KATA_OK) return rc;
  c->nout = kata__ent_in_order(c->out, c->nout); /* in text order, never overlapping */
  {
    size_t before = c->nout;
    if ((rc = kata__ent_pairs(c)) != KATA_OK) return rc;
    if (c->nout > before) c->nout = kata__ent_in_order(c->out, c->nout);
  }
  return KATA_OK;
}

/* Hands c's entities to the caller: an array of exactly n entries, so
** kata_entities_free knows its size; none when there are none (c->out is
** freed with the rest). */
static int hand_over(ctx_t *c, kata_ent_t **out, size_t *n) {
  const kata_allocator_t *A = &c->tg->A;
  if (c->nout == 0) return KATA_OK;
  if (c->nout < c->outcap) {
    kata_ent_t *e = (kata_ent_t *)A->f(A->ud, c->out, c->outcap * sizeof *e,
                                       c->nout * sizeof *e);
    if (!e) return KATA_ENOMEM;
    c->out = e;
    c->outcap = c->nout;
  }
  *out = c->out;
  *n = c->nout;
  c->out = NULL;
  return KATA_OK;
}

/*
** The entities of s[0, len) in *out, *n. Pattern entities (dates, times,
** money, percentages, numbers; URLs, e-mail, hashtags and mentions from
** the tokenizer) are read from token sequences with a lexicon of cue
** words; names are runs of capitalised words, typed from gazetteers, cue
** words around and inside them, and the document's own evidence. Spans
** follow ../shared/ENTITY-CONVENTIONS.md (see docs/entities.md).
*/
int kata_entities(kata_tagger_t *tg, const char *s, size_t len, const kata_ent_opts_t *o,
                  kata_ent_t **out, size_t *n) {
  ctx_t c;
  kata_buf_t w, marks;
  kata_ent_opts_t all;
  int rc, f, borrowed = !tg->sc.busy, model = !(o && o->no_model);
  unsigned types = o ? o->types : 0;
  *out = NULL;
  *n = 0;
  if (model) {
    if ((rc = kata__ent_model_ready(tg)) != KATA_OK) return rc;
    model = tg->model_state == 1;
  }
  if (model && types) { /* the model reads the rules' entities of every type */
    all = *o;
    all.types = 0;
    o = &all;
  }
  memset(&c, 0, sizeof c);
  kata_buf_init(&w);
  kata_buf_init(&marks);
  c.tg = tg;
  c.len = len;
  c.o = o;
  for (f = 0; f < 4; f++) kata__gaztext_init(&c.gt[f]);
  if (borrowed) borrow(&c, &w, &marks); /* the tagger's working memory */
  kata__strtab_init(&c.lowers, &tg->A);
  kata__strtab_init(&c.strong, &tg->A);
  kata__strtab_init(&c.pwords, &tg->A);
  if ((rc = tag(&c, s, len, &w, &marks, model)) == KATA_OK) {
    if (model && types) { /* the types the caller keeps */
      size_t i, k = 0;
      for (i = 0; i < c.nout; i++)
        if (types & (1u << c.out[i].type)) c.out[k++] = c.out[i];
      c.nout = k;
    }
    rc = hand_over(&c, out, n);
  }
  if (c.out) tg->A.f(tg->A.ud, c.out, c.outcap * sizeof *c.out, 0);
  if (c.weak) tg->A.f(tg->A.ud, c.weak, c.weakcap, 0);
  give_back(&c, &w, &marks, borrowed);
  kata__strtab_free(&c.lowers);
  kata_buf_free(&tg->A, &c.capmid_flags);
  kata__strtab_free(&c.strong);
  kata__strtab_free(&c.pwords);
  if (c.stype) tg->A.f(tg->A.ud, c.stype, c.stype_cap, 0);
  return rc;
}

void kata_entities_free(kata_tagger_t *tg, kata_ent_t *e, size_t n) {
  /* kata_entities returns an array of exactly n entries (NULL when n is 0) */
  if (e) tg->A.f(tg->A.ud, e, n * sizeof *e, 0);
}

/* }====================================================================== */
