/*
** text.c: the module's text command:
** KATA.TOKENIZE text [FOLD] [NORMALIZE nfc|nfd|nfkc|nfkd] [STRICT] [SPACES]
*/
#include <string.h>

#include "args.h"

static const char *const form_names[] = {"nfc", "nfd", "nfkc", "nfkd", NULL};

int rk_cmd_tokenize(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
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
  rk_text_args(&p, ctx, argv, argc, &s, &len);
  while (p.i < p.argc) {
    int f;
    if (rk_kw(&p, "FOLD")) fold = 1;
    else if (rk_kw(&p, "STRICT")) strict = 1;
    else if (rk_kw(&p, "SPACES")) spaces = 1;
    else if (rk_kw(&p, "NORMALIZE")) {
      if ((f = rk_opt_choice(&p, "NORMALIZE", form_names, "nfc, nfd, nfkc or nfkd")) < 0) break;
      form = (kata_form_t)(KATA_FORM_NFC + f);
    } else {
      rk_unknown_option(&p);
      break;
    }
  }
  if (p.err[0]) return RedisModule_ReplyWithError(ctx, p.err);
  if (strict && !rk_check_strict(ctx, s, len)) return REDISMODULE_OK;
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
      return rk_core_error(ctx, rc);
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
        rk_field_str(ctx, "text", buf.data + at + sizeof tl, tl);
        at += sizeof tl + tl;
      } else {
        rk_field_str(ctx, "text", s + tok.start, tok.stop - tok.start);
      }
      RedisModule_ReplyWithCString(ctx, "kind");
      RedisModule_ReplyWithCString(ctx, kata_kind_name(tok.kind));
      rk_field_int(ctx, "start", (long long)tok.start + 1);
      rk_field_int(ctx, "stop", (long long)tok.stop);
      n++;
    }
    RedisModule_ReplySetArrayLength(ctx, n);
  }
  kata_buf_free(&RA, &buf);
  return REDISMODULE_OK;
}
