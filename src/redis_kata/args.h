/*
** args.h: the arguments of the module's commands: KEYWORD [value] pairs
** after the fixed arguments, keywords in any case; the duplicate options.
*/
#ifndef KATA_REDIS_ARGS_H
#define KATA_REDIS_ARGS_H

#include "redis_kata.h"

#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility push(hidden)
#endif

typedef struct optp {
  RedisModuleCtx *ctx;
  RedisModuleString **argv;
  int argc, i;   /* i: the next argument */
  char err[200]; /* the error reply, set by the first failure */
} optp_t;

void rk_optp_init(optp_t *p, RedisModuleCtx *ctx, RedisModuleString **argv, int argc, int first);
/* The text of a text command (argc >= 2) into *s, *len, and its options
** into p: `CMD text [options]`, or `CMD [options] TEXT text` (the text
** last, for redis-cli -x) when the next-to-last argument is TEXT. */
void rk_text_args(optp_t *p, RedisModuleCtx *ctx, RedisModuleString **argv, int argc,
                  const char **s, size_t *len);
/* At most 40 bytes of s for an error message, control characters as '?'. */
const char *rk_echo(char *buf, size_t size, const char *s, size_t len);
/* Is the argument a the word w, in any case? */
int rk_same_word(RedisModuleString *a, const char *w);
/* Is the next argument the keyword w? Then it is consumed. */
int rk_kw(optp_t *p, const char *w);
/* Sets the error (the first only) and returns 0. */
int rk_fail(optp_t *p, const char *fmt, const char *a, const char *b);
int rk_unknown_option(optp_t *p);
/* The value after option name, or NULL (and the error). */
const char *rk_opt_value(optp_t *p, const char *name, size_t *len);
int rk_opt_int(optp_t *p, const char *name, long long lo, long long hi, long long *out);
/* The value after name as an index into names (any case), or -1 and the
** error "must be <what>". */
int rk_opt_choice(optp_t *p, const char *name, const char *const *names, const char *what);
/* THRESHOLD's value, a number from 0 to 1. */
int rk_opt_threshold(optp_t *p, double *out);
/* LANG's value into lang (size bytes), lower case (keywords.c). */
void rk_lang_option(optp_t *p, char *lang, size_t size);
/* STRICT: "ERR invalid UTF-8 at byte N" (1-based) replied and 0, or 1. */
int rk_check_strict(rk_out_t *o, const char *s, size_t len);

/* The duplicate options: [BY auto|blank|line] [THRESHOLD x] [MIN_WORDS n]
** [METHOD near|exact] [MEASURE jaccard|containment] [SHINGLE n]
** [BOILERPLATE prefix]... [NOBOILERPLATE]; an index takes neither BY nor
** MEASURE. A boilerplate list is allocated (tails): rk_dup_opts_free
** frees it (a failed parse frees it itself). */
typedef struct dup_opts {
  kata_dedup_opts_t core;
  kata_parmode_t by;
  kata_tails_t *tails;
} dup_opts_t;

int rk_parse_dup_opts(optp_t *p, dup_opts_t *o, int index);
void rk_dup_opts_free(void *opts);

#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility pop
#endif

#endif
