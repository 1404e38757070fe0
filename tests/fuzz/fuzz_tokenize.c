/*
** fuzz_tokenize.c: libFuzzer target for kata_tokenizer_next.
**
** The whole input is tokenized twice, with and without KATA_TOK_SPACES.
** With either flag:
**   - tokens are non-empty, in order, non-overlapping and inside [0, len);
**   - they start and stop on code point boundaries (kata_utf8_decode);
**   - kinds are valid, and the shape of some is fixed: a URL starts with
**     "www." or a scheme ([A-Za-z0-9+.-]+) and "://", a hashtag with '#',
**     a mention with '@' (both longer than that one byte), an e-mail
**     address is ASCII with exactly one '@' inside it;
**   - each maximal ill-formed subsequence is a symbol token of its own
**     (docs/api.md, "Invalid UTF-8").
** With KATA_TOK_SPACES:
**   - the tokens tile the text: the first starts at 0, each starts where
**     the previous one stopped, the last stops at len;
**   - no two space tokens are adjacent (a run of white space is one token).
** Without it:
**   - no space tokens, and the other tokens are exactly those of the run
**     with KATA_TOK_SPACES, in the same order, with the same kinds;
**   - the gaps between tokens hold only valid code points of categories
**     Zs Zl Zp Cf, white-space controls (U+0009-000D, U+0085), and marks
**     (Mn Mc Me) that do not start the gap nor follow a line break, which
**     is where UAX #29 (WB4) attaches them to the space before them.
**     Categories come from utf8proc, independent of kata's own tables.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "kata.h"

#define CHECK(cond, what)                                                   \
  do {                                                                      \
    if (!(cond)) {                                                          \
      fprintf(stderr, "fuzz_tokenize: %s (%s:%d)\n", what, __FILE__,       \
              __LINE__);                                                    \
      abort();                                                              \
    }                                                                       \
  } while (0)

/* 1 where a code point starts, 2 where an invalid subsequence does. */
static unsigned char *cp_starts(const char *s, size_t len) {
  unsigned char *mark = (unsigned char *)calloc(len + 1, 1);
  size_t pos = 0;
  CHECK(mark != NULL, "out of memory");
  while (pos < len) {
    int32_t cp;
    size_t n = kata_utf8_decode(s, len, pos, &cp);
    CHECK(n >= 1 && n <= len - pos, "kata_utf8_decode length");
    mark[pos] = cp < 0 ? 2 : 1;
    pos += n;
  }
  mark[len] = 1;
  return mark;
}

/* All tokens of s with the given flags, in a malloc'ed array. */
static kata_token_t *tokenize(const char *s, size_t len, unsigned flags,
                              size_t *ntok) {
  kata_tokenizer_t t;
  kata_token_t tok, *toks = NULL;
  size_t n = 0, cap = 0;
  kata_tokenizer_init(&t, s, len, flags);
  while (kata_tokenizer_next(&t, &tok)) {
    CHECK(n < len, "more tokens than bytes");
    if (n == cap) {
      cap = cap ? cap * 2 : 16;
      toks = (kata_token_t *)realloc(toks, cap * sizeof *toks);
      CHECK(toks != NULL, "out of memory");
    }
    toks[n++] = tok;
  }
  CHECK(!kata_tokenizer_next(&t, &tok), "tokens after the end");
  *ntok = n;
  return toks;
}

static int has_prefix_ci(const char *s, size_t n, const char *pre) {
  size_t k, m = strlen(pre);
  if (n < m) return 0;
  for (k = 0; k < m; k++) {
    char c = s[k];
    if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
    if (c != pre[k]) return 0;
  }
  return 1;
}

/* "www." or a scheme (ASCII letters, digits, + - .) and "://". */
static int scheme_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

static int url_head(const char *s, size_t n) {
  size_t k = 0;
  if (has_prefix_ci(s, n, "www.")) return 1;
  while (k < n && scheme_char(s[k])) k++;
  return k > 0 && n - k >= 3 && memcmp(s + k, "://", 3) == 0;
}

