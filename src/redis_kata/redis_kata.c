/*
** redis_kata.c: the Redis module of kata (build/redis/kata.so), a thin
** binding of the C core as src/lua_kata.c is for Lua. Commands mirror the
** Lua API's defaults and result fields; see docs/redis.md.
**
** Memory: every core allocation goes through RedisModule_TryAlloc, Realloc
** and Free (the `redis_alloc` allocator), so it shows in Redis' used_memory.
** State: besides the module type handle, one read-only context made when the
** module loads: the entity tagger (7 ms to build, so not made per call; its
** working memory is reused by the one thread that runs commands) and the
** built-in stop-word sets. Nothing else outlives a command.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "redismodule.h"

#include "kata.h"

__attribute__((visibility("default"))) int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);

/* {======================================================================
** Allocation, module context
** ======================================================================= */

static void *redis_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud;
  (void)osize;
  if (nsize == 0) {
    if (ptr) RedisModule_Free(ptr);
    return NULL;
  }
  if (!ptr) return RedisModule_TryAlloc(nsize);
  return RedisModule_Realloc(ptr, nsize); /* Redis' own policy on OOM */
}

static const kata_allocator_t RA = {redis_alloc, NULL};

#define MAX_LANGS 6 /* built-in stop-word lists used (2 today: en, id) */

/* Made in RedisModule_OnLoad, read-only afterwards (but for the tagger's
** reused working memory). */
static struct module_ctx {
  kata_tagger_t *tagger;
  size_t nlangs;
  kata_wordset_t *stop[1u << MAX_LANGS]; /* by set of languages, a bit each */
} M;

/* The index data type. */
static RedisModuleType *IndexType;

/* Texts longer than this give their tagger's working memory back. */
#define TRIM_AFTER ((size_t)1 << 20)

/* }====================================================================== */

/* {======================================================================
** Arguments and options: KEYWORD [value] pairs after the fixed arguments,
** keywords in any case.
** ======================================================================= */

typedef struct optp {
  RedisModuleCtx *ctx;
  RedisModuleString **argv;
  int argc, i;   /* i: the next argument */
  char err[200]; /* the error reply, set by the first failure */
} optp_t;

static void optp_init(optp_t *p, RedisModuleCtx *ctx, RedisModuleString **argv, int argc,
                      int first) {
  p->ctx = ctx;
  p->argv = argv;
  p->argc = argc;
  p->i = first;
  p->err[0] = '\0';
}

/* Copies at most 40 bytes of s into buf for an error message, control
** characters (a reply line must not break) as '?'. */
static const char *echo(char *buf, size_t size, const char *s, size_t len) {
  size_t i, n = len < 40 ? len : 40;
  if (n >= size) n = size - 1;
  for (i = 0; i < n; i++)
    buf[i] = (unsigned char)s[i] < 32 || s[i] == 127 ? '?' : s[i];
  buf[n] = '\0';
  if (n < len && n >= 3) buf[n - 1] = buf[n - 2] = buf[n - 3] = '.';
  return buf;
}

static int same_word(RedisModuleString *a, const char *w) {
  size_t len, i, wl = strlen(w);
  const char *s = RedisModule_StringPtrLen(a, &len);
  if (len != wl) return 0;
  for (i = 0; i < len; i++) {
    char c = s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 32) : s[i];
    char d = w[i] >= 'a' && w[i] <= 'z' ? (char)(w[i] - 32) : w[i];
    if (c != d) return 0;
  }
  return 1;
}

/* Is the next argument the keyword w? Then it is consumed. */
static int kw(optp_t *p, const char *w) {
  if (p->i < p->argc && same_word(p->argv[p->i], w)) {
    p->i++;
    return 1;
  }
  return 0;
}

static int fail(optp_t *p, const char *fmt, const char *a, const char *b) {
  if (!p->err[0]) snprintf(p->err, sizeof p->err, fmt, a, b);
  return 0;
}

static int unknown_option(optp_t *p) {
  char buf[48];
  size_t len;
  const char *s = RedisModule_StringPtrLen(p->argv[p->i], &len);
  return fail(p, "ERR unknown option '%s'%s", echo(buf, sizeof buf, s, len), "");
}

/* The value after option name, or NULL (and the error). */
static const char *opt_value(optp_t *p, const char *name, size_t *len) {
  if (p->i >= p->argc) {
    fail(p, "ERR option '%s' needs a value%s", name, "");
    return NULL;
  }
  return RedisModule_StringPtrLen(p->argv[p->i++], len);
}

static int opt_int(optp_t *p, const char *name, long long lo, long long hi,
                   long long *out) {
  char range[64];
  size_t len;
  long long v;
  if (!opt_value(p, name, &len)) return 0;
  snprintf(range, sizeof range, "%lld to %lld", lo, hi);
  if (RedisModule_StringToLongLong(p->argv[p->i - 1], &v) != REDISMODULE_OK ||
      v < lo || v > hi)
    return fail(p, "ERR option '%s' must be an integer from %s", name, range);
  *out = v;
  return 1;
}

static int opt_threshold(optp_t *p, double *out) {
  size_t len;
  double v;
  if (!opt_value(p, "THRESHOLD", &len)) return 0;
  if (RedisModule_StringToDouble(p->argv[p->i - 1], &v) != REDISMODULE_OK ||
      !(v >= 0 && v <= 1))
    return fail(p, "ERR option '%s' must be a number from 0 to 1%s", "THRESHOLD", "");
  *out = v;
  return 1;
}

/* The value after name as an index into names (any case), or -1 and the
** error "must be <what>". */
static int opt_choice(optp_t *p, const char *name, const char *const *names,
                      const char *what) {
  size_t len;
  int i;
  if (!opt_value(p, name, &len)) return -1;
  for (i = 0; names[i]; i++)
    if (same_word(p->argv[p->i - 1], names[i])) return i;
  fail(p, "ERR option '%s' must be %s", name, what);
  return -1;
}

/* STRICT: "ERR invalid UTF-8 at byte N" (1-based) or 1 when valid. */
static int check_strict(RedisModuleCtx *ctx, const char *s, size_t len) {
  size_t bad = kata_utf8_validate(s, len);
  char msg[64];
  if (bad == len) return 1;
  snprintf(msg, sizeof msg, "ERR invalid UTF-8 at byte %lu", (unsigned long)bad + 1);
  RedisModule_ReplyWithError(ctx, msg);
  return 0;
}

static int core_error(RedisModuleCtx *ctx, int rc) {
  char msg[96];
  snprintf(msg, sizeof msg, "ERR %s", kata_errmsg(rc));
  return RedisModule_ReplyWithError(ctx, msg);
}

/* }====================================================================== */

/* {======================================================================
** Replies: each item is a map (RESP3) of the Lua API's fields, which RESP2
** clients and scripts see as a flat [field, value, ...] array. Numbers
** that are not integers are bulk strings, the shortest that read back as
** the same double.
** ======================================================================= */

static void reply_double(RedisModuleCtx *ctx, double d) {
  char buf[40];
  snprintf(buf, sizeof buf, "%.15g", d);
  if (strtod(buf, NULL) != d) snprintf(buf, sizeof buf, "%.16g", d);
  if (strtod(buf, NULL) != d) snprintf(buf, sizeof buf, "%.17g", d);
  RedisModule_ReplyWithCString(ctx, buf);
}

