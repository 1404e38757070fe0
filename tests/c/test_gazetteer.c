/*
** test_gazetteer.c: phrase dictionaries: adding and replacing, longest and
** token-aligned matching in many scripts, the options, TSV loading and its
** errors, limits, and allocation failure at every step.
*/
#include "check.h"

#include "entities/gazetteer.h"

static test_alloc_t ta;
static kata_allocator_t A = {test_allocf, &ta};

/* The longest match at the token that starts at byte `at` of s, as the
** bytes it covers; *type and the value as returned. -1: no token there. */
static long match_at(const kata_gazetteer_t *g, const char *s, size_t at,
                     int *type, char *value) {
  kata__gaztext_t t;
  size_t i, n = 0, vlen = 0;
  const char *v = NULL;
  long covered = -1;
  kata__gaztext_init(&t);
  check(kata__gaztext_prepare(&A, &t, s, strlen(s), kata_gazetteer_flags(g)) == KATA_OK);
  for (i = 0; i < t.n; i++)
    if (t.tok[i].start == at) {
      n = kata__gazetteer_longest(g, &t, i, type, &v, &vlen);
      covered = n ? (long)(t.tok[i + n - 1].stop - at) : 0;
      check(n <= t.n - i);
      break;
    }
  if (value) {
    check((v == NULL) == (vlen == 0));
    memcpy(value, v ? v : "", vlen);
    value[vlen] = '\0';
  }
  kata__gaztext_free(&A, &t);
  return covered;
}

/* Does phrase p of g match in s exactly where it first occurs (by bytes)? */
static int finds(const kata_gazetteer_t *g, const char *s, const char *p) {
  const char *at = strstr(s, p);
  int type;
  return at && match_at(g, s, (size_t)(at - s), &type, NULL) == (long)strlen(p);
}

static int add(kata_gazetteer_t *g, const char *p, int type, const char *v) {
  return kata_gazetteer_add(g, p, strlen(p), type, v, v ? strlen(v) : 0);
}

static int load(kata_gazetteer_t *g, const char *s, size_t *el, const char **em) {
  return kata_gazetteer_load(g, s, strlen(s), el, em);
}

static void test_types(void) {
  int i;
  check(kata_entity_type_name(0) == NULL);
  check(kata_entity_type_name(KATA_ENT_NTYPES) == NULL);
  check(kata_entity_type_name(-1) == NULL);
  check(strcmp(kata_entity_type_name(KATA_ENT_PERSON), "PERSON") == 0);
  check(strcmp(kata_entity_type_name(KATA_ENT_MENTION), "MENTION") == 0);
  for (i = 1; i < KATA_ENT_NTYPES; i++) {
    const char *name = kata_entity_type_name(i);
    check(name != NULL && kata_entity_type_of(name, strlen(name)) == i);
  }
  check(kata_entity_type_of("location", 8) == 0);
  check(kata_entity_type_of("LOCATIONS", 9) == 0);
  check(kata_entity_type_of("LOCATION", 7) == 0);
  check(kata_entity_type_of("", 0) == 0);
}

static void test_add_replace(void) {
  kata_gazetteer_t *g = kata_gazetteer_new(&A, 0);
  char v[64];
  int type;
  check(g != NULL && kata_gazetteer_size(g) == 0);
  check(match_at(g, "Jakarta", 0, &type, v) == 0 && type == KATA_ENT_NONE && !v[0]);
  check(add(g, "Jakarta", KATA_ENT_LOCATION, NULL) == KATA_OK);
  check(kata_gazetteer_size(g) == 1);
  check(match_at(g, "Jakarta", 0, &type, v) == 7 && type == KATA_ENT_LOCATION && !v[0]);
  /* again: type and value replaced, the size unchanged */
  check(add(g, "Jakarta", KATA_ENT_ORGANIZATION, "Q3630") == KATA_OK);
  check(kata_gazetteer_size(g) == 1);
  check(match_at(g, "Jakarta", 0, &type, v) == 7 && type == KATA_ENT_ORGANIZATION &&
        strcmp(v, "Q3630") == 0);
  check(add(g, "  Jakarta ", KATA_ENT_LOCATION, "Q1") == KATA_OK); /* white space aside */
  check(kata_gazetteer_size(g) == 1);
  check(match_at(g, "Jakarta", 0, &type, v) == 7 && type == KATA_ENT_LOCATION &&
        strcmp(v, "Q1") == 0);
  check(add(g, "Jakarta", KATA_ENT_LOCATION, "a much longer value") == KATA_OK);
  check(match_at(g, "Jakarta", 0, &type, v) == 7 && strcmp(v, "a much longer value") == 0);
  check(add(g, "Jakarta", KATA_ENT_LOCATION, NULL) == KATA_OK);
  check(match_at(g, "Jakarta", 0, &type, v) == 7 && !v[0]);
  /* a value that points into the gazetteer itself */
  check(add(g, "Bandung", KATA_ENT_LOCATION, "Q10389") == KATA_OK);
  {
    kata__gaztext_t t;
    const char *val;
    size_t vlen, k;
    kata__gaztext_init(&t);
    check(kata__gaztext_prepare(&A, &t, "Bandung", 7, 0) == KATA_OK);
    check(kata__gazetteer_longest(g, &t, 0, &type, &val, &vlen) == 1 && vlen == 6);
    for (k = 0; k < 40; k++) /* the values buffer grows meanwhile */
      check(kata_gazetteer_add(g, "Bogor", 5, KATA_ENT_LOCATION, "0123456789abcdef",
                               k % 2 ? 16 : 3) == KATA_OK);
    check(kata__gazetteer_longest(g, &t, 0, &type, &val, &vlen) == 1);
    check(kata_gazetteer_add(g, "Cimahi", 6, KATA_ENT_LOCATION, val, vlen) == KATA_OK);
    kata__gaztext_free(&A, &t);
  }
  check(match_at(g, "Cimahi", 0, &type, v) == 6 && strcmp(v, "Q10389") == 0);
  check(kata_gazetteer_size(g) == 4);
  /* bad arguments */
  check(add(g, "Bali", KATA_ENT_NONE, NULL) == KATA_EINVAL);
  check(add(g, "Bali", KATA_ENT_NTYPES, NULL) == KATA_EINVAL);
  check(add(g, "", KATA_ENT_LOCATION, NULL) == KATA_EINVAL);
  check(add(g, " \t\n\xE3\x80\x80", KATA_ENT_LOCATION, NULL) == KATA_EINVAL);
  check(add(g, "Bal\xFFi", KATA_ENT_LOCATION, NULL) == KATA_EUTF8);
  check(add(g, "\xC3", KATA_ENT_LOCATION, NULL) == KATA_EUTF8);
  check(kata_gazetteer_size(g) == 4);
  check(kata_gazetteer_memory(g) > 0);
  kata_gazetteer_free(g);
  check(ta.live == 0);
}

