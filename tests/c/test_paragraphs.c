/*
** test_paragraphs.c: paragraph splitting through kata.h: the mode a text
** resolves to, blank-line, line and hard-wrap rules, every line end,
** trimming and offsets, the fixtures' contract, and unique paragraphs.
*/
#include "check.h"
#include "internal.h"

static test_alloc_t ta;
static kata_allocator_t A = {test_allocf, &ta};

/* The paragraphs of s[0, len) in mode as "a-b a-b ..." (0-based, stop
** exclusive), in out; checks that *pos only moves forward and ends at len. */
static const char *spans_n(const char *s, size_t len, kata_parmode_t mode, char *out,
                           size_t cap) {
  size_t pos = 0, a, b, k = 0, last = 0;
  out[0] = '\0';
  while (kata_paragraph_next(s, len, &pos, mode, &a, &b)) {
    check(a >= last && a < b && b <= pos && pos <= len);
    last = pos;
    k += (size_t)snprintf(out + k, cap - k, "%s%zu-%zu", k ? " " : "", a, b);
    if (k >= cap) break;
  }
  check(pos == len);
  return out;
}

/* Are the paragraphs of s in mode exactly want? Prints them when not. */
static int spans_are(const char *s, kata_parmode_t mode, const char *want) {
  char got[1024];
  spans_n(s, strlen(s), mode, got, sizeof got);
  if (strcmp(got, want) == 0) return 1;
  fprintf(stderr, "  mode %d: got \"%s\", want \"%s\"\n", (int)mode, got, want);
  return 0;
}

/* The texts of the paragraphs of s in mode, joined by '|'. */
static int texts_are(const char *s, kata_parmode_t mode, const char *want) {
  char got[2048];
  size_t len = strlen(s), pos = 0, a, b, k = 0;
  got[0] = '\0';
  while (kata_paragraph_next(s, len, &pos, mode, &a, &b) && k + (b - a) + 2 < sizeof got) {
    if (k) got[k++] = '|';
    memcpy(got + k, s + a, b - a);
    k += b - a;
    got[k] = '\0';
  }
  if (strcmp(got, want) == 0) return 1;
  fprintf(stderr, "  mode %d: got \"%s\"\n  want \"%s\"\n", (int)mode, got, want);
  return 0;
}

static void test_mode(void) {
  size_t len;
  char *s;
  check(kata_paragraph_mode("", 0) == KATA_PAR_WRAP);
  check(kata_paragraph_mode("Judul\nIsi berita.", 17) == KATA_PAR_WRAP);
  check(kata_paragraph_mode("Judul\n\nIsi berita.", 18) == KATA_PAR_BLANK);
  check(kata_paragraph_mode("Judul\n \t\nIsi.", 13) == KATA_PAR_BLANK);
  check(kata_paragraph_mode("Judul\r\n\r\nIsi.", 13) == KATA_PAR_BLANK);
  /* a line of no-break space or ideographic space is blank */
  check(kata_paragraph_mode("Judul\n\xC2\xA0\nIsi.", 13) == KATA_PAR_BLANK);
  check(kata_paragraph_mode("Judul\n\xE3\x80\x80\nIsi.", 14) == KATA_PAR_BLANK);
  /* two U+2028 make a blank line; one U+2029 does not */
  check(kata_paragraph_mode("A\xE2\x80\xA8\xE2\x80\xA8" "B", 8) == KATA_PAR_BLANK);
  check(kata_paragraph_mode("A\xE2\x80\xA9" "B", 5) == KATA_PAR_WRAP);
  /* blank lines before the first line or after the last do not count */
  check(kata_paragraph_mode("\n\n\nJudul\nIsi\n\n\n", 15) == KATA_PAR_WRAP);
  check(kata_paragraph_mode(" \n\t\n", 4) == KATA_PAR_WRAP);
  /* a zero-width space alone is not text: the line is blank */
  check(kata_paragraph_mode("A\n\xE2\x80\x8B\nB", 7) == KATA_PAR_BLANK);
  s = check_slurp("tests/fixtures/dup-id-dermaga.txt", &len);
  check(s && kata_paragraph_mode(s, len) == KATA_PAR_WRAP);
  free(s);
  s = check_slurp("tests/fixtures/dup-en-desal.txt", &len);
  check(s && kata_paragraph_mode(s, len) == KATA_PAR_BLANK);
  free(s);
  s = check_slurp("samples/berita.txt", &len);
  check(s && kata_paragraph_mode(s, len) == KATA_PAR_BLANK);
  free(s);
}

