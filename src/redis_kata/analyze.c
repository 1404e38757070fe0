/*
** analyze.c: the module's report, language and paragraph commands, made of
** the core's calls as kata.analyze (lua/kata/pipeline.lua) makes its report:
**   KATA.ANALYZE text [N n] [LANG auto|code] [THRESHOLD x] [BY auto|blank|line]
**     [UNIQUE_PARAGRAPHS|ALL_PARAGRAPHS] [KEEP_DUPLICATES]
**   KATA.LANGUAGE text
**   KATA.PARAGRAPHS text [BY auto|blank|line]
** (tests/redis/parity.lua compares each with the Lua API.)
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"

static const char *const by_names[] = {"auto", "blank", "line", NULL};

/* BY's mode for s. */
static kata_parmode_t by_mode(int by, const char *s, size_t len) {
  return by == 1 ? KATA_PAR_BLANK : by == 2 ? KATA_PAR_LINE : kata_paragraph_mode(s, len);
}

/* {======================================================================
** KATA.LANGUAGE, KATA.PARAGRAPHS
** ======================================================================= */

static void run_language(const rk_state_t *st, const char *s, size_t len, const void *args,
                         rk_out_t *o) {
  double conf;
  const char *code = kata_language(s, len, &conf);
  (void)st;
  (void)args;
  rk_map(o, 2);
  rk_field_str(o, "language", code, strlen(code));
  rk_field_double(o, "confidence", conf);
}

int rk_cmd_language(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  size_t len;
  const char *s;
  optp_t p;
  char none = 0;
  if (argc < 2) return RedisModule_WrongArity(ctx);
  rk_text_args(&p, ctx, argv, argc, &s, &len);
  if (p.i < p.argc) {
    rk_unknown_option(&p);
    return RedisModule_ReplyWithError(ctx, p.err);
  }
  return rk_run(ctx, s, len, run_language, &none, sizeof none, NULL);
}

static void run_paragraphs(const rk_state_t *st, const char *s, size_t len, const void *args,
                           rk_out_t *o) {
  size_t pos = 0, a, b;
  kata_parmode_t mode = by_mode(*(const int *)args, s, len);
  long n = 0;
  (void)st;
  rk_array(o, REDISMODULE_POSTPONED_LEN);
  while (kata_paragraph_next(s, len, &pos, mode, &a, &b)) {
    rk_map(o, 3);
    rk_field_str(o, "text", s + a, b - a);
    rk_field_int(o, "start", (long long)a + 1);
    rk_field_int(o, "stop", (long long)b);
    n++;
  }
  rk_set_array_length(o, n);
}

int rk_cmd_paragraphs(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  size_t len;
  const char *s;
  int by = 0;
  optp_t p;
  if (argc < 2) return RedisModule_WrongArity(ctx);
  rk_text_args(&p, ctx, argv, argc, &s, &len);
  while (p.i < p.argc && !p.err[0]) {
    if (rk_kw(&p, "BY")) by = rk_opt_choice(&p, "BY", by_names, "auto, blank or line");
    else rk_unknown_option(&p);
  }
  if (p.err[0]) return RedisModule_ReplyWithError(ctx, p.err);
  return rk_run(ctx, s, len, run_paragraphs, &by, sizeof by, NULL);
}

/* }====================================================================== */

/* {======================================================================
** Entities grouped by type, as kata.analyze groups them: spellings that
** differ only in case (full case folding) or in runs of ASCII white space
** are one name, shown as first written but for one in capitals (ASCII)
** when another spelling is not; the most frequent first, then in order of
** first appearance.
** ======================================================================= */

typedef struct group {
  int type;
  size_t key, keylen;   /* the folded spelling, in keys */
  size_t text, textlen; /* the spelling shown, in texts */
  size_t count, first;  /* first: the entity's index */
} group_t;

typedef struct groups {
  group_t *g;
  size_t n, cap;
  size_t *slots; /* hash table of group index + 1, 0 when empty */
  size_t nslots;
  kata_buf_t keys, texts, scratch, fold;
} groups_t;