static void test_longest(void) {
  kata_gazetteer_t *g = kata_gazetteer_new(&A, 0);
  const char *s = "I love New York City and New York, not New Yorkers or New Jersey.";
  char v[64];
  int type;
  check(add(g, "New York", KATA_ENT_LOCATION, "state") == KATA_OK);
  check(add(g, "New York City", KATA_ENT_LOCATION, "city") == KATA_OK);
  check(add(g, "York", KATA_ENT_PERSON, NULL) == KATA_OK);
  check(kata_gazetteer_size(g) == 3);
  check(match_at(g, s, 7, &type, v) == 13 && strcmp(v, "city") == 0); /* New York City */
  check(match_at(g, s, 25, &type, v) == 8 && strcmp(v, "state") == 0); /* New York, */
  check(match_at(g, s, 39, &type, v) == 0);                            /* New Yorkers */
  check(match_at(g, s, 54, &type, v) == 0);                            /* New Jersey */
  check(match_at(g, s, 11, &type, v) == 4 && type == KATA_ENT_PERSON); /* York City */
  check(match_at(g, "New York Cit", 0, &type, v) == 8 && strcmp(v, "state") == 0);
  check(match_at(g, "New", 0, &type, v) == 0); /* a prefix only */
  check(match_at(g, "new york", 0, &type, v) == 0); /* case matters by default */
  /* only the longest is a phrase: its prefixes match nothing */
  check(add(g, "Pulau Seribu Utara", KATA_ENT_LOCATION, NULL) == KATA_OK);
  check(match_at(g, "Pulau Seribu", 0, &type, v) == 0);
  check(match_at(g, "Pulau Seribu Utara", 0, &type, v) == 18);
  /* phrases across line ends and runs of space */
  check(match_at(g, "New\n  York\tCity", 0, &type, v) == 15 && strcmp(v, "city") == 0);
  /* the key keeps token boundaries: "ab c" is not "a bc" */
  check(add(g, "ab c", KATA_ENT_PERSON, NULL) == KATA_OK);
  check(match_at(g, "a bc", 0, &type, v) == 0);
  check(match_at(g, "abc", 0, &type, v) == 0);
  check(match_at(g, "ab  c", 0, &type, v) == 5);
  check(kata_gazetteer_size(g) == 5);
  /* out of range and a text prepared with other flags */
  {
    kata__gaztext_t t;
    kata__gaztext_init(&t);
    check(kata__gaztext_prepare(&A, &t, "New York", 8, 0) == KATA_OK && t.n == 2);
    check(kata__gazetteer_longest(g, &t, 2, &type, NULL, NULL) == 0);
    check(kata__gazetteer_longest(g, &t, 0, NULL, NULL, NULL) == 2);
    check(kata__gaztext_prepare(&A, &t, "New York", 8, KATA_GAZ_FOLD) == KATA_OK);
    check(kata__gazetteer_longest(g, &t, 0, &type, NULL, NULL) == 0 && type == 0);
    check(kata__gaztext_prepare(&A, &t, "", 0, 0) == KATA_OK && t.n == 0);
    check(kata__gazetteer_longest(g, &t, 0, &type, NULL, NULL) == 0);
    kata__gaztext_free(&A, &t);
  }
  kata_gazetteer_free(g);
  check(ta.live == 0);
}

