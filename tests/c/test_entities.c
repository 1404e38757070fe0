/*
** test_entities.c: the entity tagger through kata.h: news sentences in
** English and Indonesian with their types, spans and values, a caller's
** gazetteer, the types filter, memory, and allocation failure.
*/
#include <stdio.h>
#include <stdlib.h>

#include "check.h"

#include "entities/gazetteer.h"

static test_alloc_t ta;
static kata_allocator_t A = {test_allocf, &ta};

/* The entities of s, one "start-stop TYPE text [value]" line each. */
static int describe(kata_tagger_t *tg, const char *s, const kata_ent_opts_t *o, char *out,
                    size_t cap) {
  kata_ent_t *e = NULL;
  size_t n = 99, i, k = 0, last = 0;
  int rc = kata_entities(tg, s, strlen(s), o, &e, &n);
  out[0] = '\0';
  if (rc != KATA_OK) {
    check(e == NULL && n == 0);
    return rc;
  }
  check((n == 0) == (e == NULL));
  for (i = 0; i < n && k < cap; i++) {
    const kata_ent_t *x = &e[i];
    check(x->start >= last && x->start < x->stop && x->stop <= strlen(s)); /* in order, apart */
    check(memchr(x->value, '\0', sizeof x->value) != NULL);
    last = x->stop;
    k += (size_t)snprintf(out + k, cap - k, "%zu-%zu %s %.*s%s%s%s\n", x->start, x->stop,
                          kata_entity_type_name(x->type), (int)(x->stop - x->start),
                          s + x->start, x->value[0] ? " [" : "", x->value,
                          x->value[0] ? "]" : "");
  }
  kata_entities_free(tg, e, n);
  return KATA_OK;
}

static int tags_are(kata_tagger_t *tg, const char *s, const kata_ent_opts_t *o,
                    const char *want) {
  char got[4096];
  int rc = describe(tg, s, o, got, sizeof got);
  if (rc == KATA_OK && strcmp(got, want) == 0) return 1;
  fprintf(stderr, "  rc %d, got:\n%s  want:\n%s", rc, got, want);
  return 0;
}

/* News sentences (tests/fixtures/entities/dev, where each agrees with the
** annotation); offsets are 0-based bytes, stop exclusive. */
#define BOE "LONDON, Feb 25 (Reuters) - The Bank of England (BoE) kept interest rates at " \
  "5.25% on Thursday, its fifth hold in a row, but Governor Eleanor Whitcombe said the " \
  "Monetary Policy Committee could start cutting borrowing costs in the summer if " \
  "inflation keeps falling."
#define QUAKE "MAKASSAR, Indonesia, Feb. 26 (AP) \xE2\x80\x94 A magnitude 6.2 earthquake " \
  "shook Indonesia\xE2\x80\x99s West Sulawesi province early on Monday, killing at least 14 " \
  "people and injuring more than 300, the country\xE2\x80\x99s disaster agency said."
#define FRAUD "NEW YORK, Feb 27 (Reuters) - A federal judge in Manhattan on Tuesday " \
  "sentenced Gregory Tallis, the founder of collapsed cryptocurrency lender CoinHarbor, to " \
  "12 years in prison for defrauding customers of more than $400 million."
#define KPK "Jakarta (KN) - Komisi Pemberantasan Korupsi (KPK) menahan Bupati Tanah Laut, " \
  "Kalimantan Selatan, Syahrial Effendi dan Kepala Dinas Pekerjaan Umum dan Penataan " \
  "Ruang (PUPR) setempat, Noor Hasanah, sebagai tersangka kasus dugaan suap proyek " \
  "peningkatan jalan senilai Rp 48 miliar. Keduanya ditahan untuk 20 hari pertama di " \
  "rumah tahanan KPK sejak Kamis (6/3)."
#define BOCOR "Juru bicara BelanjaKu, Kezia Natalia Wuisan, mengatakan celah keamanan " \
  "telah ditutup dalam enam jam setelah ditemukan. Perusahaan menyampaikan permintaan " \
  "maaf lewat akun Instagram-nya dan meminta pengguna mengganti kata sandi. \"Data kartu " \
  "kredit tidak ikut bocor karena disimpan oleh mitra pembayaran kami,\" ujar Kezia. " \
  "Pengguna yang ingin bertanya dapat menghubungi privasi@belanjaku.co.id."
