/*
** args.c: the arguments of the module's commands: KEYWORD [value] pairs
** after the fixed arguments, keywords in any case; the duplicate options.
*/
#include <stdio.h>
#include <string.h>

#include "args.h"

void rk_optp_init(optp_t *p, RedisModuleCtx *ctx, RedisModuleString **argv, int argc, int first) {
  p->ctx = ctx;
  p->argv = argv;
  p->argc = argc;
  p->i = first;
  p->err[0] = '\0';
}

void rk_text_args(optp_t *p, RedisModuleCtx *ctx, RedisModuleString **argv, int argc,
                  const char **s, size_t *len) {
  if (argc >= 3 && rk_same_word(argv[argc - 2], "TEXT")) {
    *s = RedisModule_StringPtrLen(argv[argc - 1], len);
    rk_optp_init(p, ctx, argv, argc - 2, 1);
  } else {
    *s = RedisModule_StringPtrLen(argv[1], len);
    rk_optp_init(p, ctx, argv, argc, 2);
  }
}

/* (A reply line must not break.) */
const char *rk_echo(char *buf, size_t size, const char *s, size_t len) {
  size_t i, n = len < 40 ? len : 40;
  if (n >= size) n = size - 1;
  for (i = 0; i < n; i++)
    buf[i] = (unsigned char)s[i] < 32 || s[i] == 127 ? '?' : s[i];
  buf[n] = '\0';
  if (n < len && n >= 3) buf[n - 1] = buf[n - 2] = buf[n - 3] = '.';
  return buf;
}