static void test_alignment(void) {
  kata_gazetteer_t *g = kata_gazetteer_new(&A, KATA_GAZ_FOLD);
  int type;
  check(add(g, "Bali", KATA_ENT_LOCATION, NULL) == KATA_OK);
  check(add(g, "Jawa Barat", KATA_ENT_LOCATION, NULL) == KATA_OK);
  check(!finds(g, "dari Balikpapan ke", "Bali"));
  check(match_at(g, "dari Balikpapan ke", 5, &type, NULL) == 0);
  check(match_at(g, "ke Bali.", 3, &type, NULL) == 4);
  check(finds(g, "(Bali)", "Bali"));
  check(finds(g, "di Jawa Barat, kemarin", "Jawa Barat"));
  check(!finds(g, "di Jawa Baratnya", "Jawa Barat"));
  check(match_at(g, "di Jawa Baratnya", 3, &type, NULL) == 0);
  check(match_at(g, "SuperBali", 0, &type, NULL) == 0);
  check(match_at(g, "Bali-Nusa", 0, &type, NULL) == 0); /* one hyphenated word */
  kata_gazetteer_free(g);
  check(ta.live == 0);
}

static void test_options(void) {
  kata_gazetteer_t *plain = kata_gazetteer_new(&A, 0);
  kata_gazetteer_t *fold = kata_gazetteer_new(&A, KATA_GAZ_FOLD);
  kata_gazetteer_t *nfkc = kata_gazetteer_new(&A, KATA_GAZ_NFKC);
  kata_gazetteer_t *both = kata_gazetteer_new(&A, KATA_GAZ_FOLD | KATA_GAZ_NFKC);
  kata_gazetteer_t *all[4];
  int k, type;
  all[0] = plain, all[1] = fold, all[2] = nfkc, all[3] = both;
  check(kata_gazetteer_flags(both) == (KATA_GAZ_FOLD | KATA_GAZ_NFKC));
  check(kata_gazetteer_flags(plain) == 0);
  for (k = 0; k < 4; k++) {
    check(add(all[k], "ABC", KATA_ENT_ORGANIZATION, NULL) == KATA_OK);
    check(add(all[k], "Stra\xC3\x9F" "e", KATA_ENT_LOCATION, NULL) == KATA_OK); /* Straße */
    check(add(all[k], "\xC4\x90\xC3\xA0 N\xE1\xBA\xB5ng", KATA_ENT_LOCATION, NULL) == KATA_OK);
    check(add(all[k], "\xEF\xAC\x81le", KATA_ENT_PERSON, NULL) == KATA_OK); /* U+FB01 ligature */
    check(finds(all[k], "x ABC y", "ABC"));
  }
  /* ASCII case */
  check(!finds(plain, "abc", "abc") && !finds(nfkc, "abc", "abc"));
  check(finds(fold, "abc", "abc") && finds(both, "aBc", "aBc"));
  /* full case folding: ß folds to ss; Đà Nẵng in capitals */
  check(!finds(plain, "STRASSE", "STRASSE"));
  check(finds(fold, "STRASSE", "STRASSE") && finds(both, "strasse", "strasse"));
  check(finds(fold, "\xC4\x90\xC3\x80 N\xE1\xBA\xB4NG", "\xC4\x90\xC3\x80 N\xE1\xBA\xB4NG"));
  check(!finds(plain, "\xC4\x90\xC3\x80 N\xE1\xBA\xB4NG", "\xC4\x90\xC3\x80 N\xE1\xBA\xB4NG"));
  /* NFKC: full-width letters, ligatures, decomposed accents */
  check(!finds(plain, "\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3", "\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3"));
  check(!finds(fold, "\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3", "\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3"));
  check(finds(nfkc, "\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3", "\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3"));
  check(finds(both, "\xEF\xBD\x81\xEF\xBD\x82\xEF\xBD\x83", "\xEF\xBD\x81\xEF\xBD\x82\xEF\xBD\x83"));
  check(!finds(nfkc, "\xEF\xBD\x81\xEF\xBD\x82\xEF\xBD\x83", "\xEF\xBD\x81\xEF\xBD\x82\xEF\xBD\x83"));
  check(finds(nfkc, "a file", "file") && !finds(plain, "a file", "file"));
  check(finds(both, "a FILE", "FILE"));
  /* decomposed: a + U+0300; a + U+0306 + U+0303 */
  check(finds(nfkc, "\xC4\x90" "a\xCC\x80 Na\xCC\x86\xCC\x83ng",
              "\xC4\x90" "a\xCC\x80 Na\xCC\x86\xCC\x83ng"));
  check(!finds(plain, "\xC4\x90" "a\xCC\x80 Na\xCC\x86\xCC\x83ng",
               "\xC4\x90" "a\xCC\x80 Na\xCC\x86\xCC\x83ng"));
  for (k = 0; k < 4; k++) kata_gazetteer_free(all[k]);
  /* a phrase added in full width matches ASCII text with NFKC */
  both = kata_gazetteer_new(&A, KATA_GAZ_FOLD | KATA_GAZ_NFKC);
  check(add(both, "\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3 Corp", KATA_ENT_ORGANIZATION, NULL) == 0);
  check(match_at(both, "abc CORP", 0, &type, NULL) == 8 && type == KATA_ENT_ORGANIZATION);
  kata_gazetteer_free(both);
  check(ta.live == 0);
}