static void test_trim(void) {
  static const struct {
    const char *s;
    size_t a, b;
  } cases[] = {
    {"  Harga naik.  ", 2, 13},
    {"\t\r\n Harga\n", 4, 9},
    {"\xC2\xA0Harga\xE3\x80\x80", 2, 7},             /* NBSP, ideographic space */
    {"\xE2\x80\x8BHarga\xE2\x80\x8B", 0, 11},         /* U+200B is not White_Space */
    {"\xC2\x85Harga\xE2\x80\xA8\xE2\x80\xA9", 2, 7}, /* NEL, LS, PS */
    {"Harga\xC2", 0, 6},                              /* a cut sequence stays */
    {"\xFF Harga \xFF", 0, 9},
    {" \t \n", 4, 4},
    {"", 0, 0},
  };
  size_t i;
  for (i = 0; i < sizeof cases / sizeof *cases; i++) {
    size_t a = 0, b = strlen(cases[i].s);
    kata_trim(cases[i].s, &a, &b);
    if (!(a == cases[i].a && b == cases[i].b)) {
      check(0);
      fprintf(stderr, "  trim case %zu: [%zu, %zu)\n", i, a, b);
    }
  }
  { /* a range inside a text: nothing outside it is looked at */
    const char *s = "x  Rp4,7 miliar  y";
    size_t a = 1, b = 17;
    kata_trim(s, &a, &b);
    check(a == 3 && b == 15);
  }
}

static void test_blank(void) {
  check(spans_are("  Satu.\n\n Dua. \n", KATA_PAR_BLANK, "2-7 10-14"));
  check(spans_are("Judul\nSubjudul singkat\n\nIsi berita baris satu.\nBaris dua.\n",
                  KATA_PAR_BLANK, "0-22 24-57"));
  /* a run of blank lines, of spaces and tabs, is one separator */
  check(spans_are("Pertama.\n\n\n \n\t\n\nKedua.", KATA_PAR_BLANK, "0-8 16-22"));
  /* the white space inside a paragraph stays, around it goes */
  check(spans_are("\n\n   Satu\n   dua  \n\n", KATA_PAR_BLANK, "5-16"));
  /* bytes, not characters: curly quotes and an em dash */
  check(spans_are("Rapat \xE2\x80\x9C" "darurat\xE2\x80\x9D digelar.\n\n"
                  "Warga menolak relokasi \xE2\x80\x94 lagi.",
                  KATA_PAR_BLANK, "0-28 30-62"));
  check(spans_are("", KATA_PAR_BLANK, ""));
  check(spans_are("\n \t\n\xC2\xA0\n", KATA_PAR_BLANK, ""));
  check(spans_are("x", KATA_PAR_BLANK, "0-1"));
}

static void test_line_ends(void) {
  /* every kind of line end, in LINE mode and as blank lines in BLANK mode */
  static const char *const ends[] = {"\n", "\r\n", "\r", "\xC2\x85", "\xE2\x80\xA8",
                                     "\xE2\x80\xA9", "\v", "\f", NULL};
  size_t e;
  for (e = 0; ends[e]; e++) {
    const char *E = ends[e];
    size_t n = strlen(E);
    char s[128], want[128];
    snprintf(s, sizeof s, "Judul%s%sBaris satu%sbaris dua%s%sPenutup%s", E, E, E, E, E, E);
    /* Judul | Baris satu E baris dua | Penutup */
    snprintf(want, sizeof want, "0-5 %zu-%zu %zu-%zu", 5 + 2 * n, 5 + 2 * n + 10 + n + 9,
             5 + 2 * n + 10 + n + 9 + 2 * n, 5 + 2 * n + 10 + n + 9 + 2 * n + 7);
    check(spans_are(s, KATA_PAR_BLANK, want));
    check(kata_paragraph_mode(s, strlen(s)) == KATA_PAR_BLANK);
    check(texts_are(s, KATA_PAR_LINE, "Judul|Baris satu|baris dua|Penutup"));
  }
  /* mixed in one text */
  check(spans_are("A\r\nB\rC\nD\xC2\x85" "E\xE2\x80\xA8" "F\xE2\x80\xA9" "G", KATA_PAR_LINE,
                  "0-1 3-4 5-6 7-8 10-11 14-15 18-19"));
  /* CRLF then LF is a blank line; a lone 0x85, NBSP and tab are not ends */
  check(texts_are("A\r\n\nB", KATA_PAR_BLANK, "A|B"));
  check(texts_are("satu\x85" "dua\xC2\xA0tiga\tempat", KATA_PAR_LINE,
                  "satu\x85" "dua\xC2\xA0tiga\tempat"));
  /* a cut U+2028 at the very end is a byte of text, not a line end */
  check(spans_are("Satu\n\nDua\xE2\x80", KATA_PAR_BLANK, "0-4 6-11"));
}

