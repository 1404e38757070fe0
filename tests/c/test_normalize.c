/*
** test_normalize.c: normalisation forms, case folding, invalid bytes, and
** every allocation failure handled with nothing leaked.
*/
#include "check.h"

static test_alloc_t ta;
static kata_allocator_t A = {test_allocf, &ta};

/* Normalises s; returns the result as a C string in a static buffer. */
static const char *norm(const char *s, kata_form_t form, unsigned flags, int *rc) {
  static char out[1024];
  kata_buf_t b;
  kata_buf_init(&b);
  *rc = kata_normalize(&A, s, strlen(s), form, flags, &b, NULL);
  memcpy(out, b.data ? b.data : "", b.len);
  out[b.len] = '\0';
  kata_buf_free(&A, &b);
  return out;
}

#define NORM(s, form, flags, want) do { \
    int rc_; \
    check(strcmp(norm(s, form, flags, &rc_), want) == 0 && rc_ == KATA_OK); \
  } while (0)

int main(void) {
  const char *text = "\xEF\xAC\x81 A\xCC\x8A Stra\xC3\x9F" "e \xC4\xB0 x\xFFy";
  size_t errpos = 0;
  long budget;
  int rc;
  kata_buf_t b;
  ta.budget = -1;

  NORM("A\xCC\x8A", KATA_FORM_NFC, 0, "\xC3\x85");
  NORM("\xC3\x85", KATA_FORM_NFD, 0, "A\xCC\x8A");
  NORM("\xEF\xAC\x81", KATA_FORM_NFKC, 0, "fi");
  NORM("\xEF\xAC\x81", KATA_FORM_NFC, 0, "\xEF\xAC\x81");
  NORM("\xE2\x91\xA0", KATA_FORM_NFKD, 0, "1");
  NORM("Stra\xC3\x9F" "e", KATA_FORM_NONE, KATA_NORM_FOLD, "strasse");
  NORM("\xCE\xA3\xCE\x91\xCE\xA3", KATA_FORM_NONE, KATA_NORM_FOLD, "\xCF\x83\xCE\xB1\xCF\x83");
  NORM("\xC4\xB0", KATA_FORM_NONE, KATA_NORM_FOLD, "i\xCC\x87");
  NORM("HELLO", KATA_FORM_NFKC, KATA_NORM_FOLD, "hello");
  NORM("a\xFF" "B\xC3\x85", KATA_FORM_NFD, KATA_NORM_FOLD, "a\xFF" "ba\xCC\x8A");
  NORM("", KATA_FORM_NFC, 0, "");
  NORM("", KATA_FORM_NONE, KATA_NORM_FOLD, ""); /* fuzz_normalize: NULL + 0 */

  kata_buf_init(&b);
  rc = kata_normalize(&A, "ok\xE0\x80z", 5, KATA_FORM_NFC, KATA_NORM_STRICT, &b, &errpos);
  check(rc == KATA_EUTF8 && errpos == 2);
  kata_buf_free(&A, &b);
  check(kata_normalize(&A, "x", 1, (kata_form_t)99, 0, &b, NULL) == KATA_EINVAL);
  check(ta.live == 0);

  /* Fail the n-th allocation for every n: ENOMEM or success, never a leak. */
  for (budget = 0; budget < 64; budget++) {
    ta.calls = 0;
    ta.budget = budget;
    kata_buf_init(&b);
    rc = kata_normalize(&A, text, strlen(text), KATA_FORM_NFKC, KATA_NORM_FOLD, &b, NULL);
    check(rc == KATA_OK || rc == KATA_ENOMEM);
    if (rc == KATA_OK) check(b.len > 0 && memcmp(b.data, "fi", 2) == 0);
    kata_buf_free(&A, &b);
    check(ta.live == 0);
    if (rc == KATA_OK) break;
  }
  check(budget < 64);
  check(strcmp(kata_errmsg(KATA_ENOMEM), "not enough memory") == 0);
  return check_report("test_normalize");
}