static void test_scripts(void) {
  kata_gazetteer_t *g = kata_gazetteer_new(&A, KATA_GAZ_FOLD | KATA_GAZ_NFKC);
  const char *tokyo = "\xE6\x9D\xB1\xE4\xBA\xAC\xE9\x83\xBD"; /* 東京都 */
  const char *kyoto = "\xE4\xBA\xAC\xE9\x83\xBD";             /* 京都 */
  const char *cairo = "\xD8\xA7\xD9\x84\xD9\x82\xD8\xA7\xD9\x87\xD8\xB1\xD8\xA9";
  const char *moscow = "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0";
  const char *moscow_up = "\xD0\x9C\xD0\x9E\xD0\xA1\xD0\x9A\xD0\x92\xD0\x90";
  char text[256];
  int type;
  check(add(g, tokyo, KATA_ENT_LOCATION, "JP-13") == KATA_OK);
  check(add(g, kyoto, KATA_ENT_LOCATION, "JP-26") == KATA_OK);
  check(add(g, cairo, KATA_ENT_LOCATION, NULL) == KATA_OK);
  check(add(g, moscow, KATA_ENT_LOCATION, NULL) == KATA_OK);
  check(add(g, "\xE0\xB8\x81\xE0\xB8\xA3\xE0\xB8\xB8\xE0\xB8\x87\xE0\xB9\x80\xE0\xB8\x97\xE0\xB8\x9E",
            KATA_ENT_LOCATION, NULL) == KATA_OK); /* กรุงเทพ */
  /* 私は東京都に住む: the ideographs are tokens of their own */
  snprintf(text, sizeof text, "\xE7\xA7\x81\xE3\x81\xAF%s\xE3\x81\xAB\xE4\xBD\x8F\xE3\x82\x80", tokyo);
  check(finds(g, text, tokyo));
  {
    char v[16];
    check(match_at(g, text, 6, &type, v) == 9 && strcmp(v, "JP-13") == 0);
    check(match_at(g, text, 9, &type, v) == 6 && strcmp(v, "JP-26") == 0); /* 京都 inside */
  }
  snprintf(text, sizeof text, "\xD8\xB2\xD8\xB1\xD8\xAA %s \xD8\xA3\xD9\x85\xD8\xB3", cairo);
  check(finds(g, text, cairo));
  snprintf(text, sizeof text, "\xD0\x92 %s, \xD0\xB2\xD1\x87\xD0\xB5\xD1\x80\xD0\xB0", moscow_up);
  check(finds(g, text, moscow_up));
  snprintf(text, sizeof text, "%s\xD0\xB0", moscow); /* Москваа: another word */
  check(!finds(g, text, moscow));
  kata_gazetteer_free(g);
  check(ta.live == 0);
}

static void test_punctuation(void) {
  kata_gazetteer_t *g = kata_gazetteer_new(&A, KATA_GAZ_FOLD);
  int type;
  check(add(g, "U.S.", KATA_ENT_LOCATION, NULL) == KATA_OK);
  check(add(g, "AT&T", KATA_ENT_ORGANIZATION, NULL) == KATA_OK);
  check(add(g, "Yahoo!", KATA_ENT_ORGANIZATION, NULL) == KATA_OK);
  check(add(g, "PT Bank Rakyat Indonesia (Persero) Tbk", KATA_ENT_ORGANIZATION, NULL) == KATA_OK);
  check(add(g, "#IndonesiaMaju", KATA_ENT_HASHTAG, NULL) == KATA_OK);
  check(finds(g, "the U.S. economy", "U.S."));
  check(finds(g, "made in the U.S.", "U.S."));
  check(finds(g, "AT&T said", "AT&T"));
  check(finds(g, "at&t said", "at&t"));
  check(match_at(g, "AT & T", 0, &type, NULL) == 6); /* white space is ignored */
  check(match_at(g, "AT&", 0, &type, NULL) == 0);
  check(finds(g, "Yahoo! Inc", "Yahoo!"));
  check(finds(g, "saham PT Bank Rakyat Indonesia (Persero) Tbk naik",
              "PT Bank Rakyat Indonesia (Persero) Tbk"));
  check(finds(g, "pakai #IndonesiaMaju ya", "#IndonesiaMaju"));
  kata_gazetteer_free(g);
  check(ta.live == 0);
}

/* Tokens of 128 bytes and more: their length takes two bytes in a key. */
static void test_long_tokens(void) {
  kata_gazetteer_t *g = kata_gazetteer_new(&A, KATA_GAZ_FOLD);
  char p[1100], text[1200];
  size_t k, n = 0;
  for (k = 0; k < 300; k++) p[n++] = (char)('a' + k % 26);
  p[n++] = ' ';
  for (k = 0; k < 200; k++) { /* 200 x É, folded through utf8proc */
    p[n++] = '\xC3';
    p[n++] = '\x89';
  }
  memcpy(p + n, " x", 3);
  n += 2;
  check(kata_gazetteer_add(g, p, n, KATA_ENT_PERSON, NULL, 0) == KATA_OK);
  memcpy(text, "- ", 2);
  memcpy(text + 2, p, n + 1);
  check(finds(g, text, p));
  for (k = 0; k < 300; k++) text[2 + k] = (char)('A' + k % 26);
  check(match_at(g, text, 2, NULL, NULL) == (long)n);
  text[2 + 299] = 'b'; /* another last letter */
  check(match_at(g, text, 2, NULL, NULL) == 0);
  kata_gazetteer_free(g);
  check(ta.live == 0);
}