#define MUDIK "Polri akan menggelar Operasi Ketupat 2025 selama 17 hari dengan melibatkan " \
  "164.298 personel. Kepala Korlantas Polri Irjen Yusri Hamonangan Pasaribu mengingatkan " \
  "pemudik beristirahat setiap 4 jam berkendara. Informasi lalu lintas dapat dipantau " \
  "melalui akun @TMCPoldaMetro, laman https://mudik.kemenhub.go.id, atau call center " \
  "Jasa Marga 14080."
#define BANJIR "BANDUNG, Kompas.com - Banjir merendam 450 rumah di Kecamatan Dayeuhkolot, " \
  "Kabupaten Bandung, sejak Selasa (5/3/2024) malam."
#define BI "Gubernur BI Arief Setiawan Nugroho mengatakan keputusan itu diambil untuk " \
  "menjaga stabilitas nilai tukar rupiah di tengah ketidakpastian global, terutama " \
  "setelah bank sentral Amerika Serikat (AS), The Fed, memberi sinyal belum akan " \
  "memangkas bunga."

static void test_sentences(kata_tagger_t *tg) {
  check(tags_are(tg, BOE, NULL,
                 "0-6 LOCATION LONDON\n"
                 "8-14 DATE Feb 25\n"
                 "16-23 ORGANIZATION Reuters\n"
                 "31-46 ORGANIZATION Bank of England\n"
                 "48-51 ORGANIZATION BoE\n"
                 "76-81 PERCENT 5.25% [5.25]\n"
                 "85-93 DATE Thursday\n"
                 "133-150 PERSON Eleanor Whitcombe\n"
                 "160-185 ORGANIZATION Monetary Policy Committee\n"
                 "229-235 DATE summer\n"));
  check(tags_are(tg, QUAKE, NULL,
                 "0-8 LOCATION MAKASSAR\n"
                 "10-19 LOCATION Indonesia\n"
                 "21-28 DATE Feb. 26\n"
                 "30-32 ORGANIZATION AP\n"
                 "50-53 NUMBER 6.2 [6.2]\n"
                 "71-80 LOCATION Indonesia\n"
                 "85-98 LOCATION West Sulawesi\n"
                 "117-123 DATE Monday\n"
                 "142-144 NUMBER 14 [14]\n"
                 "175-178 NUMBER 300 [300]\n"));
  check(tags_are(tg, FRAUD, NULL,
                 "0-8 LOCATION NEW YORK\n"
                 "10-16 DATE Feb 27\n"
                 "18-25 ORGANIZATION Reuters\n"
                 "48-57 LOCATION Manhattan\n"
                 "61-68 DATE Tuesday\n"
                 "79-93 PERSON Gregory Tallis\n"
                 "142-152 ORGANIZATION CoinHarbor\n"
                 "157-165 DATE 12 years\n"
                 "214-226 MONEY $400 million [400000000 USD]\n"));
  check(tags_are(tg, KPK, NULL,
                 "0-7 LOCATION Jakarta\n"
                 "9-11 ORGANIZATION KN\n"
                 "15-43 ORGANIZATION Komisi Pemberantasan Korupsi\n"
                 "45-48 ORGANIZATION KPK\n"
                 "65-75 LOCATION Tanah Laut\n"
                 "77-95 LOCATION Kalimantan Selatan\n"
                 "97-113 PERSON Syahrial Effendi\n"
                 "125-164 ORGANIZATION Dinas Pekerjaan Umum dan Penataan Ruang\n"
                 "166-170 ORGANIZATION PUPR\n"
                 "182-194 PERSON Noor Hasanah\n"
                 "265-277 MONEY Rp 48 miliar [48000000000 IDR]\n"
                 "302-317 DATE 20 hari pertama\n"
                 "335-338 ORGANIZATION KPK\n"
                 "345-356 DATE Kamis (6/3)\n"));
  check(tags_are(tg, BOCOR, NULL,
                 "12-21 ORGANIZATION BelanjaKu\n"
                 "23-43 PERSON Kezia Natalia Wuisan\n"
                 "91-99 TIME enam jam\n"
                 "170-179 ORGANIZATION Instagram\n"
                 "313-318 PERSON Kezia\n"
                 "367-390 EMAIL privasi@belanjaku.co.id\n"));
  check(tags_are(tg, MUDIK, NULL,
                 "0-5 ORGANIZATION Polri\n"
                 "37-41 DATE 2025 [2025]\n"
                 "49-56 DATE 17 hari\n"
                 "75-82 NUMBER 164.298 [164298]\n"
                 "100-115 ORGANIZATION Korlantas Polri\n"
                 "122-147 PERSON Yusri Hamonangan Pasaribu\n"
                 "189-194 TIME 4 jam\n"
                 "257-271 MENTION @TMCPoldaMetro\n"
                 "279-307 URL https://mudik.kemenhub.go.id\n"
                 "326-336 ORGANIZATION Jasa Marga\n"
                 "337-342 NUMBER 14080 [14080]\n"));
  /* a date with its year gets an ISO value; the dateline is read as
  ** "Bandung" */
  check(tags_are(tg, BANJIR, NULL,
                 "0-7 LOCATION BANDUNG\n"
                 "9-19 ORGANIZATION Kompas.com\n"
                 "38-41 NUMBER 450 [450]\n"
                 "51-72 LOCATION Kecamatan Dayeuhkolot\n"
                 "74-91 LOCATION Kabupaten Bandung\n"
                 "99-122 DATE Selasa (5/3/2024) malam [2024-03-05]\n"));
  /* the same tagger again: the same answer (nothing left from a call) */
  check(tags_are(tg, BOE, NULL,
                 "0-6 LOCATION LONDON\n"
                 "8-14 DATE Feb 25\n"
                 "16-23 ORGANIZATION Reuters\n"
                 "31-46 ORGANIZATION Bank of England\n"
                 "48-51 ORGANIZATION BoE\n"
                 "76-81 PERCENT 5.25% [5.25]\n"
                 "85-93 DATE Thursday\n"
                 "133-150 PERSON Eleanor Whitcombe\n"
                 "160-185 ORGANIZATION Monetary Policy Committee\n"
                 "229-235 DATE summer\n"));
  /* nothing to find */
  check(tags_are(tg, "", NULL, ""));
  check(tags_are(tg, "   \n\t", NULL, ""));
  check(tags_are(tg, "harga naik lagi.", NULL, ""));
  /* invalid UTF-8 around a name and an amount */
  check(tags_are(tg, "\xFF Governor Eleanor Whitcombe \xC3 kept $400 million in reserve.\xE2\x80",
                 NULL,
                 "11-28 PERSON Eleanor Whitcombe\n"
                 "36-48 MONEY $400 million [400000000 USD]\n"));
  /* a line of capitalised words and no full stop is a headline, where
  ** only known names count: the title's name is not tagged */
  check(tags_are(tg, "Governor Eleanor Whitcombe said it kept $400 million", NULL,
                 "40-52 MONEY $400 million [400000000 USD]\n"));
}

