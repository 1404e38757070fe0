/*
** model.c: the name model's scorer (model.h). Every feature is a string
** hashed with FNV-1a 32 as data/ner/README.md spells it; the strings are
** never built: their pieces are hashed one after the other.
*/
#include <string.h>

#include "model.h"

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

struct kata__ner_model {
  int16_t *w;      /* buckets * NL */
  uint32_t mask;   /* buckets - 1 */
  int rules;       /* rules=yes */
  size_t bytes;
  /* the buckets of the label features: state 0 is "^", 1 + label else */
  uint32_t t1[NL + 1], t2[(NL + 1) * (NL + 1)], t1c[NL + 1][NCLASS];
};

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

/* The bytes p[0, n) in ASCII lower case. */
static uint32_t fnv_lower(uint32_t h, const char *p, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) h = (h ^ lower((unsigned char)p[i])) * FNV_PRIME;
  return h;
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
  m->bytes = (size_t)buckets * NL * sizeof(int16_t);
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
  m->bytes += sizeof *m;
  *out = m;
  return KATA_OK;
}

void kata__ner_free(const kata_allocator_t *A, kata__ner_model_t *m) {
  if (!m) return;
  A->f(A->ud, m->w, (size_t)(m->mask + 1) * NL * sizeof(int16_t), 0);
  A->f(A->ud, m, sizeof *m, 0);
}

int kata__ner_uses_rules(const kata__ner_model_t *m) { return m->rules; }

size_t kata__ner_memory(const kata__ner_model_t *m) { return m->bytes; }

/* }====================================================================== */

/* {======================================================================
** What the scorer works out of each token
** ======================================================================= */

static int word_class(const char *t, size_t n) {
  size_t i, up = 0, low = 0, dig = 0;
  int first = 0; /* 'U' or 'L' */
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)t[i];
    if (c >= 'A' && c <= 'Z') {
      up++;
      if (!first) first = 'U';
    } else if ((c >= 'a' && c <= 'z') || c >= 192) {
      low++;
      if (!first) first = 'L';
    } else if (c >= '0' && c <= '9') {
      dig++;
    }
  }
  if (up + low == 0) return dig ? C_D : C_P;
  if (dig) return C_AD;
  if (up == 0) return C_LOWER;
  if (low == 0) return up == 1 ? C_X : C_XX;
  if (first == 'U' && up == 1) return C_XX_LOWER;
  return C_XM;
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

static int has_upper(const char *t, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if (t[i] >= 'A' && t[i] <= 'Z') return 1;
  return 0;
}

static int has_lower(const char *t, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if (t[i] >= 'a' && t[i] <= 'z') return 1;
  return 0;
}

static int is(const char *t, size_t n, const char *z) {
  return n == strlen(z) && memcmp(t, z, n) == 0;
}

static int sentence_end(const char *t, size_t n) {
  return is(t, n, ".") || is(t, n, "!") || is(t, n, "?") || is(t, n, "\342\200\246");
}

static int closing(const char *t, size_t n) {
  return is(t, n, "\"") || is(t, n, "'") || is(t, n, ")") || is(t, n, "]") ||
         is(t, n, "\342\200\235") || is(t, n, "\342\200\231");
}