static void test_limits(void) {
  kata_gazetteer_t *g = kata_gazetteer_new(&A, 0);
  char p[2100];
  size_t k, n = 0, el;
  const char *em;
  for (k = 0; k < 32; k++) n += (size_t)sprintf(p + n, "w%zu ", k);
  check(kata_gazetteer_add(g, p, n, KATA_ENT_PERSON, NULL, 0) == KATA_OK);
  check(match_at(g, p, 0, NULL, NULL) == (long)n - 1);
  n += (size_t)sprintf(p + n, "w32");
  check(kata_gazetteer_add(g, p, n, KATA_ENT_PERSON, NULL, 0) == KATA_ELIMIT);
  check(kata_gazetteer_add(g, "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q", 33, KATA_ENT_PERSON,
                           NULL, 0) == KATA_ELIMIT); /* 33 tokens, no space */
  memset(p, 'x', 1024);
  check(kata_gazetteer_add(g, p, 1024, KATA_ENT_PERSON, NULL, 0) == KATA_OK);
  memset(p, 'y', 1025);
  check(kata_gazetteer_add(g, p, 1025, KATA_ENT_PERSON, NULL, 0) == KATA_ELIMIT);
  check(kata_gazetteer_size(g) == 2);
  /* in a file: a format error */
  n = (size_t)sprintf(p, "ok\tPERSON\n");
  for (k = 0; k < 33; k++) n += (size_t)sprintf(p + n, "w%zu ", k);
  n += (size_t)sprintf(p + n, "\tPERSON\n");
  check(kata_gazetteer_load(g, p, n, &el, &em) == KATA_EFORMAT && el == 2 &&
        strcmp(em, "phrase too long") == 0);
  memset(p, 'z', 1100);
  memcpy(p + 1100, "\tPERSON\n", 8);
  check(kata_gazetteer_load(g, p, 1108, &el, &em) == KATA_EFORMAT && el == 1 &&
        strcmp(em, "phrase too long") == 0);
  check(kata_gazetteer_size(g) == 3);
  kata_gazetteer_free(g);
  check(ta.live == 0);
}

/* Does loading text give rc with errline line and message msg? */
static int load_error(const char *text, int rc, size_t line, const char *msg) {
  kata_gazetteer_t *g = kata_gazetteer_new(&A, 0);
  size_t el = 99;
  const char *em = "x";
  int got = kata_gazetteer_load(g, text, strlen(text), &el, &em);
  int ok = got == rc && el == line &&
           (msg ? em && strcmp(em, msg) == 0 : em == NULL);
  if (!ok)
    fprintf(stderr, "  load: %d at %zu (%s) for '%s'\n", got, el, em ? em : "-", text);
  kata_gazetteer_free(g);
  return ok;
}

static void test_load(void) {
  kata_gazetteer_t *g = kata_gazetteer_new(&A, KATA_GAZ_FOLD);
  const char *tsv =
      "\xEF\xBB\xBF# places\r\n"
      "Jakarta\tLOCATION\tQ3630\r\n"
      "\r\n"
      "   \n"
      "#Bandung\tLOCATION\n"
      "Joko Widodo\tPERSON\n"
      "Bank Indonesia\tORGANIZATION\t\n"
      "  Surabaya \tLOCATION\tQ8652"; /* no line end at the end */
  size_t el;
  const char *em;
  char v[32];
  int type;
  check(kata_gazetteer_load(g, tsv, strlen(tsv), &el, &em) == KATA_OK && el == 0 && em == NULL);
  check(kata_gazetteer_size(g) == 4);
  check(match_at(g, "ke jakarta", 3, &type, v) == 7 && type == KATA_ENT_LOCATION &&
        strcmp(v, "Q3630") == 0);
  check(match_at(g, "Joko Widodo", 0, &type, v) == 11 && type == KATA_ENT_PERSON && !v[0]);
  check(match_at(g, "Bank Indonesia", 0, &type, v) == 14 && !v[0]);
  check(match_at(g, "Surabaya", 0, &type, v) == 8 && strcmp(v, "Q8652") == 0);
  check(match_at(g, "Bandung", 0, &type, v) == 0); /* commented out */
  check(kata_gazetteer_load(g, "", 0, &el, &em) == KATA_OK);
  check(kata_gazetteer_load(g, "\n\n# x\n", 6, NULL, NULL) == KATA_OK);
  /* every line ending: LF, CRLF and none */
  check(load(g, "a\tPERSON\tv1\r\nb\tPERSON\tv2\nc\tPERSON\tv3\r", &el, &em) == KATA_OK);
  check(match_at(g, "a", 0, &type, v) == 1 && strcmp(v, "v1") == 0);
  check(match_at(g, "b", 0, &type, v) == 1 && strcmp(v, "v2") == 0);
  check(match_at(g, "c", 0, &type, v) == 1 && strcmp(v, "v3") == 0);
  /* entries before an error stay added */
  check(load(g, "Medan\tLOCATION\nMakassar\tCITY\nPadang\tLOCATION\n", &el, &em) ==
            KATA_EFORMAT && el == 2 && strcmp(em, "unknown type") == 0);
  check(match_at(g, "Medan", 0, &type, v) == 5);
  check(match_at(g, "Padang", 0, &type, v) == 0);
  kata_gazetteer_free(g);

  check(load_error("a\tPERSON\nb PERSON\n", KATA_EFORMAT, 2, "missing tab"));
  check(load_error("a\tPERSON\n\n# c\nb\tperson\n", KATA_EFORMAT, 4, "unknown type"));
  check(load_error("a\tPERSON \n", KATA_EFORMAT, 1, "unknown type"));
  check(load_error("a\t\n", KATA_EFORMAT, 1, "unknown type"));
  check(load_error("a\tPERSON\r\n\r\n\tPERSON\r\n", KATA_EFORMAT, 3, "empty phrase"));
  check(load_error("  \tPERSON\n", KATA_EFORMAT, 1, "empty phrase"));
  check(load_error("a\t\tPERSON\n", KATA_EFORMAT, 1, "unknown type"));
  check(load_error(" .\tLOCATION\n", KATA_OK, 0, NULL)); /* punctuation is a token */
  check(load_error("a\tPERSON\tv\tw\n", KATA_EFORMAT, 1, "too many fields"));
  check(load_error("a\tPERSON\t\t\n", KATA_EFORMAT, 1, "too many fields"));
  check(load_error("a\tPERSON\nb\xFF\tPERSON\n", KATA_EFORMAT, 2, "invalid UTF-8"));
  check(load_error("a\tPERSON\tv\xC3\n", KATA_EFORMAT, 1, "invalid UTF-8"));
  check(load_error("a\tPERSON\tv\xC3", KATA_EFORMAT, 1, "invalid UTF-8"));
  check(load_error("#\xFF comment\na\tPERSON\n", KATA_OK, 0, NULL));
  check(load_error("\n\n\n\nx", KATA_EFORMAT, 5, "missing tab"));
  check(load_error("a\tPERSON\r\nb\r\n", KATA_EFORMAT, 2, "missing tab"));
  check(ta.live == 0);
}