/* Hard-wrapped lines: what WRAP joins and where it stops. */
static void test_wrap(void) {
  const char *l1 = "Warga Kelurahan Tambak Lorok, Semarang, kembali harus mengungsi";
  const char *l2 = "ke balai kelurahan pada Rabu malam setelah air laut pasang";
  const char *l3 = "menggenangi permukiman setinggi lutut orang dewasa, sementara";
  const char *l4 = "pompa air milik pemerintah kota belum bisa dioperasikan.";
  char s[1024], want[1024];
  snprintf(s, sizeof s, "Banjir rob di Semarang\n%s\n%s\n%s\n%s\nKerugian belum dihitung", l1,
           l2, l3, l4);
  snprintf(want, sizeof want, "Banjir rob di Semarang|%s\n%s\n%s\n%s|Kerugian belum dihitung",
           l1, l2, l3, l4);
  check(texts_are(s, KATA_PAR_WRAP, want));
  check(spans_are(s, KATA_PAR_WRAP, "0-22 23-264 265-288"));
  /* LINE never joins; BLANK takes the whole */
  snprintf(want, sizeof want, "Banjir rob di Semarang|%s|%s|%s|%s|Kerugian belum dihitung", l1,
           l2, l3, l4);
  check(texts_are(s, KATA_PAR_LINE, want));
  check(spans_are(s, KATA_PAR_BLANK, "0-288"));
  /* across CRLF, which stays inside the paragraph */
  snprintf(s, sizeof s, "%s\r\n%s\r\n", l1, l2);
  check(spans_are(s, KATA_PAR_WRAP, "0-123"));
  /* a sentence's end stops the run: . ! ? and the ellipsis, also before
  ** closing quotes and brackets */
  check(texts_are("Petugas menutup jalan menuju pelabuhan sejak pukul enam pagi.\n"
                  "Antrean truk logistik mengular hingga tiga kilometer ke arah tol,\n"
                  "dan sopir mengaku belum makan sejak semalam.\n"
                  "Polisi mengalihkan arus kendaraan ke Jalan Arteri Yos Sudarso.",
                  KATA_PAR_WRAP,
                  "Petugas menutup jalan menuju pelabuhan sejak pukul enam pagi.|"
                  "Antrean truk logistik mengular hingga tiga kilometer ke arah tol,\n"
                  "dan sopir mengaku belum makan sejak semalam.|"
                  "Polisi mengalihkan arus kendaraan ke Jalan Arteri Yos Sudarso."));
  check(texts_are("Kata Sutrisno, \xE2\x80\x9Cwarga diminta tetap waspada malam ini.\xE2\x80\x9D\n"
                  "sementara hujan masih turun.", KATA_PAR_WRAP,
                  "Kata Sutrisno, \xE2\x80\x9Cwarga diminta tetap waspada malam ini.\xE2\x80\x9D|"
                  "sementara hujan masih turun."));
  check(texts_are("Menurut warga, genangan sudah terjadi sejak pekan lalu\xE2\x80\xA6\n"
                  "sementara hujan masih turun.", KATA_PAR_WRAP,
                  "Menurut warga, genangan sudah terjadi sejak pekan lalu\xE2\x80\xA6|"
                  "sementara hujan masih turun."));
  /* 30 code points join, 29 do not; 100 join, 101 do not */
  check(texts_are("Air sungai meluap ke 12 rumah,\nlalu surut menjelang tengah malam.",
                  KATA_PAR_WRAP, "Air sungai meluap ke 12 rumah,\nlalu surut menjelang tengah malam."));
  check(texts_are("Air sungai meluap ke 2 rumah,\nlalu surut menjelang tengah malam.",
                  KATA_PAR_WRAP, "Air sungai meluap ke 2 rumah,|lalu surut menjelang tengah malam."));
  {
    const char *head = "Tim SAR gabungan dari Basarnas, TNI, Polri, dan relawan menyusuri aliran "
                       "sungai sejauh ";
    const char *next = "tetapi korban yang hanyut belum juga ditemukan hingga Kamis sore.";
    snprintf(s, sizeof s, "%s15 kilometer,\n%s", head, next);
    check(texts_are(s, KATA_PAR_WRAP, s));
    snprintf(s, sizeof s, "%s150 kilometer,\n%s", head, next);
    snprintf(want, sizeof want, "%s150 kilometer,|%s", head, next);
    check(texts_are(s, KATA_PAR_WRAP, want));
  }
  /* widths in code points: 29 code points in 30 bytes do not join */
  check(texts_are("Festival kuliner Kampung Caf\xC3\xA9\ndigelar di alun-alun kota mulai Jumat.",
                  KATA_PAR_WRAP,
                  "Festival kuliner Kampung Caf\xC3\xA9|digelar di alun-alun kota mulai Jumat."));
  /* a next line wider than w + w/4 + 8 starts a run of its own: 60, then 84 */
  check(texts_are("Pemerintah kota menyiapkan 40 tenda darurat di halaman balai\n"
                  "kelurahan serta empat dapur umum yang dikelola relawan PMI dan Taruna Siaga Bencana,\n"
                  "bagi sekitar 300 pengungsi.", KATA_PAR_WRAP,
                  "Pemerintah kota menyiapkan 40 tenda darurat di halaman balai|"
                  "kelurahan serta empat dapur umum yang dikelola relawan PMI dan Taruna Siaga Bencana,\n"
                  "bagi sekitar 300 pengungsi."));
  /* a "Baca juga" line is never joined, nor joins what follows */
  check(texts_are("Harga cabai rawit di Pasar Johar kembali naik pada Senin,\n"
                  "Baca juga: Harga bawang merah turun di Brebes dan Tegal\n"
                  "menurut pedagang yang ditemui di pasar itu pada pagi hari", KATA_PAR_WRAP,
                  "Harga cabai rawit di Pasar Johar kembali naik pada Senin,|"
                  "Baca juga: Harga bawang merah turun di Brebes dan Tegal|"
                  "menurut pedagang yang ditemui di pasar itu pada pagi hari"));
  /* a blank line ends the run */
  snprintf(s, sizeof s, "%s\n\n%s", l1, l2);
  check(spans_are(s, KATA_PAR_WRAP, "0-63 65-123"));
}

