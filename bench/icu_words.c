/*
** icu_words.c: the speed of ICU4C's word BreakIterator (UAX #29 word
** boundaries, ICU's default rules, locale en_US) on one file, for
** comparison with kata's C core (core_bench.c).
**
**   icu_words [-n RUNS] FILE         (RUNS default 5, or $KATA_BENCH_RUNS)
**
** One BreakIterator is opened once (ubrk_open(UBRK_WORD, "en_US", ...),
** not timed); each run then sets the text and walks every boundary with
** ubrk_next, counting the segments and the word-like ones
** (ubrk_getRuleStatus(bi) != UBRK_WORD_NONE: letters, numbers, kana,
** ideographs). Three ways of giving ICU the UTF-8 text:
**   UTF-8 (UText)   utext_openUTF8 + ubrk_setUText: ICU reads the UTF-8
**                   bytes in place. This is the like-for-like comparison
**                   with kata, which also takes UTF-8, and the reference
**                   of bench/run.sh's "ratio vs ICU" column.
**   UTF-16          the text is converted once with u_strFromUTF8WithSub
**                   (U+FFFD for bad bytes); only ubrk_setText + the walk
**                   are timed. The case most favourable to ICU: a caller
**                   whose text is UTF-16 already.
**   UTF-16 + conv.  the same, with the conversion timed in every run: what
**                   a caller holding UTF-8 pays on this path.
** The text is read into memory first (not timed). Each figure is the
** median of RUNS runs. Prints tab-separated lines (see benchutil.h).
*/
#include <stdint.h>

#include <unicode/ubrk.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/uversion.h>

#include "benchutil.h"

static void check(UErrorCode err, const char *what) {
  if (U_FAILURE(err)) {
    fprintf(stderr, "icu_words: %s: %s\n", what, u_errorName(err));
    exit(1);
  }
}

/* Walks bi from its start; returns the segment count, *nwords the word-like. */
static size_t walk(UBreakIterator *bi, size_t *nwords) {
  size_t n = 0, words = 0;
  ubrk_first(bi);
  while (ubrk_next(bi) != UBRK_DONE) {
    n++;
    words += ubrk_getRuleStatus(bi) != UBRK_WORD_NONE;
  }
  *nwords = words;
  return n;
}

static UChar *to_utf16(const char *s, int32_t len, UChar *buf, int32_t cap,
                       int32_t *n16) {
  UErrorCode err = U_ZERO_ERROR;
  u_strFromUTF8WithSub(buf, cap, n16, s, len, 0xFFFD, NULL, &err);
  check(err, "u_strFromUTF8WithSub");
  return buf;
}

int main(int argc, char **argv) {
  const char *path;
  int runs = bench_args(argc, argv, 5, &path), i;
  size_t len, nseg = 0, nwords = 0;
  char *s = bench_readfile(path, &len);
  double t[BENCH_MAXRUNS], tc[BENCH_MAXRUNS];
  char yields[96], name[96];
  UErrorCode err = U_ZERO_ERROR;
  UBreakIterator *bi;
  UText *ut = NULL;
  UChar *u16;
  int32_t n16 = 0, cap16;
  UVersionInfo v;
  char ver[U_MAX_VERSION_STRING_LENGTH];

  if (len > INT32_MAX / 2) {
    fputs("icu_words: file too large for ICU's int32_t lengths\n", stderr);
    return 2;
  }
  u_getVersion(v);
  u_versionToString(v, ver);

  bi = ubrk_open(UBRK_WORD, "en_US", NULL, 0, &err);
  check(err, "ubrk_open");

  bench_header();

  /* UTF-8 through UText */
  for (i = 0; i < runs; i++) {
    double t0 = bench_now();
    err = U_ZERO_ERROR;
    ut = utext_openUTF8(ut, s, (int64_t)len, &err);
    check(err, "utext_openUTF8");
    ubrk_setUText(bi, ut, &err);
    check(err, "ubrk_setUText");
    nseg = walk(bi, &nwords);
    t[i] = bench_now() - t0;
  }
  snprintf(name, sizeof name, "ICU %s word BreakIterator, UTF-8 (UText)",
           ver);
  snprintf(yields, sizeof yields, "segments (%zu word-like)", nwords);
  bench_report(name, yields, len, nseg, bench_median(t, runs));

  /* UTF-16: the conversion and the walk timed apart in each run */
  err = U_ZERO_ERROR;
  u_strFromUTF8WithSub(NULL, 0, &n16, s, (int32_t)len, 0xFFFD, NULL, &err);
  if (err != U_BUFFER_OVERFLOW_ERROR && err != U_STRING_NOT_TERMINATED_WARNING)
    check(err, "u_strFromUTF8WithSub (preflight)");
  cap16 = n16 + 1;
  u16 = malloc((size_t)cap16 * sizeof *u16);
  if (u16 == NULL) {
    fputs("out of memory\n", stderr);
    return 2;
  }
  for (i = 0; i < runs; i++) {
    double t0 = bench_now(), t1;
    to_utf16(s, (int32_t)len, u16, cap16, &n16);
    t1 = bench_now();
    err = U_ZERO_ERROR;
    ubrk_setText(bi, u16, n16, &err);
    check(err, "ubrk_setText");
    nseg = walk(bi, &nwords);
    t[i] = bench_now() - t1;
    tc[i] = bench_now() - t0;
  }
  snprintf(name, sizeof name,
           "ICU %s word BreakIterator, UTF-16 (conversion not timed)", ver);
  snprintf(yields, sizeof yields, "segments (%zu word-like)", nwords);
  bench_report(name, yields, len, nseg, bench_median(t, runs));
  snprintf(name, sizeof name,
           "ICU %s word BreakIterator, UTF-16 incl. u_strFromUTF8", ver);
  bench_report(name, yields, len, nseg, bench_median(tc, runs));

  ubrk_close(bi);
  utext_close(ut);
  free(u16);
  free(s);
  return 0;
}
