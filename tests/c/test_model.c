/*
** test_model.c: the name model's C scorer (src/core/entities/model.c)
** against the trainer's Lua scorer: every token of the texts in
** tests/fixtures/ner/tokens.tsv (written by tools/train_ner.lua --fixture
** from data/ner/model.bin) must get the label Lua gave it. Then damaged
** files refused, limits, bad tokens, and allocation failure at every step.
*/
#include "check.h"

#include "entities/model.h"

static test_alloc_t ta;
static kata_allocator_t A = {test_allocf, &ta};

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *p;
  long n;
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  p = (char *)malloc((size_t)n + 1);
  if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
    free(p);
    p = NULL;
  }
  fclose(f);
  if (p) p[n] = 0, *len = (size_t)n;
  return p;
}

static const char *const LABEL[] = {"O", "B-PER", "I-PER", "B-LOC",
                                    "I-LOC", "B-ORG", "I-ORG"};

/* "B-PER" -> a gazetteer tag, "I-DATE" -> a rule tag; 0 for "O". */
static unsigned char tag_of(const char *z, int gazetteer) {
  int type, i;
  static const char *const SHORT[] = {"PER", "LOC", "ORG"};
  if (strcmp(z, "O") == 0) return 0;
  if (gazetteer) {
    for (i = 0; i < 3; i++)
      if (strcmp(z + 2, SHORT[i]) == 0) return KATA__NER_TAG(KATA_ENT_PERSON + i, z[0] == 'I');
    return 255;
  }
  type = kata_entity_type_of(z + 2, strlen(z + 2));
  return type > 0 ? KATA__NER_TAG(type, z[0] == 'I') : 255;
}

static int kind_of(const char *z) {
  int k;
  for (k = 0; k < KATA_NKINDS; k++)
    if (strcmp(kata_kind_name((kata_kind_t)k), z) == 0) return k;
  return -1;
}

typedef struct doc {
  char *text;
  size_t len, n;
  kata__ner_tok_t tok[4096];
  unsigned char want[4096];
} doc_t;

static doc_t D;
static int ndocs, ntokens, nnames, disagree;

/* Labels D's tokens and compares them with Lua's. */
static void run_doc(const kata__ner_model_t *m) {
  unsigned char got[4096];
  size_t i;
  int rc;
  if (!D.text) return;
  memset(got, 99, sizeof got);
  rc = kata__ner_tag(&A, m, D.text, D.len, D.tok, D.n, got);
  check(rc == KATA_OK);
  for (i = 0; i < D.n; i++) {
    ntokens++;
    if (D.want[i] == KATA__NER_B_PER || D.want[i] == KATA__NER_B_LOC || D.want[i] == KATA__NER_B_ORG)
      nnames++;
    if (got[i] != D.want[i] && disagree++ < 10)
      fprintf(stderr, "token %lu (%.*s): C %s, Lua %s\n", (unsigned long)i,
              (int)(D.tok[i].stop - D.tok[i].start), D.text + D.tok[i].start,
              got[i] < 7 ? LABEL[got[i]] : "?", LABEL[D.want[i]]);
  }
  ndocs++;
  free(D.text);
  D.text = NULL;
}

static void test_against_lua(const kata__ner_model_t *m) {
  FILE *f = fopen("tests/fixtures/ner/tokens.tsv", "r");
  char line[1024];
  check(f != NULL);
  if (!f) return;
  D.text = NULL;
  while (fgets(line, sizeof line, f)) {
    char kind[32], lex[512], gaz[32], gazf[32], rule[32], label[16], path[512];
    unsigned long a, b;
    if (line[0] == '#') continue;
    if (sscanf(line, "file\t%511s", path) == 1) {
      run_doc(m);
      D.text = slurp(path, &D.len);
      D.n = 0;
      check(D.text != NULL);
      continue;
    }
    if (sscanf(line, "%lu\t%lu\t%31s\t%511s\t%31s\t%31s\t%31s\t%15s", &a, &b, kind, lex, gaz,
               gazf, rule, label) == 8 && D.text && D.n < 4096) {
      kata__ner_tok_t *t = &D.tok[D.n];
      int l;
      t->start = a, t->stop = b;
      t->kind = (kata_kind_t)kind_of(kind);
      t->lex = 0;
      if (strcmp(lex, "-") != 0) {
        char *p = lex;
        while (*p) {
          size_t k = strcspn(p, ",");
          int bit = kata__ner_lex_class(p, k);
          check(bit >= 0);
          if (bit >= 0) t->lex |= (uint64_t)1 << bit;
          p += k + (p[k] == ',');
        }
      }
      t->gaz = tag_of(gaz, 1);
      t->gazf = tag_of(gazf, 1);
      t->rule = tag_of(rule, 0);
      check(t->gaz != 255 && t->gazf != 255 && t->rule != 255 && (int)t->kind >= 0);
      for (l = 0; l < 7 && strcmp(LABEL[l], label) != 0; l++) {
      }
      check(l < 7);
      D.want[D.n++] = (unsigned char)l;
    }
  }
  run_doc(m);
  fclose(f);
  printf("test_model: %d texts, %d tokens, %d names by the Lua scorer, %d labels differ\n", ndocs,
         ntokens, nnames, disagree);
  check(ndocs >= 4 && ntokens > 1000 && nnames > 50);
  check(disagree == 0);
}

