/*
** normtest.c: runs Unicode's NormalizationTest.txt (read from standard
** input, e.g. bzcat NormalizationTest.txt.bz2 | normtest) against kata_normalize.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata.h"

#define MAXLINE 4096

static void *allocf(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud;
  (void)osize;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  return realloc(ptr, nsize);
}

static size_t put_utf8(char *o, unsigned long c) {
  if (c < 0x80) { o[0] = (char)c; return 1; }
  if (c < 0x800) { o[0] = (char)(0xC0 | (c >> 6)); o[1] = (char)(0x80 | (c & 0x3F)); return 2; }
  if (c < 0x10000) {
    o[0] = (char)(0xE0 | (c >> 12)); o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    o[2] = (char)(0x80 | (c & 0x3F)); return 3;
  }
  o[0] = (char)(0xF0 | (c >> 18)); o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
  o[2] = (char)(0x80 | ((c >> 6) & 0x3F)); o[3] = (char)(0x80 | (c & 0x3F));
  return 4;
}

/* Parses "0044 0307" into UTF-8; returns its length. */
static size_t field(const char *f, const char *end, char *out) {
  size_t n = 0;
  while (f < end) {
    char *next;
    unsigned long c = strtoul(f, &next, 16);
    if (next == f) break;
    n += put_utf8(out + n, c);
    f = next;
  }
  return n;
}

int main(void) {
  static const kata_form_t forms[4] = {KATA_FORM_NFC, KATA_FORM_NFD,
                                       KATA_FORM_NFKC, KATA_FORM_NFKD};
  /* Columns c1..c5; for each form, which column each source maps to. */
  static const int want[4][5] = {
    {1, 1, 1, 3, 3}, /* NFC:  c2 == NFC(c1) == NFC(c2) == NFC(c3); c4 == NFC(c4) == NFC(c5) */
    {2, 2, 2, 4, 4}, /* NFD:  c3 == NFD(c1..c3); c5 == NFD(c4), NFD(c5) */
    {3, 3, 3, 3, 3}, /* NFKC: c4 == NFKC(c1..c5) */
    {4, 4, 4, 4, 4}  /* NFKD: c5 == NFKD(c1..c5) */
  };
  kata_allocator_t A = {allocf, NULL};
  char line[MAXLINE], col[5][MAXLINE];
  size_t clen[5];
  long lineno = 0, passed = 0, failed = 0;
  while (fgets(line, sizeof line, stdin)) {
    char *p = line;
    int c, f;
    lineno++;
    if (line[0] == '#' || line[0] == '@' || line[0] == '\n') continue;
    for (c = 0; c < 5; c++) {
      char *semi = strchr(p, ';');
      if (!semi) break;
      clen[c] = field(p, semi, col[c]);
      p = semi + 1;
    }
    if (c < 5) continue;
    for (f = 0; f < 4; f++)
      for (c = 0; c < 5; c++) {
        kata_buf_t b;
        const int w = want[f][c];
        int ok;
        kata_buf_init(&b);
        ok = kata_normalize(&A, col[c], clen[c], forms[f], 0, &b, NULL) == KATA_OK &&
             b.len == clen[w] && memcmp(b.data, col[w], b.len) == 0;
        kata_buf_free(&A, &b);
        if (ok) {
          passed++;
        } else if (failed++ < 10) {
          fprintf(stderr, "line %ld: form %d of column %d differs\n", lineno, f, c + 1);
        }
      }
  }
  printf("normtest: %ld passed, %ld failed\n", passed, failed);
  return failed || passed == 0;
}
