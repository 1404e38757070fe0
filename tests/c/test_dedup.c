/*
** test_dedup.c: duplicate paragraphs within one text (kata_duplicates):
** exact, near and teaser kinds on news fixtures, similarities, thresholds
** and options, where the duplicates are, and allocation failure.
*/
#include "check.h"

static test_alloc_t ta;
static kata_allocator_t A = {test_allocf, &ta};

#define MAXP 64

typedef struct paras {
  const char *texts[MAXP];
  size_t lens[MAXP], start[MAXP], n;
  kata_dup_t dup[MAXP];
} paras_t;

/* The paragraphs of s (in the mode it resolves to) into p. */
static void split(const char *s, size_t len, paras_t *p) {
  kata_parmode_t mode = kata_paragraph_mode(s, len);
  size_t pos = 0, a, b;
  p->n = 0;
  while (p->n < MAXP && kata_paragraph_next(s, len, &pos, mode, &a, &b)) {
    p->texts[p->n] = s + a;
    p->start[p->n] = a;
    p->lens[p->n++] = b - a;
  }
}

/* The given paragraphs (NULL-terminated) into p. */
static void given(paras_t *p, const char *const *t) {
  for (p->n = 0; t[p->n]; p->n++) {
    p->texts[p->n] = t[p->n];
    p->lens[p->n] = strlen(t[p->n]);
    p->start[p->n] = 0;
  }
}

static kata_dedup_opts_t opts(double threshold, int near) {
  kata_dedup_opts_t o;
  memset(&o, 0, sizeof o);
  o.threshold = threshold;
  o.min_words = 5;
  o.near = near;
  o.shingle = 1;
  return o;
}

/* Runs kata_duplicates on p and describes the duplicates as "i>j kind ..."
** (kind e, n or t); checks that every other entry is empty. */
static const char *run(paras_t *p, const kata_dedup_opts_t *o, char *out, size_t cap) {
  size_t i, k = 0;
  int rc = kata_duplicates(&A, p->texts, p->lens, p->n, o, p->dup);
  out[0] = '\0';
  if (rc != KATA_OK) {
    snprintf(out, cap, "error %d", rc);
    return out;
  }
  for (i = 0; i < p->n; i++) {
    const kata_dup_t *d = &p->dup[i];
    if (d->kind == 0) {
      check(d->dup_of == KATA_NO_DUP && d->similarity == 0);
      continue;
    }
    check(d->dup_of < p->n && d->dup_of != i && p->dup[d->dup_of].kind == 0);
    check(d->kind == KATA_DUP_NEAR ? d->similarity >= o->threshold && d->similarity <= 1
                                   : d->similarity == 1);
    check(d->kind == KATA_DUP_TEASER || d->dup_of < i);
    k += (size_t)snprintf(out + k, cap - k, "%s%zu>%zu%c", k ? " " : "", i, d->dup_of,
                          "?ent"[d->kind]);
    if (k >= cap) break;
  }
  return out;
}

static int dups_are(paras_t *p, const kata_dedup_opts_t *o, const char *want) {
  char got[512];
  run(p, o, got, sizeof got);
  check(ta.live == 0);
  if (strcmp(got, want) == 0) return 1;
  fprintf(stderr, "  got \"%s\", want \"%s\"\n", got, want);
  return 0;
}