static void field_str(RedisModuleCtx *ctx, const char *name, const char *s, size_t len) {
  RedisModule_ReplyWithCString(ctx, name);
  RedisModule_ReplyWithStringBuffer(ctx, s, len);
}

static void field_int(RedisModuleCtx *ctx, const char *name, long long v) {
  RedisModule_ReplyWithCString(ctx, name);
  RedisModule_ReplyWithLongLong(ctx, v);
}

static void field_double(RedisModuleCtx *ctx, const char *name, double d) {
  RedisModule_ReplyWithCString(ctx, name);
  reply_double(ctx, d);
}

/* }====================================================================== */

/* {======================================================================
** KATA.TOKENIZE text [FOLD] [NORMALIZE nfc|nfd|nfkc|nfkd] [STRICT] [SPACES]
** ======================================================================= */

static const char *const form_names[] = {"nfc", "nfd", "nfkc", "nfkd", NULL};

static int cmd_tokenize(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  size_t len;
  const char *s;
  int fold = 0, strict = 0, spaces = 0, rc = KATA_OK;
  kata_form_t form = KATA_FORM_NONE;
  kata_tokenizer_t t;
  kata_token_t tok;
  kata_buf_t buf;
  long n = 0;
  optp_t p;
  if (argc < 2) return RedisModule_WrongArity(ctx);
  s = RedisModule_StringPtrLen(argv[1], &len);
  optp_init(&p, ctx, argv, argc, 2);
  while (p.i < argc) {
    int f;
    if (kw(&p, "FOLD")) fold = 1;
    else if (kw(&p, "STRICT")) strict = 1;
    else if (kw(&p, "SPACES")) spaces = 1;
    else if (kw(&p, "NORMALIZE")) {
      if ((f = opt_choice(&p, "NORMALIZE", form_names, "nfc, nfd, nfkc or nfkd")) < 0) break;
      form = (kata_form_t)(KATA_FORM_NFC + f);
    } else {
      unknown_option(&p);
      break;
    }
  }
  if (p.err[0]) return RedisModule_ReplyWithError(ctx, p.err);
  if (strict && !check_strict(ctx, s, len)) return REDISMODULE_OK;
  /* Folding or normalising can fail (memory): done before the reply starts. */
  kata_buf_init(&buf);
  if (fold || form != KATA_FORM_NONE) {
    kata_tokenizer_init(&t, s, len, spaces ? KATA_TOK_SPACES : 0);
    while (rc == KATA_OK && kata_tokenizer_next(&t, &tok)) {
      size_t at = buf.len;
      rc = kata_buf_reserve(&RA, &buf, sizeof(size_t));
      if (rc != KATA_OK) break;
      buf.len += sizeof(size_t);
      rc = kata_normalize(&RA, s + tok.start, tok.stop - tok.start, form,
                          fold ? KATA_NORM_FOLD : 0, &buf, NULL);
      if (rc == KATA_OK) { /* the length, then the text */
        size_t tl = buf.len - at - sizeof(size_t);
        memcpy(buf.data + at, &tl, sizeof tl);
      }
    }
    if (rc != KATA_OK) {
      kata_buf_free(&RA, &buf);
      return core_error(ctx, rc);
    }
  }
  {
    size_t at = 0;
    RedisModule_ReplyWithArray(ctx, REDISMODULE_POSTPONED_LEN);
    kata_tokenizer_init(&t, s, len, spaces ? KATA_TOK_SPACES : 0);
    while (kata_tokenizer_next(&t, &tok)) {
      RedisModule_ReplyWithMap(ctx, 4);
      if (fold || form != KATA_FORM_NONE) {
        size_t tl;
        memcpy(&tl, buf.data + at, sizeof tl);
        field_str(ctx, "text", buf.data + at + sizeof tl, tl);
        at += sizeof tl + tl;
      } else {
        field_str(ctx, "text", s + tok.start, tok.stop - tok.start);
      }
      RedisModule_ReplyWithCString(ctx, "kind");
      RedisModule_ReplyWithCString(ctx, kata_kind_name(tok.kind));
      field_int(ctx, "start", (long long)tok.start + 1);
      field_int(ctx, "stop", (long long)tok.stop);
      n++;
    }
    RedisModule_ReplySetArrayLength(ctx, n);
  }
  kata_buf_free(&RA, &buf);
  return REDISMODULE_OK;
}

/* }====================================================================== */

/* {======================================================================
** KATA.KEYWORDS text [N n] [METHOD frequency|yake] [LANG auto|code]
**   [NGRAMS min [max]] [MIN_LENGTH m] [STEM] [NOSTOPWORDS] [NOFOLD]
**   [NUMBERS] [UNIQUE_PARAGRAPHS]
** ======================================================================= */

typedef struct kw_opts {
  kata_count_opts_t core;
  char lang[32]; /* "auto" or a code */
  int stem, stopwords, unique, yake, ngrams_set, min_length_set;
  long long n;
} kw_opts_t;

/* The index of a built-in stop-word list, or -1. */
static int lang_index(const char *lang) {
  size_t i;
  for (i = 0; i < M.nlangs; i++)
    if (strcmp(kata_stoplist_lang(i), lang) == 0) return (int)i;
  return -1;
}

/*
** Settles stop words and stemmer for s as the Lua binding does: "auto"
** guesses the language, takes its list plus any language with a tenth of
** its hits from three different stop words (every list on a weak guess),
** and stems in the language guessed. *st gets a stemmer to free, or NULL.
*/
static int resolve_kw(optp_t *p, kw_opts_t *o, const char *s, size_t len,
                      kata_stemmer_t **st) {
  const char *lang = o->lang;
  int automatic = strcmp(lang, "auto") == 0;
  *st = NULL;
  if (automatic) {
    double conf = 0;
    size_t hits[MAX_LANGS], distinct[MAX_LANGS], words, nl, i, best = 0;
    const kata_wordset_t *sets[MAX_LANGS];
    unsigned mask = 0;
    for (nl = 0; nl < M.nlangs; nl++) sets[nl] = M.stop[1u << nl];
    nl = kata_language_hits_sets(s, len, sets, nl, hits, distinct, &words);
    lang = kata_language_guess(hits, nl, words, &conf);
    if (o->stopwords) {
      for (i = 1; i < nl; i++)
        if (hits[i] > hits[best]) best = i;
      for (i = 0; i < nl && conf >= 0.5; i++)
        if (i == best || (distinct[i] >= 3 && hits[i] * 10 >= hits[best])) mask |= 1u << i;
      o->core.stopwords = M.stop[mask ? mask : (1u << M.nlangs) - 1];
    }
  } else if (o->stopwords) {
    int li = lang_index(lang);
    if (li < 0) return fail(p, "ERR no stop-word list for language '%s'%s", lang, "");
    o->core.stopwords = M.stop[1u << li];
  }
  if (o->stem && strcmp(lang, "und") != 0) {
    *st = kata_stemmer_new(lang);
    if (!*st && !automatic) return fail(p, "ERR no stemmer for language '%s'%s", lang, "");
    o->core.stemmer = *st;
  }
  return 1;
}