static void groups_free(groups_t *G) {
  if (G->g) RA.f(RA.ud, G->g, G->cap * sizeof *G->g, 0);
  if (G->slots) RA.f(RA.ud, G->slots, G->nslots * sizeof *G->slots, 0);
  kata_buf_free(&RA, &G->keys);
  kata_buf_free(&RA, &G->texts);
  kata_buf_free(&RA, &G->scratch);
  kata_buf_free(&RA, &G->fold);
}

static uint64_t hash_key(int type, const char *k, size_t n) {
  uint64_t h = 1469598103934665603ull ^ (uint64_t)type;
  size_t i;
  for (i = 0; i < n; i++) h = (h ^ (unsigned char)k[i]) * 1099511628211ull;
  return h;
}

/* Is the ASCII upper case of s (n bytes) s itself? */
static int all_upper(const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if (s[i] >= 'a' && s[i] <= 'z') return 0;
  return 1;
}

/* Appends s with each run of ASCII white space (Lua's %s) as one space. */
static int collapse(kata_buf_t *out, const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    size_t j = i;
    int rc;
    if (strchr(" \t\n\v\f\r", s[i]) && s[i]) {
      while (j < n && s[j] && strchr(" \t\n\v\f\r", s[j])) j++;
      rc = kata_buf_append(&RA, out, " ", 1);
    } else {
      while (j < n && !(s[j] && strchr(" \t\n\v\f\r", s[j]))) j++;
      rc = kata_buf_append(&RA, out, s + i, j - i);
    }
    if (rc != KATA_OK) return rc;
    i = j;
  }
  return KATA_OK;
}

static int groups_grow(groups_t *G) {
  size_t i, ncap = G->cap ? G->cap * 2 : 64, nslots = ncap * 2;
  group_t *g = (group_t *)RA.f(RA.ud, G->g, G->cap * sizeof *g, ncap * sizeof *g);
  size_t *slots;
  if (!g) return KATA_ENOMEM;
  G->g = g;
  G->cap = ncap;
  slots = (size_t *)RA.f(RA.ud, NULL, 0, nslots * sizeof *slots);
  if (!slots) return KATA_ENOMEM;
  memset(slots, 0, nslots * sizeof *slots);
  if (G->slots) RA.f(RA.ud, G->slots, G->nslots * sizeof *G->slots, 0);
  G->slots = slots;
  G->nslots = nslots;
  for (i = 0; i < G->n; i++) {
    size_t h = (size_t)hash_key(G->g[i].type, G->keys.data + G->g[i].key, G->g[i].keylen);
    while (slots[h % nslots]) h++;
    slots[h % nslots] = i + 1;
  }
  return KATA_OK;
}

/* Adds entity i (spelling s, n bytes) to its group. */
static int groups_add(groups_t *G, int type, const char *s, size_t n, size_t i) {
  size_t tstart, tlen, h, at, klen;
  const char *key;
  group_t *g;
  int rc;
  G->scratch.len = 0;
  if ((rc = collapse(&G->scratch, s, n)) != KATA_OK) return rc;
  tlen = G->scratch.len;
  /* the folded key of the collapsed spelling, in fold (not in scratch: the
  ** normaliser would read scratch while it grows, moves, the buffer) */
  G->fold.len = 0;
  if ((rc = kata_normalize(&RA, G->scratch.data ? G->scratch.data : "", tlen, KATA_FORM_NONE,
                           KATA_NORM_FOLD, &G->fold, NULL)) != KATA_OK)
    return rc;
  key = G->fold.data ? G->fold.data : "";
  klen = G->fold.len;
  if (G->n == G->cap && (rc = groups_grow(G)) != KATA_OK) return rc;
  h = (size_t)hash_key(type, key, klen);
  for (;; h++) {
    at = G->slots[h % G->nslots];
    if (!at) break;
    g = &G->g[at - 1];
    if (g->type == type && g->keylen == klen &&
        memcmp(G->keys.data + g->key, key, g->keylen) == 0) {
      g->count++;
      if (all_upper(G->texts.data + g->text, g->textlen) && !all_upper(G->scratch.data, tlen)) {
        tstart = G->texts.len;
        if ((rc = kata_buf_append(&RA, &G->texts, G->scratch.data, tlen)) != KATA_OK) return rc;
        g->text = tstart;
        g->textlen = tlen;
      }
      return KATA_OK;
    }
  }
  g = &G->g[G->n];
  g->type = type;
  g->count = 1;
  g->first = i;
  g->key = G->keys.len;
  g->keylen = klen;
  g->text = G->texts.len;
  g->textlen = tlen;
  if ((rc = kata_buf_append(&RA, &G->keys, key, g->keylen)) != KATA_OK ||
      (rc = kata_buf_append(&RA, &G->texts, G->scratch.data ? G->scratch.data : "", tlen)) !=
          KATA_OK)
    return rc;
  G->slots[h % G->nslots] = ++G->n;
  return KATA_OK;
}