/* A caller's gazetteer is looked up first: its phrases, types and values. */
static void test_gazetteer(kata_tagger_t *tg) {
  kata_gazetteer_t *g = kata_gazetteer_new(&A, KATA_GAZ_FOLD);
  kata_ent_opts_t o;
  const char *tsv = "bank sentral amerika serikat\tORGANIZATION\tQ53536\n"
                    "The Fed\tORGANIZATION\tQ53536\n"
                    "Arief Setiawan Nugroho\tPERSON\tgubernur-bi\n";
  size_t el;
  const char *em;
  check(g && kata_gazetteer_load(g, tsv, strlen(tsv), &el, &em) == KATA_OK);
  memset(&o, 0, sizeof o);
  /* without it: the place inside the phrase, "Fed" alone */
  check(tags_are(tg, BI, &o,
                 "9-11 ORGANIZATION BI\n"
                 "12-34 PERSON Arief Setiawan Nugroho\n"
                 "175-190 LOCATION Amerika Serikat\n"
                 "192-194 LOCATION AS\n"
                 "201-204 ORGANIZATION Fed\n"));
  o.gazetteers = &g;
  o.ngazetteers = 1;
  check(tags_are(tg, BI, &o,
                 "9-11 ORGANIZATION BI\n"
                 "12-34 PERSON Arief Setiawan Nugroho [gubernur-bi]\n"
                 "162-190 ORGANIZATION bank sentral Amerika Serikat [Q53536]\n"
                 "192-194 LOCATION AS\n"
                 "197-204 ORGANIZATION The Fed [Q53536]\n"));
  /* a value is cut to 47 bytes */
  check(kata_gazetteer_add(g, "Kompas.com", 10, KATA_ENT_ORGANIZATION,
                           "https://www.wikidata.org/wiki/Q12510000/kompas-com", 50) == KATA_OK);
  check(tags_are(tg, BANJIR, &o,
                 "0-7 LOCATION BANDUNG\n"
                 "9-19 ORGANIZATION Kompas.com [https://www.wikidata.org/wiki/Q12510000/kompas-]\n"
                 "38-41 NUMBER 450 [450]\n"
                 "51-72 LOCATION Kecamatan Dayeuhkolot\n"
                 "74-91 LOCATION Kabupaten Bandung\n"
                 "99-122 DATE Selasa (5/3/2024) malam [2024-03-05]\n"));
  kata_gazetteer_free(g);
}