/* The text of s's distinct paragraphs (first occurrences, in order) joined
** by blank lines, as the Lua binding's unique_paragraphs option. */
static int unique_paragraphs(const char *s, size_t len, kata_buf_t *out) {
  kata_parmode_t mode = kata_paragraph_mode(s, len);
  kata_counter_t *seen = kata_counter_new(&RA);
  kata_count_opts_t fp_opts;
  kata_buf_t fp;
  size_t pos = 0, a, b;
  int first = 1, rc = KATA_OK;
  if (!seen) return KATA_ENOMEM;
  memset(&fp_opts, 0, sizeof fp_opts);
  fp_opts.flags = KATA_COUNT_FOLD;
  fp_opts.ngram_min = fp_opts.ngram_max = 1;
  kata_buf_init(&fp);
  while (rc == KATA_OK && kata_paragraph_next(s, len, &pos, mode, &a, &b)) {
    size_t before = kata_counter_size(seen);
    kata_tokenizer_t t;
    kata_token_t tok;
    fp.len = 0;
    kata_tokenizer_init(&t, s + a, b - a, 0);
    while (rc == KATA_OK && kata_tokenizer_next(&t, &tok)) {
      if (tok.kind == KATA_PUNCT || tok.kind == KATA_SPACE) continue;
      rc = kata_buf_append(&RA, &fp, s + a + tok.start, tok.stop - tok.start);
      if (rc == KATA_OK) rc = kata_buf_append(&RA, &fp, " ", 1);
    }
    if (rc == KATA_OK) rc = kata_counter_add_word(seen, fp.data ? fp.data : "", fp.len, &fp_opts, NULL);
    if (rc == KATA_OK && kata_counter_size(seen) > before) {
      if (!first) rc = kata_buf_append(&RA, out, "\n\n", 2);
      if (rc == KATA_OK) rc = kata_buf_append(&RA, out, s + a, b - a);
      first = 0;
    }
  }
  kata_buf_free(&RA, &fp);
  kata_counter_free(seen);
  return rc;
}

static int keywords_frequency(RedisModuleCtx *ctx, const kw_opts_t *o, const char *s,
                              size_t len) {
  kata_counter_t *c = kata_counter_new(&RA);
  double *scores = NULL;
  kata_ranked_t *r = NULL;
  size_t n, id, k = 0, want, i;
  uint64_t total;
  int rc;
  if (!c) return core_error(ctx, KATA_ENOMEM);
  rc = kata_counter_add(c, s, len, &o->core);
  n = kata_counter_size(c);
  total = kata_counter_total(c);
  want = (size_t)o->n < n ? (size_t)o->n : n;
  if (rc == KATA_OK) {
    scores = (double *)redis_alloc(NULL, NULL, 0, (n ? n : 1) * sizeof *scores);
    r = (kata_ranked_t *)redis_alloc(NULL, NULL, 0, (want ? want : 1) * sizeof *r);
    if (!scores || !r) rc = KATA_ENOMEM;
  }
  if (rc == KATA_OK) {
    for (id = 0; id < n; id++) /* relative frequency */
      scores[id] = (double)kata_counter_count(c, id) / (double)(total ? total : 1);
    rc = kata_counter_rank(c, scores, want, r, &k);
  }
  if (rc != KATA_OK) {
    core_error(ctx, rc);
  } else {
    RedisModule_ReplyWithArray(ctx, (long)k);
    for (i = 0; i < k; i++) {
      size_t tl;
      const char *term = kata_counter_term(c, r[i].id, &tl);
      RedisModule_ReplyWithMap(ctx, 3);
      field_str(ctx, "term", term, tl);
      field_int(ctx, "count", (long long)kata_counter_count(c, r[i].id));
      field_double(ctx, "score", r[i].score);
    }
  }
  redis_alloc(NULL, scores, 0, 0);
  redis_alloc(NULL, r, 0, 0);
  kata_counter_free(c);
  return REDISMODULE_OK;
}

/* YAKE: n-grams up to NGRAMS (default 3), words under MIN_LENGTH (default
** 3) count as stop words; score is 1 / (1 + S), yake is S. */
static int keywords_yake(RedisModuleCtx *ctx, const kw_opts_t *o, const char *s,
                         size_t len) {
  kata_yake_t *y = kata_yake_new(&RA);
  kata_yake_opts_t yo;
  size_t i, k;
  int rc;
  if (!y) return core_error(ctx, KATA_ENOMEM);
  memset(&yo, 0, sizeof yo);
  yo.flags = o->core.flags;
  yo.ngram_max = o->ngrams_set ? o->core.ngram_max : 3;
  yo.min_length = o->min_length_set ? o->core.min_length : 3;
  yo.stopwords = o->core.stopwords;
  yo.stemmer = o->core.stemmer;
  yo.dedup = 0.9;
  rc = kata_yake_run(y, s, len, &yo, (size_t)o->n);
  if (rc != KATA_OK) {
    kata_yake_free(y);
    return core_error(ctx, rc);
  }
  k = kata_yake_size(y);
  RedisModule_ReplyWithArray(ctx, (long)k);
  for (i = 0; i < k; i++) {
    size_t tl;
    const char *term = kata_yake_term(y, i, &tl);
    double sc = kata_yake_score(y, i);
    RedisModule_ReplyWithMap(ctx, 4);
    field_str(ctx, "term", term, tl);
    field_int(ctx, "count", (long long)kata_yake_count(y, i));
    field_double(ctx, "score", 1.0 / (1.0 + sc));
    field_double(ctx, "yake", sc);
  }
  kata_yake_free(y);
  return REDISMODULE_OK;
}