/* Every paragraph of a fixture, in every mode: inside the text, in order,
** not empty, with no White_Space at either end (kata_trim leaves it). */
static void test_contract(void) {
  static const char *const files[] = {
    "samples/berita.txt", "tests/fixtures/dup-id-dermaga.txt", "tests/fixtures/dup-en-desal.txt",
    "tests/fixtures/id-dbd-sleman.txt", "tests/fixtures/en-airline-grounding.txt", NULL
  };
  size_t f;
  int m;
  for (f = 0; files[f]; f++) {
    size_t len, pos, a, b;
    char *s = check_slurp(files[f], &len);
    check(s != NULL);
    if (!s) continue;
    for (m = KATA_PAR_BLANK; m <= KATA_PAR_WRAP; m++) {
      size_t last = 0, n = 0, bad = 0;
      pos = 0;
      while (kata_paragraph_next(s, len, &pos, (kata_parmode_t)m, &a, &b)) {
        size_t ta_ = a, tb = b;
        kata_trim(s, &ta_, &tb);
        bad += !(a >= last && a < b && b <= len && ta_ == a && tb == b);
        last = b;
        n++;
      }
      check(bad == 0 && n > 0);
    }
    free(s);
  }
}

/* The fixtures' paragraphs, where they are. */
static void test_fixtures(void) {
  size_t len;
  char *s = check_slurp("tests/fixtures/dup-id-dermaga.txt", &len);
  char got[1024];
  check(s != NULL);
  if (!s) return;
  /* a hard-wrapped lead of five lines, eight long lines, the same eight
  ** again (a scraper saved the body twice), a source line */
  check(strcmp(spans_n(s, len, KATA_PAR_WRAP, got, sizeof got),
               "0-292 293-468 469-621 622-762 763-904 905-1030 1031-1115 1116-1268 1269-1400 "
               "1401-1576 1577-1729 1730-1870 1871-2012 2013-2138 2139-2223 2224-2376 2377-2508 "
               "2509-2530") == 0);
  check(memcmp(s, "Makassar (WP)", 13) == 0 && memcmp(s + 288, "gan.", 4) == 0);
  check(memcmp(s + 2509, "Sumber: Warta Pesisir", 21) == 0 && len == 2531);
  /* LINE splits the lead into its five lines */
  check(strncmp(spans_n(s, len, KATA_PAR_LINE, got, sizeof got),
                "0-65 66-129 130-194 195-257 258-292 293-468 ", 44) == 0);
  free(s);
  s = check_slurp("tests/fixtures/dup-en-desal.txt", &len);
  check(s != NULL);
  if (!s) return;
  check(strcmp(spans_n(s, len, KATA_PAR_BLANK, got, sizeof got),
               "0-61 63-214 216-249 251-474 476-489 491-697 699-868 870-1108 1110-1123 "
               "1125-1335 1337-1504 1506-1737 1739-1802") == 0);
  /* its "Read more" line stays with the paragraph above it */
  check(memcmp(s + 1676, "Read more: Drought leaves Port Wessex reservoir at record low", 61) == 0);
  free(s);
}