static void check_token(const char *s, size_t len, const unsigned char *mark,
                        const kata_token_t *tok, size_t prev_stop) {
  const char *p = s + tok->start;
  size_t n = tok->stop - tok->start, k, ats = 0;
  CHECK(tok->start >= prev_stop, "tokens overlap or go backwards");
  CHECK(tok->start < tok->stop, "empty token");
  CHECK(tok->stop <= len, "token past the end");
  CHECK(mark[tok->start] && mark[tok->stop],
        "token edge inside a code point");
  CHECK((unsigned)tok->kind < KATA_NKINDS, "bad kind");
  CHECK(strcmp(kata_kind_name(tok->kind), "?") != 0, "kind has no name");
  for (k = tok->start; k < tok->stop; k++)
    if (mark[k] == 2) {
      int32_t cp;
      CHECK(k == tok->start && tok->kind == KATA_SYMBOL &&
                tok->stop == k + kata_utf8_decode(s, len, k, &cp),
            "invalid UTF-8 not a symbol token of its own");
    }
  switch (tok->kind) {
    case KATA_URL:
      CHECK(url_head(p, n), "URL without a scheme or www.");
      break;
    case KATA_HASHTAG:
      CHECK(p[0] == '#' && n > 1, "hashtag shape");
      break;
    case KATA_MENTION:
      CHECK(p[0] == '@' && n > 1, "mention shape");
      break;
    case KATA_EMAIL:
      for (k = 0; k < n; k++) {
        CHECK((unsigned char)p[k] < 0x80, "non-ASCII e-mail address");
        if (p[k] == '@') ats++;
      }
      CHECK(ats == 1 && p[0] != '@' && p[n - 1] != '@',
            "e-mail address shape");
      break;
    default:
      break;
  }
}

static int is_newline(int32_t cp) {
  return (cp >= 0x0A && cp <= 0x0D) || cp == 0x85 || cp == 0x2028 ||
         cp == 0x2029;
}

/* A gap between two tokens of the run without KATA_TOK_SPACES. */
static void check_gap(const char *s, size_t from, size_t to) {
  int32_t prev = -1;
  size_t pos = from;
  while (pos < to) {
    int32_t cp;
    size_t n = kata_utf8_decode(s, to, pos, &cp);
    CHECK(cp >= 0, "invalid UTF-8 skipped as white space");
    switch (utf8proc_category(cp)) {
      case UTF8PROC_CATEGORY_ZS:
      case UTF8PROC_CATEGORY_ZL:
      case UTF8PROC_CATEGORY_ZP:
      case UTF8PROC_CATEGORY_CF:
        break;
      case UTF8PROC_CATEGORY_CC:
        CHECK((cp >= 0x09 && cp <= 0x0D) || cp == 0x85,
              "control that is not white space skipped");
        break;
      case UTF8PROC_CATEGORY_MN:
      case UTF8PROC_CATEGORY_MC:
      case UTF8PROC_CATEGORY_ME:
        CHECK(pos > from, "gap starts with a mark");
        CHECK(!is_newline(prev), "mark after a line break skipped");
        break;
      default:
        CHECK(0, "skipped a code point that is not white space");
    }
    prev = cp;
    pos += n;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  unsigned char *mark = cp_starts(s, size);
  kata_token_t *all, *some;
  size_t nall, nsome, i, j, stop;

  /* With KATA_TOK_SPACES: a tiling. */
  all = tokenize(s, size, KATA_TOK_SPACES, &nall);
  for (i = 0, stop = 0; i < nall; i++) {
    check_token(s, size, mark, &all[i], stop);
    CHECK(all[i].start == stop, "tokens do not tile the text");
    CHECK(!(i > 0 && all[i].kind == KATA_SPACE &&
            all[i - 1].kind == KATA_SPACE),
          "two space tokens in a row");
    stop = all[i].stop;
  }
  CHECK(stop == size, "tokens do not reach the end");

  /* Without it: the same minus the space tokens; gaps are white space. */
  some = tokenize(s, size, 0, &nsome);
  for (i = 0, j = 0, stop = 0; i < nsome; i++) {
    check_token(s, size, mark, &some[i], stop);
    CHECK(some[i].kind != KATA_SPACE, "space token without the flag");
    while (j < nall && all[j].kind == KATA_SPACE) j++;
    CHECK(j < nall, "extra token without the flag");
    CHECK(some[i].start == all[j].start && some[i].stop == all[j].stop &&
              some[i].kind == all[j].kind,
          "tokens differ with and without KATA_TOK_SPACES");
    j++;
    check_gap(s, stop, some[i].start);
    stop = some[i].stop;
  }
  while (j < nall && all[j].kind == KATA_SPACE) j++;
  CHECK(j == nall, "token missing without the flag");
  check_gap(s, stop, size);

  free(all);
  free(some);
  free(mark);
  return 0;
}