static int cmd_keywords(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  static const char *const methods[] = {"frequency", "yake", "tfidf", NULL};
  size_t len;
  const char *s;
  kw_opts_t o;
  kata_stemmer_t *st = NULL;
  kata_buf_t uniq;
  optp_t p;
  if (argc < 2) return RedisModule_WrongArity(ctx);
  s = RedisModule_StringPtrLen(argv[1], &len);
  memset(&o, 0, sizeof o);
  o.core.flags = KATA_COUNT_FOLD;
  o.core.min_length = 2;
  o.core.ngram_min = o.core.ngram_max = 1;
  strcpy(o.lang, "auto");
  o.stopwords = 1;
  o.n = 10;
  optp_init(&p, ctx, argv, argc, 2);
  while (p.i < argc && !p.err[0]) {
    long long v;
    if (kw(&p, "N")) {
      if (opt_int(&p, "N", 0, 1 << 30, &v)) o.n = v;
    } else if (kw(&p, "METHOD")) {
      int m = opt_choice(&p, "METHOD", methods, "frequency or yake");
      if (m == 2) fail(&p, "ERR method 'tfidf' needs a corpus, which KATA.KEYWORDS does not take%s%s", "", "");
      o.yake = m == 1;
    } else if (kw(&p, "LANG")) {
      size_t vl;
      const char *v2 = opt_value(&p, "LANG", &vl);
      char buf[48];
      if (!v2) break;
      if (vl == 0 || vl >= sizeof o.lang || memchr(v2, '\0', vl))
        fail(&p, "ERR no stop-word list or stemmer for language '%s'%s", echo(buf, sizeof buf, v2, vl), "");
      else {
        size_t k;
        for (k = 0; k < vl; k++) /* codes are lower case */
          o.lang[k] = (char)(v2[k] >= 'A' && v2[k] <= 'Z' ? v2[k] + 32 : v2[k]);
        o.lang[vl] = '\0';
      }
    } else if (kw(&p, "NGRAMS")) {
      long long lo, hi;
      if (!opt_int(&p, "NGRAMS", 1, 3, &lo)) break;
      hi = lo;
      if (p.i < argc && RedisModule_StringToLongLong(argv[p.i], &hi) == REDISMODULE_OK) {
        if (!opt_int(&p, "NGRAMS", lo, 3, &hi)) break;
      } else {
        hi = lo;
      }
      o.core.ngram_min = (int)lo;
      o.core.ngram_max = (int)hi;
      o.ngrams_set = 1;
    } else if (kw(&p, "MIN_LENGTH")) {
      if (opt_int(&p, "MIN_LENGTH", 0, 1 << 20, &v)) {
        o.core.min_length = (size_t)v;
        o.min_length_set = 1;
      }
    } else if (kw(&p, "STEM")) o.stem = 1;
    else if (kw(&p, "NOSTOPWORDS")) o.stopwords = 0;
    else if (kw(&p, "NOFOLD")) o.core.flags &= ~KATA_COUNT_FOLD;
    else if (kw(&p, "NUMBERS")) o.core.flags |= KATA_COUNT_NUMBERS;
    else if (kw(&p, "UNIQUE_PARAGRAPHS")) o.unique = 1;
    else unknown_option(&p);
  }
  if (!p.err[0]) resolve_kw(&p, &o, s, len, &st);
  if (p.err[0]) {
    kata_stemmer_free(st);
    return RedisModule_ReplyWithError(ctx, p.err);
  }
  kata_buf_init(&uniq);
  if (o.unique) {
    int rc = unique_paragraphs(s, len, &uniq);
    if (rc != KATA_OK) {
      kata_buf_free(&RA, &uniq);
      kata_stemmer_free(st);
      return core_error(ctx, rc);
    }
    s = uniq.data ? uniq.data : "";
    len = uniq.len;
  }
  if (o.yake) keywords_yake(ctx, &o, s, len);
  else keywords_frequency(ctx, &o, s, len);
  kata_buf_free(&RA, &uniq);
  kata_stemmer_free(st);
  return REDISMODULE_OK;
}

/* }====================================================================== */

/* {======================================================================
** KATA.ENTITIES text [LANG id|en|auto] [TYPES type ...] [STRICT]
** ======================================================================= */

/* The number a value starts with ("-12.5"), read without strtod's locale. */
static double value_number(const char *v, int *frac) {
  double x = 0, scale = 1;
  int neg = *v == '-', dot = 0;
  for (v += neg; (*v >= '0' && *v <= '9') || (*v == '.' && !dot); v++) {
    if (*v == '.') dot = 1;
    else if (dot) x += (*v - '0') * (scale /= 10);
    else x = x * 10 + (*v - '0');
  }
  *frac = dot;
  return neg ? -x : x;
}

/* An entity's value: {amount, currency} for money, a number for numbers
** and percentages (an integer when whole), else a string. */
static void reply_value(RedisModuleCtx *ctx, const kata_ent_t *e) {
  const char *v = e->value;
  int frac;
  if (e->type == KATA_ENT_MONEY) {
    const char *sp = strchr(v, ' ');
    RedisModule_ReplyWithMap(ctx, 2);
    field_double(ctx, "amount", value_number(v, &frac));
    RedisModule_ReplyWithCString(ctx, "currency");
    RedisModule_ReplyWithCString(ctx, sp ? sp + 1 : "");
  } else if (e->type == KATA_ENT_NUMBER || e->type == KATA_ENT_PERCENT) {
    double d = value_number(v, &frac);
    if (!frac && d >= -9.2e18 && d <= 9.2e18) RedisModule_ReplyWithLongLong(ctx, (long long)d);
    else reply_double(ctx, d);
  } else {
    RedisModule_ReplyWithCString(ctx, v);
  }
}

static int cmd_entities(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  static const char *const langs[] = {"id", "en", "auto", NULL};
  size_t len, n = 0, i;
  const char *s;
  kata_ent_opts_t o;
  kata_ent_t *e = NULL;
  int strict = 0, rc;
  optp_t p;
  if (argc < 2) return RedisModule_WrongArity(ctx);
  s = RedisModule_StringPtrLen(argv[1], &len);
  memset(&o, 0, sizeof o);
  optp_init(&p, ctx, argv, argc, 2);
  while (p.i < argc && !p.err[0]) {
    if (kw(&p, "LANG")) {
      opt_choice(&p, "LANG", langs, "id, en or auto"); /* one tagger for both */
    } else if (kw(&p, "STRICT")) {
      strict = 1;
    } else if (kw(&p, "TYPES")) {
      /* Type names up to the next option; none keeps nothing. */
      unsigned types = 0;
      while (p.i < argc && !same_word(argv[p.i], "LANG") && !same_word(argv[p.i], "STRICT") &&
             !same_word(argv[p.i], "TYPES")) {
        size_t tl;
        const char *tn = RedisModule_StringPtrLen(argv[p.i], &tl);
        char up[16], buf[48];
        int t = 0;
        if (tl < sizeof up) {
          for (i = 0; i < tl; i++) up[i] = tn[i] >= 'a' && tn[i] <= 'z' ? (char)(tn[i] - 32) : tn[i];
          t = kata_entity_type_of(up, tl);
        }
        if (!t) {
          fail(&p, "ERR unknown entity type '%s'%s", echo(buf, sizeof buf, tn, tl), "");
          break;
        }
        types |= 1u << t;
        p.i++;
      }
      o.types |= types ? types : 1u << KATA_ENT_NTYPES;
    } else {
      unknown_option(&p);
    }
  }
  if (p.err[0]) return RedisModule_ReplyWithError(ctx, p.err);
  if (strict && !check_strict(ctx, s, len)) return REDISMODULE_OK;
  rc = kata_entities(M.tagger, s, len, &o, &e, &n);
  if (rc != KATA_OK) {
    if (len > TRIM_AFTER) kata_tagger_trim(M.tagger);
    return core_error(ctx, rc);
  }
  RedisModule_ReplyWithArray(ctx, (long)n);
  for (i = 0; i < n; i++) {
    RedisModule_ReplyWithMap(ctx, e[i].value[0] ? 5 : 4);
    field_str(ctx, "text", s + e[i].start, e[i].stop - e[i].start);
    RedisModule_ReplyWithCString(ctx, "type");
    RedisModule_ReplyWithCString(ctx, kata_entity_type_name(e[i].type));
    field_int(ctx, "start", (long long)e[i].start + 1);
    field_int(ctx, "stop", (long long)e[i].stop);
    if (e[i].value[0]) {
      RedisModule_ReplyWithCString(ctx, "value");
      reply_value(ctx, &e[i]);
    }
  }
  kata_entities_free(M.tagger, e, n);
  if (len > TRIM_AFTER) kata_tagger_trim(M.tagger);
  return REDISMODULE_OK;
}

/* }====================================================================== */

/* {======================================================================
** Duplicate options, KATA.DEDUPE and KATA.DUPLICATES
**   text [BY auto|blank|line] [THRESHOLD x] [MIN_WORDS n] [METHOD near|exact]
**   [MEASURE jaccard|containment] [SHINGLE n] [BOILERPLATE prefix]...
**   [NOBOILERPLATE]
** ======================================================================= */

