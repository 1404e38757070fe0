/*
** entities.c: the module's entity command:
** KATA.ENTITIES text [LANG id|en|auto] [TYPES type ...] [STRICT]
*/
#include <string.h>

#include "args.h"

/* An entity's value (kata_entity_value): {amount, currency} for money, a
** number for numbers and percentages (an integer when whole), else a
** string. */
void rk_reply_value(rk_out_t *o, const kata_value_t *v) {
  if (v->kind == KATA_VALUE_MONEY) {
    rk_map(o, 2);
    rk_field_double(o, "amount", v->number);
    rk_field_str(o, "currency", v->text, v->len);
  } else if (v->kind == KATA_VALUE_INTEGER) {
    rk_ll(o, v->integer);
  } else if (v->kind == KATA_VALUE_NUMBER) {
    rk_reply_double(o, v->number);
  } else {
    rk_str(o, v->text, v->len);
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

typedef struct ent_args {
  kata_ent_opts_t o;
  int strict;
} ent_args_t;

static void run_entities(const rk_state_t *st, const char *s, size_t len, const void *args,
                         rk_out_t *out) {
  const ent_args_t *a = (const ent_args_t *)args;
  size_t n = 0, i;
  kata_ent_t *e = NULL;
  int rc;
  if (a->strict && !rk_check_strict(out, s, len)) return;
  rc = kata_entities(st->tagger, s, len, &a->o, &e, &n);
  if (rc != KATA_OK) {
    if (len > TRIM_AFTER) kata_tagger_trim(st->tagger);
    rk_core_error(out, rc);
    return;
  }
  rk_array(out, (long)n);
  for (i = 0; i < n; i++) {
    kata_value_t v;
    kata_entity_value(&e[i], &v);
    rk_map(out, v.kind != KATA_VALUE_NONE ? 5 : 4);
    rk_field_str(out, "text", s + e[i].start, e[i].stop - e[i].start);
    rk_cstr(out, "type");
    rk_cstr(out, kata_entity_type_name(e[i].type));
    rk_field_int(out, "start", (long long)e[i].start + 1);
    rk_field_int(out, "stop", (long long)e[i].stop);
    if (v.kind != KATA_VALUE_NONE) {
      rk_cstr(out, "value");
      rk_reply_value(out, &v);
    }
  }
  kata_entities_free(st->tagger, e, n);
  if (len > TRIM_AFTER) kata_tagger_trim(st->tagger);
}

int rk_cmd_entities(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  static const char *const langs[] = {"id", "en", "auto", NULL};
  size_t len;
  const char *s;
  ent_args_t a;
  optp_t p;
  if (argc < 2) return RedisModule_WrongArity(ctx);
  memset(&a, 0, sizeof a);
  rk_text_args(&p, ctx, argv, argc, &s, &len);
  while (p.i < p.argc && !p.err[0]) {
    if (rk_kw(&p, "LANG")) rk_opt_choice(&p, "LANG", langs, "id, en or auto"); /* one tagger for both */
    else if (rk_kw(&p, "STRICT")) a.strict = 1;
    else if (rk_kw(&p, "TYPES")) types_option(&p, &a.o);
    else rk_unknown_option(&p);
  }
  if (p.err[0]) return RedisModule_ReplyWithError(ctx, p.err);
  return rk_run(ctx, s, len, run_entities, &a, sizeof a, NULL);
}