static void test_types(kata_tagger_t *tg) {
  kata_ent_opts_t o;
  memset(&o, 0, sizeof o);
  o.types = 1u << KATA_ENT_MONEY | 1u << KATA_ENT_DATE | 1u << KATA_ENT_PERSON;
  check(tags_are(tg, FRAUD, &o,
                 "10-16 DATE Feb 27\n"
                 "61-68 DATE Tuesday\n"
                 "79-93 PERSON Gregory Tallis\n"
                 "157-165 DATE 12 years\n"
                 "214-226 MONEY $400 million [400000000 USD]\n"));
  o.types = 1u << KATA_ENT_URL | 1u << KATA_ENT_MENTION;
  check(tags_are(tg, MUDIK, &o,
                 "257-271 MENTION @TMCPoldaMetro\n"
                 "279-307 URL https://mudik.kemenhub.go.id\n"));
  o.types = 1u << KATA_ENT_EMAIL;
  check(tags_are(tg, BOCOR, &o, "367-390 EMAIL privasi@belanjaku.co.id\n"));
  o.types = 1u << KATA_ENT_HASHTAG;
  check(tags_are(tg, BOCOR, &o, ""));
}

/* What the allocator holds: the tagger's data, its working memory between
** calls (kata_tagger_trim gives it back), nothing for a result freed. */
static void test_memory(void) {
  kata_tagger_t *tg;
  kata_ent_t *e;
  size_t n, base, warm;
  ta.budget = -1;
  tg = kata_tagger_new(&A);
  check(tg != NULL);
  if (!tg) return;
  check(kata_tagger_model(tg, NULL, 0) == KATA_OK); /* the rules alone */
  base = ta.live;
  check(base > 100000); /* the lexicon and three gazetteers */
  check(kata_entities(tg, KPK, strlen(KPK), NULL, &e, &n) == KATA_OK && n == 14);
  check(ta.live >= base + n * sizeof *e);
  kata_entities_free(tg, e, n);
  warm = ta.live;
  check(warm > base); /* the working memory is kept */
  check(kata_entities(tg, KPK, strlen(KPK), NULL, &e, &n) == KATA_OK && n == 14);
  check(ta.live == warm + n * sizeof *e); /* a second call takes only its result */
  kata_entities_free(tg, e, n);
  check(ta.live == warm);
  kata_tagger_trim(tg);
  check(ta.live == base);
  kata_tagger_trim(tg);
  check(ta.live == base);
  /* no entity: no array, nothing to free */
  e = (kata_ent_t *)&n;
  check(kata_entities(tg, "harga naik", 10, NULL, &e, &n) == KATA_OK && n == 0 && e == NULL);
  kata_entities_free(tg, NULL, 0);
  kata_tagger_free(tg);
  check(ta.live == 0);
  kata_tagger_free(NULL);
}

