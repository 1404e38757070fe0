/*
** test_keyphrase.c: the key-phrase method (keyphrase.c): headlines stay apart
** from the line under them, phrases neither overlap nor cross stop words,
** possessives or punctuation, names come whole; allocation failures.
*/
#include "check.h"
#include "internal.h"
#include "kata.h"

static test_alloc_t ta;
static kata_allocator_t A = {test_allocf, &ta};

/* A headline of more than 40 characters with no final stop, then a much
** wider first paragraph: the line end must cut phrases. */
static const char *news =
    "Student Rocket Team From Bandung Breaks National Record\n"
    "Students of SMK Negeri 4 Bandung broke the national record of the water rocket contest "
    "at Pameungpeuk on Thursday, when their water rocket reached 3,214 metres.\n\n"
    "Team captain Rizky Pratama said the water rocket had been tested for three months. "
    "Bandung's team beat 41 other teams. Rizky Pratama thanked the teachers of the school.\n\n"
    "The contest is run by the National Research and Innovation Agency. Next year the agency "
    "will add a satellite category, and Rizky Pratama hopes his water rocket team returns.";

typedef struct result {
  char term[10][64];
  double score[10];
  uint64_t count[10];
  size_t n;
} result_t;

static kata_wordset_t *stop;

/* *r: the first 10 results of k's last run, or nothing when rc is an
** error (returned as it is). */
static int take_result(const kata_keyphrase_t *k, int rc, result_t *r) {
  size_t i;
  memset(r, 0, sizeof *r);
  if (rc != KATA_OK) return rc;
  r->n = kata_keyphrase_size(k);
  for (i = 0; i < r->n && i < 10; i++) {
    size_t len;
    const char *t = kata_keyphrase_term(k, i, &len);
    if (len > 63) len = 63;
    memcpy(r->term[i], t, len);
    r->term[i][len] = 0;
    r->score[i] = kata_keyphrase_score(k, i);
    r->count[i] = kata_keyphrase_count(k, i);
  }
  return KATA_OK;
}

static int run(kata_keyphrase_t *k, const char *s, unsigned flags, int ngrams,
               size_t n, result_t *r) {
  kata_keyphrase_opts_t o;
  int rc;
  memset(&o, 0, sizeof o);
  o.flags = flags;
  o.ngram_max = ngrams;
  o.stopwords = stop;
  o.lang = "en";
  rc = kata_keyphrase_run(k, s, strlen(s), &o, n);
  return take_result(k, rc, r);
}

/* kata__keyphrase_begin/add/end with the text's paragraphs (parted by
** "\n\n") in parts of `per` paragraphs each: the same as one run. */
static int run_parts(kata_keyphrase_t *k, const char *s, int per, size_t n, result_t *r) {
  kata_keyphrase_opts_t o;
  int rc = KATA_OK;
  memset(&o, 0, sizeof o);
  o.ngram_max = 3;
  o.stopwords = stop;
  o.lang = "en";
  kata__keyphrase_begin(k);
  while (*s && rc == KATA_OK) {
    const char *e = s;
    int m;
    for (m = 0; m < per; m++) {
      const char *q = strstr(e, "\n\n");
      e = q ? q + 2 : e + strlen(e);
      if (!q) break;
    }
    rc = kata__keyphrase_add(k, s, (size_t)(e - s) - (*e && e[-1] == '\n' ? 2 : 0), &o);
    s = e;
  }
  if (rc == KATA_OK) rc = kata__keyphrase_end(k, &o, n);
  return take_result(k, rc, r);
}

static int same_result(const result_t *a, const result_t *b) {
  size_t i;
  if (a->n != b->n) return 0;
  for (i = 0; i < a->n && i < 10; i++)
    if (strcmp(a->term[i], b->term[i]) != 0 || a->score[i] != b->score[i] ||
        a->count[i] != b->count[i])
      return 0;
  return 1;
}

static int has(const result_t *r, const char *t) {
  size_t i;
  for (i = 0; i < r->n; i++)
    if (strcmp(r->term[i], t) == 0) return 1;
  return 0;
}