typedef struct dup_opts {
  kata_dedup_opts_t core;
  int by; /* 0 auto, 1 blank, 2 line */
  const char **tails; /* NULL: the built-in list; PoolAlloc'd */
} dup_opts_t;

/* Parses the duplicate options; index: the ones an index takes. */
static int parse_dup_opts(optp_t *p, dup_opts_t *o, int index) {
  static const char *const bys[] = {"auto", "blank", "line", NULL};
  static const char *const methods[] = {"near", "exact", NULL};
  static const char *const measures[] = {"jaccard", "containment", NULL};
  const char *const *builtin = kata_dedup_tails();
  size_t nb = 0, nu = 0, i;
  int none = 0, first = p->i;
  memset(o, 0, sizeof *o);
  o->core.threshold = 0.8;
  o->core.min_words = 5;
  o->core.near = 1;
  o->core.shingle = 1;
  while (p->i < p->argc && !p->err[0]) {
    long long v;
    int c;
    if (!index && kw(p, "BY")) {
      if ((c = opt_choice(p, "BY", bys, "auto, blank or line")) >= 0) o->by = c;
    } else if (kw(p, "THRESHOLD")) {
      opt_threshold(p, &o->core.threshold);
    } else if (kw(p, "MIN_WORDS")) {
      if (opt_int(p, "MIN_WORDS", 0, 1 << 30, &v)) o->core.min_words = (size_t)v;
    } else if (kw(p, "SHINGLE")) {
      if (opt_int(p, "SHINGLE", 1, 5, &v)) o->core.shingle = (int)v;
    } else if (kw(p, "METHOD")) {
      if ((c = opt_choice(p, "METHOD", methods, "near or exact")) >= 0) o->core.near = c == 0;
    } else if (!index && kw(p, "MEASURE")) {
      if ((c = opt_choice(p, "MEASURE", measures, "jaccard or containment")) >= 0)
        o->core.containment = c == 1;
    } else if (kw(p, "BOILERPLATE")) {
      size_t vl;
      if (opt_value(p, "BOILERPLATE", &vl) && vl == 0)
        fail(p, "ERR option '%s' must be a non-empty prefix%s", "BOILERPLATE", "");
      nu++;
    } else if (kw(p, "NOBOILERPLATE")) {
      none = 1;
    } else {
      unknown_option(p);
    }
  }
  if (p->err[0]) return 0;
  if (!none && nu == 0) return 1;
  if (!none)
    while (builtin[nb]) nb++; /* prefixes given extend the built-in list */
  o->tails = (const char **)RedisModule_PoolAlloc(p->ctx, (nb + nu + 1) * sizeof(char *));
  for (i = 0; i < nb; i++) o->tails[i] = builtin[i];
  for (p->i = first; p->i < p->argc; p->i++) {
    size_t vl, k;
    const char *v;
    char *low;
    if (!same_word(p->argv[p->i], "BOILERPLATE")) continue;
    v = RedisModule_StringPtrLen(p->argv[++p->i], &vl);
    low = (char *)RedisModule_PoolAlloc(p->ctx, vl + 1);
    for (k = 0; k < vl; k++) low[k] = (char)(v[k] >= 'A' && v[k] <= 'Z' ? v[k] + 32 : v[k]);
    low[vl] = '\0'; /* a NUL inside ends the prefix early, as in C */
    o->tails[nb++] = low;
  }
  o->tails[nb] = NULL;
  o->core.tails = o->tails;
  return 1;
}

/* Paragraph spans (pairs of 0-based start, stop) of s into *spans. */
static int paragraph_spans(const char *s, size_t len, int by, kata_buf_t *spans,
                           size_t *n) {
  kata_parmode_t mode = by == 1 ? KATA_PAR_BLANK : by == 2 ? KATA_PAR_LINE
                                                           : kata_paragraph_mode(s, len);
  size_t pos = 0, a, b;
  *n = 0;
  while (kata_paragraph_next(s, len, &pos, mode, &a, &b)) {
    size_t pair[2];
    int rc;
    pair[0] = a;
    pair[1] = b;
    if ((rc = kata_buf_append(&RA, spans, (const char *)pair, sizeof pair)) != KATA_OK) return rc;
    (*n)++;
  }
  return KATA_OK;
}

static const char *const dup_kinds[] = {"", "exact", "near", "teaser"};

/* Runs kata_duplicates on the paragraphs of s; *out (n entries, to free
** with redis_alloc) and *spans get the results. */
static int find_duplicates(const char *s, size_t len, const dup_opts_t *o, kata_buf_t *spans,
                           size_t *n, kata_dup_t **out) {
  const char **texts = NULL;
  size_t *lens = NULL, i, *sp;
  int rc = paragraph_spans(s, len, o->by, spans, n);
  *out = NULL;
  if (rc != KATA_OK) return rc;
  if (*n > ((size_t)-1) / (sizeof(kata_dup_t) + sizeof(char *) + sizeof(size_t))) return KATA_ELIMIT;
  texts = (const char **)redis_alloc(NULL, NULL, 0, (*n ? *n : 1) * sizeof *texts);
  lens = (size_t *)redis_alloc(NULL, NULL, 0, (*n ? *n : 1) * sizeof *lens);
  *out = (kata_dup_t *)redis_alloc(NULL, NULL, 0, (*n ? *n : 1) * sizeof **out);
  if (!texts || !lens || !*out) {
    rc = KATA_ENOMEM;
  } else {
    sp = (size_t *)(void *)spans->data;
    for (i = 0; i < *n; i++) {
      texts[i] = s + sp[2 * i];
      lens[i] = sp[2 * i + 1] - sp[2 * i];
    }
    rc = kata_duplicates(&RA, texts, lens, *n, &o->core, *out);
  }
  redis_alloc(NULL, texts, 0, 0);
  redis_alloc(NULL, lens, 0, 0);
  if (rc != KATA_OK) {
    redis_alloc(NULL, *out, 0, 0);
    *out = NULL;
  }
  return rc;
}

static int cmd_duplicates(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  size_t len, n, i;
  const char *s;
  dup_opts_t o;
  kata_buf_t spans;
  kata_dup_t *out;
  optp_t p;
  int rc;
  if (argc < 2) return RedisModule_WrongArity(ctx);
  s = RedisModule_StringPtrLen(argv[1], &len);
  optp_init(&p, ctx, argv, argc, 2);
  if (!parse_dup_opts(&p, &o, 0)) return RedisModule_ReplyWithError(ctx, p.err);
  kata_buf_init(&spans);
  rc = find_duplicates(s, len, &o, &spans, &n, &out);
  kata_buf_free(&RA, &spans);
  if (rc != KATA_OK) return core_error(ctx, rc);
  RedisModule_ReplyWithArray(ctx, (long)n);
  for (i = 0; i < n; i++) {
    if (out[i].dup_of == KATA_NO_DUP) {
      RedisModule_ReplyWithNull(ctx);
      continue;
    }
    RedisModule_ReplyWithMap(ctx, 3);
    field_int(ctx, "dup_of", (long long)out[i].dup_of + 1);
    field_double(ctx, "similarity", out[i].similarity);
    RedisModule_ReplyWithCString(ctx, "kind");
    RedisModule_ReplyWithCString(ctx, dup_kinds[out[i].kind]);
  }
  redis_alloc(NULL, out, 0, 0);
  return REDISMODULE_OK;
}

