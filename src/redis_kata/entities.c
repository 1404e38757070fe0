/*
** entities.c: the module's entity command:
** KATA.ENTITIES text [LANG id|en|auto] [TYPES type ...] [STRICT]
*/
#include <string.h>

#include "args.h"

/* An entity's value (kata_entity_value): {amount, currency} for money, a
** number for numbers and percentages (an integer when whole), else a
** string. */
void rk_reply_value(RedisModuleCtx *ctx, const kata_value_t *v) {
  if (v->kind == KATA_VALUE_MONEY) {
    RedisModule_ReplyWithMap(ctx, 2);
    rk_field_double(ctx, "amount", v->number);
    rk_field_str(ctx, "currency", v->text, v->len);
  } else if (v->kind == KATA_VALUE_INTEGER) {
    RedisModule_ReplyWithLongLong(ctx, v->integer);
  } else if (v->kind == KATA_VALUE_NUMBER) {
    rk_reply_double(ctx, v->number);
  } else {
    RedisModule_ReplyWithStringBuffer(ctx, v->text, v->len);
  }
}

/* TYPES: the type names up to the next option; none keeps nothing. */
static void types_option(optp_t *p, kata_ent_opts_t *o) {
  unsigned types = 0;
  while (p->i < p->argc && !rk_same_word(p->argv[p->i], "LANG") &&
         !rk_same_word(p->argv[p->i], "STRICT") && !rk_same_word(p->argv[p->i], "TYPES")) {
    size_t tl, i;
    const char *tn = RedisModule_StringPtrLen(p->argv[p->i], &tl);
    char up[16], buf[48];
    int t = 0;
    if (tl < sizeof up) {
      for (i = 0; i < tl; i++) up[i] = tn[i] >= 'a' && tn[i] <= 'z' ? (char)(tn[i] - 32) : tn[i];
      t = kata_entity_type_of(up, tl);
    }
    if (!t) {
      rk_fail(p, "ERR unknown entity type '%s'%s", rk_echo(buf, sizeof buf, tn, tl), "");
      return;
    }
    types |= 1u << t;
    p->i++;
  }
  o->types |= types ? types : 1u << KATA_ENT_NTYPES;
}

int rk_cmd_entities(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  static const char *const langs[] = {"id", "en", "auto", NULL};
  size_t len, n = 0, i;
  const char *s;
  kata_ent_opts_t o;
  kata_ent_t *e = NULL;
  int strict = 0, rc;
  optp_t p;
  if (argc < 2) return RedisModule_WrongArity(ctx);
  memset(&o, 0, sizeof o);
  rk_text_args(&p, ctx, argv, argc, &s, &len);
  while (p.i < p.argc && !p.err[0]) {
    if (rk_kw(&p, "LANG")) rk_opt_choice(&p, "LANG", langs, "id, en or auto"); /* one tagger for both */
    else if (rk_kw(&p, "STRICT")) strict = 1;
    else if (rk_kw(&p, "TYPES")) types_option(&p, &o);
    else rk_unknown_option(&p);
  }
  if (p.err[0]) return RedisModule_ReplyWithError(ctx, p.err);
  if (strict && !rk_check_strict(ctx, s, len)) return REDISMODULE_OK;
  rc = kata_entities(rk_M.tagger, s, len, &o, &e, &n);
  if (rc != KATA_OK) {
    if (len > TRIM_AFTER) kata_tagger_trim(rk_M.tagger);
    return rk_core_error(ctx, rc);
  }
  RedisModule_ReplyWithArray(ctx, (long)n);
  for (i = 0; i < n; i++) {
    kata_value_t v;
    kata_entity_value(&e[i], &v);
    RedisModule_ReplyWithMap(ctx, v.kind != KATA_VALUE_NONE ? 5 : 4);
    rk_field_str(ctx, "text", s + e[i].start, e[i].stop - e[i].start);
    RedisModule_ReplyWithCString(ctx, "type");
    RedisModule_ReplyWithCString(ctx, kata_entity_type_name(e[i].type));
    rk_field_int(ctx, "start", (long long)e[i].start + 1);
    rk_field_int(ctx, "stop", (long long)e[i].stop);
    if (v.kind != KATA_VALUE_NONE) {
      RedisModule_ReplyWithCString(ctx, "value");
      rk_reply_value(ctx, &v);
    }
  }
  kata_entities_free(rk_M.tagger, e, n);
  if (len > TRIM_AFTER) kata_tagger_trim(rk_M.tagger);
  return REDISMODULE_OK;
}
