/*
** model.c: the name model's scorer (model.h). Every feature is a string
** hashed with FNV-1a 32 as data/ner/README.md spells it; the strings are
** never built: their pieces are hashed one after the other.
*/
#include <string.h>

#include "model.h"
#include "strtab.h"

#define NL KATA__NER_NLABELS
#define MAX_BUCKETS (1u << 24)
#define MAX_HEADER 4096
#define MAX_TOKENS ((size_t)1 << 28)

static const char LABELS[] = "O,B-PER,I-PER,B-LOC,I-LOC,B-ORG,I-ORG";
static const char *const LABEL_NAME[NL] = {"O", "B-PER", "I-PER", "B-LOC",
                                           "I-LOC", "B-ORG", "I-ORG"};

/* The lexicon's classes (docs/entities.md), one bit each. */
static const char *const LEX_CLASS[] = {
    "MONTH",    "WEEKDAY",      "NUMWORD",       "NUMCOMB",  "MAG",
    "CURSYM",   "CURWORD",      "PCTWORD",       "TZ",       "TIMEUNIT",
    "DATEUNIT", "DAYPART",      "RELDAY",        "RELMOD_AFTER",
    "RELMOD_BEFORE",            "AGO",           "RELUNIT1", "QUANT",
    "PERIOD",   "SEASON",       "HOLIDAY",       "PATSTART", "TITLE",
    "TITLE2",   "SPEECH_AFTER", "SPEECH_BEFORE", "ORGHEAD",  "ORGTAIL",
    "ORGCUE",   "LOCHEAD",      "LOCTAIL",       "LOCPREP",  "CONNECTOR",
    "NATIONALITY",              "NOTYPE"};
#define NLEX ((int)(sizeof LEX_CLASS / sizeof LEX_CLASS[0]))

enum { LEX_TITLE = 22, LEX_ORGHEAD = 26, LEX_LOCHEAD = 29, LEX_CONNECTOR = 32 };

/* Word classes (data/ner/README.md), in this order. */
enum { C_XX_LOWER, C_XX, C_X, C_LOWER, C_XM, C_AD, C_D, C_P, NCLASS };
static const char *const CLASS_NAME[NCLASS] = {"Xx", "XX", "X",  "x",
                                               "Xm", "ad", "d", "p"};

/* Positions ('P', 'L', 'S', '-') and line casings ('U', 'L', 'M') as indexes. */
#define NPOS 4
#define NLC 3
/* Rule tags: 0 and the B- and I- of the 12 types. */
#define NRTAG (2 * (KATA_ENT_NTYPES - 1) + 1)
/* Gazetteer tags: 0 and the B- and I- of PERSON, LOCATION, ORGANIZATION. */
#define NGTAG 7

struct kata__ner_model {
  int16_t *w;      /* buckets * NL */
  uint32_t mask;   /* buckets - 1 */
  int rules;       /* rules=yes */
  size_t bytes;
  /* the buckets of the label features: state 0 is "^", 1 + label else */
  uint32_t t1[NL + 1], t2[(NL + 1) * (NL + 1)], t1c[NL + 1][NCLASS];
  /* Made once at load, so a token's features cost few hashes: the
  ** buckets of the features that take a few values (a class index
  ** NCLASS stands for "^" before and "$" after), and the hash states of
  ** the feature strings' fixed beginnings (h_...). */
  uint32_t b_bias, b_cls[NCLASS], b_kind[KATA_NKINDS], b_pos[NPOS][NCLASS],
      b_lc[NLC][NCLASS], b_lcp[NLC][NPOS][NCLASS], b_c1[NCLASS + 1], b_cr1[NCLASS + 1],
      b_ccc[NCLASS + 1][NCLASS][NCLASS + 1], b_x[4][64], b_g[NGTAG], b_gc[NGTAG][NCLASS],
      b_gf[NGTAG][NLC], b_gm1[NGTAG], b_gp1[NGTAG], b_dl[2][2][NCLASS], b_r[NRTAG],
      b_rc[NRTAG][NCLASS], b_rlc[NRTAG][NLC], b_rm1[NRTAG], b_rp1[NRTAG], b_dr[4][NCLASS];
  uint32_t h_w, h_l, h_sh, h_pre[4], h_suf[4], h_lm1, h_lm2, h_lp1, h_lp2, h_lm1l, h_llp1,
      h_lm1c, h_clp1[NCLASS], h_rr[NRTAG][NRTAG];
  unsigned char bc[256]; /* per byte: its BC_ bits (word_class) */
  unsigned char cname_len[NCLASS]; /* strlen of each CLASS_NAME */
};

/* What word_class counts of a byte. */
enum { BC_UP = 1, BC_LOWASCII = 2, BC_LOWHIGH = 4, BC_DIGIT = 8 };

/* {======================================================================
** Hashing
** ======================================================================= */

#define FNV_BASIS 2166136261u
#define FNV_PRIME 16777619u

static uint32_t fnv(uint32_t h, const char *p, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) h = (h ^ (unsigned char)p[i]) * FNV_PRIME;
  return h;
}

static uint32_t fnv_str(uint32_t h, const char *z) { return fnv(h, z, strlen(z)); }