/* The count of phrase t among the results, or 0. */
static uint64_t count_of(const result_t *r, const char *t) {
  size_t i;
  for (i = 0; i < r->n; i++)
    if (strcmp(r->term[i], t) == 0) return r->count[i];
  return 0;
}

static int any_contains(const result_t *r, const char *part) {
  size_t i;
  for (i = 0; i < r->n; i++)
    if (strstr(r->term[i], part)) return 1;
  return 0;
}

/* Is the word a[0, al) one of the words of the phrase b? */
static int word_in(const char *a, size_t al, const char *b) {
  while (*b) {
    size_t bl = strcspn(b, " ");
    if (bl == al && memcmp(a, b, al) == 0) return 1;
    b += bl;
    while (*b == ' ') b++;
  }
  return 0;
}

/* Do two phrases of several words share a word? */
static int phrases_share_word(const result_t *r) {
  size_t i, j;
  for (i = 0; i < r->n; i++) {
    for (j = i + 1; j < r->n; j++) {
      const char *a = r->term[i];
      if (!strchr(r->term[i], ' ') || !strchr(r->term[j], ' ')) continue;
      while (*a) {
        size_t al = strcspn(a, " ");
        if (word_in(a, al, r->term[j])) return 1;
        a += al;
        while (*a == ' ') a++;
      }
    }
  }
  return 0;
}

