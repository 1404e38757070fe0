/*
** keywords.c: the module's keyword command, over kata_keywords:
** KATA.KEYWORDS text [N n] [METHOD keyphrase|frequency|yake] [LANG auto|code]
**   [NGRAMS min [max]] [MIN_LENGTH m] [STEM] [NOSTOPWORDS] [NOFOLD]
**   [NUMBERS] [UNIQUE_PARAGRAPHS|ALL_PARAGRAPHS]
*/
#include <stdio.h>
#include <string.h>

#include "args.h"

/* The LANG value into lang (size bytes), lower case: codes are. */
void rk_lang_option(optp_t *p, char *lang, size_t size) {
  size_t vl, k;
  const char *v = rk_opt_value(p, "LANG", &vl);
  char buf[48];
  if (!v) return;
  if (vl == 0 || vl >= size || memchr(v, '\0', vl)) {
    rk_fail(p, "ERR no stop-word list or stemmer for language '%s'%s",
            rk_echo(buf, sizeof buf, v, vl), "");
    return;
  }
  for (k = 0; k < vl; k++) lang[k] = (char)(v[k] >= 'A' && v[k] <= 'Z' ? v[k] + 32 : v[k]);
  lang[vl] = '\0';
}

/* The options into o, the LANG code into lang (32 bytes). */
static void parse(optp_t *p, kata_kw_opts_t *o, char *lang) {
  /* the core's names, in its order (KATA_KW_FREQUENCY ...) */
  static const char *const methods[] = {"frequency", "tfidf", "yake", "keyphrase", NULL};
  while (p->i < p->argc && !p->err[0]) {
    long long v, lo, hi;
    if (rk_kw(p, "N")) {
      if (rk_opt_int(p, "N", 0, 1 << 30, &v)) o->n = (size_t)v;
    } else if (rk_kw(p, "METHOD")) {
      int m = rk_opt_choice(p, "METHOD", methods, "keyphrase, frequency or yake");
      if (m == KATA_KW_TFIDF)
        rk_fail(p, "ERR method 'tfidf' needs a corpus, which KATA.KEYWORDS does not take%s%s", "", "");
      else if (m >= 0)
        o->method = m;
    } else if (rk_kw(p, "LANG")) {
      rk_lang_option(p, lang, 32);
    } else if (rk_kw(p, "NGRAMS")) {
      if (!rk_opt_int(p, "NGRAMS", 1, 3, &lo)) break;
      hi = lo;
      if (p->i < p->argc && RedisModule_StringToLongLong(p->argv[p->i], &hi) == REDISMODULE_OK) {
        if (!rk_opt_int(p, "NGRAMS", lo, 3, &hi)) break;
      } else {
        hi = lo;
      }
      o->ngram_min = (int)lo;
      o->ngram_max = (int)hi;
    } else if (rk_kw(p, "MIN_LENGTH")) {
      if (rk_opt_int(p, "MIN_LENGTH", 0, 1 << 20, &v)) o->min_length = (long)v;
    } else if (rk_kw(p, "STEM")) {
      o->stem = 1;
    } else if (rk_kw(p, "NOSTOPWORDS")) {
      o->stopwords = 0;
    } else if (rk_kw(p, "NOFOLD")) {
      o->flags &= ~KATA_COUNT_FOLD;
    } else if (rk_kw(p, "NUMBERS")) {
      o->flags |= KATA_COUNT_NUMBERS;
    } else if (rk_kw(p, "UNIQUE_PARAGRAPHS")) {
      o->unique_paragraphs = 1; /* the core's default */
    } else if (rk_kw(p, "ALL_PARAGRAPHS")) {
      o->unique_paragraphs = 0;
    } else {
      rk_unknown_option(p);
    }
  }
}

/* The error reply of a language error (kata_langs_resolve's codes). */
static void lang_error(rk_out_t *out, int rc, const char *lang) {
  char msg[96];
  const char *what = rc == KATA_ENOLIST   ? "no stop-word list for language"
                     : rc == KATA_ENOSTEM ? "no stemmer for language"
                     : rc == KATA_ELANG   ? "unknown language"
                                          : NULL;
  if (!what) {
    rk_core_error(out, rc);
    return;
  }
  snprintf(msg, sizeof msg, "ERR %s '%s'", what, lang);
  rk_error(out, msg);
}

typedef struct kw_args {
  kata_kw_opts_t o; /* o.lang: set to lang when run */
  char lang[32];
} kw_args_t;

static void run_keywords(const rk_state_t *st, const char *s, size_t len, const void *args,
                         rk_out_t *out) {
  const kw_args_t *a = (const kw_args_t *)args;
  kata_kw_opts_t o = a->o;
  kata_keywords_t *r;
  size_t i, k;
  int rc;
  o.lang = a->lang;
  if ((rc = kata_keywords(st->langs, s, len, &o, &r)) != KATA_OK) {
    lang_error(out, rc, a->lang);
    return;
  }
  k = kata_keywords_size(r);
  rk_array(out, (long)k);
  for (i = 0; i < k; i++) {
    const kata_keyword_t *w = kata_keywords_get(r, i);
    rk_map(out, o.method == KATA_KW_YAKE ? 4 : 3);
    rk_field_str(out, "term", w->term, w->len);
    rk_field_int(out, "count", (long long)w->count);
    rk_field_double(out, "score", w->score);
    if (o.method == KATA_KW_YAKE) rk_field_double(out, "yake", w->yake);
  }
  kata_keywords_free(r);
}

int rk_cmd_keywords(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  size_t len;
  const char *s;
  kw_args_t a;
  optp_t p;
  if (argc < 2) return RedisModule_WrongArity(ctx);
  memset(&a, 0, sizeof a);
  strcpy(a.lang, "auto");
  kata_kw_opts_init(&a.o);
  a.o.lang = a.lang;
  rk_text_args(&p, ctx, argv, argc, &s, &len);
  parse(&p, &a.o, a.lang);
  if (p.err[0]) return RedisModule_ReplyWithError(ctx, p.err);
  a.o.lang = NULL; /* (a pointer into this frame: run sets it) */
  return rk_run(ctx, s, len, run_keywords, &a, sizeof a, NULL);
}