/* A small load and matching with the allocator failing at every call: an
** error and nothing leaked, then success once the budget suffices. */
static void test_alloc_failures(void) {
  const char *tsv =
      "Jakarta\tLOCATION\tQ3630\n"
      "Daerah Khusus Ibukota Jakarta\tLOCATION\n"
      "\xC4\x90\xC3\xA0 N\xE1\xBA\xB5ng\tLOCATION\tVN\n"
      "\xE6\x9D\xB1\xE4\xBA\xAC\xE9\x83\xBD\tLOCATION\n"
      "Bank Indonesia\tORGANIZATION\tBI\n"
      "Jakarta\tORGANIZATION\n";
  const char *text = "Dari DAERAH Khusus Ibukota Jakarta ke \xC4\x90\xC3\x80 N\xE1\xBA\xB4NG.";
  long budget;
  int succeeded = 0;
  for (budget = 0; budget < 200 && !succeeded; budget++) {
    kata_gazetteer_t *g;
    kata__gaztext_t t;
    size_t el;
    const char *em;
    int rc;
    ta.calls = 0;
    ta.budget = budget;
    kata__gaztext_init(&t);
    g = kata_gazetteer_new(&A, KATA_GAZ_FOLD | KATA_GAZ_NFKC);
    if (g) {
      rc = kata_gazetteer_load(g, tsv, strlen(tsv), &el, &em);
      check(rc == KATA_OK || (rc == KATA_ENOMEM && el >= 1 && em != NULL));
      if (rc == KATA_OK) {
        rc = kata__gaztext_prepare(&A, &t, text, strlen(text), kata_gazetteer_flags(g));
        check(rc == KATA_OK || (rc == KATA_ENOMEM && t.n == 0));
        if (rc == KATA_OK) {
          int type;
          check(kata_gazetteer_size(g) == 5);
          check(kata__gazetteer_longest(g, &t, 1, &type, NULL, NULL) == 4);
          check(kata__gazetteer_longest(g, &t, 6, &type, NULL, NULL) == 2);
          succeeded = 1;
        }
      }
      kata_gazetteer_free(g);
    }
    kata__gaztext_free(&A, &t);
    check(ta.live == 0);
  }
  check(succeeded && budget > 5);
  ta.budget = -1;
}

/* Do g and r match alike at every byte of s (length, type, value)? */
static int same_matches(const kata_gazetteer_t *g, const kata_gazetteer_t *r, const char *s) {
  size_t at;
  if (kata_gazetteer_size(g) != kata_gazetteer_size(r)) return 0;
  for (at = 0; s[at]; at++) {
    char v1[64], v2[64];
    int t1 = 0, t2 = 0;
    if (match_at(g, s, at, &t1, v1) != match_at(r, s, at, &t2, v2) || t1 != t2 ||
        strcmp(v1, v2) != 0)
      return 0;
  }
  return 1;
}