static unsigned char lower(unsigned char c) {
  return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/* }====================================================================== */

/* {======================================================================
** Loading
** ======================================================================= */

int kata__ner_lex_class(const char *name, size_t len) {
  int i;
  for (i = 0; i < NLEX; i++)
    if (strlen(LEX_CLASS[i]) == len && memcmp(LEX_CLASS[i], name, len) == 0)
      return i;
  return -1;
}

/* The value of `key=` among the header's words, or NULL; *n its length. */
static const char *header_value(const char *h, size_t hlen, const char *key,
                                size_t *n) {
  size_t klen = strlen(key), i = 0;
  while (i < hlen) {
    size_t j = i;
    while (j < hlen && h[j] != ' ') j++;
    if (j - i > klen && memcmp(h + i, key, klen) == 0 && h[i + klen] == '=') {
      *n = j - i - klen - 1;
      return h + i + klen + 1;
    }
    i = j + 1;
  }
  return NULL;
}

static int header_is(const char *h, size_t hlen, const char *key,
                     const char *want) {
  size_t n;
  const char *v = header_value(h, hlen, key, &n);
  return v && n == strlen(want) && memcmp(v, want, n) == 0;
}

/* A decimal number of at most 9 digits, or -1. */
static long header_number(const char *h, size_t hlen, const char *key) {
  size_t n, i;
  long x = 0;
  const char *v = header_value(h, hlen, key, &n);
  if (!v || n == 0 || n > 9) return -1;
  for (i = 0; i < n; i++) {
    if (v[i] < '0' || v[i] > '9') return -1;
    x = x * 10 + (v[i] - '0');
  }
  return x;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

static uint32_t bucket(const kata__ner_model_t *m, uint32_t h) {
  return h & m->mask;
}

static void label_buckets(kata__ner_model_t *m) {
  int y1, y2, c;
  for (y1 = 0; y1 <= NL; y1++) {
    const char *n1 = y1 == 0 ? "^" : LABEL_NAME[y1 - 1];
    m->t1[y1] = bucket(m, fnv_str(fnv_str(FNV_BASIS, "t1:"), n1));
    for (c = 0; c < NCLASS; c++) {
      uint32_t h = fnv_str(fnv_str(FNV_BASIS, "t1c:"), n1);
      m->t1c[y1][c] = bucket(m, fnv_str(fnv_str(h, "|"), CLASS_NAME[c]));
    }
    for (y2 = 0; y2 <= NL; y2++) {
      const char *n2 = y2 == 0 ? "^" : LABEL_NAME[y2 - 1];
      uint32_t h = fnv_str(fnv_str(FNV_BASIS, "t2:"), n2);
      m->t2[y2 * (NL + 1) + y1] = bucket(m, fnv_str(fnv_str(h, "|"), n1));
    }
  }
}

static void precompute(kata__ner_model_t *m);

int kata__ner_load(const kata_allocator_t *A, const void *data, size_t len,
                   kata__ner_model_t **out) {
  const char *p = (const char *)data, *nl, *v;
  size_t hlen, n, plen, i, seen = 0, bmap;
  long buckets, used;
  uint32_t sum = 0;
  const unsigned char *pay, *row;
  kata__ner_model_t *m;
  *out = NULL;
  if (!p || len < 11 || memcmp(p, "kata-ner 1 ", 11) != 0) return KATA_EFORMAT;
  nl = memchr(p, '\n', len < MAX_HEADER ? len : MAX_HEADER);
  if (!nl) return KATA_EFORMAT;
  hlen = (size_t)(nl - p);
  if (!header_is(p, hlen, "features", "1") || !header_is(p, hlen, "labels", LABELS) ||
      !header_is(p, hlen, "hash", "fnv1a32"))
    return KATA_EFORMAT;
  buckets = header_number(p, hlen, "buckets");
  used = header_number(p, hlen, "used");
  if (buckets < 8 || buckets > (long)MAX_BUCKETS || (buckets & (buckets - 1)) != 0 ||
      used < 0 || used > buckets)
    return KATA_EFORMAT;
  v = header_value(p, hlen, "checksum", &n);
  if (!v || n != 8) return KATA_EFORMAT;
  for (i = 0; i < 8; i++) {
    int d = hexval(v[i]);
    if (d < 0) return KATA_EFORMAT;
    sum = sum << 4 | (uint32_t)d;
  }
  if (!header_is(p, hlen, "rules", "yes") && !header_is(p, hlen, "rules", "no"))
    return KATA_EFORMAT;
  pay = (const unsigned char *)nl + 1;
  plen = len - hlen - 1;
  bmap = (size_t)buckets / 8;
  if (plen != bmap + (size_t)used * 2 * NL) return KATA_EFORMAT;
  if (fnv(FNV_BASIS, (const char *)pay, plen) != sum) return KATA_EFORMAT;
  for (i = 0; i < bmap; i++) {
    unsigned b = pay[i];
    while (b) {
      seen += b & 1u;
      b >>= 1;
    }
  }
  if (seen != (size_t)used) return KATA_EFORMAT;

  m = (kata__ner_model_t *)A->f(A->ud, NULL, 0, sizeof *m);
  if (!m) return KATA_ENOMEM;
  memset(m, 0, sizeof *m);
  m->bytes = ((size_t)buckets * NL + 1) * sizeof(int16_t); /* + 1: best_label reads 8 */
  m->w = (int16_t *)A->f(A->ud, NULL, 0, m->bytes);
  if (!m->w) {
    A->f(A->ud, m, sizeof *m, 0);
    return KATA_ENOMEM;
  }
  memset(m->w, 0, m->bytes);
  m->mask = (uint32_t)buckets - 1;
  m->rules = header_is(p, hlen, "rules", "yes");
  row = pay + bmap;
  for (i = 0; i < (size_t)buckets; i++) {
    if (pay[i / 8] >> (i % 8) & 1u) {
      int l;
      for (l = 0; l < NL; l++) {
        unsigned u = (unsigned)row[2 * l] | (unsigned)row[2 * l + 1] << 8;
        m->w[i * NL + (size_t)l] = (int16_t)(u >= 0x8000u ? (int)u - 0x10000 : (int)u);
      }
      row += 2 * NL;
    }
  }
  label_buckets(m);
  precompute(m);
  m->bytes += sizeof *m;
  *out = m;
  return KATA_OK;
}

void kata__ner_free(const kata_allocator_t *A, kata__ner_model_t *m) {
  if (!m) return;
  A->f(A->ud, m->w, ((size_t)(m->mask + 1) * NL + 1) * sizeof(int16_t), 0);
  A->f(A->ud, m, sizeof *m, 0);
}

int kata__ner_uses_rules(const kata__ner_model_t *m) { return m->rules; }

size_t kata__ner_memory(const kata__ner_model_t *m) { return m->bytes; }

/* }====================================================================== */

/* {======================================================================
** What the scorer works out of each token
** ======================================================================= */

/* The word class of t[0, n); *cases gets bit 1 for an ASCII upper-case
** letter in it, bit 2 for an ASCII lower-case one. A byte from 0xC0 is a
** lower-case letter, one of 0x80-0xBF nothing (m->bc has each byte's). */
static int word_class(const kata__ner_model_t *m, const char *t, size_t n, unsigned char *cases) {
  size_t i;
  unsigned up = 0, any = 0, first = 0; /* first: the BC_ bits of the first letter */
  for (i = 0; i < n; i++) {
    unsigned f = m->bc[(unsigned char)t[i]];
    up += f & BC_UP;
    if (!first) first = f & (BC_UP | BC_LOWASCII | BC_LOWHIGH);
    any |= f;
  }
  *cases = (unsigned char)((up ? 1 : 0) | ((any & BC_LOWASCII) ? 2 : 0));
  if (!(any & (BC_UP | BC_LOWASCII | BC_LOWHIGH))) return (any & BC_DIGIT) ? C_D : C_P;
  if (any & BC_DIGIT) return C_AD;
  if (up == 0) return C_LOWER;
  if (!(any & (BC_LOWASCII | BC_LOWHIGH))) return up == 1 ? C_X : C_XX;
  if (first == BC_UP && up == 1) return C_XX_LOWER;
  return C_XM;
}

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define WORD_CLASS8 1
/* word_class of a word of n <= 8 bytes with eight bytes readable at t,
** the bytes' kinds found eight at a time: a lane's top bit says it is in
** 'A'..'Z', 'a'..'z', '0'..'9' (7-bit sums, so no carry crosses a lane),
** or from 0xC0 (its two top bits). */
static inline int word_class8(const char *t, size_t n, unsigned char *cases) {
  const uint64_t hi = 0x8080808080808080ull, low7 = 0x7F7F7F7F7F7F7F7Full,
                 one = 0x0101010101010101ull;
  uint64_t x, y, ascii, up, lw, dg, high, letters;
  int one_up; /* exactly one capital: a single top bit */
  memcpy(&x, t, 8);
  x &= ~(uint64_t)0 >> (64 - 8 * n);
  y = x & low7;
  ascii = ~x & hi;
#define IN_RANGE(a, z) ((y + one * (0x80 - (a))) & ~(y + one * (0x80 - (z) - 1)) & ascii)
  up = IN_RANGE('A', 'Z');
  lw = IN_RANGE('a', 'z');
  dg = IN_RANGE('0', '9');
#undef IN_RANGE
  high = x & (x << 1) & hi;
  one_up = up && !(up & (up - 1));
  *cases = (unsigned char)((up ? 1 : 0) | (lw ? 2 : 0));
  letters = up | lw | high;
  if (!letters) return dg ? C_D : C_P;
  if (dg) return C_AD;
  if (!up) return C_LOWER;
  if (!(lw | high)) return one_up ? C_X : C_XX;
  if ((letters & (0 - letters) & up) && one_up) return C_XX_LOWER;
  return C_XM;
}
#endif

static inline int word_class_at(const kata__ner_model_t *m, const char *t, size_t n, size_t room,
                                 unsigned char *cases) {
#ifdef WORD_CLASS8
  if (n >= 1 && n <= 8 && room >= 8) return word_class8(t, n, cases);
#else
  (void)room;
#endif
  return word_class(m, t, n, cases);
}

int kata__ner_word_class(const kata__ner_model_t *m, const char *t, size_t n, size_t room,
                         unsigned char *cases) {
  return word_class_at(m, t, n, room, cases);
}

/* The shape (data/ner/README.md) into out[12]; returns its length. */
static size_t shape(const char *t, size_t n, char *out) {
  size_t i, k = 0;
  int last = -1, run = 0;
  for (i = 0; i < n && k < 12; i++) {
    unsigned char c = (unsigned char)t[i];
    int s;
    if (c >= 'A' && c <= 'Z') s = 'X';
    else if (c >= 'a' && c <= 'z') s = 'x';
    else if (c >= '0' && c <= '9') s = 'd';
    else if (c >= 192) s = 'u';
    else if (c >= 128) continue;
    else s = c;
    if (s == last) run++;
    else run = 1, last = s;
    if (run <= 2) out[k++] = (char)s;
  }
  return k;
}

/* "." "!" "?" or the ellipsis. */
static inline int sentence_end(const char *t, size_t n) {
  if (n == 1) return t[0] == '.' || t[0] == '!' || t[0] == '?';
  return n == 3 && memcmp(t, "\342\200\246", 3) == 0;
}

/* A closing quote or bracket: " ' ) ] and the closing curly quotes. */
static inline int closing(const char *t, size_t n) {
  if (n == 1) return t[0] == '"' || t[0] == '\'' || t[0] == ')' || t[0] == ']';
  return n == 3 && (memcmp(t, "\342\200\235", 3) == 0 || memcmp(t, "\342\200\231", 3) == 0);
}

/* The line breaks in the gap s[a, b) (white space): 2 for a blank line
** (\n [ \t\r]* \n), 1 for a \n, else 0. */
static int gap_breaks(const char *s, size_t a, size_t b) {
  size_t i;
  int nl = 0;
  for (i = a; i < b; i++) {
    if (s[i] == '\n') {
      size_t j = i + 1;
      while (j < b && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r')) j++;
      if (j < b && s[j] == '\n') return 2;
      nl = 1;
    }
  }
  return nl;
}

/* A tag's type (a kata_entity_type) and whether it is I-; 0 for none. */
static int tag_type(unsigned char tag) { return tag ? 1 + (tag - 1) / 2 : 0; }
static int tag_inside(unsigned char tag) { return tag ? (tag - 1) % 2 : 0; }

static int name_type(int type) {
  return type == KATA_ENT_PERSON || type == KATA_ENT_LOCATION ||
         type == KATA_ENT_ORGANIZATION;
}

/* Hashes a gazetteer tag: B-PER, I-LOC, ... or O. */
static uint32_t fnv_gaz(uint32_t h, unsigned char tag) {
  static const char *const NAME[4] = {"", "PER", "LOC", "ORG"};
  int t = tag_type(tag);
  if (!t) return fnv_str(h, "O");
  return fnv_str(fnv_str(h, tag_inside(tag) ? "I-" : "B-"), NAME[t]);
}

/* Hashes a rule tag: B-PERSON, I-DATE, ... or O. */
static uint32_t fnv_rule(uint32_t h, unsigned char tag) {
  int t = tag_type(tag);
  if (!t) return fnv_str(h, "O");
  return fnv_str(fnv_str(h, tag_inside(tag) ? "I-" : "B-"), kata_entity_type_name(t));
}

/* Per token, what the scorer works out. */
typedef struct tokinfo {
  unsigned char cls, pos, lc, cand, cases; /* cases: as word_class gives */
  uint32_t word; /* the token's entry in the document table */
} tokinfo_t;

/* The document table: one entry per distinct word (ASCII lower case),
** found through an open-addressed index of slots (only the slots are
** cleared for a call; an entry is filled when its word is first seen). */
typedef struct docword {
  uint32_t ntype[3]; /* the rules' PERSON, LOCATION, ORGANIZATION */
  unsigned char low, cap;
} docword_t;

typedef struct docslot {
  uint32_t tok;  /* a token with this word, + 1; 0: empty slot */
  uint32_t hash;
} docslot_t;

/* The text s[0, n) in ASCII lower case into d, eight bytes a step: a lane
** in 'A'..'Z' gains 0x20 (7-bit sums, so no carry crosses a lane; a byte
** from 0x80 is left as it is). */
static void lower_text(char *d, const char *s, size_t n) {
  const uint64_t hi = 0x8080808080808080ull, low7 = 0x7F7F7F7F7F7F7F7Full;
  size_t k = 0;
  for (; k + 8 <= n; k += 8) {
    uint64_t w, y;
    memcpy(&w, s + k, 8);
    y = w & low7;
    w |= ((y + 0x3F3F3F3F3F3F3F3Full) & ~(y + 0x2525252525252525ull) & ~w & hi) >> 2;
    memcpy(d + k, &w, 8);
  }
  for (; k < n; k++) d[k] = (char)lower((unsigned char)s[k]);
}

/* }====================================================================== */

/* {======================================================================
** The features' fixed parts, made once at load
** ======================================================================= */

static int pos_index(int pos) { return pos == 'P' ? 0 : pos == 'L' ? 1 : pos == 'S' ? 2 : 3; }
static int lc_index(int lc) { return lc == 'U' ? 0 : lc == 'L' ? 1 : 2; }

static const char POS_NAME[NPOS][2] = {"P", "L", "S", "-"};
static const char LC_NAME[NLC][2] = {"U", "L", "M"};

/* The class name of index c; NCLASS is `edge` ("^" or "$"). */
static const char *cname(int c, const char *edge) { return c == NCLASS ? edge : CLASS_NAME[c]; }

static void precompute(kata__ner_model_t *m) {
  static const char *const XPRE[4] = {"x:", "x-1:", "x-2:", "x+1:"};
  int c, k, p, l, c1, c2, t, t2, b;
  uint32_t h;
  m->b_bias = bucket(m, fnv_str(FNV_BASIS, "b"));
  for (c = 0; c < NCLASS; c++) {
    m->b_cls[c] = bucket(m, fnv_str(fnv_str(FNV_BASIS, "c:"), CLASS_NAME[c]));
    for (p = 0; p < NPOS; p++)
      m->b_pos[p][c] = bucket(m, fnv_str(fnv_str(fnv_str(FNV_BASIS, "pos:"), POS_NAME[p]), CLASS_NAME[c]));
    for (l = 0; l < NLC; l++) {
      m->b_lc[l][c] = bucket(m, fnv_str(fnv_str(fnv_str(FNV_BASIS, "lc:"), LC_NAME[l]), CLASS_NAME[c]));
      for (p = 0; p < NPOS; p++)
        m->b_lcp[l][p][c] = bucket(m, fnv_str(fnv_str(fnv_str(fnv_str(FNV_BASIS, "lcp:"), LC_NAME[l]),
                                                      POS_NAME[p]), CLASS_NAME[c]));
    }
    m->h_clp1[c] = fnv_str(fnv_str(fnv_str(FNV_BASIS, "cl+1:"), CLASS_NAME[c]), "|");
    for (k = 0; k < 2; k++)
      for (b = 0; b < 2; b++)
        m->b_dl[k][b][c] = bucket(m, fnv_str(fnv_str(fnv_str(fnv_str(FNV_BASIS, "dl:"), k ? "1" : "0"),
                                                     b ? "1" : "0"), CLASS_NAME[c]));
    for (k = 0; k < 4; k++) {
      h = fnv_str(FNV_BASIS, "dr:");
      h = k ? fnv_str(h, kata_entity_type_name(KATA_ENT_PERSON + k - 1)) : fnv_str(h, "-");
      m->b_dr[k][c] = bucket(m, fnv_str(fnv_str(h, "|"), CLASS_NAME[c]));
    }
  }
  for (k = 0; k < KATA_NKINDS; k++)
    m->b_kind[k] = bucket(m, fnv_str(fnv_str(FNV_BASIS, "k:"), kata_kind_name((kata_kind_t)k)));
  for (c1 = 0; c1 <= NCLASS; c1++) {
    m->b_c1[c1] = bucket(m, fnv_str(fnv_str(FNV_BASIS, "c-1:"), cname(c1, "^")));
    m->b_cr1[c1] = bucket(m, fnv_str(fnv_str(FNV_BASIS, "c+1:"), cname(c1, "$")));
    for (c = 0; c < NCLASS; c++)
      for (c2 = 0; c2 <= NCLASS; c2++) {
        h = fnv_str(fnv_str(fnv_str(FNV_BASIS, "ccc:"), cname(c1, "^")), "|");
        m->b_ccc[c1][c][c2] = bucket(m, fnv_str(fnv_str(fnv_str(h, CLASS_NAME[c]), "|"), cname(c2, "$")));
      }
  }
  for (k = 0; k < 4; k++)
    for (b = 0; b < NLEX; b++)
      m->b_x[k][b] = bucket(m, fnv_str(fnv_str(FNV_BASIS, XPRE[k]), LEX_CLASS[b]));
  for (t = 0; t < NGTAG; t++) {
    m->b_g[t] = bucket(m, fnv_gaz(fnv_str(FNV_BASIS, "g:"), (unsigned char)t));
    m->b_gm1[t] = bucket(m, fnv_gaz(fnv_str(FNV_BASIS, "g-1:"), (unsigned char)t));
    m->b_gp1[t] = bucket(m, fnv_gaz(fnv_str(FNV_BASIS, "g+1:"), (unsigned char)t));
    for (c = 0; c < NCLASS; c++)
      m->b_gc[t][c] = bucket(m, fnv_str(fnv_str(fnv_gaz(fnv_str(FNV_BASIS, "gc:"), (unsigned char)t), "|"),
                                        CLASS_NAME[c]));
    for (l = 0; l < NLC; l++)
      m->b_gf[t][l] = bucket(m, fnv_str(fnv_str(fnv_gaz(fnv_str(FNV_BASIS, "gf:"), (unsigned char)t), "|"),
                                        LC_NAME[l]));
  }
  for (t = 0; t < NRTAG; t++) {
    m->b_r[t] = bucket(m, fnv_rule(fnv_str(FNV_BASIS, "r:"), (unsigned char)t));
    m->b_rm1[t] = bucket(m, fnv_rule(fnv_str(FNV_BASIS, "r-1:"), (unsigned char)t));
    m->b_rp1[t] = bucket(m, fnv_rule(fnv_str(FNV_BASIS, "r+1:"), (unsigned char)t));
    for (c = 0; c < NCLASS; c++)
      m->b_rc[t][c] = bucket(m, fnv_str(fnv_str(fnv_rule(fnv_str(FNV_BASIS, "rc:"), (unsigned char)t), "|"),
                                        CLASS_NAME[c]));
    for (l = 0; l < NLC; l++)
      m->b_rlc[t][l] = bucket(m, fnv_str(fnv_str(fnv_rule(fnv_str(FNV_BASIS, "rlc:"), (unsigned char)t), "|"),
                                         LC_NAME[l]));
    for (t2 = 0; t2 < NRTAG; t2++) {
      h = fnv_str(fnv_rule(fnv_str(FNV_BASIS, "rr:"), (unsigned char)t), "|");
      m->h_rr[t][t2] = fnv_str(fnv_rule(h, (unsigned char)t2), "|");
    }
  }
  for (c = 0; c < NCLASS; c++) m->cname_len[c] = (unsigned char)strlen(CLASS_NAME[c]);
  for (k = 0; k < 256; k++)
    m->bc[k] = (unsigned char)(k >= 'A' && k <= 'Z'   ? BC_UP
                               : k >= 'a' && k <= 'z' ? BC_LOWASCII
                               : k >= 192             ? BC_LOWHIGH
                               : k >= '0' && k <= '9' ? BC_DIGIT
                                                      : 0);
  m->h_w = fnv_str(FNV_BASIS, "w:");
  m->h_l = fnv_str(FNV_BASIS, "l:");
  m->h_sh = fnv_str(FNV_BASIS, "sh:");
  for (k = 0; k < 4; k++) {
    char pre[4] = {'p', (char)('1' + k), ':', 0}, suf[4] = {'s', (char)('1' + k), ':', 0};
    m->h_pre[k] = fnv_str(FNV_BASIS, pre);
    m->h_suf[k] = fnv_str(FNV_BASIS, suf);
  }
  m->h_lm1 = fnv_str(FNV_BASIS, "l-1:");
  m->h_lm2 = fnv_str(FNV_BASIS, "l-2:");
  m->h_lp1 = fnv_str(FNV_BASIS, "l+1:");
  m->h_lp2 = fnv_str(FNV_BASIS, "l+2:");
  m->h_lm1l = fnv_str(FNV_BASIS, "l-1l:");
  m->h_llp1 = fnv_str(FNV_BASIS, "ll+1:");
  m->h_lm1c = fnv_str(FNV_BASIS, "l-1c:");
}

/* }====================================================================== */

/* {======================================================================
** Tagging
** ======================================================================= */

/* The most buckets one token's features can name: 9 of the word, 8
** affixes, 10 of the neighbours' words and classes, 4 * NLEX lexicon
** classes, 5 gazetteer, 1 document, 7 rule features. */
#define MAX_FEATS (40 + 4 * NLEX)

/* The index of the lowest set bit of x (x not 0). */
#if defined(__GNUC__)
#define lowest_bit(x) __builtin_ctzll(x)
#else
static int lowest_bit(uint64_t x) {
  int b = 0;
  while (!(x & 1u)) x >>= 1, b++;
  return b;
}
#endif

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)0)
#endif

/* Adds bucket b to out, its weight row prefetched: the rows of the words'
** features are spread over megabytes (those of the features that take a
** few values, a few hundred rows in all, stay in the cache). */
static void put_far(const kata__ner_model_t *m, uint32_t *out, size_t *nf, uint32_t b) {
  out[(*nf)++] = b;
  PREFETCH(m->w + (size_t)b * NL);
}

/* The buckets of token i's features that do not depend on the labels
** (data/ner/README.md has them as strings: each is hashed here from its
** fixed beginning, made at load, and the bytes of the words), into out;
** returns their count. The rows of the word features are prefetched: a
** token's reads are independent of one another. */
static size_t features(const kata__ner_model_t *m, const char *s, const char *lo,
                       const kata__ner_tok_t *tok, size_t n, const tokinfo_t *ti,
                       const docword_t *dw, size_t i, uint32_t *out) {
  const char *t = s + tok[i].start, *tlo = lo + tok[i].start, *lw1 = "^", *lw2 = "^", *lr1 = "$",
             *lr2 = "$";
  size_t tl = tok[i].stop - tok[i].start, n1 = 1, n2 = 1, nr1 = 1, nr2 = 1, k, nf = 0;
  int c = ti[i].cls, c1 = NCLASS, cr1 = NCLASS, p = pos_index(ti[i].pos), lc = lc_index(ti[i].lc);
  const docword_t *d = &dw[ti[i].word];
  char sh[12];
  uint32_t h, hl;
  uint64_t x;
  int l;
  /* the words in lower case are read from lo, the text in ASCII lower case */
  if (i >= 1) lw1 = lo + tok[i - 1].start, n1 = tok[i - 1].stop - tok[i - 1].start, c1 = ti[i - 1].cls;
  if (i >= 2) lw2 = lo + tok[i - 2].start, n2 = tok[i - 2].stop - tok[i - 2].start;
  if (i + 1 < n) lr1 = lo + tok[i + 1].start, nr1 = tok[i + 1].stop - tok[i + 1].start, cr1 = ti[i + 1].cls;
  if (i + 2 < n) lr2 = lo + tok[i + 2].start, nr2 = tok[i + 2].stop - tok[i + 2].start;

  out[nf++] = m->b_bias;
  put_far(m, out, &nf, bucket(m, fnv(m->h_w, t, tl)));
  put_far(m, out, &nf, bucket(m, fnv(m->h_l, tlo, tl)));
  put_far(m, out, &nf, bucket(m, fnv(m->h_sh, sh, shape(t, tl, sh))));
  out[nf++] = m->b_cls[c];
  out[nf++] = m->b_kind[tok[i].kind];
  out[nf++] = m->b_pos[p][c];
  out[nf++] = m->b_lc[lc][c];
  out[nf++] = m->b_lcp[lc][p][c];
  if (c != C_P && c != C_D) {
    for (k = 1; k <= 4 && tl > k; k++) {
      put_far(m, out, &nf, bucket(m, fnv(m->h_pre[k - 1], tlo, k)));
      put_far(m, out, &nf, bucket(m, fnv(m->h_suf[k - 1], tlo + tl - k, k)));
    }
  }
  /* the neighbours; "^" and "$" are lower case already */
  put_far(m, out, &nf, bucket(m, fnv(m->h_lm1, lw1, n1)));
  put_far(m, out, &nf, bucket(m, fnv(m->h_lm2, lw2, n2)));
  put_far(m, out, &nf, bucket(m, fnv(m->h_lp1, lr1, nr1)));
  put_far(m, out, &nf, bucket(m, fnv(m->h_lp2, lr2, nr2)));
  hl = fnv(m->h_lm1l, lw1, n1);
  put_far(m, out, &nf, bucket(m, fnv(fnv(hl, "|", 1), tlo, tl)));
  h = fnv(m->h_llp1, tlo, tl);
  put_far(m, out, &nf, bucket(m, fnv(fnv(h, "|", 1), lr1, nr1)));
  out[nf++] = m->b_c1[c1];
  out[nf++] = m->b_cr1[cr1];
  out[nf++] = m->b_ccc[c1][c][cr1];
  h = fnv(fnv(m->h_lm1c, lw1, n1), "|", 1);
  put_far(m, out, &nf, bucket(m, fnv(h, CLASS_NAME[c], m->cname_len[c])));
  put_far(m, out, &nf, bucket(m, fnv(m->h_clp1[c], lr1, nr1)));
  /* the lexicon classes of the word and its neighbours */
  for (k = 0; k < 4; k++) {
    size_t j = k == 0 ? i : k == 1 ? i - 1 : k == 2 ? i - 2 : i + 1;
    if ((k == 1 && i < 1) || (k == 2 && i < 2) || (k == 3 && i + 1 >= n)) continue;
    for (x = tok[j].lex & (((uint64_t)1 << NLEX) - 1); x; x &= x - 1)
      out[nf++] = m->b_x[k][lowest_bit(x)];
  }
  /* the gazetteers */
  out[nf++] = m->b_g[tok[i].gaz];
  out[nf++] = m->b_gc[tok[i].gaz][c];
  out[nf++] = m->b_gf[tok[i].gazf][lc];
  out[nf++] = m->b_gm1[i >= 1 ? tok[i - 1].gaz : 0];
  out[nf++] = m->b_gp1[i + 1 < n ? tok[i + 1].gaz : 0];
  /* the document */
  out[nf++] = m->b_dl[d->low][d->cap][c];
  if (m->rules) {
    unsigned char r = tok[i].rule, rp = i >= 1 ? tok[i - 1].rule : 0,
                  rn = i + 1 < n ? tok[i + 1].rule : 0;
    int dt = 0;
    out[nf++] = m->b_r[r];
    out[nf++] = m->b_rc[r][c];
    out[nf++] = m->b_rlc[r][lc];
    out[nf++] = m->b_rm1[rp];
    out[nf++] = m->b_rp1[rn];
    out[nf++] = bucket(m, fnv_rule(m->h_rr[rp][r], rn));
    for (l = 0; l < 3; l++)
      if (d->ntype[l] > (dt ? d->ntype[dt - 1] : 0)) dt = l + 1;
    out[nf++] = m->b_dr[dt][c];
  }
  return nf;
}

/* The label of candidate token i from its feature buckets f[0, nf) and the
** labels before (states y1, y2: 0 "^", 1 + label). */
static int best_label(const kata__ner_model_t *m, const uint32_t *f, size_t nf, int y1, int y2,
                      int cls, int para) {
  /* eight lanes a row (the eighth, the next row's first weight or the
  ** padding after the last row, is not looked at): a compiler makes
  ** vector adds of them */
  int32_t sc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  uint32_t lab[3];
  const int16_t *w;
  size_t k;
  int best, l;
  for (k = 0; k < nf; k++) {
    w = m->w + (size_t)f[k] * NL;
    for (l = 0; l < 8; l++) sc[l] += w[l];
  }
  lab[0] = m->t1[y1];
  lab[1] = m->t2[y2 * (NL + 1) + y1];
  lab[2] = m->t1c[y1][cls];
  for (k = 0; k < 3; k++) {
    w = m->w + (size_t)lab[k] * NL;
    for (l = 0; l < 8; l++) sc[l] += w[l];
  }
  best = KATA__NER_O;
  for (l = 1; l < NL; l++) {
    /* I-X only after B-X or I-X, never after a blank line (no name in
    ** the training text crosses one) */
    if ((l == KATA__NER_I_PER || l == KATA__NER_I_LOC || l == KATA__NER_I_ORG) &&
        (!(y1 == l || y1 == l + 1) || para))
      continue;
    if (sc[l] > sc[best]) best = l;
  }
  return best;
}

int kata__ner_tag(const kata_allocator_t *A, const kata__ner_model_t *m,
                  const char *s, size_t len, const kata__ner_tok_t *tok,
                  size_t n, unsigned char *labels) {
  return kata__ner_tag_in(A, m, s, len, tok, n, labels, NULL);
}

int kata__ner_tag_in(const kata_allocator_t *A, const kata__ner_model_t *m,
                     const char *s, size_t len, const kata__ner_tok_t *tok,
                     size_t n, unsigned char *labels, kata_buf_t *work) {
  tokinfo_t *ti;
  docword_t *dw;
  docslot_t *slot;
  char *lo;
  size_t i, j, cap, line0 = 0, prevstop = 0, bytes, nw = 0;
  int up = 0, low = 0, y1 = 0, y2 = 0;
  uint32_t bufa[MAX_FEATS], bufb[MAX_FEATS], *fa = bufa, *fb = bufb;
  size_t next, na = 0, nb = 0;
  if (n == 0) return KATA_OK;
  if (n > MAX_TOKENS) return KATA_ELIMIT;
  /* a gazetteer tag of 1-6 is a B- or I- of PERSON, LOCATION or ORGANIZATION */
  for (i = 0; i < n; i++) {
    if (tok[i].start >= tok[i].stop || tok[i].stop > len || tok[i].start < prevstop ||
        tok[i].gaz > 6 || tok[i].gazf > 6 || tok[i].rule > 2 * (KATA_ENT_NTYPES - 1) ||
        (unsigned)tok[i].kind >= KATA_NKINDS)
      return KATA_EINVAL;
    prevstop = tok[i].stop;
  }
  for (cap = 16; cap < 2 * n; cap *= 2) {
  }
  /* one block: the tokens' infos, the words, the slots, the text in
  ** ASCII lower case (what every word feature hashes) */
  bytes = n * sizeof *ti + n * sizeof *dw + cap * sizeof *slot + len;
  if (work) { /* the caller's block, kept from call to call: no fresh pages */
    int rc;
    work->len = 0;
    if ((rc = kata_buf_reserve(A, work, bytes)) != KATA_OK) return rc;
    ti = (tokinfo_t *)(void *)work->data;
  } else {
    ti = (tokinfo_t *)A->f(A->ud, NULL, 0, bytes);
    if (!ti) return KATA_ENOMEM;
  }
  dw = (docword_t *)(void *)(ti + n);
  slot = (docslot_t *)(void *)(dw + n);
  lo = (char *)(slot + cap);
  memset(slot, 0, cap * sizeof *slot);
  lower_text(lo, s, len);

  /* case, class, position, the line's casing */
  prevstop = 0;
  for (i = 0; i <= n; i++) {
    int pos = '-';
    if (i < n) {
      const char *t = s + tok[i].start;
      size_t tl = tok[i].stop - tok[i].start;
      int br = i == 0 ? 2 : gap_breaks(s, prevstop, tok[i].start);
      ti[i].cls = (unsigned char)word_class_at(m, t, tl, len - tok[i].start, &ti[i].cases);
      if (br == 2) {
        pos = 'P';
      } else if (br == 1) {
        pos = 'L';
      } else {
        const char *p1 = s + tok[i - 1].start;
        size_t l1 = tok[i - 1].stop - tok[i - 1].start;
        if (sentence_end(p1, l1)) {
          if (!(l1 == 1 && p1[0] == '.' && i >= 2 &&
                (ti[i - 2].cls == C_X || (tok[i - 2].lex >> LEX_TITLE & 1u))))
            pos = 'S';
        } else if (closing(p1, l1) && i >= 2 &&
                   sentence_end(s + tok[i - 2].start, tok[i - 2].stop - tok[i - 2].start)) {
          pos = 'S';
        }
      }
      ti[i].pos = (unsigned char)pos;
      prevstop = tok[i].stop;
    }
    /* a line ends before a P or L token and at the end */
    if (i == n || (i > 0 && (pos == 'P' || pos == 'L'))) {
      int c = (up && !low) ? 'U' : (low && !up) ? 'L' : 'M';
      for (j = line0; j < i; j++) ti[j].lc = (unsigned char)c;
      line0 = i;
      up = low = 0;
    }
    if (i < n) {
      up |= ti[i].cases & 1;
      low |= ti[i].cases & 2;
    }
  }

  /* the document: each word's rule types and cases */
  for (i = 0; i < n; i++) {
    size_t tl = tok[i].stop - tok[i].start;
    uint32_t h = fnv(FNV_BASIS, lo + tok[i].start, tl);
    size_t k = h & (cap - 1);
    docword_t *d;
    int rt = tag_type(tok[i].rule), c = ti[i].cls;
    while (slot[k].tok) {
      const kata__ner_tok_t *o = &tok[slot[k].tok - 1];
      if (slot[k].hash == h && o->stop - o->start == tl &&
          kata__same_bytes(lo + o->start, lo + tok[i].start, tl))
        break;
      k = (k + 1) & (cap - 1);
    }
    if (!slot[k].tok) {
      slot[k].tok = (uint32_t)i + 1;
      slot[k].hash = h;
      d = &dw[nw];
      memset(d, 0, sizeof *d);
      ti[i].word = (uint32_t)nw++;
    } else {
      ti[i].word = ti[slot[k].tok - 1].word;
      d = &dw[ti[i].word];
    }
    if (name_type(rt)) d->ntype[rt - KATA_ENT_PERSON]++;
    if (c == C_LOWER) d->low = 1;
    else if ((c == C_XX_LOWER || c == C_XX || c == C_XM) && ti[i].pos == '-' &&
             ti[i].lc == 'M')
      d->cap = 1;
    /* which tokens the model reads, first from the token alone */
    ti[i].cand = (unsigned char)((ti[i].cases & 1) || (unsigned char)s[tok[i].start] >= 192 ||
                                 tok[i].gaz || tok[i].gazf || name_type(rt) ||
                                 (ti[i].lc == 'L' && c != C_P && c != C_D));
  }

  /* then from the tokens around it */
  for (i = 0; i < n; i++) {
    if (ti[i].cand) continue;
    if (ti[i].cls == C_D) {
      ti[i].cand = (unsigned char)(i > 0 && ti[i - 1].cand && ti[i - 1].cls != C_P);
    } else if (i + 1 < n && s[tok[i + 1].start] >= 'A' && s[tok[i + 1].start] <= 'Z') {
      uint64_t x = tok[i].lex;
      ti[i].cand = (unsigned char)((x >> LEX_LOCHEAD & 1u) || (x >> LEX_ORGHEAD & 1u) ||
                                   ((x >> LEX_CONNECTOR & 1u) && i > 0 && ti[i - 1].cand));
    }
  }

  /* the labels from left to right: a candidate's features are gathered
  ** (their rows prefetched) while the candidate before it is scored */
  next = 0;
  while (next < n && !ti[next].cand) next++;
  if (next < n) na = features(m, s, lo, tok, n, ti, dw, next, fa);
  for (i = 0; i < n; i++) {
    int best;
    uint32_t *sw;
    if (!ti[i].cand) {
      labels[i] = KATA__NER_O;
      y2 = y1;
      y1 = 1 + KATA__NER_O;
      continue;
    }
    next = i + 1;
    while (next < n && !ti[next].cand) next++;
    if (next < n) nb = features(m, s, lo, tok, n, ti, dw, next, fb);
    best = best_label(m, fa, na, y1, y2, ti[i].cls, ti[i].pos == 'P');
    labels[i] = (unsigned char)best;
    y2 = y1;
    y1 = 1 + best;
    sw = fa, fa = fb, fb = sw;
    na = nb;
  }
  if (!work) A->f(A->ud, ti, bytes, 0);
  return KATA_OK;
}

/* }====================================================================== */