/* A copy of the file with `fn` applied; loads it and returns the code. */
static int load_changed(const char *data, size_t len, void (*fn)(char *, size_t *)) {
  char *p = (char *)malloc(len + 16);
  size_t n = len;
  kata__ner_model_t *m = (kata__ner_model_t *)&n; /* must come back NULL */
  int rc;
  memcpy(p, data, len);
  fn(p, &n);
  rc = kata__ner_load(&A, p, n, &m);
  check((rc == KATA_OK) == (m != NULL));
  kata__ner_free(&A, m);
  free(p);
  return rc;
}

static size_t header_len(const char *p) { return (size_t)(strchr(p, '\n') - p); }
static void nothing(char *p, size_t *n) { (void)p, (void)n; }
static void truncate1(char *p, size_t *n) { (void)p, (*n)--; }
static void truncate_header(char *p, size_t *n) { *n = header_len(p) / 2; }
static void extra(char *p, size_t *n) { p[(*n)++] = 0; }
static void flip_weight(char *p, size_t *n) { p[*n - 3] ^= 0x10; }
static void flip_bitmap(char *p, size_t *n) { (void)n, p[header_len(p) + 100] ^= 0x01; }
static void bad_magic(char *p, size_t *n) { (void)n, p[9] = '2'; }
static void bad_checksum(char *p, size_t *n) {
  char *c = strstr(p, "checksum=") + 9;
  (void)n;
  *c = *c == '0' ? '1' : '0';
}
static void bad_labels(char *p, size_t *n) { (void)n, strstr(p, "B-PER")[2] = 'Q'; }
static void bad_features(char *p, size_t *n) { (void)n, strstr(p, "features=1")[9] = '2'; }
static void bad_buckets(char *p, size_t *n) { (void)n, memcpy(strstr(p, "buckets=") + 8, "3", 1); }
static void no_newline(char *p, size_t *n) { memset(p + 11, 'x', *n - 11); }
static void empty(char *p, size_t *n) { (void)p, *n = 0; }

static void test_damaged(const char *data, size_t len) {
  size_t live = ta.live;
  check(load_changed(data, len, nothing) == KATA_OK);
  check(load_changed(data, len, truncate1) == KATA_EFORMAT);
  check(load_changed(data, len, truncate_header) == KATA_EFORMAT);
  check(load_changed(data, len, extra) == KATA_EFORMAT);
  check(load_changed(data, len, flip_weight) == KATA_EFORMAT);
  check(load_changed(data, len, flip_bitmap) == KATA_EFORMAT);
  check(load_changed(data, len, bad_magic) == KATA_EFORMAT);
  check(load_changed(data, len, bad_checksum) == KATA_EFORMAT);
  check(load_changed(data, len, bad_labels) == KATA_EFORMAT);
  check(load_changed(data, len, bad_features) == KATA_EFORMAT);
  check(load_changed(data, len, bad_buckets) == KATA_EFORMAT);
  check(load_changed(data, len, no_newline) == KATA_EFORMAT);
  check(load_changed(data, len, empty) == KATA_EFORMAT);
  check(ta.live == live);
}

