/*
** breaktest.c: runs Unicode's WordBreakTest.txt or SentenceBreakTest.txt
** against kata_word_next or kata_sentence_next.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata.h"

#define MAXLINE 8192
#define MAXCP (MAXLINE / 2)
#define MAXPRINT 10

typedef size_t (*next_f)(const char *s, size_t len, size_t pos);

/* One parsed test case: the string, its code points and boundaries. */
typedef struct tcase {
  char str[MAXCP * 4];
  size_t len;
  long cp[MAXCP];
  size_t off[MAXCP + 1]; /* byte offset of each code point, then len */
  int brk[MAXCP + 1];    /* expected: 1 where the line has a division sign */
  size_t ncp;
} tcase_t;

static size_t put_utf8(char *out, long c) {
  unsigned char *o = (unsigned char *)out;
  if (c < 0x80) {
    o[0] = (unsigned char)c;
    return 1;
  } else if (c < 0x800) {
    o[0] = (unsigned char)(0xC0 | (c >> 6));
    o[1] = (unsigned char)(0x80 | (c & 0x3F));
    return 2;
  } else if (c < 0x10000) {
    o[0] = (unsigned char)(0xE0 | (c >> 12));
    o[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
    o[2] = (unsigned char)(0x80 | (c & 0x3F));
    return 3;
  }
  o[0] = (unsigned char)(0xF0 | (c >> 18));
  o[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
  o[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
  o[3] = (unsigned char)(0x80 | (c & 0x3F));
  return 4;
}

/*
** Parses "÷ 0041 × 0308 ÷ ..." (the comment already cut off) into *t.
** Returns 1 for a test case, 0 for a blank line, -1 for a malformed one.
*/
static int parse(const char *p, tcase_t *t) {
  int expect_mark = 1; /* marks and code points must alternate */
  t->len = 0;
  t->ncp = 0;
  for (;;) {
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
    if (*p == '\0') break;
    if (expect_mark) {
      if (strncmp(p, "\xC3\xB7", 2) == 0) /* U+00F7 DIVISION SIGN */
        t->brk[t->ncp] = 1;
      else if (strncmp(p, "\xC3\x97", 2) == 0) /* U+00D7 MULTIPLICATION */
        t->brk[t->ncp] = 0;
      else
        return -1;
      p += 2;
    } else {
      char *end;
      long c = strtol(p, &end, 16);
      if (end == p || c < 0 || c > 0x10FFFF || t->ncp >= MAXCP) return -1;
      t->cp[t->ncp] = c;
      t->off[t->ncp] = t->len;
      t->len += put_utf8(t->str + t->len, c);
      t->ncp++;
      p = end;
    }
    expect_mark = !expect_mark;
  }
  if (t->ncp == 0 && expect_mark) return 0; /* nothing at all */
  if (expect_mark) return -1; /* must end with a mark */
  t->off[t->ncp] = t->len;
  return 1;
}

/* Index of the code point starting at byte b, or -1 if none does. */
static long cp_at(const tcase_t *t, size_t b) {
  size_t i;
  for (i = 0; i <= t->ncp; i++)
    if (t->off[i] == b) return (long)i;
  return -1;
}

/* Prints a boundary set in the test file's own notation. */
static void show(const char *label, const tcase_t *t, const int *brk) {
  size_t i;
  printf("  %s:", label);
  for (i = 0; i < t->ncp; i++)
    printf(" %s %04lX", brk[i] ? "\xC3\xB7" : "\xC3\x97", t->cp[i]);
  printf(" %s\n", brk[t->ncp] ? "\xC3\xB7" : "\xC3\x97");
}

/*
** Runs the segmenter over t; fills got[] and returns 1 when it matches.
** A result that is not past pos, lies beyond the string or splits a code
** point is reported in *bad and fails the case.
*/
static int run(next_f next, const tcase_t *t, int *got, char *bad,
               size_t badsz) {
  size_t pos = 0, i;
  int ok = 1;
  bad[0] = '\0';
  for (i = 0; i <= t->ncp; i++) got[i] = 0;
  got[0] = 1;
  while (pos < t->len) {
    size_t nx = next(t->str, t->len, pos);
    long k;
    if (nx <= pos || nx > t->len) {
      snprintf(bad, badsz, "next(%lu) returned %lu", (unsigned long)pos,
               (unsigned long)nx);
      return 0;
    }
    k = cp_at(t, nx);
    if (k < 0) {
      snprintf(bad, badsz, "boundary at byte %lu inside a code point",
               (unsigned long)nx);
      return 0;
    }
    got[k] = 1;
    pos = nx;
  }
  for (i = 0; i <= t->ncp; i++)
    if (got[i] != t->brk[i]) ok = 0;
  return ok;
}

int main(int argc, char **argv) {
  static tcase_t t;
  static int got[MAXCP + 1];
  static char line[MAXLINE];
  char bad[128];
  const char *mode;
  next_f next;
  FILE *f;
  long lineno = 0, passed = 0, failed = 0;
  if (argc != 3 || (strcmp(argv[1], "word") != 0
                    && strcmp(argv[1], "sentence") != 0)) {
    fprintf(stderr, "usage: %s word|sentence FILE\n", argv[0]);
    return 2;
  }
  mode = argv[1];
  next = mode[0] == 'w' ? kata_word_next : kata_sentence_next;
  f = fopen(argv[2], "r");
  if (f == NULL) {
    fprintf(stderr, "breaktest: cannot open %s\n", argv[2]);
    return 2;
  }
  while (fgets(line, sizeof line, f) != NULL) {
    char *hash;
    size_t n = strlen(line);
    int r;
    lineno++;
    if (n == sizeof line - 1 && line[n - 1] != '\n') {
      fprintf(stderr, "breaktest: %s:%ld: line too long\n", argv[2], lineno);
      fclose(f);
      return 2;
    }
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
      line[--n] = '\0';
    hash = strchr(line, '#');
    if (hash != NULL) *hash = '\0';
    r = parse(line, &t);
    if (hash != NULL) *hash = '#';
    if (r == 0) continue;
    if (r < 0) {
      fprintf(stderr, "breaktest: %s:%ld: malformed line\n", argv[2], lineno);
      fclose(f);
      return 2;
    }
    if (run(next, &t, got, bad, sizeof bad)) {
      passed++;
      continue;
    }
    failed++;
    if (failed <= MAXPRINT) {
      printf("line %ld: %s\n", lineno, line);
      show("expected", &t, t.brk);
      if (bad[0] != '\0') printf("  got: %s\n", bad);
      else show("got", &t, got);
    }
  }
  fclose(f);
  if (failed > MAXPRINT)
    printf("(%ld more failures not shown)\n", failed - MAXPRINT);
  printf("breaktest %s: %ld passed, %ld failed\n", mode, passed, failed);
  return failed == 0 && passed > 0 ? 0 : 1;
}