/* By type, then the most frequent first, then in order of appearance. */
static int group_order(const void *a, const void *b) {
  const group_t *x = *(const group_t *const *)a, *y = *(const group_t *const *)b;
  if (x->type != y->type) return x->type < y->type ? -1 : 1;
  if (x->count != y->count) return x->count > y->count ? -1 : 1;
  return x->first < y->first ? -1 : x->first > y->first;
}

/* }====================================================================== */

/* {======================================================================
** KATA.ANALYZE
** ======================================================================= */

/* The counts of kata.analyze: code points of the valid UTF-8 and
** ill-formed sequences (each maximal subpart once), the first one's
** offset (0: none), words and numbers, sentences not blank. */
typedef struct counts {
  size_t chars, invalid, first_invalid, words, sentences;
} counts_t;

static void count_text(const char *s, size_t len, counts_t *c) {
  kata_tokenizer_t t;
  kata_token_t tok;
  size_t pos = 0;
  memset(c, 0, sizeof *c);
  while (pos < len) {
    int32_t cp;
    size_t k;
    if ((unsigned char)s[pos] < 128) {
      c->chars++;
      pos++;
      continue;
    }
    k = kata_utf8_decode(s, len, pos, &cp);
    if (cp < 0) {
      if (!c->invalid++) c->first_invalid = pos + 1;
    } else {
      c->chars++;
    }
    pos += k;
  }
  kata_tokenizer_init(&t, s, len, 0);
  while (kata_tokenizer_next(&t, &tok))
    if (tok.kind == KATA_WORD || tok.kind == KATA_NUMBER) c->words++;
  for (pos = 0; pos < len;) {
    size_t end = kata_sentence_next(s, len, pos), a = pos, b = end;
    kata_trim(s, &a, &b);
    if (b > a) c->sentences++;
    pos = end;
  }
}

static void reply_keywords(rk_out_t *o, const kata_keywords_t *r, int yake) {
  size_t i, k = kata_keywords_size(r);
  rk_array(o, (long)k);
  for (i = 0; i < k; i++) {
    const kata_keyword_t *w = kata_keywords_get(r, i);
    rk_map(o, yake ? 4 : 3);
    rk_field_str(o, "term", w->term, w->len);
    rk_field_int(o, "count", (long long)w->count);
    rk_field_double(o, "score", w->score);
    if (yake) rk_field_double(o, "yake", w->yake);
  }
}

/* Everything the report holds until it is replied. */
typedef struct report {
  kata_buf_t spans, dups, body;
  kata_keywords_t *kw, *kp;
  kata_ent_t *e;
  size_t ne;
  groups_t G;
  group_t **order;
} report_t;

static void report_free(const rk_state_t *st, report_t *r) {
  kata_buf_free(&RA, &r->spans);
  kata_buf_free(&RA, &r->dups);
  kata_buf_free(&RA, &r->body);
  if (r->kw) kata_keywords_free(r->kw);
  if (r->kp) kata_keywords_free(r->kp);
  if (r->e) kata_entities_free(st->tagger, r->e, r->ne);
  groups_free(&r->G);
  if (r->order) RA.f(RA.ud, r->order, r->G.n * sizeof *r->order, 0);
}