/* English: a teaser, ad labels, changed quotes, and a one-word edit with a
** "Read more" line under it. */
static void test_english(void) {
  size_t len;
  char *s = check_slurp("tests/fixtures/dup-en-desal.txt", &len);
  paras_t p;
  kata_dedup_opts_t o = opts(0.8, 1);
  check(s != NULL);
  if (!s) return;
  split(s, len, &p);
  check(p.n == 13);
  check(dups_are(&p, &o, "1>3t 8>4e 9>5e 11>6n"));
  /* where they are: the teaser before its paragraph, the edit and its
  ** original (shingles of single words: 25 shared of 27, "900-meter" and
  ** "900-metre" being one word each) */
  check(p.start[1] == 63 && p.lens[1] == 151 && p.start[3] == 251 && p.lens[3] == 223);
  check(memcmp(p.texts[1] + 148, "\xE2\x80\xA6", 3) == 0);
  check(p.start[4] == 476 && p.lens[4] == 13 && p.start[8] == 1110 && p.lens[8] == 13);
  check(memcmp(p.texts[8], "Advertisement", 13) == 0);
  check(p.start[6] == 699 && p.start[11] == 1506 && p.lens[11] == 231);
  check(p.dup[11].similarity == 25.0 / 27);
  check(p.dup[1].similarity == 1 && p.dup[9].similarity == 1);
  /* exact only: the edit is new; the teaser and the copies are not */
  o = opts(0.8, 0);
  check(dups_are(&p, &o, "1>3t 8>4e 9>5e"));
  /* the threshold: reached exactly, or not */
  o = opts(25.0 / 27, 1);
  check(dups_are(&p, &o, "1>3t 8>4e 9>5e 11>6n"));
  o = opts(0.93, 1);
  check(dups_are(&p, &o, "1>3t 8>4e 9>5e"));
  o = opts(1, 1);
  check(dups_are(&p, &o, "1>3t 8>4e 9>5e"));
  /* containment: 25 of the smaller set's 26 */
  o = opts(0.8, 1);
  o.containment = 1;
  check(dups_are(&p, &o, "1>3t 8>4e 9>5e 11>6n"));
  check(p.dup[11].similarity == 25.0 / 26);
  /* longer shingles: 26 of 30 pairs ("on the" twice), 25 of 31 triples,
  ** 21 of 31 five-word runs */
  o = opts(0.8, 1);
  o.shingle = 2;
  check(dups_are(&p, &o, "1>3t 8>4e 9>5e 11>6n") && p.dup[11].similarity == 26.0 / 30);
  o.shingle = 3;
  check(dups_are(&p, &o, "1>3t 8>4e 9>5e 11>6n") && p.dup[11].similarity == 25.0 / 31);
  o.shingle = 5;
  check(dups_are(&p, &o, "1>3t 8>4e 9>5e"));
  o.threshold = 0.6;
  check(dups_are(&p, &o, "1>3t 8>4e 9>5e 11>6n") && p.dup[11].similarity == 21.0 / 31);
  /* min_words: the edit has 30 words once its "Read more" line is aside */
  o = opts(0.8, 1);
  o.min_words = 30;
  check(dups_are(&p, &o, "1>3t 8>4e 9>5e 11>6n"));
  o.min_words = 31;
  check(dups_are(&p, &o, "1>3t 8>4e 9>5e"));
  /* the boilerplate list: without one the "Read more" line counts (25 of
  ** 36 words); a caller's own list works as the built-in one */
  {
    static const char *const none[] = {NULL};
    static const char *const mine[] = {"read more", NULL};
    o = opts(0.8, 1);
    o.tails = none;
    check(dups_are(&p, &o, "1>3t 8>4e 9>5e"));
    o.threshold = 25.0 / 36;
    check(dups_are(&p, &o, "1>3t 8>4e 9>5e 11>6n") && p.dup[11].similarity == 25.0 / 36);
    o = opts(0.8, 1);
    o.tails = mine;
    check(dups_are(&p, &o, "1>3t 8>4e 9>5e 11>6n") && p.dup[11].similarity == 25.0 / 27);
  }
  free(s);
}

/* Indonesian: a scraper's second copy of an article body, hard-wrapped
** lead first. */
static void test_indonesian(void) {
  size_t len;
  char *s = check_slurp("tests/fixtures/dup-id-dermaga.txt", &len);
  paras_t p;
  kata_dedup_opts_t o = opts(0.8, 1);
  check(s != NULL);
  if (!s) return;
  split(s, len, &p);
  check(p.n == 18);
  check(dups_are(&p, &o, "9>1e 10>2e 11>3e 12>4e 13>5e 14>6e 15>7e 16>8e"));
  o.near = 0;
  check(dups_are(&p, &o, "9>1e 10>2e 11>3e 12>4e 13>5e 14>6e 15>7e 16>8e"));
  /* the second copy starts right after the first's last line */
  check(p.start[9] == 1401 && p.start[8] + p.lens[8] + 1 == 1401);
  check(p.lens[9] == p.lens[1] && memcmp(p.texts[9], p.texts[1], p.lens[1]) == 0);
  free(s);
}