/* Each add into a gazetteer holding the phrases before it, with the
** allocator failing at every call in turn: after a failure the gazetteer
** answers as before (its size, every match, type and value), and the add
** retried answers as a first add. (The proper prefixes a failed add
** interned stay as keys, but match nothing.) */
static void test_add_failures(void) {
  static const char *const phrases[] = {
    "Jakarta", "Bank Indonesia", "Bank", "Bank Rakyat Indonesia", "Jakarta Barat",
    "Kota Tua Jakarta", "Bank", "Bank Indonesia", NULL
  };
  static const int types[] = {KATA_ENT_LOCATION, KATA_ENT_ORGANIZATION, KATA_ENT_PERSON,
                              KATA_ENT_ORGANIZATION, KATA_ENT_LOCATION, KATA_ENT_LOCATION,
                              KATA_ENT_ORGANIZATION, KATA_ENT_ORGANIZATION};
  static const char *const values[] = {"Q3630", "BI", NULL, "BRI", "JB", NULL, "bank",
                                       "Bank Indonesia (BI)"};
  const char *text = "Dari Bank Rakyat Indonesia di Jakarta Barat ke Bank Indonesia dan "
                     "Kota Tua Jakarta, lalu ke bank Bank.";
  kata_gazetteer_t *r = kata_gazetteer_new(&A, KATA_GAZ_FOLD);
  size_t i, j, bad = 0, fails = 0;
  long budget;
  for (i = 0; r && phrases[i]; i++) {
    kata_gazetteer_t *before = kata_gazetteer_new(&A, KATA_GAZ_FOLD);
    for (j = 0; j < i; j++) check(add(before, phrases[j], types[j], values[j]) == KATA_OK);
    check(add(r, phrases[i], types[i], values[i]) == KATA_OK); /* r: after it */
    for (budget = 0;; budget++) {
      kata_gazetteer_t *g = kata_gazetteer_new(&A, KATA_GAZ_FOLD);
      int rc;
      for (j = 0; j < i; j++) check(add(g, phrases[j], types[j], values[j]) == KATA_OK);
      ta.calls = 0;
      ta.budget = budget;
      rc = add(g, phrases[i], types[i], values[i]);
      ta.budget = -1;
      if (rc != KATA_OK) {
        fails++;
        bad += rc != KATA_ENOMEM || !same_matches(g, before, text);
        bad += add(g, phrases[i], types[i], values[i]) != KATA_OK;
      }
      bad += !same_matches(g, r, text);
      kata_gazetteer_free(g);
      if (rc == KATA_OK) break;
    }
    kata_gazetteer_free(before);
  }
  check(bad == 0 && fails > 5);
  kata_gazetteer_free(r);
  check(ta.live == 0);
}

/* The forms of a prepared text are what kata_normalize makes of each token
** (the ASCII fast path included), on random mixes of tricky pieces, under
** every option. */
static void test_forms(void) {
  static const char *const pieces[] = {
    "the ", "The", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "@[`{", "Jakarta", "JAKARTA-BARAT",
    "caf\xC3\xA9", "CAF\xC3\x89", "Stra\xC3\x9F" "e", "\xEF\xBC\xA1\xEF\xBC\xA2", "\xEF\xAC\x81",
    "\xE6\x9D\xB1\xE4\xBA\xAC", "\xD0\x9C\xD0\x9E", " ", "  ", "\n", ".", ",", "U.S.", "AT&T",
    "http://A.id/X ", "a@B.co", "#Tag", "@User", "123", "1.500,50", "\xFF", "\xC3", "\x1F",
    "xYz", "QWERTYUIOPASDFGHJKLZXCVBNMqwertyuiop\xC3\x89", "\xCC\x81", NULL
  };
  kata__gaztext_t t;
  kata_buf_t ref;
  char buf[512];
  size_t npieces = 0, i, k, bad = 0;
  unsigned long x = 777;
  while (pieces[npieces]) npieces++;
  kata__gaztext_init(&t);
  kata_buf_init(&ref);
  for (i = 0; i < 4000; i++) {
    unsigned flags = (unsigned)i & 3;
    size_t n = 0, want = 1 + i % 300;
    while (n < want) {
      const char *p;
      size_t pl;
      x = x * 6364136223846793005ul + 1442695040888963407ul;
      p = pieces[(x >> 33) % npieces];
      pl = strlen(p);
      if (n + pl > sizeof buf) break;
      memcpy(buf + n, p, pl);
      n += pl;
    }
    /* the text alone in its allocation: ASan sees any read past its end */
    {
      char *s = (char *)malloc(n ? n : 1);
      memcpy(s, buf, n);
      bad += kata__gaztext_prepare(&A, &t, s, n, flags) != KATA_OK;
      for (k = 0; k < t.n; k++) {
        const kata__gaztok_t *tk = &t.tok[k];
        ref.len = 0;
        kata_normalize(&A, s + tk->start, tk->stop - tk->start,
                       (flags & KATA_GAZ_NFKC) ? KATA_FORM_NFKC : KATA_FORM_NONE,
                       (flags & KATA_GAZ_FOLD) ? KATA_NORM_FOLD : 0, &ref, NULL);
        if (ref.len != tk->len || memcmp(ref.data, t.forms.data + tk->off, ref.len) != 0)
          bad++;
      }
      free(s);
    }
  }
  check(bad == 0);
  kata_buf_free(&A, &ref);
  kata__gaztext_free(&A, &t);
  check(ta.live == 0);
}