/* The text without its repeated paragraphs, as kata.dedupe builds it: the
** text before the first paragraph, then each kept paragraph with the
** separator that followed it (the last kept one with the text's ending). */
static int cmd_dedupe(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  size_t len, n, i, removed = 0, *sp;
  const char *s;
  dup_opts_t o;
  kata_buf_t spans, res;
  kata_dup_t *out;
  optp_t p;
  int rc;
  if (argc < 2) return RedisModule_WrongArity(ctx);
  s = RedisModule_StringPtrLen(argv[1], &len);
  optp_init(&p, ctx, argv, argc, 2);
  if (!parse_dup_opts(&p, &o, 0)) return RedisModule_ReplyWithError(ctx, p.err);
  kata_buf_init(&spans);
  kata_buf_init(&res);
  rc = find_duplicates(s, len, &o, &spans, &n, &out);
  sp = (size_t *)(void *)spans.data;
  if (rc == KATA_OK && n == 0) {
    rc = kata_buf_append(&RA, &res, s, len);
  } else if (rc == KATA_OK) {
    size_t last = n;
    rc = kata_buf_append(&RA, &res, s, sp[0]);
    for (i = n; i-- > 0;)
      if (out[i].dup_of == KATA_NO_DUP) {
        last = i;
        break;
      }
    for (i = 0; i < n && rc == KATA_OK; i++) {
      if (out[i].dup_of != KATA_NO_DUP) {
        removed++;
        continue;
      }
      rc = kata_buf_append(&RA, &res, s + sp[2 * i], sp[2 * i + 1] - sp[2 * i]);
      if (rc != KATA_OK) break;
      if (i == last) rc = kata_buf_append(&RA, &res, s + sp[2 * (n - 1) + 1], len - sp[2 * (n - 1) + 1]);
      else rc = kata_buf_append(&RA, &res, s + sp[2 * i + 1], sp[2 * (i + 1)] - sp[2 * i + 1]);
    }
  }
  if (rc != KATA_OK) {
    core_error(ctx, rc);
  } else {
    RedisModule_ReplyWithMap(ctx, 2);
    field_str(ctx, "text", res.data ? res.data : "", res.len);
    field_int(ctx, "removed", (long long)removed);
  }
  redis_alloc(NULL, out, 0, 0);
  kata_buf_free(&RA, &spans);
  kata_buf_free(&RA, &res);
  return REDISMODULE_OK;
}

/* }====================================================================== */

/* {======================================================================
** The index type: a kata_index_t (estimate mode, no store) per key.
** RDB: the kata_index_save bytes in string chunks of up to 64 KiB, then an
** empty chunk.
** Loading trusts nothing (RESTORE hands it any payload with a valid CRC):
** the module handles I/O errors (REDISMODULE_OPTIONS_HANDLE_IO_ERRORS), so
** a read of the wrong kind or past the end sets an error flag instead of
** stopping the server; a load that saw one, or whose bytes kata_index_load
** refuses, frees what it made and returns NULL, and RESTORE replies with an
** error.
** ======================================================================= */

/* 2 since the index format's version 2; an RDB of version 1 (never with a
** store) still loads: its bytes are version 1 of the format, which loads. */
#define INDEX_ENCVER 2
#ifndef CHUNK
#define CHUNK 65536 /* (tests/fuzz/fuzz_redis_load.c makes it small) */
#endif

typedef struct rdb_writer {
  RedisModuleIO *io;
  size_t len;
  char buf[CHUNK];
} rdb_writer_t;

static int rdb_write(void *ud, const void *p, size_t n) {
  rdb_writer_t *w = (rdb_writer_t *)ud;
  while (n > 0) {
    size_t k = CHUNK - w->len < n ? CHUNK - w->len : n;
    memcpy(w->buf + w->len, p, k);
    w->len += k;
    p = (const char *)p + k;
    n -= k;
    if (w->len == CHUNK) {
      RedisModule_SaveStringBuffer(w->io, w->buf, w->len);
      w->len = 0;
    }
  }
  return 0;
}

static void index_rdb_save(RedisModuleIO *io, void *value) {
  rdb_writer_t *w = (rdb_writer_t *)RedisModule_Alloc(sizeof *w);
  w->io = io;
  w->len = 0;
  kata_index_save((const kata_index_t *)value, rdb_write, w); /* cannot fail */
  if (w->len) RedisModule_SaveStringBuffer(io, w->buf, w->len);
  RedisModule_SaveStringBuffer(io, "", 0);
  RedisModule_Free(w);
}

typedef struct rdb_reader {
  RedisModuleIO *io;
  char *chunk;
  size_t len, pos;
  int done;  /* the empty chunk was read, or a read failed */
  int ioerr; /* a read failed: not a string chunk, or past the end */
} rdb_reader_t;

static size_t rdb_read(void *ud, void *p, size_t n) {
  rdb_reader_t *r = (rdb_reader_t *)ud;
  size_t got = 0;
  while (got < n) {
    size_t k;
    if (r->pos == r->len) {
      if (r->done) break;
      if (r->chunk) RedisModule_Free(r->chunk);
      r->chunk = RedisModule_LoadStringBuffer(r->io, &r->len);
      r->pos = 0;
      if (!r->chunk || RedisModule_IsIOError(r->io)) {
        if (r->chunk) RedisModule_Free(r->chunk);
        r->chunk = NULL;
        r->len = 0;
        r->ioerr = 1;
      }
      if (r->len == 0) r->done = 1;
      continue;
    }
    k = r->len - r->pos < n - got ? r->len - r->pos : n - got;
    memcpy((char *)p + got, r->chunk + r->pos, k);
    r->pos += k;
    got += k;
  }
  return got;
}

/* Loads an index (no store) from f; *err gets a message on failure. */
static kata_index_t *load_index(kata_read_f f, void *ud, char *err, size_t errlen) {
  kata_index_t *x = NULL;
  uint64_t used;
  int rc = kata_index_load(&RA, f, ud, &x, err, errlen);
  if (rc != KATA_OK) {
    if (rc != KATA_EFORMAT) snprintf(err, errlen, "%s", kata_errmsg(rc));
    return NULL;
  }
  if (kata_index_has_store(x, &used)) {
    snprintf(err, errlen, "an index with a confirmation store cannot live in Redis");
    kata_index_free(x);
    return NULL;
  }
  return x;
}

static void *index_rdb_load(RedisModuleIO *io, int encver) {
  rdb_reader_t r;
  kata_index_t *x;
  char err[160], extra;
  if (encver != INDEX_ENCVER && encver != 1) {
    RedisModule_LogIOError(io, "warning", "kata: unknown index encoding version %d", encver);
    return NULL;
  }
  r.io = io;
  r.chunk = NULL;
  r.len = r.pos = 0;
  r.done = 0;
  r.ioerr = 0;
  x = load_index(rdb_read, &r, err, sizeof err);
  if (x && rdb_read(&r, &extra, 1) != 0) { /* bytes after the checksum */
    snprintf(err, sizeof err, "trailing bytes after the index");
    kata_index_free(x);
    x = NULL;
  }
  if (r.ioerr || RedisModule_IsIOError(io)) { /* whatever was made of it */
    snprintf(err, sizeof err, "the value is not the string chunks kata saves, or is cut short");
    if (x) kata_index_free(x);
    x = NULL;
  }
  if (r.chunk) RedisModule_Free(r.chunk);
  if (!x) RedisModule_LogIOError(io, "warning", "kata: cannot load an index: %s", err);
  return x;
}