#define P_ID "Menurut Bambang, puskesmas diminta memperketat pemantauan jentik dan segera " \
             "melaporkan setiap pasien dengan demam tinggi lebih dari dua hari. Rumah sakit " \
             "juga diminta menyiapkan tambahan tempat tidur untuk pasien DBD."

/* What is and is not the same paragraph. */
static void test_kinds(void) {
  paras_t p;
  kata_dedup_opts_t o = opts(0.8, 1);
  {
    /* case, spacing, quotes, dashes, NFKC and the punctuation around */
    static const char *const t[] = {
      "\"Pola hujan yang datang lalu berhenti membuat genangan air bersih bertahan lama,\" "
      "kata Bambang \xE2\x80\x93 Kepala Dinkes.",
      "\xE2\x80\x9CPOLA hujan  yang datang lalu berhenti membuat genangan air bersih\n"
      "bertahan lama,\xE2\x80\x9D kata Bambang - Kepala Dinkes",
      "(Pola hujan yang datang lalu berhenti membuat genangan air bersih bertahan lama,\" "
      "kata Bambang-Kepala \xEF\xBC\xA4inkes!)",
      "Pola hujan yang datang lalu berhenti membuat genangan air kotor bertahan lama, kata "
      "Bambang - Kepala Dinkes.",
      NULL
    };
    given(&p, t);
    check(dups_are(&p, &o, "1>0e 2>0e 3>0n"));
    /* 16 words, 15 and 17 distinct ("bersih" and "kotor"): 15 of 17... */
    check(p.dup[3].similarity == 15.0 / 17);
    o.near = 0;
    check(dups_are(&p, &o, "1>0e 2>0e"));
  }
  {
    /* one word changed (27 of 29 distinct words), a boilerplate line under
    ** it at a line start or after the last sentence, and a cross-link
    ** sentence that is not boilerplate (more than one sentence) */
    static const char *const t[] = {
      P_ID,
      "Menurut Bambang, puskesmas diminta memperketat pemantauan jentik dan segera "
      "melaporkan setiap pasien dengan demam tinggi lebih dari tiga hari. Rumah sakit "
      "juga diminta menyiapkan tambahan tempat tidur untuk pasien DBD.",
      P_ID "\nBaca juga: Kasus DBD di Bantul naik dua kali lipat",
      P_ID " Baca juga: Kasus DBD di Bantul naik dua kali lipat",
      P_ID " Lihat juga pasien lain. Mereka dirawat di RSUD.",
      NULL
    };
    o = opts(0.8, 1);
    given(&p, t);
    check(dups_are(&p, &o, "1>0n 2>0e 3>0e 4>0n"));
    check(p.dup[1].similarity == 27.0 / 29);
    /* exact only: the tails still go */
    o.near = 0;
    check(dups_are(&p, &o, "2>0e 3>0e"));
  }
  {
    /* different news in the same words: not duplicates */
    static const char *const t[] = {
      "Harga cabai rawit di Pasar Beringharjo naik menjadi Rp80.000 per kilogram pada Senin "
      "karena pasokan dari Magelang terganggu hujan deras.",
      "Harga bawang merah di Pasar Beringharjo turun menjadi Rp28.000 per kilogram pada "
      "Selasa karena pasokan dari Brebes melimpah setelah panen raya.",
      "Northwind Air grounded six of its regional jets on Friday after inspectors found "
      "cracks in engine mounting brackets.",
      "Northwind Air added six regional jets to its fleet on Friday after regulators "
      "approved the purchase.",
      NULL
    };
    o = opts(0.5, 1);
    given(&p, t);
    check(dups_are(&p, &o, ""));
    o = opts(0.8, 1);
    o.containment = 1;
    check(dups_are(&p, &o, ""));
    /* containment is generous: 11 words of the first's 20 are shared */
    o.threshold = 0.5;
    check(dups_are(&p, &o, "1>0n") && p.dup[1].similarity == 11.0 / 20);
  }
  {
    /* short paragraphs are matched exactly only: 4 words, 3 shared */
    static const char *const t[] = {"Harga telur naik lagi.", "Harga telur naik terus.",
                                    "harga TELUR naik lagi", NULL};
    o = opts(0.5, 1);
    given(&p, t);
    check(dups_are(&p, &o, "2>0e"));
    o.min_words = 4;
    check(dups_are(&p, &o, "1>0n 2>0e"));
    check(p.dup[1].similarity == 3.0 / 5);
  }
  {
    /* an exact copy of a near duplicate points at the first occurrence,
    ** as a near duplicate */
    static const char *const t[] = {
      P_ID,
      "Menurut Bambang, puskesmas diminta memperketat pemantauan jentik dan segera "
      "melaporkan setiap pasien dengan demam tinggi lebih dari tiga hari. Rumah sakit "
      "juga diminta menyiapkan tambahan tempat tidur untuk pasien DBD.",
      "MENURUT Bambang, puskesmas diminta memperketat pemantauan jentik dan segera "
      "melaporkan setiap pasien dengan demam tinggi lebih dari tiga hari. Rumah sakit "
      "juga diminta menyiapkan tambahan tempat tidur untuk pasien DBD",
      NULL
    };
    o = opts(0.8, 1);
    given(&p, t);
    check(dups_are(&p, &o, "1>0n 2>0n"));
    check(p.dup[2].similarity == 27.0 / 29);
  }
}