/* A small model made here: 8 buckets, one weight, and its checksum. */
static void test_tiny(void) {
  static const char head[] = "kata-ner 1 features=1 labels=O,B-PER,I-PER,B-LOC,I-LOC,B-ORG,I-ORG "
                             "buckets=8 used=1 hash=fnv1a32 checksum=%08x rules=no\n";
  unsigned char pay[1 + 14];
  char file[512];
  uint32_t h = 2166136261u;
  size_t i, n;
  kata__ner_model_t *m = NULL;
  kata__ner_tok_t t[2];
  unsigned char lab[2];
  const char *s = "Budi datang";
  memset(pay, 0, sizeof pay);
  pay[0] = 0x04;           /* bucket 2 */
  pay[1 + 2 * 1] = 0x10;   /* B-PER: 16 */
  for (i = 0; i < sizeof pay; i++) h = (h ^ pay[i]) * 16777619u;
  n = (size_t)snprintf(file, sizeof file, head, (unsigned)h);
  memcpy(file + n, pay, sizeof pay);
  check(kata__ner_load(&A, file, n + sizeof pay, &m) == KATA_OK);
  if (!m) return;
  check(!kata__ner_uses_rules(m));
  check(kata__ner_memory(m) >= 8 * 7 * 2);
  memset(t, 0, sizeof t);
  t[0].start = 0, t[0].stop = 4, t[0].kind = KATA_WORD;
  t[1].start = 5, t[1].stop = 11, t[1].kind = KATA_WORD;
  check(kata__ner_tag(&A, m, s, strlen(s), t, 2, lab) == KATA_OK);
  /* "datang" has no capital: not read, so O whatever the weights */
  check(lab[1] == KATA__NER_O);
  check(lab[0] == KATA__NER_O || lab[0] == KATA__NER_B_PER);
  /* bad tokens */
  t[1].start = 2;
  check(kata__ner_tag(&A, m, s, strlen(s), t, 2, lab) == KATA_EINVAL);
  t[1].start = 5, t[1].stop = 12;
  check(kata__ner_tag(&A, m, s, strlen(s), t, 2, lab) == KATA_EINVAL);
  t[1].stop = 11, t[1].gaz = KATA__NER_TAG(KATA_ENT_DATE, 0);
  check(kata__ner_tag(&A, m, s, strlen(s), t, 2, lab) == KATA_EINVAL);
  t[1].gaz = 0, t[1].rule = 99;
  check(kata__ner_tag(&A, m, s, strlen(s), t, 2, lab) == KATA_EINVAL);
  t[1].rule = 0;
  check(kata__ner_tag(&A, m, s, strlen(s), t, 0, lab) == KATA_OK);
  check(kata__ner_tag(&A, m, s, strlen(s), t, ((size_t)1 << 28) + 1, lab) == KATA_ELIMIT);
  check(kata__ner_lex_class("TITLE", 5) >= 0 && kata__ner_lex_class("TITLES", 6) == -1);
  kata__ner_free(&A, m);
  check(ta.live == 0);
}

/* Every allocation failing in turn: KATA_ENOMEM and nothing left over. */
static void test_oom(const char *data, size_t len, const kata__ner_model_t *good) {
  long budget;
  kata__ner_tok_t t[3];
  unsigned char lab[3];
  const char *s = "Presiden Joko Widodo";
  memset(t, 0, sizeof t);
  t[0].start = 0, t[0].stop = 8, t[1].start = 9, t[1].stop = 13, t[2].start = 14, t[2].stop = 20;
  for (budget = 0; budget < 8; budget++) {
    kata__ner_model_t *m = NULL;
    int rc;
    ta.calls = 0, ta.budget = budget;
    rc = kata__ner_load(&A, data, len, &m);
    check(rc == KATA_OK || (rc == KATA_ENOMEM && m == NULL));
    kata__ner_free(&A, m);
    ta.calls = 0;
    rc = kata__ner_tag(&A, good, s, strlen(s), t, 3, lab);
    check(rc == KATA_OK || rc == KATA_ENOMEM);
    if (budget == 0) check(rc == KATA_ENOMEM);
  }
  ta.budget = -1;
}

/* Words of up to eight bytes get the same class and cases read a word at
** a time as a byte at a time: random bytes, and bytes from the edges of
** each range (A-Z, a-z, 0-9, from 0x80, from 0xC0). */
static void test_word_class(const kata__ner_model_t *m) {
  static const char edge[] = "@AZ[`az{/09:\x7f\x80\xbf\xc0\xff\x01 .-'Mx";
  unsigned long r = 12345;
  long i, bad = 0;
  for (i = 0; i < 2000000; i++) {
    char w[8];
    size_t n, k;
    unsigned char c8, c1;
    int a, b;
    r = r * 6364136223846793005ul + 1442695040888963407ul;
    n = 1 + (size_t)(r >> 61);
    for (k = 0; k < 8; k++) {
      r = r * 6364136223846793005ul + 1442695040888963407ul;
      w[k] = (i & 1) ? (char)(r >> 56) : edge[(r >> 33) % (sizeof edge - 1)];
    }
    a = kata__ner_word_class(m, w, n, 8, &c8);
    b = kata__ner_word_class(m, w, n, n, &c1);
    if (a != b || c8 != c1) bad++;
  }
  check(bad == 0);
}

int main(void) {
  size_t len = 0, live;
  char *data = slurp("data/ner/model.bin", &len);
  kata__ner_model_t *m = NULL;
  ta.budget = -1;
  check(data != NULL);
  if (!data) return check_report("test_model");
  check(kata__ner_load(&A, data, len, &m) == KATA_OK);
  if (m) {
    live = ta.live;
    check(kata__ner_memory(m) == live);
    check(live < 2 * 15 * 1000 * 1000);
    check(kata__ner_uses_rules(m));
    test_against_lua(m);
    test_word_class(m);
    check(ta.live == live);
    test_damaged(data, len);
    test_oom(data, len, m);
    kata__ner_free(&A, m);
  }
  check(ta.live == 0);
  test_tiny();
  free(data);
  return check_report("test_model");
}