static void index_free(void *value) { kata_index_free((kata_index_t *)value); }

static size_t index_mem_usage(const void *value) {
  size_t ib, kb;
  kata_index_memory((const kata_index_t *)value, &ib, &kb);
  return ib + kb;
}

/* A whole saved index in memory (AOF rewrite, COPY). */
static int buf_write(void *ud, const void *p, size_t n) {
  return kata_buf_append(&RA, (kata_buf_t *)ud, (const char *)p, n) == KATA_OK ? 0 : -1;
}

typedef struct mem_reader {
  const char *s;
  size_t len, pos;
} mem_reader_t;

static size_t mem_read(void *ud, void *p, size_t n) {
  mem_reader_t *m = (mem_reader_t *)ud;
  size_t k = m->len - m->pos < n ? m->len - m->pos : n;
  memcpy(p, m->s + m->pos, k);
  m->pos += k;
  return k;
}

/* The AOF gets one KATA.DUP.RESTORE with the saved index. */
static void index_aof_rewrite(RedisModuleIO *aof, RedisModuleString *key, void *value) {
  kata_buf_t b;
  kata_buf_init(&b);
  if (kata_index_save((const kata_index_t *)value, buf_write, &b) != KATA_OK) {
    RedisModule_LogIOError(aof, "warning", "kata: out of memory saving an index to the AOF");
  } else {
    RedisModule_EmitAOF(aof, "KATA.DUP.RESTORE", "sb", key, b.data, b.len);
  }
  kata_buf_free(&RA, &b);
}

static void *index_copy(RedisModuleString *fromkey, RedisModuleString *tokey, const void *value) {
  kata_buf_t b;
  kata_index_t *x = NULL;
  char err[160];
  (void)fromkey;
  (void)tokey;
  kata_buf_init(&b);
  if (kata_index_save((const kata_index_t *)value, buf_write, &b) == KATA_OK) {
    mem_reader_t m;
    m.s = b.data;
    m.len = b.len;
    m.pos = 0;
    x = load_index(mem_read, &m, err, sizeof err);
  }
  kata_buf_free(&RA, &b);
  return x;
}

/* }====================================================================== */

/* {======================================================================
** KATA.DUP.CREATE key [THRESHOLD x] [MIN_WORDS n] [METHOD near|exact]
**   [SHINGLE n] [BOILERPLATE prefix]... [NOBOILERPLATE]
** KATA.DUP.ADD key id text, KATA.DUP.CHECK key text, KATA.DUP.SIZE key,
** KATA.DUP.RESTORE key saved-index
** ======================================================================= */

/* Opens key; *x gets its index or NULL when empty. 0 and a WRONGTYPE reply
** when it holds something else. */
static int open_index(RedisModuleCtx *ctx, RedisModuleString *name, int mode,
                      RedisModuleKey **key, kata_index_t **x) {
  int type;
  *key = (RedisModuleKey *)RedisModule_OpenKey(ctx, name, mode);
  type = RedisModule_KeyType(*key);
  *x = NULL;
  if (type == REDISMODULE_KEYTYPE_EMPTY) return 1;
  if (type != REDISMODULE_KEYTYPE_MODULE || RedisModule_ModuleTypeGetType(*key) != IndexType) {
    RedisModule_CloseKey(*key);
    RedisModule_ReplyWithError(ctx, REDISMODULE_ERRORMSG_WRONGTYPE);
    return 0;
  }
  *x = (kata_index_t *)RedisModule_ModuleTypeGetValue(*key);
  return 1;
}

/* A new index in the empty key, or 0 and an error reply. */
static int create_index(RedisModuleCtx *ctx, RedisModuleKey *key, const dup_opts_t *o,
                        kata_index_t **x) {
  int rc = kata_index_new(&RA, &o->core, NULL, NULL, NULL, x);
  if (rc != KATA_OK) {
    core_error(ctx, rc);
    return 0;
  }
  RedisModule_ModuleTypeSetValue(key, IndexType, *x);
  return 1;
}

static int cmd_dup_create(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  RedisModuleKey *key;
  kata_index_t *x;
  dup_opts_t o;
  optp_t p;
  if (argc < 2) return RedisModule_WrongArity(ctx);
  optp_init(&p, ctx, argv, argc, 2);
  if (!parse_dup_opts(&p, &o, 1)) return RedisModule_ReplyWithError(ctx, p.err);
  if (!open_index(ctx, argv[1], REDISMODULE_READ | REDISMODULE_WRITE, &key, &x)) return REDISMODULE_OK;
  if (x) {
    RedisModule_CloseKey(key);
    return RedisModule_ReplyWithError(ctx, "ERR an index already exists at this key");
  }
  if (create_index(ctx, key, &o, &x)) {
    RedisModule_ReplyWithSimpleString(ctx, "OK");
    RedisModule_ReplicateVerbatim(ctx);
    RedisModule_NotifyKeyspaceEvent(ctx, REDISMODULE_NOTIFY_MODULE, "kata.dup.create", argv[1]);
  }
  RedisModule_CloseKey(key);
  return REDISMODULE_OK;
}

/* The match of a lookup: nil, or {id, similarity, kind}. */
static void reply_hit(RedisModuleCtx *ctx, const kata_index_t *x, const kata_index_hit_t *hit) {
  size_t klen;
  const char *k;
  if (hit->id == KATA_NO_DUP) {
    RedisModule_ReplyWithNull(ctx);
    return;
  }
  k = kata_index_key(x, hit->id, &klen);
  RedisModule_ReplyWithMap(ctx, 3);
  /* Keys are stored as the Lua binding does: "$" and the id ("#" and
  ** digits for a Lua integer id); the id is what follows. */
  field_str(ctx, "id", klen ? k + 1 : k, klen ? klen - 1 : 0);
  field_double(ctx, "similarity", hit->similarity);
  RedisModule_ReplyWithCString(ctx, "kind");
  RedisModule_ReplyWithCString(ctx, dup_kinds[hit->kind]);
}

static int lookup_error(RedisModuleCtx *ctx, const kata_index_t *x, int rc) {
  char msg[96];
  if (rc != KATA_ELIMIT) return core_error(ctx, rc);
  snprintf(msg, sizeof msg, "ERR index is full (%lu paragraphs)", (unsigned long)kata_index_size(x));
  return RedisModule_ReplyWithError(ctx, msg);
}