static void test_teasers(void) {
  paras_t p;
  kata_dedup_opts_t o = opts(0.8, 1);
  {
    /* a teaser before and after its paragraph, one cut inside a word, a
    ** copy of a teaser, and one whose words do not open any */
    static const char *const t[] = {
      "Menurut Bambang, puskesmas diminta memperketat pemantauan jentik...",
      P_ID,
      "Menurut Bambang, puskesmas diminta memperketat pemant\xE2\x80\xA6",
      "Menurut Bambang, puskesmas diminta memperketat pemantauan jentik...",
      "Menurut Bambang, rumah sakit diminta menyiapkan tempat tidur...",
      NULL
    };
    given(&p, t);
    check(dups_are(&p, &o, "0>1t 2>1t 3>1t"));
    o.near = 0;
    check(dups_are(&p, &o, "0>1t 2>1t 3>1t"));
  }
  {
    /* under four words: never a teaser */
    static const char *const t[] = {"Menurut Bambang, puskesmas...", P_ID, NULL};
    o = opts(0.8, 1);
    given(&p, t);
    check(dups_are(&p, &o, ""));
    o.near = 0;
    check(dups_are(&p, &o, ""));
  }
}

static void test_arguments(void) {
  paras_t p;
  kata_dedup_opts_t o = opts(0.8, 1);
  static const char *const t[] = {"Satu dua tiga.", "Satu dua tiga.", NULL};
  given(&p, t);
  o.shingle = 0;
  check(kata_duplicates(&A, p.texts, p.lens, p.n, &o, p.dup) == KATA_EINVAL);
  o.shingle = 6;
  check(kata_duplicates(&A, p.texts, p.lens, p.n, &o, p.dup) == KATA_EINVAL);
  o = opts(-0.01, 1);
  check(kata_duplicates(&A, p.texts, p.lens, p.n, &o, p.dup) == KATA_EINVAL);
  o = opts(1.01, 0);
  check(kata_duplicates(&A, p.texts, p.lens, p.n, &o, p.dup) == KATA_EINVAL);
  o = opts(0.0 / 0.0, 1); /* a NaN, refused as kata_index_new refuses it */
  check(kata_duplicates(&A, p.texts, p.lens, p.n, &o, p.dup) == KATA_EINVAL);
  o.near = 0;
  check(kata_duplicates(&A, p.texts, p.lens, p.n, &o, p.dup) == KATA_EINVAL);
  o = opts(-1.0 / 0.0, 1);
  check(kata_duplicates(&A, p.texts, p.lens, p.n, &o, p.dup) == KATA_EINVAL);
  o = opts(1.0 / 0.0, 1);
  check(kata_duplicates(&A, p.texts, p.lens, p.n, &o, p.dup) == KATA_EINVAL);
  o = opts(0.8, 1);
  check(kata_duplicates(&A, p.texts, p.lens, 0, &o, p.dup) == KATA_OK);
  check(ta.live == 0);
  /* empty paragraphs and invalid UTF-8 */
  {
    static const char *const u[] = {"", "...", "", "Harga \xFF naik", "harga \xFF NAIK.", NULL};
    given(&p, u);
    check(dups_are(&p, &o, "1>0e 2>0e 4>3e"));
  }
  check(kata_dedup_tails() != NULL && strcmp(kata_dedup_tails()[0], "baca juga") == 0);
}