int rk_same_word(RedisModuleString *a, const char *w) {
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

int rk_kw(optp_t *p, const char *w) {
  if (p->i < p->argc && rk_same_word(p->argv[p->i], w)) {
    p->i++;
    return 1;
  }
  return 0;
}

int rk_fail(optp_t *p, const char *fmt, const char *a, const char *b) {
  if (!p->err[0]) snprintf(p->err, sizeof p->err, fmt, a, b);
  return 0;
}

int rk_unknown_option(optp_t *p) {
  char buf[48];
  size_t len;
  const char *s = RedisModule_StringPtrLen(p->argv[p->i], &len);
  return rk_fail(p, "ERR unknown option '%s'%s", rk_echo(buf, sizeof buf, s, len), "");
}

const char *rk_opt_value(optp_t *p, const char *name, size_t *len) {
  if (p->i >= p->argc) {
    rk_fail(p, "ERR option '%s' needs a value%s", name, "");
    return NULL;
  }
  return RedisModule_StringPtrLen(p->argv[p->i++], len);
}

int rk_opt_int(optp_t *p, const char *name, long long lo, long long hi, long long *out) {
  char range[64];
  size_t len;
  long long v;
  if (!rk_opt_value(p, name, &len)) return 0;
  snprintf(range, sizeof range, "%lld to %lld", lo, hi);
  if (RedisModule_StringToLongLong(p->argv[p->i - 1], &v) != REDISMODULE_OK || v < lo || v > hi)
    return rk_fail(p, "ERR option '%s' must be an integer from %s", name, range);
  *out = v;
  return 1;
}

int rk_opt_threshold(optp_t *p, double *out) {
  size_t len;
  double v;
  if (!rk_opt_value(p, "THRESHOLD", &len)) return 0;
  if (RedisModule_StringToDouble(p->argv[p->i - 1], &v) != REDISMODULE_OK || !(v >= 0 && v <= 1))
    return rk_fail(p, "ERR option '%s' must be a number from 0 to 1%s", "THRESHOLD", "");
  *out = v;
  return 1;
}

int rk_opt_choice(optp_t *p, const char *name, const char *const *names, const char *what) {
  size_t len;
  int i;
  if (!rk_opt_value(p, name, &len)) return -1;
  for (i = 0; names[i]; i++)
    if (rk_same_word(p->argv[p->i - 1], names[i])) return i;
  rk_fail(p, "ERR option '%s' must be %s", name, what);
  return -1;
}

int rk_check_strict(rk_out_t *o, const char *s, size_t len) {
  size_t bad = kata_utf8_validate(s, len);
  char msg[64];
  if (bad == len) return 1;
  snprintf(msg, sizeof msg, "ERR invalid UTF-8 at byte %lu", (unsigned long)bad + 1);
  rk_error(o, msg);
  return 0;
}

/* The boilerplate list of the options from argument first on: the
** built-in prefixes (but with NOBOILERPLATE) and every BOILERPLATE. */
static int boilerplate(optp_t *p, dup_opts_t *o, int first, int builtin) {
  kata_tails_t *t;
  if (!(o->tails = t = kata_tails_new(&RA, builtin)))
    return rk_fail(p, "ERR %s%s", kata_errmsg(KATA_ENOMEM), "");
  for (p->i = first; p->i < p->argc; p->i++) {
    size_t vl;
    const char *v;
    int rc;
    if (!rk_same_word(p->argv[p->i], "BOILERPLATE")) continue;
    v = RedisModule_StringPtrLen(p->argv[++p->i], &vl);
    if ((rc = kata_tails_add(t, v, vl)) == KATA_EINVAL)
      return rk_fail(p, "ERR option '%s' must be a non-empty prefix%s", "BOILERPLATE", "");
    if (rc == KATA_ELIMIT)
      return rk_fail(p, "ERR option '%s' takes at most 64 prefixes of at most 64 bytes%s",
                     "BOILERPLATE", "");
    if (rc != KATA_OK) return rk_fail(p, "ERR %s%s", kata_errmsg(rc), "");
  }
  o->core.tails = kata_tails_list(t);
  return 1;
}

int rk_parse_dup_opts(optp_t *p, dup_opts_t *o, int index) {
  static const char *const bys[] = {"auto", "blank", "line", NULL};
  static const char *const methods[] = {"near", "exact", NULL};
  static const char *const measures[] = {"jaccard", "containment", NULL};
  static const kata_parmode_t modes[] = {KATA_PAR_AUTO, KATA_PAR_BLANK, KATA_PAR_LINE};
  int none = 0, first = p->i, given = 0;
  kata_dedup_opts_init(&o->core);
  o->by = KATA_PAR_AUTO;
  o->tails = NULL;
  while (p->i < p->argc && !p->err[0]) {
    long long v;
    int c;
    if (!index && rk_kw(p, "BY")) {
      if ((c = rk_opt_choice(p, "BY", bys, "auto, blank or line")) >= 0) o->by = modes[c];
    } else if (rk_kw(p, "THRESHOLD")) {
      rk_opt_threshold(p, &o->core.threshold);
    } else if (rk_kw(p, "MIN_WORDS")) {
      if (rk_opt_int(p, "MIN_WORDS", 0, 1 << 30, &v)) o->core.min_words = (size_t)v;
    } else if (rk_kw(p, "SHINGLE")) {
      if (rk_opt_int(p, "SHINGLE", 1, 5, &v)) o->core.shingle = (int)v;
    } else if (rk_kw(p, "METHOD")) {
      if ((c = rk_opt_choice(p, "METHOD", methods, "near or exact")) >= 0) o->core.near = c == 0;
    } else if (!index && rk_kw(p, "MEASURE")) {
      if ((c = rk_opt_choice(p, "MEASURE", measures, "jaccard or containment")) >= 0)
        o->core.containment = c == 1;
    } else if (rk_kw(p, "BOILERPLATE")) {
      size_t vl;
      if (rk_opt_value(p, "BOILERPLATE", &vl) && vl == 0)
        rk_fail(p, "ERR option '%s' must be a non-empty prefix%s", "BOILERPLATE", "");
      given = 1;
    } else if (rk_kw(p, "NOBOILERPLATE")) {
      none = 1;
    } else {
      rk_unknown_option(p);
    }
  }
  if (p->err[0]) return 0;
  if (!none && !given) return 1;
  if (boilerplate(p, o, first, !none)) return 1;
  rk_dup_opts_free(o);
  return 0;
}

void rk_dup_opts_free(void *opts) {
  dup_opts_t *o = (dup_opts_t *)opts;
  if (o->tails) kata_tails_free(o->tails);
  o->tails = NULL;
  o->core.tails = NULL;
}