/* The allocator failing at every call: KATA_ENOMEM (NULL from
** kata_tagger_new), no result, nothing held beyond the tagger's own data
** once trimmed, and then the answer of a run with memory enough. */
static void test_alloc_failures(void) {
  kata_tagger_t *tg = NULL;
  kata_gazetteer_t *g;
  kata_ent_opts_t o;
  long budget;
  size_t base, failed = 0, bad = 0;
  char want[4096], got[4096];
  int warm;
  for (budget = 0;; budget++) { /* kata_tagger_new at every allocation */
    ta.calls = 0;
    ta.budget = budget;
    tg = kata_tagger_new(&A);
    if (tg) break;
    bad += ta.live != 0;
  }
  ta.budget = -1;
  check(bad == 0 && budget > 100);
  check(kata_tagger_model(tg, NULL, 0) == KATA_OK); /* the rules alone: test_model has the model */
  g = kata_gazetteer_new(&A, KATA_GAZ_FOLD);
  check(kata_gazetteer_add(g, "bank sentral Amerika Serikat", 28, KATA_ENT_ORGANIZATION,
                           "Q53536", 6) == KATA_OK);
  base = ta.live;
  memset(&o, 0, sizeof o);
  o.gazetteers = &g;
  o.ngazetteers = 1;
  /* kata_entities, from a trimmed tagger and from a warm one */
  for (warm = 0; warm < 2; warm++) {
    const char *texts[3];
    int t;
    texts[0] = KPK;
    texts[1] = BI;
    texts[2] = BANJIR "\n\n" QUAKE;
    for (t = 0; t < 3; t++) {
      check(describe(tg, texts[t], &o, want, sizeof want) == KATA_OK);
      if (!warm) kata_tagger_trim(tg);
      for (budget = 0;; budget++) {
        int rc;
        ta.calls = 0;
        ta.budget = budget;
        rc = describe(tg, texts[t], &o, got, sizeof got);
        ta.budget = -1;
        if (!warm) kata_tagger_trim(tg);
        if (rc == KATA_OK) {
          check(strcmp(got, want) == 0);
          break;
        }
        failed++;
        bad += rc != KATA_ENOMEM || (!warm && ta.live != base);
      }
    }
  }
  check(bad == 0 && failed > 30);
  kata_tagger_trim(tg);
  check(ta.live == base);
  kata_gazetteer_free(g);
  kata_tagger_free(tg);
  check(ta.live == 0);
}

/* The name model: loaded on first use and kept; a damaged weights file
** refused (the model kept); model off is the rules alone; every failed
** allocation of loading and scoring gives KATA_ENOMEM and leaks nothing. */
/* Texts where the working copy differs from the text (possessives,
** "-based", "-nya", datelines): the model takes its tokens from the rules'
** except around those, where it tokenizes the text itself (learned.c). */
#define CHANGED1 "NEW YORK (Reuters) - Warhol's estate sold the Jakarta-based studio's " \
  "prints to Gregory Tallis's fund, and the Bank of England's data showed it."
#define CHANGED2 "JAKARTA, KOMPAS.com - Presiden Joko Widodo meminta Kezia Natalia menutup " \
  "akun Instagram-nya. Gubernur Ridwan Kamil\xE2\x80\x99s staf di Bandung-nya diam."
#define CHANGED3 "Budi's#tag and O'Neil's mail tallis's@x.com reached Jakarta\xE2\x80\x99s " \
  "mayor Anies Baswedan; Smith's. U.S.'s envoy met A's team."

static void test_model_changed_copy(kata_tagger_t *tg) {
  check(tags_are(tg, CHANGED1, NULL,
                 "0-8 LOCATION NEW YORK\n"
                 "10-17 ORGANIZATION Reuters\n"
                 "21-27 PERSON Warhol\n"
                 "46-53 LOCATION Jakarta\n"
                 "79-93 PERSON Gregory Tallis\n"
                 "110-125 ORGANIZATION Bank of England\n"));
  check(tags_are(tg, CHANGED2, NULL,
                 "0-7 LOCATION JAKARTA\n"
                 "31-42 PERSON Joko Widodo\n"
                 "51-64 PERSON Kezia Natalia\n"
                 "78-87 ORGANIZATION Instagram\n"
                 "102-114 PERSON Ridwan Kamil\n" /* the possessive outside (the model read it in) */
                 "127-134 LOCATION Bandung\n"));
  check(tags_are(tg, CHANGED3, NULL,
                 "0-4 PERSON Budi\n"
                 "6-10 HASHTAG #tag\n"
                 "15-21 ORGANIZATION O'Neil\n"
                 "52-59 LOCATION Jakarta\n"
                 "70-84 PERSON Anies Baswedan\n"
                 "86-91 PERSON Smith\n"
                 "95-99 LOCATION U.S.\n"));
}

