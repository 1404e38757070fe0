/*
** text.c: the module's text command:
** KATA.TOKENIZE text [FOLD] [NORMALIZE nfc|nfd|nfkc|nfkd] [STRICT] [SPACES]
*/
#include <string.h>

#include "args.h"

static const char *const form_names[] = {"nfc", "nfd", "nfkc", "nfkd", NULL};

typedef struct tok_args {
  int fold, strict, spaces;
  kata_form_t form;
} tok_args_t;

static void run_tokenize(const rk_state_t *st, const char *s, size_t len, const void *args,
                         rk_out_t *o) {
  const tok_args_t *a = (const tok_args_t *)args;
  int fold = a->fold, spaces = a->spaces, rc = KATA_OK;
  kata_form_t form = a->form;
  kata_tokenizer_t t;
  kata_token_t tok;
  kata_buf_t buf;
  long n = 0;
  (void)st;
  if (a->strict && !rk_check_strict(o, s, len)) return;
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
      rk_core_error(o, rc);
      return;
    }
  }
  {
    size_t at = 0;
    rk_array(o, REDISMODULE_POSTPONED_LEN);
    kata_tokenizer_init(&t, s, len, spaces ? KATA_TOK_SPACES : 0);
    while (kata_tokenizer_next(&t, &tok)) {
      rk_map(o, 4);
      if (fold || form != KATA_FORM_NONE) {
        size_t tl;
        memcpy(&tl, buf.data + at, sizeof tl);
        rk_field_str(o, "text", buf.data + at + sizeof tl, tl);
        at += sizeof tl + tl;
      } else {
        rk_field_str(o, "text", s + tok.start, tok.stop - tok.start);
      }
      rk_cstr(o, "kind");
      rk_cstr(o, kata_kind_name(tok.kind));
      rk_field_int(o, "start", (long long)tok.start + 1);
      rk_field_int(o, "stop", (long long)tok.stop);
      n++;
    }
    rk_set_array_length(o, n);
  }
  kata_buf_free(&RA, &buf);
}

int rk_cmd_tokenize(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
  size_t len;
  const char *s;
  tok_args_t a;
  optp_t p;
  if (argc < 2) return RedisModule_WrongArity(ctx);
  memset(&a, 0, sizeof a);
  a.form = KATA_FORM_NONE;
  rk_text_args(&p, ctx, argv, argc, &s, &len);
  while (p.i < p.argc) {
    int f;
    if (rk_kw(&p, "FOLD")) a.fold = 1;
    else if (rk_kw(&p, "STRICT")) a.strict = 1;
    else if (rk_kw(&p, "SPACES")) a.spaces = 1;
    else if (rk_kw(&p, "NORMALIZE")) {
      if ((f = rk_opt_choice(&p, "NORMALIZE", form_names, "nfc, nfd, nfkc or nfkd")) < 0) break;
      a.form = (kata_form_t)(KATA_FORM_NFC + f);
    } else {
      rk_unknown_option(&p);
      break;
    }
  }
  if (p.err[0]) return RedisModule_ReplyWithError(ctx, p.err);
  return rk_run(ctx, s, len, run_tokenize, &a, sizeof a, NULL);
}