typedef struct an_args {
  char lang[32];
  long long n;
  int by, keep, unique;
  double threshold;
} an_args_t;

static void run_analyze(const rk_state_t *st, const char *s, size_t len, const void *args,
                        rk_out_t *o) {
  const an_args_t *a = (const an_args_t *)args;
  const char *lang = a->lang;
  size_t npar = 0, removed = 0, i, j;
  const char *code, *body;
  size_t blen;
  double conf;
  int keep = a->keep, rc = KATA_OK, has_list = 1, t;
  kata_dedup_opts_t dopts;
  kata_parmode_t mode;
  kata_kw_opts_t ko;
  const kata_dup_t *d;
  const size_t *sp;
  counts_t c;
  report_t r;
  kata_dedup_opts_init(&dopts);
  dopts.threshold = a->threshold;
  /* a code kata knows: a stop-word list (and a stemmer with it), or a
  ** stemmer only, which gets no stop words */
  if (strcmp(lang, "auto") != 0) {
    size_t count;
    kata_stemmer_t *stem;
    has_list = kata_stoplist(lang, &count) != NULL;
    if (!has_list && kata_langs_stemmer(st->langs, lang, &stem) != KATA_OK) {
      char msg[80];
      snprintf(msg, sizeof msg, "ERR unknown language '%s'", lang);
      rk_error(o, msg);
      return;
    }
  }

  memset(&r, 0, sizeof r);
  code = kata_language(s, len, &conf);
  mode = by_mode(a->by, s, len);
  /* the paragraphs and their repeats; the entities read the text without */
  rc = kata_text_duplicates(&RA, s, len, mode, &dopts, &r.spans, &r.dups, &npar);
  d = (const kata_dup_t *)(void *)r.dups.data;
  sp = (const size_t *)(void *)r.spans.data;
  for (i = 0; rc == KATA_OK && !keep && i < npar; i++)
    if (d[i].dup_of != KATA_NO_DUP) removed++;
  body = s;
  blen = len;
  if (rc == KATA_OK && removed > 0) {
    size_t gone;
    if ((rc = kata_dedupe(&RA, s, len, mode, &dopts, &r.body, &gone)) == KATA_OK) {
      body = r.body.data ? r.body.data : "";
      blen = r.body.len;
    }
  }
  count_text(s, len, &c);
  /* keywords and key phrases: kata.keywords on the whole text */
  if (rc == KATA_OK) {
    kata_kw_opts_init(&ko);
    ko.lang = lang;
    ko.n = (size_t)a->n;
    ko.unique_paragraphs = a->unique;
    if (!has_list) ko.stopwords = 0;
    ko.method = KATA_KW_FREQUENCY;
    rc = kata_keywords(st->langs, s, len, &ko, &r.kw);
    if (rc == KATA_OK) {
      ko.method = KATA_KW_DEFAULT; /* kata.keywords' default: key phrases */
      rc = kata_keywords(st->langs, s, len, &ko, &r.kp);
    }
  }
  if (rc == KATA_OK) rc = kata_entities(st->tagger, body, blen, NULL, &r.e, &r.ne);
  for (i = 0; rc == KATA_OK && i < r.ne; i++)
    rc = groups_add(&r.G, r.e[i].type, body + r.e[i].start, r.e[i].stop - r.e[i].start, i);
  if (rc == KATA_OK && r.G.n &&
      !(r.order = (group_t **)RA.f(RA.ud, NULL, 0, r.G.n * sizeof *r.order)))
    rc = KATA_ENOMEM;
  if (blen > TRIM_AFTER) kata_tagger_trim(st->tagger);
  if (rc != KATA_OK) {
    report_free(st, &r);
    rk_core_error(o, rc);
    return;
  }
  for (i = 0; i < r.G.n; i++) r.order[i] = &r.G.g[i];
  if (r.G.n) qsort(r.order, r.G.n, sizeof *r.order, group_order);

  rk_map(o, 7);
  rk_field_str(o, "language", code, strlen(code));
  rk_field_double(o, "confidence", conf);
  rk_cstr(o, "counts");
  rk_map(o, c.invalid ? 8 : 7);
  rk_field_int(o, "bytes", (long long)len);
  rk_field_int(o, "characters", (long long)c.chars);
  rk_field_int(o, "invalid", (long long)c.invalid);
  if (c.invalid) rk_field_int(o, "first_invalid", (long long)c.first_invalid);
  rk_field_int(o, "words", (long long)c.words);
  rk_field_int(o, "sentences", (long long)c.sentences);
  rk_field_int(o, "paragraphs", (long long)npar);
  rk_field_int(o, "duplicates", (long long)removed);
  rk_cstr(o, "keywords");
  reply_keywords(o, r.kw, 0);
  rk_cstr(o, "key_phrases");
  reply_keywords(o, r.kp, kata_kw_method(&ko) == KATA_KW_YAKE);
  rk_cstr(o, "entities");
  rk_map(o, KATA_ENT_NTYPES - 1);
  for (t = 1, j = 0; t < KATA_ENT_NTYPES; t++) {
    size_t k = j;
    while (k < r.G.n && r.order[k]->type == t) k++;
    rk_cstr(o, kata_entity_type_name(t));
    rk_array(o, (long)(k - j));
    for (; j < k; j++) {
      const group_t *g = r.order[j];
      kata_value_t v;
      kata_entity_value(&r.e[g->first], &v);
      rk_map(o, v.kind != KATA_VALUE_NONE ? 3 : 2);
      rk_field_str(o, "text", r.G.texts.data + g->text, g->textlen);
      rk_field_int(o, "count", (long long)g->count);
      if (v.kind != KATA_VALUE_NONE) {
        rk_cstr(o, "value");
        rk_reply_value(o, &v);
      }
    }
  }
  rk_cstr(o, "duplicates");
  rk_array(o, (long)removed);
  for (i = 0; i < npar && removed; i++) {
    if (d[i].dup_of == KATA_NO_DUP) continue;
    rk_map(o, 7);
    rk_field_int(o, "paragraph", (long long)i + 1);
    rk_field_str(o, "text", s + sp[2 * i], sp[2 * i + 1] - sp[2 * i]);
    rk_field_int(o, "start", (long long)sp[2 * i] + 1);
    rk_field_int(o, "stop", (long long)sp[2 * i + 1]);
    rk_field_int(o, "dup_of", (long long)d[i].dup_of + 1);
    rk_field_double(o, "similarity", d[i].similarity);
    rk_cstr(o, "kind");
    rk_cstr(o, kata_dup_kind_name(d[i].kind));
  }
  report_free(st, &r);
}