/* A larger gazetteer: every phrase finds itself, the filter and the table
** grow past their first sizes. */
static void test_many(void) {
  kata_gazetteer_t *g = kata_gazetteer_new(&A, KATA_GAZ_FOLD);
  kata__gaztext_t t;
  char p[64];
  size_t k, ok = 0;
  int type;
  kata__gaztext_init(&t);
  for (k = 0; k < 20000; k++) {
    int n = sprintf(p, "w%zu x%zu%s", k, k % 7, k % 3 ? " y" : "");
    ok += kata_gazetteer_add(g, p, (size_t)n, 1 + (int)(k % 12), NULL, 0) == KATA_OK;
  }
  check(ok == 20000 && kata_gazetteer_size(g) == 20000);
  ok = 0;
  for (k = 0; k < 20000; k++) {
    int n = sprintf(p, "W%zu X%zu%s", k, k % 7, k % 3 ? " Y" : "");
    kata__gaztext_prepare(&A, &t, p, (size_t)n, KATA_GAZ_FOLD);
    ok += kata__gazetteer_longest(g, &t, 0, &type, NULL, NULL) == t.n &&
          type == 1 + (int)(k % 12);
  }
  check(ok == 20000);
  check(kata__gaztext_prepare(&A, &t, "w20000 x1", 9, KATA_GAZ_FOLD) == KATA_OK);
  check(kata__gazetteer_longest(g, &t, 0, &type, NULL, NULL) == 0);
  kata__gaztext_free(&A, &t);
  kata_gazetteer_free(g);
  check(ta.live == 0);
}

/* The tokens of the longest phrase kata_gazetteer_next_at finds from the
** first token of s on (s's tokens as kata__gaztext_prepare makes them), or
** 0; *at: the token it starts at. */
static size_t next_phrase(const kata_gazetteer_t *g, const char *s, size_t *at) {
  kata__gaztext_t t;
  kata_gazspan_t sp[16];
  kata_buf_t scratch;
  size_t i, n, m;
  int type, err;
  const char *v;
  size_t vl;
  kata__gaztext_init(&t);
  kata_buf_init(&scratch);
  check(kata__gaztext_prepare(&A, &t, s, strlen(s), kata_gazetteer_flags(g)) == KATA_OK);
  for (n = 0; n < t.n && n < 16; n++) {
    sp[n].start = t.tok[n].start;
    sp[n].stop = t.tok[n].stop;
  }
  i = 0;
  m = kata_gazetteer_next_at(&A, g, s, strlen(s), sp, n, &i, &scratch, &type, &v, &vl, &err);
  check(err == KATA_OK);
  /* the prepared text's longest match agrees */
  check(i >= n || kata__gazetteer_longest(g, &t, i, &type, &v, &vl) == m);
  *at = i;
  kata_buf_free(&A, &scratch);
  kata__gaztext_free(&A, &t);
  return m;
}

/* A phrase goes on only to a token whose form starts with a byte some
** phrase has there (the prefix's bits of next first bytes): the byte is
** the form's, so folded, composed or non-ASCII tokens still match. */
static void test_next_bytes(void) {
  kata_gazetteer_t *f = kata_gazetteer_new(&A, KATA_GAZ_FOLD);
  kata_gazetteer_t *k = kata_gazetteer_new(&A, KATA_GAZ_NFKC);
  kata_gazetteer_t *e = kata_gazetteer_new(&A, 0);
  size_t at;
  check(add(f, "new york", KATA_ENT_LOCATION, NULL) == KATA_OK);
  check(add(f, "new \xC3\xB8rsted", KATA_ENT_ORGANIZATION, NULL) == KATA_OK);
  check(add(f, "new", KATA_ENT_PERSON, NULL) == KATA_OK);
  check(next_phrase(f, "NEW YORK", &at) == 2 && at == 0);         /* folded at the check */
  check(next_phrase(f, "New Y\xC3\xB6rk", &at) == 1 && at == 0); /* "new" alone */
  check(next_phrase(f, "so New \xC3\x98rsted", &at) == 2 && at == 1);
  check(next_phrase(f, "New Zork", &at) == 1 && at == 0);
  /* NFKC: "e" and a combining acute is the form "\xC3\xA9" */
  check(add(k, "a \xC3\xA9t\xC3\xA9", KATA_ENT_LOCATION, NULL) == KATA_OK);
  check(next_phrase(k, "x a e\xCC\x81te\xCC\x81", &at) == 2 && at == 1);
  check(next_phrase(k, "x a ete", &at) == 0);
  /* as it is: the case of the next byte counts */
  check(add(e, "Kota Baru", KATA_ENT_LOCATION, NULL) == KATA_OK);
  check(next_phrase(e, "di Kota Baru", &at) == 2 && at == 1);
  check(next_phrase(e, "di Kota baru", &at) == 0);
  kata_gazetteer_free(f);
  kata_gazetteer_free(k);
  kata_gazetteer_free(e);
  check(ta.live == 0);
}

int main(void) {
  ta.budget = -1;
  test_types();
  test_add_replace();
  test_longest();
  test_alignment();
  test_options();
  test_scripts();
  test_punctuation();
  test_long_tokens();
  test_limits();
  test_load();
  test_alloc_failures();
  test_add_failures();
  test_forms();
  test_many();
  test_next_bytes();
  return check_report("test_gazetteer");
}