/* Unique paragraphs: the paragraphs, then those not an exact duplicate of
** an earlier one (kata_duplicates without near matching). Returns how
** many are unique, their indices in uniq, or a negative error. */
static long unique_paragraphs(const char *s, size_t len, size_t *uniq, size_t cap) {
  const char *texts[64];
  size_t lens[64], n = 0, pos = 0, a, b, i;
  kata_parmode_t mode = kata_paragraph_mode(s, len);
  kata_dedup_opts_t o;
  kata_dup_t *dup;
  long k = 0;
  int rc;
  memset(&o, 0, sizeof o);
  o.threshold = 0.8;
  o.min_words = 5;
  o.shingle = 1;
  while (n < 64 && kata_paragraph_next(s, len, &pos, mode, &a, &b)) {
    texts[n] = s + a;
    lens[n++] = b - a;
  }
  dup = (kata_dup_t *)malloc(n * sizeof *dup + 1);
  rc = kata_duplicates(&A, texts, lens, n, &o, dup);
  for (i = 0; rc == KATA_OK && i < n; i++)
    if (dup[i].kind == 0 && (size_t)k < cap) uniq[k++] = i;
  free(dup);
  return rc == KATA_OK ? k : rc;
}

static void test_unique(void) {
  size_t len, uniq[64], k;
  char *s = check_slurp("tests/fixtures/dup-id-dermaga.txt", &len);
  long n, budget;
  int ok = 0;
  check(s != NULL);
  if (!s) return;
  ta.budget = -1;
  n = unique_paragraphs(s, len, uniq, 64);
  check(n == 10); /* the lead, eight, the source line */
  for (k = 0; k < 9 && n == 10; k++) check(uniq[k] == k);
  check(n == 10 && uniq[9] == 17);
  check(ta.live == 0);
  /* the allocator failing at every call: an error and nothing held, then
  ** the same answer */
  for (budget = 0; budget < 1000 && !ok; budget++) {
    ta.calls = 0;
    ta.budget = budget;
    n = unique_paragraphs(s, len, uniq, 64);
    check(n == 10 || n == KATA_ENOMEM);
    check(ta.live == 0);
    ok = n == 10;
  }
  check(ok && budget > 3);
  ta.budget = -1;
  free(s);
  /* case, spacing, quotes and the trailing full stop do not make it new */
  s = "Harga telur naik.\n\nHARGA  telur   naik\n\n\xE2\x80\x9CHarga telur naik\xE2\x80\x9D\n\n"
      "Harga telur turun.";
  n = unique_paragraphs(s, strlen(s), uniq, 64);
  check(n == 2 && uniq[0] == 0 && uniq[1] == 3);
  check(ta.live == 0);
}