static int cmd_dup_add(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  RedisModuleKey *key;
  kata_index_t *x;
  kata_index_hit_t hit;
  size_t len, idlen;
  const char *s, *id;
  char *k;
  int rc, created = 0;
  if (argc != 4) return RedisModule_WrongArity(ctx);
  if (!open_index(ctx, argv[1], REDISMODULE_READ | REDISMODULE_WRITE, &key, &x)) return REDISMODULE_OK;
  if (!x) {
    dup_opts_t o;
    optp_t p;
    optp_init(&p, ctx, argv, 0, 0);
    parse_dup_opts(&p, &o, 1); /* the defaults */
    if (!create_index(ctx, key, &o, &x)) {
      RedisModule_CloseKey(key);
      return REDISMODULE_OK;
    }
    created = 1;
  }
  id = RedisModule_StringPtrLen(argv[2], &idlen);
  s = RedisModule_StringPtrLen(argv[3], &len);
  k = (char *)RedisModule_PoolAlloc(ctx, idlen + 1);
  k[0] = '$';
  memcpy(k + 1, id, idlen);
  rc = kata_index_add(x, s, len, k, idlen + 1, 1, &hit);
  if (rc != KATA_OK) {
    lookup_error(ctx, x, rc);
    if (created) RedisModule_DeleteKey(key); /* as if the command never ran */
  } else {
    reply_hit(ctx, x, &hit);
    if (created || hit.id == KATA_NO_DUP) {
      RedisModule_ReplicateVerbatim(ctx);
      RedisModule_NotifyKeyspaceEvent(ctx, REDISMODULE_NOTIFY_MODULE, "kata.dup.add", argv[1]);
    }
  }
  RedisModule_CloseKey(key);
  return REDISMODULE_OK;
}

static int cmd_dup_check(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  RedisModuleKey *key;
  kata_index_t *x;
  kata_index_hit_t hit;
  size_t len;
  const char *s;
  int rc;
  if (argc != 3) return RedisModule_WrongArity(ctx);
  if (!open_index(ctx, argv[1], REDISMODULE_READ, &key, &x)) return REDISMODULE_OK;
  if (!x) {
    RedisModule_CloseKey(key);
    return RedisModule_ReplyWithNull(ctx);
  }
  s = RedisModule_StringPtrLen(argv[2], &len);
  rc = kata_index_add(x, s, len, NULL, 0, 0, &hit);
  if (rc != KATA_OK) lookup_error(ctx, x, rc);
  else reply_hit(ctx, x, &hit);
  RedisModule_CloseKey(key);
  return REDISMODULE_OK;
}

static int cmd_dup_size(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  RedisModuleKey *key;
  kata_index_t *x;
  if (argc != 2) return RedisModule_WrongArity(ctx);
  if (!open_index(ctx, argv[1], REDISMODULE_READ, &key, &x)) return REDISMODULE_OK;
  RedisModule_ReplyWithLongLong(ctx, x ? (long long)kata_index_size(x) : 0);
  RedisModule_CloseKey(key);
  return REDISMODULE_OK;
}

/* Replaces key with the index saved in the argument (the AOF rewrite's
** command; it takes any file kata_index_save wrote without a store). */
static int cmd_dup_restore(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  RedisModuleKey *key;
  kata_index_t *x, *old;
  mem_reader_t m;
  char err[160], msg[200];
  if (argc != 3) return RedisModule_WrongArity(ctx);
  m.s = RedisModule_StringPtrLen(argv[2], &m.len);
  m.pos = 0;
  if (!open_index(ctx, argv[1], REDISMODULE_READ | REDISMODULE_WRITE, &key, &old)) return REDISMODULE_OK;
  x = load_index(mem_read, &m, err, sizeof err);
  if (x && m.pos != m.len) {
    snprintf(err, sizeof err, "trailing bytes after the index");
    kata_index_free(x);
    x = NULL;
  }
  if (!x) {
    RedisModule_CloseKey(key);
    snprintf(msg, sizeof msg, "ERR not a saved kata index: %s", err);
    return RedisModule_ReplyWithError(ctx, msg);
  }
  RedisModule_ModuleTypeSetValue(key, IndexType, x); /* frees the old one */
  RedisModule_CloseKey(key);
  RedisModule_ReplicateVerbatim(ctx);
  RedisModule_NotifyKeyspaceEvent(ctx, REDISMODULE_NOTIFY_MODULE, "kata.dup.restore", argv[1]);
  return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

/* }====================================================================== */

/* {======================================================================
** Loading
** ======================================================================= */

static int make_stop_sets(void) {
  unsigned mask, nsets;
  size_t i, k;
  for (M.nlangs = 0; kata_stoplist_lang(M.nlangs) && M.nlangs < MAX_LANGS; M.nlangs++) {}
  nsets = 1u << M.nlangs;
  for (mask = 1; mask < nsets; mask++) {
    kata_wordset_t *ws = kata_wordset_new(&RA);
    if (!ws) return -1;
    M.stop[mask] = ws;
    for (i = 0; i < M.nlangs; i++) {
      const char *const *list;
      if (!(mask & (1u << i))) continue;
      list = kata_stoplist(kata_stoplist_lang(i), NULL);
      for (k = 0; list[k]; k++)
        if (kata_wordset_add(ws, list[k], strlen(list[k])) != KATA_OK) return -1;
    }
  }
  return 0;
}

typedef struct command {
  const char *name;
  RedisModuleCmdFunc f;
  const char *flags;
  int key; /* the key's position, or 0 */
} command_t;

static const command_t commands[] = {
  {"kata.tokenize", cmd_tokenize, "readonly allow-stale", 0},
  {"kata.keywords", cmd_keywords, "readonly allow-stale", 0},
  {"kata.entities", cmd_entities, "readonly allow-stale", 0},
  {"kata.dedupe", cmd_dedupe, "readonly allow-stale", 0},
  {"kata.duplicates", cmd_duplicates, "readonly allow-stale", 0},
  {"kata.dup.create", cmd_dup_create, "write deny-oom", 1},
  {"kata.dup.add", cmd_dup_add, "write deny-oom", 1},
  {"kata.dup.check", cmd_dup_check, "readonly", 1},
  {"kata.dup.size", cmd_dup_size, "readonly fast", 1},
  {"kata.dup.restore", cmd_dup_restore, "write deny-oom", 1},
  {NULL, NULL, NULL, 0}
};

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  RedisModuleTypeMethods tm;
  const command_t *c;
  (void)argv;
  if (RedisModule_Init(ctx, "kata", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
    return REDISMODULE_ERR;
  /* A bad RDB value (RESTORE's payload) is an error, not a crash. */
  RedisModule_SetModuleOptions(ctx, REDISMODULE_OPTIONS_HANDLE_IO_ERRORS);
  if (argc != 0) {
    RedisModule_Log(ctx, "warning", "kata: the module takes no arguments");
    return REDISMODULE_ERR;
  }
  memset(&tm, 0, sizeof tm);
  tm.version = REDISMODULE_TYPE_METHOD_VERSION;
  tm.rdb_load = index_rdb_load;
  tm.rdb_save = index_rdb_save;
  tm.aof_rewrite = index_aof_rewrite;
  tm.mem_usage = index_mem_usage;
  tm.free = index_free;
  tm.copy = index_copy;
  IndexType = RedisModule_CreateDataType(ctx, "kataindex", INDEX_ENCVER, &tm);
  if (!IndexType) return REDISMODULE_ERR;
  for (c = commands; c->name; c++)
    if (RedisModule_CreateCommand(ctx, c->name, c->f, c->flags, c->key, c->key, c->key ? 1 : 0) ==
        REDISMODULE_ERR)
      return REDISMODULE_ERR;
  if (!M.tagger && (!(M.tagger = kata_tagger_new(&RA)) || make_stop_sets() != 0)) {
    RedisModule_Log(ctx, "warning", "kata: out of memory");
    return REDISMODULE_ERR;
  }
  return REDISMODULE_OK;
}

/* }====================================================================== */