/* The gap s[a, b) (white space) holds a blank line: \n [ \t\r]* \n. */
static int blank_line(const char *s, size_t a, size_t b) {
  size_t i;
  for (i = a; i < b; i++) {
    if (s[i] == '\n') {
      size_t j = i + 1;
      while (j < b && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r')) j++;
      if (j < b && s[j] == '\n') return 1;
    }
  }
  return 0;
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
  unsigned char cls, pos, lc, cand;
  uint32_t word; /* the token's entry in the document table */
} tokinfo_t;

/* The document table: one entry per distinct word (ASCII lower case). */
typedef struct docword {
  uint32_t tok;      /* a token with this word, + 1; 0: empty slot */
  uint32_t hash;
  uint32_t ntype[3]; /* the rules' PERSON, LOCATION, ORGANIZATION */
  unsigned char low, cap;
} docword_t;

static int same_word(const char *s, const kata__ner_tok_t *a,
                     const kata__ner_tok_t *b) {
  size_t i, n = a->stop - a->start;
  if (b->stop - b->start != n) return 0;
  for (i = 0; i < n; i++)
    if (lower((unsigned char)s[a->start + i]) != lower((unsigned char)s[b->start + i]))
      return 0;
  return 1;
}

/* }====================================================================== */

/* {======================================================================
** Tagging
** ======================================================================= */

typedef struct scorer {
  const kata__ner_model_t *m;
  int32_t sc[NL];
} scorer_t;

static void add(scorer_t *S, uint32_t h) {
  const int16_t *w = S->m->w + (size_t)(h & S->m->mask) * NL;
  int l;
  for (l = 0; l < NL; l++) S->sc[l] += w[l];
}

static void add_bucket(scorer_t *S, uint32_t b) {
  const int16_t *w = S->m->w + (size_t)b * NL;
  int l;
  for (l = 0; l < NL; l++) S->sc[l] += w[l];
}

int kata__ner_tag(const kata_allocator_t *A, const kata__ner_model_t *m,
                  const char *s, size_t len, const kata__ner_tok_t *tok,
                  size_t n, unsigned char *labels) {
  tokinfo_t *ti;
  docword_t *dw;
  size_t i, j, cap, line0 = 0, prevstop = 0, bytes;
  int up = 0, low = 0, y1 = 0, y2 = 0;
  scorer_t S;
  if (n == 0) return KATA_OK;
  if (n > MAX_TOKENS) return KATA_ELIMIT;
  for (i = 0; i < n; i++) {
    if (tok[i].start >= tok[i].stop || tok[i].stop > len || tok[i].start < prevstop ||
        tok[i].gaz > 6 || tok[i].gazf > 6 || tok[i].rule > 2 * (KATA_ENT_NTYPES - 1) ||
        (tok[i].gaz && !name_type(tag_type(tok[i].gaz))) ||
        (tok[i].gazf && !name_type(tag_type(tok[i].gazf))) ||
        (unsigned)tok[i].kind >= KATA_NKINDS)
      return KATA_EINVAL;
    prevstop = tok[i].stop;
  }
  for (cap = 16; cap < 2 * n; cap *= 2) {
  }
  bytes = n * sizeof *ti + cap * sizeof *dw;
  ti = (tokinfo_t *)A->f(A->ud, NULL, 0, bytes);
  if (!ti) return KATA_ENOMEM;
  dw = (docword_t *)(void *)(ti + n);
  memset(dw, 0, cap * sizeof *dw);

  /* case, class, position, the line's casing */
  prevstop = 0;
  for (i = 0; i <= n; i++) {
    int pos = '-';
    if (i < n) {
      const char *t = s + tok[i].start;
      size_t tl = tok[i].stop - tok[i].start;
      ti[i].cls = (unsigned char)word_class(t, tl);
      if (i == 0 || blank_line(s, prevstop, tok[i].start)) {
        pos = 'P';
      } else if (memchr(s + prevstop, '\n', tok[i].start - prevstop)) {
        pos = 'L';
      } else {
        const char *p1 = s + tok[i - 1].start;
        size_t l1 = tok[i - 1].stop - tok[i - 1].start;
        if (sentence_end(p1, l1)) {
          if (!(is(p1, l1, ".") && i >= 2 &&
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
      const char *t = s + tok[i].start;
      size_t tl = tok[i].stop - tok[i].start;
      up |= has_upper(t, tl);
      low |= has_lower(t, tl);
    }
  }

  /* the document: each word's rule types and cases */
  for (i = 0; i < n; i++) {
    uint32_t h = fnv_lower(FNV_BASIS, s + tok[i].start, tok[i].stop - tok[i].start);
    size_t k = h & (cap - 1);
    docword_t *d;
    int rt = tag_type(tok[i].rule), c = ti[i].cls;
    while (dw[k].tok && !(dw[k].hash == h && same_word(s, &tok[dw[k].tok - 1], &tok[i])))
      k = (k + 1) & (cap - 1);
    d = &dw[k];
    if (!d->tok) {
      d->tok = (uint32_t)i + 1;
      d->hash = h;
    }
    ti[i].word = (uint32_t)k;
    if (name_type(rt)) d->ntype[rt - KATA_ENT_PERSON]++;
    if (c == C_LOWER) d->low = 1;
    else if ((c == C_XX_LOWER || c == C_XX || c == C_XM) && ti[i].pos == '-' &&
             ti[i].lc == 'M')
      d->cap = 1;
  }

  /* which tokens the model reads */
  for (i = 0; i < n; i++) {
    const char *t = s + tok[i].start;
    size_t tl = tok[i].stop - tok[i].start;
    int c = ti[i].cls;
    ti[i].cand = (unsigned char)(has_upper(t, tl) || (unsigned char)t[0] >= 192 ||
                                 tok[i].gaz || tok[i].gazf ||
                                 name_type(tag_type(tok[i].rule)) ||
                                 (ti[i].lc == 'L' && c != C_P && c != C_D));
  }
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

  /* the features, and the labels from left to right */
  S.m = m;
  for (i = 0; i < n; i++) {
    const char *t = s + tok[i].start, *lw1 = "^", *lw2 = "^", *lr1 = "$", *lr2 = "$";
    size_t tl = tok[i].stop - tok[i].start, n1 = 1, n2 = 1, nr1 = 1, nr2 = 1, k;
    const char *cls = CLASS_NAME[ti[i].cls], *c1 = "^", *cr1 = "$";
    const docword_t *d = &dw[ti[i].word];
    char pos[2], lc[2], sh[12];
    uint32_t h;
    int best, l, b;
    if (!ti[i].cand) {
      labels[i] = KATA__NER_O;
      y2 = y1;
      y1 = 1 + KATA__NER_O;
      continue;
    }
    memset(S.sc, 0, sizeof S.sc);
    pos[0] = (char)ti[i].pos, pos[1] = 0;
    lc[0] = (char)ti[i].lc, lc[1] = 0;
    if (i >= 1) lw1 = s + tok[i - 1].start, n1 = tok[i - 1].stop - tok[i - 1].start,
                c1 = CLASS_NAME[ti[i - 1].cls];
    if (i >= 2) lw2 = s + tok[i - 2].start, n2 = tok[i - 2].stop - tok[i - 2].start;
    if (i + 1 < n) lr1 = s + tok[i + 1].start, nr1 = tok[i + 1].stop - tok[i + 1].start,
                   cr1 = CLASS_NAME[ti[i + 1].cls];
    if (i + 2 < n) lr2 = s + tok[i + 2].start, nr2 = tok[i + 2].stop - tok[i + 2].start;

    add(&S, fnv_str(FNV_BASIS, "b"));
    add(&S, fnv(fnv_str(FNV_BASIS, "w:"), t, tl));
    add(&S, fnv_lower(fnv_str(FNV_BASIS, "l:"), t, tl));
    add(&S, fnv(fnv_str(FNV_BASIS, "sh:"), sh, shape(t, tl, sh)));
    add(&S, fnv_str(fnv_str(FNV_BASIS, "c:"), cls));
    add(&S, fnv_str(fnv_str(FNV_BASIS, "k:"), kata_kind_name(tok[i].kind)));
    add(&S, fnv_str(fnv_str(fnv_str(FNV_BASIS, "pos:"), pos), cls));
    add(&S, fnv_str(fnv_str(fnv_str(FNV_BASIS, "lc:"), lc), cls));
    add(&S, fnv_str(fnv_str(fnv_str(fnv_str(FNV_BASIS, "lcp:"), lc), pos), cls));
    if (ti[i].cls != C_P && ti[i].cls != C_D) {
      for (k = 1; k <= 4 && tl > k; k++) {
        char pre[4] = {'p', (char)('0' + k), ':', 0}, suf[4] = {'s', (char)('0' + k), ':', 0};
        add(&S, fnv_lower(fnv_str(FNV_BASIS, pre), t, k));
        add(&S, fnv_lower(fnv_str(FNV_BASIS, suf), t + tl - k, k));
      }
    }
    /* the neighbours; "^" and "$" are lower case already */
    add(&S, fnv_lower(fnv_str(FNV_BASIS, "l-1:"), lw1, n1));
    add(&S, fnv_lower(fnv_str(FNV_BASIS, "l-2:"), lw2, n2));
    add(&S, fnv_lower(fnv_str(FNV_BASIS, "l+1:"), lr1, nr1));
    add(&S, fnv_lower(fnv_str(FNV_BASIS, "l+2:"), lr2, nr2));
    add(&S, fnv_lower(fnv_str(fnv_lower(fnv_str(FNV_BASIS, "l-1l:"), lw1, n1), "|"), t, tl));
    add(&S, fnv_lower(fnv_str(fnv_lower(fnv_str(FNV_BASIS, "ll+1:"), t, tl), "|"), lr1, nr1));
    add(&S, fnv_str(fnv_str(FNV_BASIS, "c-1:"), c1));
    add(&S, fnv_str(fnv_str(FNV_BASIS, "c+1:"), cr1));
    h = fnv_str(fnv_str(fnv_str(FNV_BASIS, "ccc:"), c1), "|");
    add(&S, fnv_str(fnv_str(fnv_str(h, cls), "|"), cr1));
    add(&S, fnv_str(fnv_str(fnv_lower(fnv_str(FNV_BASIS, "l-1c:"), lw1, n1), "|"), cls));
    add(&S, fnv_lower(fnv_str(fnv_str(fnv_str(FNV_BASIS, "cl+1:"), cls), "|"), lr1, nr1));
    /* the lexicon classes of the word and its neighbours */
    for (b = 0; b < NLEX; b++) {
      if (tok[i].lex >> b & 1u) add(&S, fnv_str(fnv_str(FNV_BASIS, "x:"), LEX_CLASS[b]));
      if (i >= 1 && (tok[i - 1].lex >> b & 1u))
        add(&S, fnv_str(fnv_str(FNV_BASIS, "x-1:"), LEX_CLASS[b]));
      if (i >= 2 && (tok[i - 2].lex >> b & 1u))
        add(&S, fnv_str(fnv_str(FNV_BASIS, "x-2:"), LEX_CLASS[b]));
      if (i + 1 < n && (tok[i + 1].lex >> b & 1u))
        add(&S, fnv_str(fnv_str(FNV_BASIS, "x+1:"), LEX_CLASS[b]));
    }
    /* the gazetteers */
    add(&S, fnv_gaz(fnv_str(FNV_BASIS, "g:"), tok[i].gaz));
    add(&S, fnv_str(fnv_str(fnv_gaz(fnv_str(FNV_BASIS, "gc:"), tok[i].gaz), "|"), cls));
    add(&S, fnv_str(fnv_str(fnv_gaz(fnv_str(FNV_BASIS, "gf:"), tok[i].gazf), "|"), lc));
    add(&S, fnv_gaz(fnv_str(FNV_BASIS, "g-1:"), i >= 1 ? tok[i - 1].gaz : 0));
    add(&S, fnv_gaz(fnv_str(FNV_BASIS, "g+1:"), i + 1 < n ? tok[i + 1].gaz : 0));
    /* the document */
    h = fnv_str(fnv_str(fnv_str(FNV_BASIS, "dl:"), d->low ? "1" : "0"), d->cap ? "1" : "0");
    add(&S, fnv_str(h, cls));
    if (m->rules) {
      unsigned char r = tok[i].rule, rp = i >= 1 ? tok[i - 1].rule : 0,
                    rn = i + 1 < n ? tok[i + 1].rule : 0;
      int dt = 0;
      add(&S, fnv_rule(fnv_str(FNV_BASIS, "r:"), r));
      add(&S, fnv_str(fnv_str(fnv_rule(fnv_str(FNV_BASIS, "rc:"), r), "|"), cls));
      add(&S, fnv_str(fnv_str(fnv_rule(fnv_str(FNV_BASIS, "rlc:"), r), "|"), lc));
      add(&S, fnv_rule(fnv_str(FNV_BASIS, "r-1:"), rp));
      add(&S, fnv_rule(fnv_str(FNV_BASIS, "r+1:"), rn));
      h = fnv_str(fnv_rule(fnv_str(FNV_BASIS, "rr:"), rp), "|");
      add(&S, fnv_rule(fnv_str(fnv_rule(h, r), "|"), rn));
      for (l = 0; l < 3; l++)
        if (d->ntype[l] > (dt ? d->ntype[dt - 1] : 0)) dt = l + 1;
      h = fnv_str(FNV_BASIS, "dr:");
      h = dt ? fnv_str(h, kata_entity_type_name(KATA_ENT_PERSON + dt - 1)) : fnv_str(h, "-");
      add(&S, fnv_str(fnv_str(h, "|"), cls));
    }
    /* the labels before */
    add_bucket(&S, m->t1[y1]);
    add_bucket(&S, m->t2[y2 * (NL + 1) + y1]);
    add_bucket(&S, m->t1c[y1][ti[i].cls]);
    best = KATA__NER_O;
    for (l = 1; l < NL; l++) {
      /* I-X only after B-X or I-X, never after a blank line (no name
      ** in the training text crosses one) */
      if ((l == KATA__NER_I_PER || l == KATA__NER_I_LOC || l == KATA__NER_I_ORG) &&
          (!(y1 == l || y1 == l + 1) || ti[i].pos == 'P'))
        continue;
      if (S.sc[l] > S.sc[best]) best = l;
    }
    labels[i] = (unsigned char)best;
    y2 = y1;
    y1 = 1 + best;
  }
  A->f(A->ud, ti, bytes, 0);
  return KATA_OK;
}

/* }====================================================================== */