int rk_cmd_analyze(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  size_t len;
  const char *s;
  an_args_t a;
  kata_dedup_opts_t dopts;
  optp_t p;
  if (argc < 2) return RedisModule_WrongArity(ctx);
  memset(&a, 0, sizeof a);
  strcpy(a.lang, "auto");
  a.n = 10;
  a.unique = 1;
  kata_dedup_opts_init(&dopts);
  a.threshold = dopts.threshold;
  rk_text_args(&p, ctx, argv, argc, &s, &len);
  while (p.i < p.argc && !p.err[0]) {
    if (rk_kw(&p, "N")) rk_opt_int(&p, "N", 0, 1 << 30, &a.n);
    else if (rk_kw(&p, "LANG")) rk_lang_option(&p, a.lang, sizeof a.lang);
    else if (rk_kw(&p, "THRESHOLD")) rk_opt_threshold(&p, &a.threshold);
    else if (rk_kw(&p, "BY")) a.by = rk_opt_choice(&p, "BY", by_names, "auto, blank or line");
    else if (rk_kw(&p, "UNIQUE_PARAGRAPHS")) a.unique = 1;
    else if (rk_kw(&p, "ALL_PARAGRAPHS")) a.unique = 0;
    else if (rk_kw(&p, "KEEP_DUPLICATES")) a.keep = 1;
    else rk_unknown_option(&p);
  }
  if (p.err[0]) return RedisModule_ReplyWithError(ctx, p.err);
  return rk_run(ctx, s, len, run_analyze, &a, sizeof a, NULL);
}

/* }====================================================================== */