static void test_model(void) {
  kata_tagger_t *tg = kata_tagger_new(&A), *rules = kata_tagger_new(&A);
  kata_ent_t *e;
  kata_ent_opts_t o;
  size_t n, len = 0, failed = 0, bad = 0;
  long budget;
  char want[4096], got[4096], *data = NULL;
  FILE *f = fopen("data/ner/model.bin", "rb");
  check(tg && rules);
  if (!tg || !rules) return;
  check(kata_tagger_model(rules, NULL, 0) == KATA_OK);
  check(kata_tagger_model_memory(tg) == 0); /* nothing loaded before the first call */
  check(kata_entities(tg, KPK, strlen(KPK), NULL, &e, &n) == KATA_OK && n > 0);
  kata_entities_free(tg, e, n);
  check(kata_tagger_model_memory(tg) > 1000000);
  memset(&o, 0, sizeof o);
  o.no_model = 1;
  check(describe(tg, KPK, &o, want, sizeof want) == KATA_OK);
  check(describe(rules, KPK, NULL, got, sizeof got) == KATA_OK);
  check(strcmp(want, got) == 0);
  test_model_changed_copy(tg);
  check(describe(tg, KPK, NULL, want, sizeof want) == KATA_OK);
  check(f != NULL);
  if (f) {
    data = (char *)malloc(4u << 20);
    len = data ? fread(data, 1, 4u << 20, f) : 0;
    fclose(f);
  }
  check(len > 1000);
  if (len > 1000) {
    check(kata_tagger_model(tg, data, 10) == KATA_EFORMAT);      /* truncated header */
    check(kata_tagger_model(tg, data, len - 1) == KATA_EFORMAT); /* truncated payload */
    data[len - 3] ^= 1;                                          /* a weight changed */
    check(kata_tagger_model(tg, data, len) == KATA_EFORMAT);
    data[len - 3] ^= 1;
    data[4] = 'X'; /* not a kata-ner file */
    check(kata_tagger_model(tg, data, len) == KATA_EFORMAT);
    data[4] = '-';
    check(describe(tg, KPK, NULL, got, sizeof got) == KATA_OK && strcmp(want, got) == 0);
    check(kata_tagger_model(tg, data, len) == KATA_OK); /* the same weights, given */
    check(describe(tg, KPK, NULL, got, sizeof got) == KATA_OK && strcmp(want, got) == 0);
  }
  free(data);
  check(kata_tagger_model(tg, NULL, 0) == KATA_OK); /* none: the rules */
  check(kata_tagger_model_memory(tg) == 0);
  check(kata_tagger_model(tg, "", 0) == KATA_OK); /* the built-in again */
  kata_tagger_free(rules);
  kata_tagger_free(tg);
  check(ta.live == 0);
  for (budget = 0;; budget++) { /* loading and scoring at every allocation */
    int rc;
    tg = kata_tagger_new(&A);
    ta.calls = 0;
    ta.budget = budget;
    rc = describe(tg, KPK, NULL, got, sizeof got);
    ta.budget = -1;
    kata_tagger_free(tg);
    bad += ta.live != 0;
    if (rc == KATA_OK) {
      check(strcmp(got, want) == 0);
      break;
    }
    failed++;
    bad += rc != KATA_ENOMEM;
  }
  check(bad == 0 && failed > 10);
}

int main(void) {
  kata_tagger_t *tg;
  ta.budget = -1;
  tg = kata_tagger_new(&A);
  check(tg != NULL);
  if (!tg) return check_report("test_entities");
  /* the rules alone below: the name model has its own test */
  check(kata_tagger_model(tg, NULL, 0) == KATA_OK);
  test_sentences(tg);
  test_gazetteer(tg);
  test_types(tg);
  kata_tagger_free(tg);
  check(ta.live == 0);
  test_memory();
  test_alloc_failures();
  check(ta.live == 0);
  test_model();
  check(ta.live == 0);
  return check_report("test_entities");
}