/* kata_duplicates with the allocator failing at every call: KATA_ENOMEM
** and nothing held, until it succeeds with the answer it gives normally. */
static void sweep(paras_t *p, const kata_dedup_opts_t *o, const char *want) {
  long budget;
  int ok = 0;
  char got[512];
  for (budget = 0; budget < 5000 && !ok; budget++) {
    int rc;
    ta.calls = 0;
    ta.budget = budget;
    rc = kata_duplicates(&A, p->texts, p->lens, p->n, o, p->dup);
    check(rc == KATA_OK || rc == KATA_ENOMEM);
    check(ta.live == 0);
    ok = rc == KATA_OK;
  }
  ta.budget = -1;
  check(ok && budget > 5);
  check(strcmp(run(p, o, got, sizeof got), want) == 0);
}

static void test_alloc_failures(void) {
  size_t len;
  char *s = check_slurp("tests/fixtures/dup-en-desal.txt", &len);
  paras_t p;
  kata_dedup_opts_t o = opts(0.8, 1);
  static const char *const t[] = {
    P_ID, "\xE2\x80\x9CMENURUT  Bambang, puskesmas diminta memperketat pemantauan jentik dan "
    "segera melaporkan setiap pasien dengan demam tinggi lebih dari dua hari. Rumah sakit "
    "juga diminta menyiapkan tambahan tempat tidur untuk pasien \xEF\xBC\xA4\xEF\xBC\xA2\xEF\xBC\xA4.\xE2\x80\x9D",
    "Menurut Bambang, puskesmas diminta memperketat pemant\xE2\x80\xA6", NULL
  };
  check(s != NULL);
  if (!s) return;
  split(s, len, &p);
  sweep(&p, &o, "1>3t 8>4e 9>5e 11>6n");
  o.near = 0; /* the exact path is another */
  sweep(&p, &o, "1>3t 8>4e 9>5e");
  given(&p, t); /* text that is not ASCII */
  sweep(&p, &o, "1>0e 2>0t");
  o.near = 1;
  sweep(&p, &o, "1>0e 2>0t");
  free(s);
}

/* Paragraphs of over 1 MiB (their normalised text in a buffer of their
** length and a quarter, their shingles sorted in place): a near copy with
** one word changed, an exact copy, and every allocation failing in turn. */
static void test_long_paragraphs(void) {
  enum { NW = 160000 };
  char *big = (char *)malloc((size_t)NW * 12), *near = (char *)malloc((size_t)NW * 12);
  paras_t p;
  kata_dedup_opts_t o = opts(0.8, 1);
  size_t k = 0, i;
  check(big && near);
  if (!big || !near) {
    free(big);
    free(near);
    return;
  }
  for (i = 0; i < NW; i++) /* distinct words, a comma now and then */
    k += (size_t)sprintf(big + k, "%sw%zu", i ? (i % 17 ? " " : ", ") : "", i * 7919 % 1000003);
  check(k > 1048576);
  memcpy(near, big, k + 1);
  near[k / 2] = near[k / 2] == 'q' ? 'z' : 'q'; /* one word changed */
  p.texts[0] = big;
  p.texts[1] = near;
  p.texts[2] = big;
  p.texts[3] = "A short paragraph of its own, with nothing in common at all.";
  for (p.n = 0; p.n < 4; p.n++) {
    p.lens[p.n] = p.n == 3 ? strlen(p.texts[3]) : k;
    p.start[p.n] = 0;
  }
  check(dups_are(&p, &o, "1>0n 2>0e"));
  /* Jaccard of the two word sets: one word of NW differs */
  check(p.dup[1].similarity == (double)(NW - 1) / (double)(NW + 1));
  sweep(&p, &o, "1>0n 2>0e");
  free(big);
  free(near);
}

int main(void) {
  ta.budget = -1;
  test_english();
  test_indonesian();
  test_kinds();
  test_teasers();
  test_arguments();
  test_alloc_failures();
  test_long_paragraphs();
  check(ta.live == 0);
  return check_report("test_dedup");
}