int main(void) {
  kata_keyphrase_t *k;
  result_t r, r2;
  size_t i, cnt;
  const char *const *list = kata_stoplist("en", &cnt);
  long budget;
  int rc;
  ta.budget = -1;
  stop = kata_wordset_new(&A);
  for (i = 0; list[i]; i++) kata_wordset_add(stop, list[i], strlen(list[i]));
  k = kata_keyphrase_new(&A);
  check(k != NULL);

  check(run(k, news, 0, 3, 10, &r) == KATA_OK);
  check(r.n == 10);
  /* the recurring name and the recurring noun phrase, whole */
  check(has(&r, "Rizky Pratama"));
  check(has(&r, "water rocket"));
  /* the headline does not run into the paragraph under it */
  check(!any_contains(&r, "Record Students"));
  check(!any_contains(&r, "Breaks National Record Students"));
  /* a headline's last words and the first line under it make no phrase:
  ** "Rocket" / "Team members" would be a third "rocket team members" */
  check(run(k, "Provincial Contest Winners Announced for West Java Rocket\n"
               "Team members from SMK Negeri 4 Bandung won the provincial water rocket "
               "contest at Pameungpeuk on Thursday with a flight of 3,214 metres.\n\n"
               "The judges praised the rocket team members for their careful work, and the "
               "school will send the rocket team members to the national final in May.",
            0, 3, 10, &r2) == KATA_OK);
  check(count_of(&r2, "rocket team members") == 2);
  /* a phrase seen once counts only in the first sentence, and not when
  ** that is a headline (title case makes every word look like a name) */
  for (i = 0; i < r.n; i++) check(r.count[i] >= 2 || !strchr(r.term[i], ' '));
  check(run(k, "Heavy floods cut the coastal railway near Cirebon on Monday. Trains were "
               "stopped for six hours, and the floods closed two schools. The floods also "
               "damaged rice fields.", 0, 3, 10, &r2) == KATA_OK);
  check(count_of(&r2, "coastal railway") == 1);
  check(run(k, "Floods Close Railway And Schools Near Cirebon Again\n"
               "Heavy floods cut the coastal railway near Cirebon on Monday. Trains were "
               "stopped for six hours, and the floods closed two schools. The floods also "
               "damaged rice fields.", 0, 3, 10, &r2) == KATA_OK);
  check(count_of(&r2, "coastal railway") == 0 && count_of(&r2, "floods") == 4);
  /* a possessive ends a phrase and is not part of the word */
  check(!any_contains(&r, "Bandung's"));
  /* no phrase holds a stop word, a number or crosses punctuation */
  check(!any_contains(&r, " the "));
  check(!any_contains(&r, "3,214"));
  /* phrases share no word (the second "water rocket ..." is left out) */
  check(!phrases_share_word(&r));
  check(!has(&r, "water rocket team"));
  for (i = 1; i < r.n; i++) check(r.score[i] <= r.score[i - 1]);

  /* the same kata_keyphrase_t again gives the same */
  check(run(k, news, 0, 3, 10, &r2) == KATA_OK);
  check(r2.n == r.n);
  for (i = 0; i < r.n; i++) check(strcmp(r.term[i], r2.term[i]) == 0);

  /* the text in parts (runs of whole paragraphs), as kata_keywords reads
  ** a text's distinct paragraphs: the same answer, the headline too */
  {
    static const char *const texts[] = {
      "Student Rocket Team From Bandung Breaks National Record\n\nStudents of SMK Negeri "
      "4 Bandung broke the national record.\n\nRizky Pratama said the water rocket flew. "
      "The water rocket team thanked Rizky Pratama.\n\nWater rocket\n\nRizky Pratama",
      "Water rocket contest\n\nWater rocket contest results came in. Rizky Pratama won "
      "the water rocket contest\n\nand the water rocket team cheered"};
    int t, per;
    for (t = 0; t < 3; t++)
      for (per = 1; per <= 3; per++) {
        const char *x = t < 2 ? texts[t] : news;
        check(run(k, x, 0, 3, (size_t)-1, &r2) == KATA_OK);
        check(run_parts(k, x, per, (size_t)-1, &r) == KATA_OK);
        check(r.n > 0 && same_result(&r, &r2));
      }
    check(run(k, news, 0, 3, 10, &r) == KATA_OK);
  }

  /* folded spellings; single words only */
  check(run(k, news, KATA_COUNT_FOLD, 3, 10, &r2) == KATA_OK);
  check(has(&r2, "rizky pratama"));
  check(run(k, news, 0, 1, 10, &r2) == KATA_OK);
  check(r2.n == 10 && !any_contains(&r2, " "));
  check(has(&r2, "rocket"));

  /* the spelling shown is the most frequent, ties to the smaller bytes:
  ** "Mangrove" (0x4D) before "mangrove" whichever comes first */
  check(run(k, "Mangrove mangrove grow. Mangrove mangrove die.", 0, 3, 10, &r2) == KATA_OK);
  check(has(&r2, "Mangrove") && !has(&r2, "mangrove"));
  check(run(k, "mangrove Mangrove grow. mangrove Mangrove die.", 0, 3, 10, &r2) == KATA_OK);
  check(has(&r2, "Mangrove") && !has(&r2, "mangrove"));
  check(run(k, "Mangrove mangrove mangrove grow. Mangrove mangrove die.", 0, 3, 10, &r2) ==
        KATA_OK);
  check(has(&r2, "mangrove") && !has(&r2, "Mangrove"));
  /* spellings of one stem, one a prefix of the other: "connection
  ** network" (a space, 0x20, after "connection") before "connections
  ** network" ('s'), and "connections networks" after both */
  {
    kata_keyphrase_opts_t o;
    kata_stemmer_t *st = kata_stemmer_new("english");
    static const char *const texts[] = {
        "The connections network failed. The connection network failed. The connection "
        "network returned. The connections network returned.",
        "The connection network failed. The connections network failed. The connections "
        "network returned. The connection network returned.",
        "The connections networks failed. The connection network failed. The connections "
        "networks returned. The connection network returned."};
    int t;
    check(st != NULL);
    memset(&o, 0, sizeof o);
    o.ngram_max = 3;
    o.stopwords = stop;
    o.stemmer = st;
    o.lang = "en";
    for (t = 0; st && t < 3; t++) {
      check(take_result(k, kata_keyphrase_run(k, texts[t], strlen(texts[t]), &o, 10), &r2) ==
            KATA_OK);
      check(has(&r2, "connection network") && count_of(&r2, "connection network") == 4);
    }
    kata_stemmer_free(st);
  }

  /* a verb form in -ed stands in no phrase, but may stand alone */
  check(run(k, "Police arrested protesters. Police arrested protesters. Police arrested "
               "protesters near the parliament.", 0, 3, 10, &r2) == KATA_OK);
  check(!any_contains(&r2, "Police arrested") && !any_contains(&r2, "arrested protesters"));
  check(has(&r2, "arrested") && has(&r2, "Police") && has(&r2, "protesters"));

  /* a phrase that never occurs outside a longer one gives way to it; a
  ** single word inside a chosen phrase stays when it mostly stands alone */
  check(run(k, "Farmers in Wales fear mad cow disease. The ministry said mad cow disease "
               "was found on two farms, and the disease may spread. Tunnel workers dug the "
               "channel tunnel under the sea; the tunnel opens in May, and tunnel fares are "
               "high. The channel tunnel cost billions. Rail tunnel traffic grows, and tunnel "
               "trains will be fast.", 0, 3, 10, &r2) == KATA_OK);
  check(has(&r2, "mad cow disease") && !has(&r2, "cow disease") && !has(&r2, "mad cow"));
  check(has(&r2, "channel tunnel") && has(&r2, "tunnel"));

  /* limits and the empty cases */
  check(run(k, news, 0, 0, 10, &r2) == KATA_EINVAL);
  check(run(k, news, 0, KATA_KEYPHRASE_NGRAM_MAX + 1, 10, &r2) == KATA_EINVAL);
  check(run(k, news, 0, 3, 0, &r2) == KATA_OK && r2.n == 0);
  check(run(k, "", 0, 3, 10, &r2) == KATA_OK && r2.n == 0);
  check(run(k, "the of and , 42 .", 0, 3, 10, &r2) == KATA_OK && r2.n == 0);
  check(run(k, news, 0, 3, (size_t)-1, &r2) == KATA_OK && r2.n > 10);

  /* the built-in English frequencies */
  check(kata_word_zipf("en", "the", 3) > 7.0);
  check(kata_word_zipf("en", "a", 1) > 6.0);
  check(kata_word_zipf("en", "zurich", 6) > 2.9);
  check(kata_word_zipf("en", "rocket", 6) > 3.0 && kata_word_zipf("en", "rocket", 6) < 5.0);
  check(kata_word_zipf("en", "rockets", 6) < 0.1 || kata_word_zipf("en", "rockets", 7) > 0);
  check(kata_word_zipf("en", "pameungpeuk", 11) == 0);
  check(kata_word_zipf("en", "aaaa", 4) == 0);
  check(kata_word_zipf("en", "zzzzzz", 6) == 0);
  check(kata_word_zipf("id", "the", 3) == 0);
  check(kata_word_zipf(NULL, "the", 3) == 0);
  check(kata_word_zipf("en", "the\tS", 5) == 0 && kata_word_zipf("en", "the\n", 4) == 0);
  check(kata_word_zipf("en", "a\tS\naa", 8) == 0);
  { /* every word of the list that made the table, at its value (one
    ** decimal), whichever block of eight lines it is in */
    FILE *f = fopen("data/wordfreq/en.tsv", "r");
    char line[128];
    long words = 0, wrong = 0;
    check(f != NULL);
    while (f && fgets(line, sizeof line, f)) {
      char *tab = strchr(line, '\t');
      double want;
      if (line[0] == '#' || !tab) continue;
      *tab = 0;
      want = atof(tab + 1);
      words++;
      if ((long)(kata_word_zipf("en", line, strlen(line)) * 10 + 0.5) != (long)(want * 10 + 0.5))
        wrong++;
    }
    if (f) fclose(f);
    check(words > 17000 && wrong == 0);
  }
  kata_keyphrase_free(k);

  /* every allocation failing in turn: an error or the full result, never
  ** a leak; the object stays usable after a failed run */
  for (budget = 0;; budget++) {
    kata_keyphrase_t *kk;
    ta.calls = 0;
    ta.budget = budget;
    kk = kata_keyphrase_new(&A);
    if (!kk) continue;
    rc = run(kk, news, 0, 3, 10, &r2);
    check(rc == KATA_OK || rc == KATA_ENOMEM);
    if (rc == KATA_ENOMEM) check(kata_keyphrase_size(kk) == 0);
    ta.budget = -1;
    check(run(kk, news, 0, 3, 10, &r2) == KATA_OK && r2.n == r.n);
    kata_keyphrase_free(kk);
    if (rc == KATA_OK) break;
  }
  check(budget > 5);
  kata_wordset_free(stop);
  check(ta.live == 0);
  return check_report("test_keyphrase");
}
