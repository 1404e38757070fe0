/*
** test_tokenize.c: token kinds and spans of the C tokenizer, and its
** invariants on text full of invalid bytes.
*/
#include "check.h"

/* The tokens of s as "kind:text|kind:text|...". */
static const char *toks(const char *s, unsigned flags) {
  static char out[4096];
  kata_tokenizer_t t;
  kata_token_t tok;
  size_t n = 0;
  kata_tokenizer_init(&t, s, strlen(s), flags);
  out[0] = '\0';
  while (kata_tokenizer_next(&t, &tok) && n < sizeof out - 64) {
    n += (size_t)snprintf(out + n, sizeof out - n, "%s%s:%.*s", n ? "|" : "",
                          kata_kind_name(tok.kind), (int)(tok.stop - tok.start),
                          s + tok.start);
  }
  return out;
}

#define TOKS(s, want) do { \
    const char *got_ = toks(s, 0); \
    check(strcmp(got_, want) == 0); \
    if (strcmp(got_, want) != 0) fprintf(stderr, "  got  %s\n  want %s\n", got_, want); \
  } while (0)

int main(void) {
  TOKS("Presiden Jokowi, 25 tahun.", "word:Presiden|word:Jokowi|punct:,|number:25|word:tahun|punct:.");
  TOKS("roket-roket anak-anaknya In-chul COVID-19 2019-2020",
       "word:roket-roket|word:anak-anaknya|word:In-chul|word:COVID-19|number:2019|punct:-|number:2020");
  TOKS("can't can\xE2\x80\x99t", "word:can't|word:can\xE2\x80\x99t");
  TOKS("1.500.000,50 1,234.56 3.14", "number:1.500.000,50|number:1,234.56|number:3.14");
  TOKS("ke https://kompas.com/a_(b)). lalu", "word:ke|url:https://kompas.com/a_(b)|punct:)|punct:.|word:lalu");
  TOKS("(www.detik.com)", "punct:(|url:www.detik.com|punct:)");
  TOKS("www. itu", "word:www|punct:.|word:itu");
  TOKS("tulis ke budi.s@kompas.co.id.", "word:tulis|word:ke|email:budi.s@kompas.co.id|punct:.");
  TOKS("a@b tanpa", "word:a|punct:@|word:b|word:tanpa");
  TOKS("#Pemilu2024 @jokowi a#b #1", "hashtag:#Pemilu2024|mention:@jokowi|word:a|punct:#|word:b|punct:#|number:1");
  TOKS("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7 \xF0\x9F\x87\xAE\xF0\x9F\x87\xA9",
       "emoji:\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7|emoji:\xF0\x9F\x87\xAE\xF0\x9F\x87\xA9");
  TOKS("1\xEF\xB8\x8F\xE2\x83\xA3 \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD\xF0\x9F\x98\x80",
       "emoji:1\xEF\xB8\x8F\xE2\x83\xA3|emoji:\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD|emoji:\xF0\x9F\x98\x80");
  TOKS("\xC2\xA9 \xC2\xA9\xEF\xB8\x8F", "symbol:\xC2\xA9|emoji:\xC2\xA9\xEF\xB8\x8F");
  TOKS("a\xFF" "b \xE0\x80\x80", "word:a|symbol:\xFF|word:b|symbol:\xE0|symbol:\x80|symbol:\x80");
  TOKS("\xE6\x97\xA5\xE6\x9C\xAC", "word:\xE6\x97\xA5|word:\xE6\x9C\xAC");
  TOKS("  \t\r\n\xE2\x80\x8B ", "");
  check(strcmp(toks("a  b\r\n", KATA_TOK_SPACES), "word:a|space:  |word:b|space:\r\n") == 0);

  { /* Invariants over every byte pair: tokens tile the text without gaps. */
    char s[3];
    int a, b;
    long bad = 0;
    for (a = 0; a < 256; a++)
      for (b = 0; b < 256; b++) {
        kata_tokenizer_t t;
        kata_token_t tok;
        size_t pos = 0;
        s[0] = (char)a;
        s[1] = (char)b;
        kata_tokenizer_init(&t, s, 2, KATA_TOK_SPACES);
        while (kata_tokenizer_next(&t, &tok)) {
          if (tok.start != pos || tok.stop <= tok.start || tok.stop > 2) bad++;
          pos = tok.stop;
        }
        if (pos != 2) bad++;
      }
    check(bad == 0);
  }
  /* Regressions found by fuzz_tokenize. */
  check(strcmp(toks("  \xE2\x80\x8D\xF0\x9F\x91\xA7", KATA_TOK_SPACES),
               "space:  |emoji:\xE2\x80\x8D\xF0\x9F\x91\xA7") == 0);
  check(strcmp(toks("\xE2\x80\xA9 \xE2\x80\x8D\xF0\x9F\x98\x80", KATA_TOK_SPACES),
               "space:\xE2\x80\xA9 |emoji:\xE2\x80\x8D\xF0\x9F\x98\x80") == 0);
  check(strcmp(toks("a\xE2\x80\x8D b", KATA_TOK_SPACES), "word:a\xE2\x80\x8D|space: |word:b") == 0);
  check(strcmp(toks("\xE2\x80\x8D", KATA_TOK_SPACES), "space:\xE2\x80\x8D") == 0);
  check(strcmp(toks("\xE2\x80\xA9\xE2\x80\x8D!", KATA_TOK_SPACES),
               "space:\xE2\x80\xA9\xE2\x80\x8D|punct:!") == 0);
  TOKS("http\x1a//a.b", "word:http|symbol:\x1a|punct:/|punct:/|word:a.b");
  TOKS("Sumber:https://x.y", "word:Sumber|punct::|url:https://x.y");
  TOKS(":https://b.id", "punct::|url:https://b.id");
  TOKS("Mantap\xF0\x9F\x8F\xBD!", "word:Mantap|emoji:\xF0\x9F\x8F\xBD|punct:!");
  check(strcmp(kata_kind_name(KATA_HASHTAG), "hashtag") == 0);
  check(strcmp(kata_kind_name(KATA_NKINDS), "?") == 0);
  return check_report("test_tokenize");
}