typedef struct pieces {
  kata_buf_t all;
  size_t n, chunk;
  int bad; /* a piece over chunk bytes but for its last paragraph */
} pieces_t;

static int take_piece(void *ud, const char *s, size_t len) {
  pieces_t *p = (pieces_t *)ud;
  size_t i, last = 0;
  int any = 0;
  /* the last blank line inside the piece (it is not a C string: the
  ** piece's bytes only) */
  for (i = 0; i + 1 < len; i++)
    if (s[i] == '\n' && s[i + 1] == '\n') {
      last = i;
      any = 1;
    }
  if (p->chunk && any && last >= p->chunk) p->bad = 1;
  p->n++;
  if (p->all.len && kata_buf_append(&A, &p->all, "\n\n", 2) != KATA_OK) return KATA_ENOMEM;
  return kata_buf_append(&A, &p->all, s, len);
}

/* kata__unique_paragraphs_each: the pieces, joined by blank lines, are
** kata_unique_paragraphs' text, whatever the chunk; allocation failures. */
static void test_unique_each(void) {
  static const char *const texts[] = {
    "Harga telur naik.\n\nHARGA  telur   naik\n\n\xE2\x80\x9CHarga telur naik\xE2\x80\x9D\n\n"
    "Harga telur turun.\n\nCafe\xCC\x81 buka.\n\nCAF\xC3\x89 buka\n\n...\n\n!!\n\n"
    "Stra\xC3\x9F" "e ditutup\n\nSTRASSE DITUTUP.\n\n  Harga telur turun.  \r\n",
    "one line\ntwo line\none line\n",
    "   \n\n  ", ""};
  size_t t, c, budget;
  for (t = 0; t < sizeof texts / sizeof *texts; t++) {
    const char *s = texts[t];
    kata_buf_t whole;
    static const size_t chunks[] = {0, 1, 20, 1000};
    kata_buf_init(&whole);
    ta.budget = -1;
    check(kata_unique_paragraphs(&A, s, strlen(s), &whole) == KATA_OK);
    for (c = 0; c < sizeof chunks / sizeof *chunks; c++) {
      pieces_t p;
      memset(&p, 0, sizeof p);
      p.chunk = chunks[c];
      check(kata__unique_paragraphs_each(&A, s, strlen(s), p.chunk, take_piece, &p) == KATA_OK);
      check(p.all.len == whole.len && (!whole.len || memcmp(p.all.data, whole.data, whole.len) == 0));
      check(!p.bad && (p.chunk != 1 || t != 0 || p.n == 5) && (p.chunk || p.n <= 1));
      kata_buf_free(&A, &p.all);
    }
    kata_buf_free(&A, &whole);
    check(ta.live == 0);
  }
  /* case, quotes, the final stop, NFC and full case folding (e + U+0301
  ** is U+00E9; sharp s folds to ss) do not make a paragraph new */
  {
    kata_buf_t u;
    const char *want = "Harga telur naik.\n\nHarga telur turun.\n\nCafe\xCC\x81 buka.\n\n...\n\n"
                       "Stra\xC3\x9F" "e ditutup";
    kata_buf_init(&u);
    check(kata_unique_paragraphs(&A, texts[0], strlen(texts[0]), &u) == KATA_OK);
    check(u.len == strlen(want) && memcmp(u.data, want, u.len) == 0);
    kata_buf_free(&A, &u);
  }
  for (budget = 0; budget < 2000; budget++) {
    pieces_t p;
    int rc;
    memset(&p, 0, sizeof p);
    p.chunk = 20;
    ta.calls = 0;
    ta.budget = (long)budget;
    rc = kata__unique_paragraphs_each(&A, texts[0], strlen(texts[0]), p.chunk, take_piece, &p);
    ta.budget = -1;
    kata_buf_free(&A, &p.all);
    check(rc == KATA_OK || rc == KATA_ENOMEM);
    check(ta.live == 0);
    if (rc == KATA_OK) break;
  }
  check(budget > 3 && budget < 2000);
  ta.budget = -1;
}

int main(void) {
  ta.budget = -1;
  test_unique_each();
  test_mode();
  test_trim();
  test_blank();
  test_line_ends();
  test_wrap();
  test_contract();
  test_fixtures();
  test_unique();
  check(ta.live == 0);
  return check_report("test_paragraphs");
}
