/*
** entities.c: the rule-based entity tagger. Pattern entities (dates, times,
** money, percentages, numbers; URLs, e-mail, hashtags and mentions from the
** tokenizer) are read from token sequences with a lexicon of cue words;
** names are runs of capitalised words, typed from gazetteers, cue words
** around and inside them, and the document's own evidence. Spans follow
** ../shared/ENTITY-CONVENTIONS.md (see docs/entities.md).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gazetteer.h"
#include "internal.h"
#include "strtab.h"
#include "ucd.h"

#include "entities_data.h"

/* {======================================================================
** The lexicon
** ======================================================================= */

enum {
  C_MONTH = 1u << 0, C_WEEKDAY = 1u << 1, C_NUMWORD = 1u << 2, C_NUMCOMB = 1u << 3,
  C_MAG = 1u << 4, C_CURWORD = 1u << 5, C_CURSYM = 1u << 6, C_PCTWORD = 1u << 7,
  C_TZ = 1u << 8, C_TIMEUNIT = 1u << 9, C_DATEUNIT = 1u << 10, C_DAYPART = 1u << 11,
  C_RELDAY = 1u << 12, C_RELAFTER = 1u << 13, C_RELBEFORE = 1u << 14, C_AGO = 1u << 15,
  C_TITLE = 1u << 16, C_SPEECH_AFTER = 1u << 17, C_SPEECH_BEFORE = 1u << 18,
  C_ORGHEAD = 1u << 19, C_ORGTAIL = 1u << 20, C_LOCHEAD = 1u << 21, C_LOCTAIL = 1u << 22,
  C_LOCPREP = 1u << 23, C_CONNECTOR = 1u << 24, C_STOP = 1u << 25, C_NATIONALITY = 1u << 26,
  C_TITLE2 = 1u << 27, C_ORGCUE = 1u << 28, C_NOTYPE = 1u << 29, C_HOLIDAY = 1u << 30
};

static const char *const class_names[] = {
  "MONTH", "WEEKDAY", "NUMWORD", "NUMCOMB", "MAG", "CURWORD", "CURSYM", "PCTWORD",
  "TZ", "TIMEUNIT", "DATEUNIT", "DAYPART", "RELDAY", "RELMOD_AFTER", "RELMOD_BEFORE",
  "AGO", "TITLE", "SPEECH_AFTER", "SPEECH_BEFORE", "ORGHEAD", "ORGTAIL", "LOCHEAD",
  "LOCTAIL", "LOCPREP", "CONNECTOR", "STOP", "NATIONALITY", "TITLE2", "ORGCUE", "NOTYPE",
  "HOLIDAY", NULL
};

/* The classes beyond 32 bits, in lexinfo_t.misc */
enum { M_QUANT = 1, M_RELUNIT1 = 2, M_SEASON = 4, M_PERIOD = 8, M_PATSTART = 16 };
static const char *const misc_names[] = {"QUANT", "RELUNIT1", "SEASON", "PERIOD", "PATSTART", NULL};

typedef struct lexinfo {
  uint32_t cls;
  unsigned misc;
  int month, wday;
  double num, mag;
  char cur[4];
} lexinfo_t;

/* Working memory kept between calls (a tagger serves one caller at a
** time: a Lua state), so tagging many short texts does not allocate. */
typedef struct scratch {
  kata_buf_t w, fold, marks;
  void *t;
  size_t cap;
  kata__gaztext_t gt[4];
  int busy;
} scratch_t;

struct kata_tagger {
  kata_allocator_t A;
  kata__strtab_t lex;
  lexinfo_t *info;
  size_t ninfo;
  kata_gazetteer_t *places, *orgs, *given;
  uint64_t bloom[1024]; /* a bit per lexicon word's hash: most misses cost no probe */
  scratch_t sc;
};

#define BLOOM_BIT(h) ((size_t)((h) >> 48))

static int lex_maybe(const kata_tagger_t *tg, uint64_t h) {
  return (int)((tg->bloom[BLOOM_BIT(h) >> 6] >> (BLOOM_BIT(h) & 63)) & 1u);
}

static int lex_add(kata_tagger_t *tg, const char *w, size_t wl, uint32_t cls,
                   const char *val, size_t vl) {
  size_t id;
  int rc = kata__strtab_intern(&tg->lex, w, wl, &id);
  lexinfo_t *li;
  if (rc < 0) return rc;
  if (id >= tg->ninfo) {
    size_t nn = tg->ninfo ? tg->ninfo * 2 : 256;
    lexinfo_t *ni = (lexinfo_t *)tg->A.f(tg->A.ud, tg->info, tg->ninfo * sizeof *ni,
                                         nn * sizeof *ni);
    if (!ni) return KATA_ENOMEM;
    memset(ni + tg->ninfo, 0, (nn - tg->ninfo) * sizeof *ni);
    tg->info = ni;
    tg->ninfo = nn;
  }
  li = &tg->info[id];
  li->cls |= cls;
  if (vl) {
    char buf[32];
    double v;
    size_t k = vl < sizeof buf - 1 ? vl : sizeof buf - 1;
    memcpy(buf, val, k);
    buf[k] = '\0';
    v = 0;
    { /* a small decimal parser: no locale */
      const char *p = buf;
      double frac = 0, scale = 1;
      int dot = 0;
      for (; *p; p++) {
        if (*p == '.') dot = 1;
        else if (*p >= '0' && *p <= '9') {
          if (dot) frac += (*p - '0') * (scale /= 10);
          else v = v * 10 + (*p - '0');
        } else if (*p == 'e') {
          int e = 0;
          for (p++; *p >= '0' && *p <= '9'; p++) e = e * 10 + (*p - '0');
          v = (v + frac) * pow(10, e);
          frac = 0;
          break;
        }
      }
      v += frac;
    }
    if (cls & C_MONTH) li->month = (int)v;
    if (cls & C_WEEKDAY) li->wday = (int)v;
    if (cls & (C_NUMWORD | C_NUMCOMB)) li->num = v;
    if (cls & C_MAG) li->mag = v;
    if (cls & (C_CURWORD | C_CURSYM)) {
      memcpy(li->cur, val, vl < 3 ? vl : 3);
      li->cur[3] = '\0';
    }
  }
  return KATA_OK;
}

static int load_lexicon(kata_tagger_t *tg) {
  const char *const *l;
  int rc;
  for (l = kata_ent_lexicon; *l; l++) {
    const char *s = *l, *t1 = strchr(s, '\t'), *t2;
    size_t cl;
    int c;
    if (!t1) continue;
    t2 = strchr(t1 + 1, '\t');
    cl = t2 ? (size_t)(t2 - t1 - 1) : strlen(t1 + 1);
    for (c = 0; class_names[c]; c++)
      if (strlen(class_names[c]) == cl && memcmp(class_names[c], t1 + 1, cl) == 0) break;
    if (!class_names[c]) {
      int m;
      for (m = 0; misc_names[m]; m++)
        if (strlen(misc_names[m]) == cl && memcmp(misc_names[m], t1 + 1, cl) == 0) {
          size_t id;
          if ((rc = lex_add(tg, s, (size_t)(t1 - s), 0, "", 0)) != KATA_OK) return rc;
          id = (size_t)kata__strtab_find(&tg->lex, s, (size_t)(t1 - s));
          tg->info[id].misc |= 1u << m;
        }
      continue;
    }
    rc = lex_add(tg, s, (size_t)(t1 - s), 1u << c, t2 ? t2 + 1 : "", t2 ? strlen(t2 + 1) : 0);
    if (rc != KATA_OK) return rc;
  }
  { /* the stop words of every built-in list: sentence-initial common words */
    size_t i;
    for (i = 0; kata_stoplist_lang(i); i++) {
      size_t n, k;
      const char *const *w = kata_stoplist(kata_stoplist_lang(i), &n);
      for (k = 0; k < n; k++)
        if ((rc = lex_add(tg, w[k], strlen(w[k]), C_STOP, "", 0)) != KATA_OK) return rc;
    }
  }
  { /* the bloom filter of the words */
    size_t id, kl;
    for (id = 0; id < tg->lex.n; id++) {
      const char *k = kata__strtab_key(&tg->lex, id, &kl);
      uint64_t h = kata__hash(k, kl);
      tg->bloom[BLOOM_BIT(h) >> 6] |= (uint64_t)1 << (BLOOM_BIT(h) & 63);
    }
  }
  return KATA_OK;
}

static int load_gaz(const kata_allocator_t *A, kata_gazetteer_t **g, const char *const *lines) {
  size_t errline;
  const char *errmsg;
  int rc;
  *g = kata_gazetteer_new(A, 0); /* case-sensitive: "KIM" is not "Kim" */
  if (!*g) return KATA_ENOMEM;
  for (; *lines; lines++)
    if ((rc = kata_gazetteer_load(*g, *lines, strlen(*lines), &errline, &errmsg)) == KATA_ENOMEM)
      return rc; /* a bad built-in line is skipped (the tests check the data) */
  return KATA_OK;
}

void kata_tagger_trim(kata_tagger_t *tg) {
  int f;
  scratch_t *sc = &tg->sc;
  if (sc->busy) return;
  kata_buf_free(&tg->A, &sc->w);
  kata_buf_free(&tg->A, &sc->fold);
  kata_buf_free(&tg->A, &sc->marks);
  if (sc->t) tg->A.f(tg->A.ud, sc->t, sc->cap, 0); /* cap in bytes */
  sc->t = NULL;
  sc->cap = 0;
  for (f = 0; f < 4; f++) kata__gaztext_free(&tg->A, &sc->gt[f]);
}

void kata_tagger_free(kata_tagger_t *tg) {
  if (!tg) return;
  kata_tagger_trim(tg);
  kata__strtab_free(&tg->lex);
  if (tg->info) tg->A.f(tg->A.ud, tg->info, tg->ninfo * sizeof *tg->info, 0);
  kata_gazetteer_free(tg->places);
  kata_gazetteer_free(tg->orgs);
  kata_gazetteer_free(tg->given);
  tg->A.f(tg->A.ud, tg, sizeof *tg, 0);
}

kata_tagger_t *kata_tagger_new(const kata_allocator_t *A) {
  kata_tagger_t *tg = (kata_tagger_t *)A->f(A->ud, NULL, 0, sizeof *tg);
  if (!tg) return NULL;
  memset(tg, 0, sizeof *tg);
  tg->A = *A;
  {
    int f;
    for (f = 0; f < 4; f++) kata__gaztext_init(&tg->sc.gt[f]);
  }
  kata__strtab_init(&tg->lex, A);
  if (load_lexicon(tg) != KATA_OK || load_gaz(A, &tg->places, kata_ent_places) != KATA_OK ||
      load_gaz(A, &tg->orgs, kata_ent_orgs) != KATA_OK ||
      load_gaz(A, &tg->given, kata_ent_given) != KATA_OK) {
    kata_tagger_free(tg);
    return NULL;
  }
  return tg;
}

/* }====================================================================== */

/* {======================================================================
** Tokens of the text
** ======================================================================= */

#define T_CAP 1u       /* starts with an upper-case letter */
#define T_ALLCAPS 2u   /* two or more letters, all upper case */
#define T_SENT 4u      /* first word of a sentence (or line, or text) */
#define T_GLUED 8u     /* no white space before it */
#define T_LINE 16u     /* a line end before it */
#define T_LOWER 32u    /* starts with a lower-case letter */
#define T_DIGITS 64u   /* a NUMBER of digits only */
#define T_DOTDASH 128u /* has a '.' or '-' inside */

/* Eight bytes in one word: every byte b, the high bits, and whether one
** byte of x (all bytes below 0x80) is b (exact: no borrow crosses a byte). */
#define BYTES(b) (0x0101010101010101ull * (uint64_t)(b))
#define HI_BITS 0x8080808080808080ull
static int has_byte(uint64_t x, unsigned char b) {
  uint64_t y = x ^ BYTES(b);
  return ((y - BYTES(1)) & ~y & HI_BITS) != 0;
}

typedef struct tok {
  size_t start, stop;
  int kind;
  unsigned flags;
  int lex;      /* lexicon id of its folded form, or -1 */
  uint32_t cls; /* its lexicon classes (C_*), 0 when none */
} tok_t;

typedef struct ctx {
  kata_tagger_t *tg;
  const char *s;
  size_t len;
  tok_t *t;
  size_t n, cap;
  kata_buf_t fold;
  kata_ent_t *out;
  size_t nout, outcap;
  unsigned char *taken; /* per token: covered by an entity */
  const kata_ent_opts_t *o;
  kata__gaztext_t gt[4]; /* prepared texts by gazetteer flags */
  int gt_ready[4];
  unsigned char *headline; /* per token: in a title-case line */
  unsigned char *weak;     /* per entity: typed without evidence */
  size_t weakcap;
  int err;                 /* an error met where none can be returned */
  /* the document's evidence, built once (linear time on long texts) */
  kata__strtab_t lowers;    /* the words that start sentences, first letter lowered */
  kata_buf_t capmid_flags; /* per word of lowers: 1 seen in lower case, 2 capitalised mid-sentence */
  kata__strtab_t strong;    /* names typed with evidence; their types in stype */
  unsigned char *stype;
  size_t stype_cap;
  kata__strtab_t pwords;    /* the words of those typed PERSON */
  int gathered;            /* lowers and capmid_flags are built */
  size_t num_i, num_end;   /* number_at's memo: token + 1 (0: none), end, value */
  double num_v;
  int num_ok;
} ctx_t;

static const lexinfo_t *lex(const ctx_t *c, size_t i) {
  return i < c->n && c->t[i].lex >= 0 ? &c->tg->info[c->t[i].lex] : NULL;
}

static uint32_t cls(const ctx_t *c, size_t i) {
  return i < c->n ? c->t[i].cls : 0;
}

static unsigned misc(const ctx_t *c, size_t i) {
  const lexinfo_t *l = lex(c, i);
  return l ? l->misc : 0;
}

static int is_name_word(const ctx_t *c, size_t i) {
  return i < c->n && c->t[i].kind == KATA_WORD && (c->t[i].flags & T_CAP);
}

/* Is token i the word w (ASCII, exact bytes, n of them)? */
static int word_is_n(const ctx_t *c, size_t i, const char *w, size_t n) {
  return i < c->n && c->t[i].stop - c->t[i].start == n && memcmp(c->s + c->t[i].start, w, n) == 0;
}
#define word_is(c, i, lit) word_is_n((c), (i), (lit), sizeof(lit) - 1)

static int is_char(const ctx_t *c, size_t i, char ch) {
  return i < c->n && c->t[i].stop - c->t[i].start == 1 && c->s[c->t[i].start] == ch;
}

/* Case from Sentence_Break: Upper is Uppercase + Titlecase, Lower is
** Lowercase (UAX #29), which the generated table has. */
static void case_flags(const char *s, size_t n, unsigned *flags) {
  int32_t cp;
  size_t pos;
  int sb, letters = 0, uppers = 0;
  unsigned char c0 = (unsigned char)s[0];
  if (c0 < 0x80) { /* ASCII first: no decoding unless a later byte needs it */
    size_t i;
    if (c0 >= 'a' && c0 <= 'z') {
      *flags |= T_LOWER;
      return;
    }
    if (c0 < 'A' || c0 > 'Z') return;
    *flags |= T_CAP;
    for (i = 1; i < n && (unsigned char)s[i] < 0x80; i++) {
      unsigned char ch = (unsigned char)s[i];
      if (ch >= 'a' && ch <= 'z') return; /* not all capitals */
    }
    if (i == n) {
      for (i = 1; i < n; i++)
        if (s[i] >= 'A' && s[i] <= 'Z') break;
      if (i < n) *flags |= T_ALLCAPS; /* two letters or more, no lower case */
      return;
    }
    *flags &= ~T_CAP; /* decoded below */
  }
  pos = kata__decode(s, n, 0, &cp);
  if (cp < 0) return;
  sb = kata__ucd(cp)->sb;
  if (sb == SB_Upper) *flags |= T_CAP;
  else if (sb == SB_Lower) *flags |= T_LOWER;
  if (!(*flags & T_CAP)) return;
  letters = uppers = 1;
  while (pos < n) {
    pos += kata__decode(s, n, pos, &cp);
    if (cp < 0) break;
    sb = kata__ucd(cp)->sb;
    if (sb == SB_Upper) { letters++; uppers++; }
    else if (sb == SB_Lower || sb == SB_OLetter) { letters++; }
  }
  if (letters >= 2 && letters == uppers) *flags |= T_ALLCAPS;
}

static int add_tok(ctx_t *c, const kata_token_t *k, unsigned flags) {
  tok_t *t;
  if (c->n == c->cap) {
    size_t nc = c->cap ? c->cap * 2 : (c->len / 4 > 256 ? c->len / 4 : 256);
    tok_t *nt = (tok_t *)c->tg->A.f(c->tg->A.ud, c->t, c->cap * sizeof *nt, nc * sizeof *nt);
    if (!nt) return KATA_ENOMEM;
    c->t = nt;
    c->cap = nc;
  }
  t = &c->t[c->n++];
  t->start = k->start;
  t->stop = k->stop;
  t->kind = (int)k->kind;
  t->flags = flags;
  t->lex = -1;
  if (k->kind == KATA_WORD || k->kind == KATA_SYMBOL || k->kind == KATA_PUNCT ||
      k->kind == KATA_NUMBER) {
    const char *w = c->s + k->start;
    size_t wl = k->stop - k->start, i;
    int ascii = 1;
    int dotdash = 0;
    if (k->kind == KATA_WORD) case_flags(w, wl, &t->flags);
    if (k->kind == KATA_NUMBER) {
      t->flags |= T_DIGITS;
      for (i = 0; i < wl; i++)
        if (w[i] < '0' || w[i] > '9') t->flags &= ~T_DIGITS;
    }
    if (wl <= 32) {
      uint64_t lowbuf[5] = {0, 0, 0, 0, 0}; /* zero after the word: one-load hash tail */
      char *low = (char *)lowbuf;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
      if (c->len - k->start >= 32) {
        /* eight bytes at a time: the bytes past the word are masked off */
        size_t q;
        for (q = 0; q < wl; q += 8) {
          uint64_t x, up;
          memcpy(&x, w + q, 8);
          if (wl - q < 8) x &= ((uint64_t)1 << (8 * (wl - q))) - 1; /* the word's bytes only */
          if (x & HI_BITS) { ascii = 0; break; }
          dotdash |= has_byte(x, '.') || has_byte(x, '-');
          /* 'A'..'Z' to 'a'..'z': bit 7 of (x + 0x80 - 'A') says >= 'A',
          ** of (x + 0x80 - 'Z' - 1) says > 'Z' (no carry: every byte < 0x80) */
          up = (x + BYTES(0x80 - 'A')) & ~(x + BYTES(0x80 - 'Z' - 1)) & HI_BITS;
          x |= up >> 2;
          memcpy(low + q, &x, 8);
        }
      } else
#endif
      {
        for (i = 0; i < wl; i++) {
          unsigned char ch = (unsigned char)w[i];
          if (ch >= 0x80) { ascii = 0; break; }
          dotdash |= ch == '.' || ch == '-';
          low[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
        }
      }
      if (ascii) {
        uint64_t h = kata__hash_padded(low, wl);
        t->lex = lex_maybe(c->tg, h) ? (int)kata__strtab_find_h(&c->tg->lex, low, wl, h) : -1;
      } else {
        int rc;
        c->fold.len = 0;
        rc = kata_normalize(&c->tg->A, w, wl, KATA_FORM_NONE, KATA_NORM_FOLD, &c->fold, NULL);
        if (rc != KATA_OK) return rc;
        t->lex = (int)kata__strtab_find(&c->tg->lex, c->fold.data, c->fold.len);
      }
    }
    if (k->kind == KATA_WORD) {
      if (!(wl <= 32 && ascii)) /* not seen whole above */
        for (i = 0; i < wl && !dotdash; i++) dotdash = w[i] == '.' || w[i] == '-';
      if (dotdash) t->flags |= T_DOTDASH;
    }
  }
  t->cls = t->lex >= 0 ? c->tg->info[t->lex].cls : 0;
  return KATA_OK;
}

static int tokenize(ctx_t *c) {
  kata_tokenizer_t tz;
  kata_token_t k;
  unsigned next = T_SENT | T_LINE;
  int rc, sent_end = 1;
  size_t line_start = 0, gap = 0;
  /* No space tokens: the white space is the gap between two tokens. */
  kata_tokenizer_init(&tz, c->s, c->len, 0);
  while (kata_tokenizer_next(&tz, &k)) {
    if (k.start > gap) {
      size_t i, breaks = 0, last = gap;
      next &= ~T_GLUED;
      for (i = gap; i < k.start; i++)
        if (c->s[i] == '\n' || (c->s[i] == '\r' && (i + 1 == k.start || c->s[i + 1] != '\n'))) {
          breaks++;
          last = i + 1;
        }
      /* One line break after a line of 50 bytes or more is a hard wrap
      ** inside a paragraph: a name goes on across it ("Roket\nAir"). */
      if (breaks > 1 || (breaks == 1 && gap - line_start < 50)) next |= T_LINE | T_SENT;
      if (breaks) line_start = last;
    }
    gap = k.stop;
    if (sent_end && k.kind != KATA_PUNCT) next |= T_SENT;
    if ((rc = add_tok(c, &k, next)) != KATA_OK) return rc;
    if (k.kind == KATA_PUNCT) {
      unsigned char ch = (unsigned char)c->s[k.start];
      int32_t cp;
      kata__decode(c->s, c->len, k.start, &cp);
      if (ch == '.' || ch == '!' || ch == '?' || ch == ':') {
        sent_end = 1;
        if (ch == '.' && c->n >= 2) { /* not after "Mr", "U.S", a single letter */
          const tok_t *p = &c->t[c->n - 2];
          size_t pl = p->stop - p->start;
          if (p->kind == KATA_WORD && k.start == p->stop &&
              (pl == 1 || (cls(c, c->n - 2) & C_TITLE) || memchr(c->s + p->start, '.', pl)))
            sent_end = 0;
        }
      } else if (cp == '"' || cp == '\'' || cp == '(' || cp == '[' || cp == 0x201C || cp == 0x2018 ||
                 cp == 0xAB || cp == 0x201E) {
        /* opening quotes and brackets keep the state */
      } else if ((cp == '-' || cp == 0x2013 || cp == 0x2014) && !(next & T_GLUED)) {
        sent_end = 1; /* a dateline's dash: "(Reuters) - A failure" */
      } else {
        sent_end = 0;
      }
    } else {
      sent_end = 0;
    }
    next = T_GLUED;
  }
  return KATA_OK;
}

/* }====================================================================== */

/* {======================================================================
** Numbers
** ======================================================================= */

/*
** The value of a number written with digits and separators, both
** conventions: "19.800" and "1,200" (thousands), "1,5" and "3.5"
** (decimals), "1.234.567,89", "1,234,567.89". Returns 0 when it is not one.
*/
static int parse_number(const char *s, size_t n, double *v) {
  size_t i, ndot = 0, ncom = 0, lastsep = 0, digits = 0;
  char lastc = 0;
  double x = 0, frac = 0, scale = 1;
  int dec = 0; /* the decimal separator: '.' or ',' or 0 */
  for (i = 0; i < n; i++) {
    char ch = s[i];
    if (ch >= '0' && ch <= '9') digits++;
    else if (ch == '.') { ndot++; lastsep = i; lastc = '.'; }
    else if (ch == ',') { ncom++; lastsep = i; lastc = ','; }
    else return 0;
  }
  if (!digits) return 0;
  if (ndot && ncom) dec = lastc;                       /* 1.234,5 or 1,234.5 */
  else if (ndot == 1 || ncom == 1) {                   /* one separator */
    size_t after = n - lastsep - 1;
    dec = after == 3 && !(s[0] == '0' && lastsep == 1) ? 0 : lastc; /* 19.800 vs 3.5, 0,125 */
  } else dec = 0;                                      /* 1.234.567 */
  for (i = 0; i < n; i++) {
    char ch = s[i];
    if (ch >= '0' && ch <= '9') {
      if (dec && i > lastsep) frac += (ch - '0') * (scale /= 10);
      else x = x * 10 + (ch - '0');
    }
  }
  *v = x + frac;
  return 1;
}

/* A number at token i: digits (with a magnitude word after, or glued as in
** "3.3bn"), or number words ("tiga juta", "twenty five"). Sets *end (one
** past its last token), *v. */
static int number_at_(const ctx_t *c, size_t i, size_t *end, double *v);

/* number_at, remembered for the last token asked about (the matchers ask
** about the same token in turn). */
static int number_at(const ctx_t *c, size_t i, size_t *end, double *v) {
  ctx_t *m = (ctx_t *)(uintptr_t)c; /* the memo only */
  if (m->num_i != i + 1) {
    m->num_ok = number_at_(c, i, &m->num_end, &m->num_v);
    m->num_i = i + 1;
  }
  *end = m->num_end;
  *v = m->num_v;
  return m->num_ok;
}

static int number_at_(const ctx_t *c, size_t i, size_t *end, double *v) {
  const tok_t *t;
  const lexinfo_t *l;
  if (i >= c->n) return 0;
  t = &c->t[i];
  if (t->kind == KATA_NUMBER) {
    if (!parse_number(c->s + t->start, t->stop - t->start, v)) return 0;
    *end = i + 1;
    if ((l = lex(c, i + 1)) && (l->cls & C_MAG) && !(c->t[i + 1].flags & T_CAP && l->mag < 1e3) &&
        (c->t[i + 1].stop - c->t[i + 1].start > 1 || (c->t[i + 1].flags & T_GLUED))) {
      *v *= l->mag;
      *end = i + 2;
    }
    return 1;
  }
  if (t->kind == KATA_WORD) {
    /* digits glued to a magnitude: "3.3bn", "5m" */
    const char *w = c->s + t->start;
    size_t wl = t->stop - t->start, k = 0;
    while (k < wl && ((w[k] >= '0' && w[k] <= '9') || w[k] == '.' || w[k] == ',')) k++;
    if (k > 0 && k < wl && w[0] >= '0' && w[0] <= '9') {
      char low[8];
      size_t m = wl - k, q;
      long id;
      if (m < sizeof low) {
        for (q = 0; q < m; q++) low[q] = (char)(w[k + q] | 0x20);
        id = kata__strtab_find(&c->tg->lex, low, m);
        if (id >= 0 && (c->tg->info[id].cls & C_MAG) && parse_number(w, k, v)) {
          *v *= c->tg->info[id].mag;
          *end = i + 1;
          return 1;
        }
      }
      return 0;
    }
    if ((l = lex(c, i)) && (l->cls & C_NUMWORD)) {
      double total = 0, cur = l->num;
      size_t j = i + 1;
      for (;;) {
        const lexinfo_t *m = lex(c, j);
        if (is_char(c, j, '-') && (m = lex(c, j + 1)) && (m->cls & C_NUMWORD)) { /* twenty-five */
          cur += m->num;
          j += 2;
          continue;
        }
        if (!m) break;
        if (m->cls & C_NUMCOMB) {
          cur = m->num == 10 && cur < 10 && (c->s[c->t[j].start] | 0x20) == 'b' ? cur + 10
                                                                               : cur * m->num;
          j++;
        } else if (m->cls & C_MAG && m->mag >= 1e3 && c->t[j].stop - c->t[j].start > 2) {
          total += cur * m->mag;
          cur = 0;
          j++;
        } else if (m->cls & C_NUMWORD && cur >= 20 && cur < 100 && m->num < 10 &&
                   (cur - floor(cur / 10) * 10) == 0) {
          cur += m->num; /* dua puluh lima, twenty five */
          j++;
        } else break;
      }
      *v = total + cur;
      *end = j;
      return 1;
    }
  }
  return 0;
}

/* }====================================================================== */

/* {======================================================================
** Pattern entities
** ======================================================================= */

typedef struct cand {
  size_t a, b; /* tokens [a, b) */
  int type;
  char value[48];
  int weak;  /* a name typed without evidence */
  size_t cut; /* bytes of the last token left out ("38" of "38-year-old") */
} cand_t;

/* Writes v to k->value in plain decimal, at most two decimals, no locale;
** nothing (no value) beyond 10^15 or for a NaN. */
static void set_num(cand_t *k, double v) {
  char tmp[24];
  long long ip, fp;
  size_t p = 0;
  int n = 0, neg;
  k->value[0] = '\0';
  if (!(v > -1e15 && v < 1e15)) return;
  neg = v < 0;
  if (neg) v = -v;
  ip = (long long)floor(v);
  fp = (long long)floor((v - (double)ip) * 100 + 0.5);
  if (fp >= 100) {
    ip++;
    fp -= 100;
  }
  if (neg) k->value[p++] = '-';
  do tmp[n++] = (char)('0' + ip % 10); while ((ip /= 10) > 0);
  while (n > 0) k->value[p++] = tmp[--n];
  if (fp) {
    k->value[p++] = '.';
    k->value[p++] = (char)('0' + fp / 10);
    if (fp % 10) k->value[p++] = (char)('0' + fp % 10);
  }
  k->value[p] = '\0';
}

/* The value of an amount: "1500000000000 IDR", or none when too big. */
static void money_value(cand_t *k, double v, const char *code) {
  size_t p;
  set_num(k, v);
  if (!k->value[0]) return;
  p = strlen(k->value);
  k->value[p++] = ' ';
  memcpy(k->value + p, code, 3);
  k->value[p + 3] = '\0';
}

/* A currency sign at token i ("Rp", "$", "US$", "€", "RM"): its code and the
** token after it. */
static int currency_sign(const ctx_t *c, size_t i, const char **code, size_t *next) {
  const lexinfo_t *l = lex(c, i);
  if (i >= c->n) return 0;
  /* "US" "$", "S" "$", "HK" "$": glued */
  if (c->t[i].kind == KATA_WORD && is_char(c, i + 1, '$') && (c->t[i + 1].flags & T_GLUED) &&
      c->t[i].stop - c->t[i].start <= 2 && (c->t[i].flags & T_CAP)) {
    const char *w = c->s + c->t[i].start;
    size_t wl = c->t[i].stop - c->t[i].start;
    *code = wl == 2 && w[0] == 'U' && w[1] == 'S' ? "USD"
          : wl == 1 && w[0] == 'S' ? "SGD"
          : wl == 1 && w[0] == 'A' ? "AUD"
          : wl == 2 && w[0] == 'H' && w[1] == 'K' ? "HKD"
          : wl == 2 && w[0] == 'N' && w[1] == 'Z' ? "NZD"
          : wl == 1 && w[0] == 'C' ? "CAD" : NULL;
    if (*code) {
      *next = i + 2;
      return 1;
    }
  }
  if (l && (l->cls & C_CURSYM)) {
    /* a currency code word must be upper case ("USD", "Rp" is the exception) */
    if (c->t[i].kind == KATA_WORD && !(c->t[i].flags & T_CAP)) return 0;
    if (c->t[i].kind == KATA_WORD && c->t[i].stop - c->t[i].start == 3 &&
        !(c->t[i].flags & T_ALLCAPS))
      return 0;
    *code = l->cur;
    *next = i + 1;
    return 1;
  }
  return 0;
}

static int money_at(const ctx_t *c, size_t i, cand_t *k) {
  const char *code;
  size_t j, e;
  double v;
  const tok_t *t = &c->t[i];
  if (currency_sign(c, i, &code, &j)) {
    if (j < c->n && (c->t[j].kind == KATA_NUMBER || c->t[j].kind == KATA_WORD) &&
        number_at(c, j, &e, &v)) {
      k->a = i;
      k->b = e;
      k->type = KATA_ENT_MONEY;
      money_value(k, v, code);
      return 1;
    }
    return 0;
  }
  /* "Rp14.409", "Rp100": a sign glued to digits in one word */
  if (t->kind == KATA_WORD && t->stop - t->start > 2 && c->s[t->start] == 'R' &&
      c->s[t->start + 1] == 'p' && c->s[t->start + 2] >= '0' && c->s[t->start + 2] <= '9' &&
      parse_number(c->s + t->start + 2, t->stop - t->start - 2, &v)) {
    const lexinfo_t *l = lex(c, i + 1);
    k->a = i;
    k->b = i + 1;
    if (l && (l->cls & C_MAG) && c->t[i + 1].stop - c->t[i + 1].start > 1) {
      v *= l->mag;
      k->b = i + 2;
    }
    k->type = KATA_ENT_MONEY;
    money_value(k, v, "IDR");
    return 1;
  }
  /* a number, then a currency word: "3 trillion rupiah", "28 pence" */
  if (number_at(c, i, &e, &v)) {
    const lexinfo_t *l = lex(c, e);
    if (l && (l->cls & C_CURWORD)) {
      k->a = i;
      k->b = e + 1;
      k->type = KATA_ENT_MONEY;
      money_value(k, v, l->cur);
      /* "dolar AS", "US dollars" are part of the amount's words */
      if (e + 1 < c->n && c->t[e + 1].stop - c->t[e + 1].start == 2 &&
          memcmp(c->s + c->t[e + 1].start, "AS", 2) == 0)
        k->b = e + 2;
      return 1;
    }
  }
  return 0;
}

static int percent_at(const ctx_t *c, size_t i, cand_t *k) {
  size_t e;
  double v, v2;
  if (!number_at(c, i, &e, &v)) return 0;
  if (e == i + 1 && is_char(c, e, '-') && (c->t[e].flags & T_GLUED) && number_at(c, e + 1, &e, &v2) &&
      !(is_char(c, e, '%') || (cls(c, e) & C_PCTWORD)))
    return 0; /* a range not of percentages */
  if (is_char(c, e, '%') || (cls(c, e) & C_PCTWORD)) {
    k->a = i;
    k->b = e + 1;
  } else if (e + 1 < c->n && c->t[e].stop - c->t[e].start == 3 &&
             memcmp(c->s + c->t[e].start, "per", 3) == 0 &&
             c->t[e + 1].stop - c->t[e + 1].start == 4 &&
             memcmp(c->s + c->t[e + 1].start, "cent", 4) == 0) {
    k->a = i;
    k->b = e + 2;
  } else {
    return 0;
  }
  k->type = KATA_ENT_PERCENT;
  set_num(k, v);
  return 1;
}

static int small_int(const ctx_t *c, size_t i, int lo, int hi, int *v) {
  const tok_t *t;
  size_t k;
  int x = 0;
  if (i >= c->n) return 0;
  t = &c->t[i];
  if (t->kind != KATA_NUMBER || !(t->flags & T_DIGITS) || t->stop - t->start > 4) return 0;
  for (k = t->start; k < t->stop; k++) x = x * 10 + (c->s[k] - '0');
  if (x < lo || x > hi) return 0;
  *v = x;
  return 1;
}

static int is_year(const ctx_t *c, size_t i, int *y) {
  return i < c->n && c->t[i].stop - c->t[i].start == 4 && small_int(c, i, 1000, 2199, y);
}

static void date_value(cand_t *k, int y, int m, int d) {
  char *p = k->value;
  if (y <= 0) { k->value[0] = '\0'; return; }
  p[0] = (char)('0' + y / 1000); p[1] = (char)('0' + y / 100 % 10);
  p[2] = (char)('0' + y / 10 % 10); p[3] = (char)('0' + y % 10);
  p += 4;
  if (m > 0) {
    *p++ = '-'; *p++ = (char)('0' + m / 10); *p++ = (char)('0' + m % 10);
    if (d > 0) { *p++ = '-'; *p++ = (char)('0' + d / 10); *p++ = (char)('0' + d % 10); }
  }
  *p = '\0';
}

/* A bracketed date after a day name: "(25/2)", "(21/2/2024)". */
static int bracket_date(const ctx_t *c, size_t i, size_t *end, int *y, int *m, int *d) {
  size_t j = i + 1;
  if (!is_char(c, i, '(') || !small_int(c, j, 1, 31, d) || !is_char(c, j + 1, '/') ||
      !small_int(c, j + 2, 1, 12, m))
    return 0;
  j += 3;
  *y = 0;
  if (is_char(c, j, '/') && small_int(c, j + 1, 0, 9999, y)) {
    if (*y < 100) *y += 2000;
    j += 2;
  }
  if (!is_char(c, j, ')')) return 0;
  *end = j + 1;
  return 1;
}

static int date_core(const ctx_t *c, size_t i, cand_t *k);

/* A date, with what may surround one: "awal"/"akhir" before a month or a
** year word, "the" before "last"/"past", a range ("19-20", "2021-2024",
** "2024/2025"), "dini hari" after a day. */
static int date_at(const ctx_t *c, size_t i, cand_t *k) {
  int y;
  size_t e = i;
  if ((word_is(c, i, "the") || word_is(c, i, "The")) && (cls(c, i + 1) & C_RELBEFORE) &&
      date_core(c, i + 1, k)) {
    k->a = i;
    return 1;
  }
  if ((word_is(c, i, "awal") || word_is(c, i, "akhir") || word_is(c, i, "pertengahan")) &&
      ((cls(c, i + 1) & C_MONTH) || word_is(c, i + 1, "tahun") || word_is(c, i + 1, "bulan") ||
       word_is(c, i + 1, "pekan"))) {
    if (date_core(c, i + 1, k)) {
      k->a = i;
      return 1;
    }
    k->a = i;
    k->b = i + 2;
    k->type = KATA_ENT_DATE;
    k->value[0] = '\0';
    return 1;
  }
  /* holidays: "Lebaran 2025", "Idul Fitri 1446 Hijriah", "Christmas" */
  if ((cls(c, i) & C_HOLIDAY) && (c->t[i].flags & T_CAP)) {
    k->a = i;
    e = i + 1;
    if (is_name_word(c, e) && !(cls(c, e) & C_HOLIDAY) && c->t[e].stop - c->t[e].start <= 6) e++;
    if (e < c->n && c->t[e].kind == KATA_NUMBER && c->t[e].stop - c->t[e].start == 4) {
      e++;
      if (word_is(c, e, "Hijriah") || word_is(c, e, "H")) e++;
    }
    k->b = e;
    k->type = KATA_ENT_DATE;
    k->value[0] = '\0';
    return 1;
  }
  /* "semester II-2025", "kuartal III", "third quarter of 2025" */
  if ((misc(c, i) & M_PERIOD) && i + 1 < c->n) {
    e = i + 1;
    if (word_is(c, e, "of") && is_year(c, e + 1, &y)) e += 2;
    else if (c->t[e].kind == KATA_WORD || c->t[e].kind == KATA_NUMBER) {
      e++;
      if (is_char(c, e, '-') && is_year(c, e + 1, &y)) e += 2;
      else if (is_year(c, e, &y)) e++;
    } else return 0;
    k->a = i;
    k->b = e;
    k->type = KATA_ENT_DATE;
    k->value[0] = '\0';
    if (i > 0 && c->t[i - 1].kind == KATA_WORD && (c->t[i - 1].flags & T_LOWER) &&
        (word_is(c, i - 1, "first") || word_is(c, i - 1, "second") || word_is(c, i - 1, "third") ||
         word_is(c, i - 1, "fourth")))
      return 0; /* the ordinal starts it: found from there */
    return 1;
  }
  if ((word_is(c, i, "first") || word_is(c, i, "second") || word_is(c, i, "third") ||
       word_is(c, i, "fourth")) && (misc(c, i + 1) & M_PERIOD)) {
    e = i + 2;
    if (word_is(c, e, "of") && is_year(c, e + 1, &y)) e += 2;
    k->a = i;
    k->b = e;
    k->type = KATA_ENT_DATE;
    k->value[0] = '\0';
    return 1;
  }
  /* seasons: "musim hujan", "this season", "summer" */
  if (misc(c, i) & M_SEASON) {
    const char *w = c->s + c->t[i].start;
    k->a = i;
    k->b = i + 1;
    k->type = KATA_ENT_DATE;
    k->value[0] = '\0';
    if (w[0] == 'm' || w[0] == 'M') { /* musim: with its kind, or no date */
      if (word_is(c, i + 1, "hujan") || word_is(c, i + 1, "kemarau") || word_is(c, i + 1, "panas") ||
          word_is(c, i + 1, "dingin") || word_is(c, i + 1, "ini") || word_is(c, i + 1, "lalu")) {
        k->b = i + 2;
        return 1;
      }
      return 0;
    }
    if (word_is(c, i, "season")) return 0; /* "this season": from "this" */
    return 1;
  }
  if (!date_core(c, i, k)) return 0;
  /* a range: "19-20", "9-11", "2021-2024", "2024/2025" */
  e = k->b;
  if ((is_char(c, e, '-') || is_char(c, e, '/')) && (c->t[e].flags & T_GLUED) && e + 1 < c->n &&
      c->t[e + 1].kind == KATA_NUMBER && (c->t[e + 1].flags & T_GLUED) &&
      c->t[k->b - 1].kind == KATA_NUMBER && c->t[e + 1].stop - c->t[e + 1].start ==
      c->t[k->b - 1].stop - c->t[k->b - 1].start) {
    k->b = e + 2;
    if (is_year(c, k->b, &y) && !is_year(c, k->b - 1, &y)) k->b++;
  }
  if (word_is(c, k->b, "dini") && word_is(c, k->b + 1, "hari")) k->b += 2;
  return 1;
}

static int date_core(const ctx_t *c, size_t i, cand_t *k) {
  uint32_t c0 = cls(c, i);
  const lexinfo_t *l = lex(c, i);
  int y = 0, m = 0, d = 0;
  size_t e;
  k->type = KATA_ENT_DATE;
  k->value[0] = '\0';
  /* "24-26 Maret": a range of days before a month */
  if (small_int(c, i, 1, 31, &d) && is_char(c, i + 1, '-') && (c->t[i + 1].flags & T_GLUED) &&
      small_int(c, i + 2, 1, 31, &d) && (cls(c, i + 3) & C_MONTH)) {
    k->a = i;
    k->b = i + 4;
    if (is_year(c, k->b, &y)) k->b++;
    return 1;
  }
  /* a day name: "Kamis (25/2)", "Senin (3/4) malam", "Minggu pagi", "Tuesday" */
  if ((c0 & C_WEEKDAY) && (c->t[i].flags & T_CAP)) {
    k->a = i;
    k->b = i + 1;
    if (bracket_date(c, i + 1, &e, &y, &m, &d)) {
      k->b = e;
      date_value(k, y, m, d);
    } else if (is_char(c, i + 1, ',') && (cls(c, i + 2) & C_MONTH)) {
      /* "Wednesday, March 13" */
      cand_t k2;
      if (date_at(c, i + 2, &k2) && k2.b > i + 3) {
        k->b = k2.b;
        memcpy(k->value, k2.value, sizeof k->value);
      }
    }
    if (cls(c, k->b) & C_DAYPART && !(c->t[k->b].flags & T_CAP)) k->b++;
    return 1;
  }
  /* "25 Februari 2019", "25 February" */
  if (small_int(c, i, 1, 31, &d) && (cls(c, i + 1) & C_MONTH) &&
      (c->t[i + 1].flags & T_CAP)) {
    m = lex(c, i + 1)->month;
    k->a = i;
    k->b = i + 2;
    if (is_char(c, k->b, '.') && c->t[k->b].start == c->t[i + 1].stop) k->b++; /* "Feb." */
    if (is_year(c, k->b, &y)) k->b++;
    date_value(k, y, m, d);
    return 1;
  }
  /* "February 25, 2019", "Feb. 25", "Februari 2019", "March" */
  if ((c0 & C_MONTH) && (c->t[i].flags & T_CAP) && l) {
    size_t j = i + 1;
    m = l->month;
    if (is_char(c, j, '.') && (c->t[j].flags & T_GLUED)) j++;
    k->a = i;
    k->b = i + 1;
    if (small_int(c, j, 1, 31, &d) && c->t[j].stop - c->t[j].start <= 2) {
      k->b = j + 1;
      if (is_char(c, k->b, ',') && is_year(c, k->b + 1, &y)) k->b += 2;
      else if (is_year(c, k->b, &y)) k->b++;
      date_value(k, y, m, d);
    } else if (is_year(c, j, &y)) {
      k->b = j + 1;
      date_value(k, y, m, 0);
    } else {
      /* a month name alone: "May", "Mei", "March" are words too */
      size_t wl = c->t[i].stop - c->t[i].start;
      if (wl <= 3 || (c->t[i].flags & T_SENT) || l->month == 5 || l->month == 3) {
        if (!(l->month == 5 || l->month == 3) || (cls(c, i - 1) & (C_LOCPREP)) ||
            (i > 0 && (c->s[c->t[i - 1].start] == 'i' || c->s[c->t[i - 1].start] == 'p'))) {
          /* "in May", "pada Mei", "since March" */
          if (l->month == 5 || l->month == 3) {
            const char *pw = i > 0 ? c->s + c->t[i - 1].start : "";
            size_t pl = i > 0 ? c->t[i - 1].stop - c->t[i - 1].start : 0;
            if (!((pl == 2 && memcmp(pw, "in", 2) == 0) || (pl == 4 && memcmp(pw, "pada", 4) == 0) ||
                  (pl == 5 && memcmp(pw, "sejak", 5) == 0) || (pl == 5 && memcmp(pw, "since", 5) == 0) ||
                  (pl == 5 && memcmp(pw, "until", 5) == 0) || (pl == 6 && memcmp(pw, "hingga", 6) == 0) ||
                  (pl == 5 && memcmp(pw, "akhir", 5) == 0) || (pl == 4 && memcmp(pw, "awal", 4) == 0) ||
                  (pl == 4 && memcmp(pw, "late", 4) == 0) || (pl == 5 && memcmp(pw, "early", 5) == 0) ||
                  (pl == 5 && memcmp(pw, "mulai", 5) == 0) || (pl == 6 && memcmp(pw, "sampai", 6) == 0) ||
                  (pl == 5 && memcmp(pw, "bulan", 5) == 0) || (pl == 2 && memcmp(pw, "by", 2) == 0)))
              return 0;
          } else if (wl <= 3) {
            return 0; /* "Mar", "Jan" alone are too often names */
          }
        } else {
          return 0;
        }
      }
    }
    return 1;
  }
  /* a year after a cue: "pada 2009", "in 2009", "tahun 2021", "since 2013" */
  if (is_year(c, i, &y) && y >= 1900 && y <= 2100) {
    uint32_t pc = i > 0 ? cls(c, i - 1) : 0;
    const char *pw = i > 0 ? c->s + c->t[i - 1].start : "";
    size_t pl = i > 0 ? c->t[i - 1].stop - c->t[i - 1].start : 0, nk;
    int cue = (pc & (C_LOCPREP | C_MONTH | C_DATEUNIT)) ||
              (pl == 4 && (memcmp(pw, "pada", 4) == 0 || memcmp(pw, "year", 4) == 0)) ||
              (pl == 5 && (memcmp(pw, "since", 5) == 0 || memcmp(pw, "sejak", 5) == 0 ||
                           memcmp(pw, "until", 5) == 0)) ||
              (pl == 6 && memcmp(pw, "hingga", 6) == 0) || (pl == 2 && memcmp(pw, "by", 2) == 0);
    nk = i + 1 < c->n ? (size_t)c->t[i + 1].kind : (size_t)KATA_PUNCT;
    if (cue || nk == KATA_PUNCT || (i > 0 && c->t[i - 1].flags & T_CAP)) {
      k->a = i;
      k->b = i + 1;
      date_value(k, y, 0, 0);
      return 1;
    }
  }
  /* relative: "kemarin", "today", "hari ini", "pekan depan", "tahun lalu",
  ** "last year", "next Tuesday", "two days ago", "dua hari lalu" */
  if ((c0 & C_RELDAY) && !(c0 & C_DAYPART)) {
    k->a = i;
    k->b = i + 1;
    if (cls(c, k->b) & C_DAYPART) k->b++;
    return 1;
  }
  if ((c0 & C_DATEUNIT) && (cls(c, i + 1) & C_RELAFTER) && !(c->t[i].flags & T_CAP && i > 0 && !(c->t[i].flags & T_SENT))) {
    const char *w = c->s + c->t[i].start;
    size_t wl = c->t[i].stop - c->t[i].start;
    /* "hari ini", "pekan depan", "tahun lalu", "bulan ini" (Indonesian units) */
    if ((wl == 4 && memcmp(w, "hari", 4) == 0) || (wl == 5 && (memcmp(w, "pekan", 5) == 0 ||
        memcmp(w, "bulan", 5) == 0 || memcmp(w, "tahun", 5) == 0)) ||
        (wl == 6 && memcmp(w, "minggu", 6) == 0)) {
      k->a = i;
      k->b = i + 2;
      return 1;
    }
  }
  if ((c0 & C_RELBEFORE) && ((cls(c, i + 1) & (C_DATEUNIT | C_WEEKDAY | C_MONTH)))) {
    k->a = i;
    k->b = i + 2;
    return 1;
  }
  { /* a count of days or more: "two days ago", "dua hari lalu", "the last
    ** three months", "beberapa bulan terakhir"; "12 years" */
    double v;
    size_t a = i;
    if ((c0 & C_RELBEFORE) && number_at(c, i + 1, &e, &v) && (cls(c, e) & C_DATEUNIT)) {
      k->a = a;
      k->b = e + 1;
      return 1;
    }
    if ((number_at(c, i, &e, &v) || ((misc(c, i) & M_QUANT) && (e = i + 1))) &&
        (cls(c, e) & C_DATEUNIT) && !(c->t[e].flags & T_CAP)) {
      k->a = i;
      k->b = e + 1;
      if (cls(c, e + 1) & (C_AGO | C_RELAFTER)) k->b++;
      else if (word_is(c, e + 1, "ke") && word_is(c, e + 2, "depan")) k->b += 2;
      else if (word_is(c, e + 1, "yang") && (cls(c, e + 2) & C_AGO)) k->b += 2;
      if ((misc(c, i) & M_QUANT) && k->b == e + 1) return 0; /* "beberapa bulan": vague */
      return 1;
    }
    if (misc(c, i) & M_RELUNIT1) { /* "sepekan terakhir", "sehari sebelumnya" */
      k->a = i;
      k->b = i + 1;
      if (cls(c, i + 1) & (C_AGO | C_RELAFTER)) {
        k->b++;
        return 1;
      }
      return 0;
    }
    if ((c0 & C_RELBEFORE) && (misc(c, i + 1) & M_SEASON) && !(cls(c, i + 1) & C_DATEUNIT)) {
      k->a = i;
      k->b = i + 2;
      return 1;
    }
  }
  return 0;
}

static int time_at(const ctx_t *c, size_t i, cand_t *k) {
  const tok_t *t = &c->t[i];
  int h, mi;
  size_t e, j;
  double v;
  k->type = KATA_ENT_TIME;
  k->value[0] = '\0';
  /* "0047 GMT": four digits and a time zone */
  if (t->kind == KATA_NUMBER && t->stop - t->start == 4 && (t->flags & T_DIGITS) &&
      (cls(c, i + 1) & C_TZ) && (c->t[i + 1].flags & T_ALLCAPS)) {
    k->a = i;
    k->b = i + 2;
    return 1;
  }
  /* "11th minute", "36th minute" */
  if (t->kind == KATA_WORD && t->stop - t->start >= 3 && c->s[t->start] >= '0' &&
      c->s[t->start] <= '9' && (word_is(c, i + 1, "minute") || word_is(c, i + 1, "minutes"))) {
    k->a = i;
    k->b = i + 2;
    return 1;
  }
  /* "14.30 WIB", "pukul 09.00", "2:30 p.m.", "14:00 GMT" */
  if (t->kind == KATA_NUMBER) {
    const char *w = c->s + t->start;
    size_t wl = t->stop - t->start;
    int ok = 0;
    j = i + 1;
    if ((wl == 4 || wl == 5) && (w[wl - 3] == '.' || w[wl - 3] == ':')) {
      h = (wl == 5 ? (w[0] - '0') * 10 + (w[1] - '0') : w[0] - '0');
      mi = (w[wl - 2] - '0') * 10 + (w[wl - 1] - '0');
      ok = h <= 24 && mi < 60 && w[wl - 2] >= '0' && w[wl - 2] <= '9';
    } else if (small_int(c, i, 0, 24, &h) && is_char(c, i + 1, ':') && small_int(c, i + 2, 0, 59, &mi) &&
               c->t[i + 2].stop - c->t[i + 2].start == 2 && (c->t[i + 1].flags & T_GLUED)) {
      ok = 1;
      j = i + 3;
    } else if (small_int(c, i, 1, 12, &h)) {
      mi = 0;
      ok = 2; /* "5 p.m." only with a meridiem */
    }
    if (ok) {
      const char *nw = j < c->n ? c->s + c->t[j].start : "";
      size_t nl = j < c->n ? c->t[j].stop - c->t[j].start : 0;
      int mer = (nl == 3 && (memcmp(nw, "p.m", 3) == 0 || memcmp(nw, "a.m", 3) == 0)) ||
                (nl == 2 && (memcmp(nw, "pm", 2) == 0 || memcmp(nw, "am", 2) == 0 ||
                             memcmp(nw, "PM", 2) == 0 || memcmp(nw, "AM", 2) == 0));
      const char *pw = i > 0 ? c->s + c->t[i - 1].start : "";
      size_t pl = i > 0 ? c->t[i - 1].stop - c->t[i - 1].start : 0;
      int cue = (pl == 5 && (memcmp(pw, "pukul", 5) == 0 || memcmp(pw, "Pukul", 5) == 0)) ||
                (pl == 3 && memcmp(pw, "jam", 3) == 0) || (pl == 2 && memcmp(pw, "at", 2) == 0);
      if (mer) {
        j++;
        if (is_char(c, j, '.') && (c->t[j].flags & T_GLUED) && nl == 3) j++;
      }
      if (cls(c, j) & C_TZ && (c->t[j].flags & (T_ALLCAPS | T_CAP))) j++;
      if (ok == 1 ? (mer || cue || j > i + 1 || (w[wl - 3] == ':')) : mer) {
        k->a = i;
        k->b = j;
        return 1;
      }
    }
  }
  /* durations under a day: "2 jam", "45 minutes", "dua jam"; "menit ke-30" */
  if (number_at(c, i, &e, &v) && (cls(c, e) & C_TIMEUNIT) && !(c->t[e].flags & T_CAP)) {
    k->a = i;
    k->b = e + 1;
    if (cls(c, e + 1) & C_RELAFTER) k->b++; /* "10 menit terakhir" */
    return 1;
  }
  if ((cls(c, i) & C_TIMEUNIT) && !(c->t[i].flags & T_CAP) && i + 1 < c->n) {
    const char *w = c->s + c->t[i + 1].start;
    size_t wl = c->t[i + 1].stop - c->t[i + 1].start;
    if (wl > 3 && memcmp(w, "ke-", 3) == 0 && w[3] >= '0' && w[3] <= '9') {
      k->a = i;
      k->b = i + 2;
      if (is_char(c, i + 2, '+') && (c->t[i + 2].flags & T_GLUED) && i + 3 < c->n &&
          c->t[i + 3].kind == KATA_NUMBER && (c->t[i + 3].flags & T_GLUED))
        k->b = i + 4; /* stoppage time: "menit ke-90+2" */
      return 1;
    }
  }
  /* "malam ini", "tadi malam", "midday", "noon", "tonight" */
  if ((cls(c, i) & C_DAYPART) && !(c->t[i].flags & T_CAP) && i + 1 < c->n &&
      c->t[i + 1].stop - c->t[i + 1].start == 3 && memcmp(c->s + c->t[i + 1].start, "ini", 3) == 0) {
    k->a = i;
    k->b = i + 2;
    return 1;
  }
  if (t->kind == KATA_WORD) {
    const char *w = c->s + t->start;
    size_t wl = t->stop - t->start;
    if ((wl == 4 && memcmp(w, "tadi", 4) == 0) && (cls(c, i + 1) & C_DAYPART)) {
      k->a = i;
      k->b = i + 2;
      return 1;
    }
    if ((wl == 6 && (memcmp(w, "midday", 6) == 0 || memcmp(w, "Midday", 6) == 0)) ||
        (wl == 8 && memcmp(w, "midnight", 8) == 0) || (wl == 4 && memcmp(w, "noon", 4) == 0) ||
        (wl == 7 && memcmp(w, "tonight", 7) == 0)) {
      k->a = i;
      k->b = i + 1;
      return 1;
    }
  }
  return 0;
}

/* A word made of a number and a unit or more: "38-year-old" (the number
** is a NUMBER), "four-week" (a DATE), "16-hour" (a TIME). */
static int hyphen_word_at(const ctx_t *c, size_t i, cand_t *k) {
  const tok_t *t = &c->t[i];
  const char *w = c->s + t->start, *h;
  size_t wl = t->stop - t->start, nl, ul, q;
  long id;
  int time;
  char low[24];
  if (t->kind != KATA_WORD || !(h = (const char *)memchr(w, '-', wl)) || h == w) return 0;
  nl = (size_t)(h - w);
  for (ul = 0; h + 1 + ul < w + wl && h[1 + ul] != '-'; ul++) {}
  if (ul == 0 || ul >= sizeof low) return 0;
  for (q = 0; q < ul; q++) low[q] = (char)(h[1 + q] | 0x20);
  id = kata__strtab_find(&c->tg->lex, low, ul);
  if (id < 0 || !(c->tg->info[id].cls & (C_DATEUNIT | C_TIMEUNIT))) return 0;
  time = (c->tg->info[id].cls & C_TIMEUNIT) != 0;
  { /* the number before the hyphen: digits or a number word */
    double v = 0;
    int digits = 1;
    for (q = 0; q < nl; q++) digits &= w[q] >= '0' && w[q] <= '9';
    if (!digits) {
      if (nl >= sizeof low) return 0;
      for (q = 0; q < nl; q++) low[q] = (char)(w[q] | 0x20);
      id = kata__strtab_find(&c->tg->lex, low, nl);
      if (id < 0 || !(c->tg->info[id].cls & C_NUMWORD)) return 0;
    } else if (!parse_number(w, nl, &v)) {
      return 0;
    }
    k->a = i;
    k->b = i + 1;
    k->value[0] = '\0';
    if (h + 1 + ul < w + wl) { /* "38-year-old": the age, a NUMBER */
      if (!digits) return 0;
      k->type = KATA_ENT_NUMBER;
      k->cut = wl - nl;
      set_num(k, v);
      return 1;
    }
    k->type = time ? KATA_ENT_TIME : KATA_ENT_DATE;
    return 1;
  }
}

/* A phone number: three or more groups of digits joined by hyphens
** ("1-888-555-0142", "0811-4400-117"), or groups split by single spaces
** starting with 0 ("020 7946 0391"), or after '+'. */
static int phone_at(const ctx_t *c, size_t i, cand_t *k) {
  size_t j = i, groups = 0;
  if (c->t[i].kind != KATA_NUMBER || !(c->t[i].flags & T_DIGITS)) return 0;
  for (;;) {
    groups++;
    if (is_char(c, j + 1, '-') && (c->t[j + 1].flags & T_GLUED) && j + 2 < c->n &&
        c->t[j + 2].kind == KATA_NUMBER && (c->t[j + 2].flags & T_DIGITS) && (c->t[j + 2].flags & T_GLUED))
      j += 2;
    else if (c->s[c->t[i].start] == '0' && j + 1 < c->n && c->t[j + 1].kind == KATA_NUMBER &&
             (c->t[j + 1].flags & T_DIGITS) && c->t[j + 1].start == c->t[j].stop + 1 &&
             c->t[j + 1].stop - c->t[j + 1].start >= 3)
      j += 1;
    else break;
  }
  if (groups < 3) return 0;
  k->a = i;
  k->b = j + 1;
  k->type = KATA_ENT_NUMBER;
  k->value[0] = '\0';
  return 1;
}

/* A web address without a scheme: "status.nimbusly.io", "kws.kpk.go.id". */
static int bare_url_at(const ctx_t *c, size_t i, cand_t *k) {
  static const char *const tld[] = {"com", "org", "net", "id", "io", "co", "uk", "gov", "go",
                                    "int", "edu", "info", "news", "ac", "or", "my", "sg", "au",
                                    "de", "fr", "jp", "kr", "cn", "in", "eu", "us", "ai", "app", NULL};
  const tok_t *t = &c->t[i];
  const char *w = c->s + t->start;
  size_t wl = t->stop - t->start, q, ll;
  int letters = 0;
  if (t->kind != KATA_WORD || !memchr(w, '.', wl)) return 0;
  for (q = 0; q < wl; q++) {
    char ch = w[q];
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '-')) return 0;
    letters += ch >= 'a' && ch <= 'z';
  }
  for (q = wl; q > 0 && w[q - 1] != '.'; q--) {}
  ll = wl - q;
  if (q < 3 || ll < 2) return 0;
  for (q = 0; tld[q]; q++)
    if (strlen(tld[q]) == ll && memcmp(tld[q], w + wl - ll, ll) == 0) break;
  if (!tld[q] || letters < 4) return 0;
  k->a = i;
  k->b = i + 1;
  k->type = KATA_ENT_URL;
  k->value[0] = '\0';
  /* the path: "/..." glued after it */
  return 1;
}

static int plain_number_at(const ctx_t *c, size_t i, cand_t *k) {
  size_t e;
  double v;
  const tok_t *t = &c->t[i];
  if (phone_at(c, i, k)) return 1;
  if (!number_at(c, i, &e, &v)) return 0;
  if (t->kind == KATA_WORD) {
    /* number words: not "one of", "salah satu"; not sentence-initial "One" */
    const char *w = c->s + t->start;
    size_t wl = t->stop - t->start;
    if (wl == 3 && (memcmp(w, "one", 3) == 0 || memcmp(w, "One", 3) == 0) && e == i + 1) {
      if (e < c->n && c->t[e].stop - c->t[e].start == 2 && memcmp(c->s + c->t[e].start, "of", 2) == 0)
        return 0;
    }
    if (wl == 4 && memcmp(w, "satu", 4) == 0 && i > 0 && c->t[i - 1].stop - c->t[i - 1].start == 5 &&
        memcmp(c->s + c->t[i - 1].start, "salah", 5) == 0)
      return 0;
    if ((cls(c, i) & C_NUMWORD) && lex(c, i)->num < 1 && e == i + 1) return 0; /* half */
  }
  /* a list marker: a number at a line start followed by "." or ")" */
  if ((t->flags & T_LINE) && (is_char(c, e, '.') || is_char(c, e, ')')) && e == i + 1) return 0;
  k->a = i;
  k->b = e;
  k->type = KATA_ENT_NUMBER;
  /* a score or range: "2-1", "5-14" */
  if (t->kind == KATA_NUMBER && e == i + 1 && is_char(c, e, '-') && (c->t[e].flags & T_GLUED) &&
      e + 1 < c->n && c->t[e + 1].kind == KATA_NUMBER && (c->t[e + 1].flags & T_GLUED)) {
    k->b = e + 2;
    k->value[0] = '\0';
    return 1;
  }
  set_num(k, v);
  return 1;
}

/* }====================================================================== */

/* {======================================================================
** Names
** ======================================================================= */

/* The type of the longest phrase of g at token a (0 if none); *len its
** tokens. */
static int gaz_lenv(ctx_t *c, kata_gazetteer_t *g, size_t a, size_t *len, const char **v,
                    size_t *vl) {
  unsigned f = kata_gazetteer_flags(g) & 3;
  int type = 0;
  *len = 0;
  if (!c->gt_ready[f]) { /* from our tokens: no second tokenizer pass */
    size_t i;
    int rc = KATA_OK;
    kata__gaztext_reset(&c->gt[f], f);
    /* every token, one byte of length each: the short pushes all fit */
    rc = kata__gaztext_reserve(&c->tg->A, &c->gt[f], c->n, c->len + c->n);
    for (i = 0; i < c->n && rc == KATA_OK; i++)
      if (!kata__gaztext_push_short(&c->gt[f], c->s, c->len, c->t[i].start, c->t[i].stop,
                                   c->t[i].kind))
        rc = kata__gaztext_push(&c->tg->A, &c->gt[f], c->s, c->len, c->t[i].start,
                               c->t[i].stop, c->t[i].kind);
    if (rc == KATA_OK) rc = kata__gaztext_finish(&c->tg->A, &c->gt[f]);
    if (rc != KATA_OK) {
      c->gt[f].n = 0;
      c->err = rc;
      return 0;
    }
    c->gt_ready[f] = 1;
  }
  if (a >= c->gt[f].n) return 0;
  *len = kata__gazetteer_longest(g, &c->gt[f], a, &type, v, vl);
  return *len ? type : 0;
}

static int gaz_len(ctx_t *c, kata_gazetteer_t *g, size_t a, size_t *len) {
  const char *v;
  size_t vl;
  return gaz_lenv(c, g, a, len, &v, &vl);
}

/* The longest phrase of the caller's gazetteers at token a: its type (0 if
** none), tokens and value. */
static int user_at(ctx_t *c, size_t a, size_t *len, const char **value, size_t *vlen) {
  size_t g, l;
  int best = 0;
  *len = 0;
  *value = NULL;
  *vlen = 0;
  for (g = 0; c->o && g < c->o->ngazetteers; g++) {
    const char *v;
    size_t vl;
    int t = gaz_lenv(c, c->o->gazetteers[g], a, &l, &v, &vl);
    if (t > 0 && l > *len) {
      best = t;
      *len = l;
      *value = v;
      *vlen = vl;
    }
  }
  return best;
}


/* The evidence of the text: which words it writes in lower case and
** which it capitalises mid-sentence. */
static int gather(ctx_t *c) {
  size_t j, id;
  int rc;
  uint32_t lens[26]; /* per first letter: bit min(length, 31) of a sentence start */
  char low[64];
  memset(lens, 0, sizeof lens);
  /* the words that start sentences, capitalised, ASCII first letter: the
  ** only ones common_word asks about (kept with the first letter lowered) */
  for (j = 0; j < c->n; j++) {
    const tok_t *u = &c->t[j];
    size_t wl = u->stop - u->start;
    unsigned char f = (unsigned char)c->s[u->start];
    if (u->kind != KATA_WORD || !(u->flags & T_SENT) || !(u->flags & T_CAP) || f >= 0x80 ||
        wl > sizeof low)
      continue;
    memcpy(low, c->s + u->start, wl);
    low[0] = (char)(f | 0x20);
    if ((rc = kata__strtab_intern(&c->lowers, low, wl, &id)) < 0) return rc;
    lens[low[0] - 'a'] |= 1u << (wl < 31 ? wl : 31);
  }
  if ((rc = kata_buf_reserve(&c->tg->A, &c->capmid_flags, c->lowers.n + 1)) != KATA_OK) return rc;
  memset(c->capmid_flags.data, 0, c->lowers.n + 1);
  for (j = 0; j < c->n; j++) { /* where else they appear, and how */
    const tok_t *u = &c->t[j];
    size_t wl = u->stop - u->start;
    unsigned char f = (unsigned char)c->s[u->start];
    unsigned bit;
    long k;
    if (u->kind != KATA_WORD || f >= 0x80 || wl > sizeof low || !IS_ASCII_LETTER(f)) continue;
    if (!((lens[(f | 0x20) - 'a'] >> (wl < 31 ? wl : 31)) & 1)) continue;
    if (u->flags & T_LOWER) bit = 1; /* written in lower case */
    else if ((u->flags & T_CAP) && !(u->flags & T_SENT) && !c->headline[j]) bit = 2; /* mid-sentence */
    else continue;
    memcpy(low, c->s + u->start, wl);
    low[0] = (char)(f | 0x20);
    if ((k = kata__strtab_find(&c->lowers, low, wl)) >= 0) c->capmid_flags.data[k] |= (char)bit;
  }
  return KATA_OK;
}

/* What gather found for the sentence start at i: 1 lower case elsewhere,
** 2 capitalised mid-sentence elsewhere, or 0. */
static int evidence(const ctx_t *c, size_t i) {
  char low[64];
  size_t wl = c->t[i].stop - c->t[i].start;
  unsigned char f = (unsigned char)c->s[c->t[i].start];
  long k;
  if (f >= 0x80 || wl > sizeof low) return 0;
  memcpy(low, c->s + c->t[i].start, wl);
  low[0] = (char)(f | 0x20);
  k = kata__strtab_find(&c->lowers, low, wl);
  return k >= 0 && (size_t)k < c->capmid_flags.cap ? c->capmid_flags.data[k] : 0;
}

/* Is the word at i written with a capital in the middle of a sentence
** elsewhere in the text? */
static int capital_elsewhere(const ctx_t *c, size_t i) {
  return (evidence(c, i) & 2) != 0;
}

/* Gathers the evidence on first use (most texts need it at a few sentence
** starts only). */
static int need_evidence(ctx_t *c) {
  int rc;
  if (c->gathered) return c->err; /* a failed gather keeps failing */
  c->gathered = 1;
  if ((rc = gather(c)) != KATA_OK) c->err = rc;
  return rc;
}

/* A capitalised word that begins a sentence and is a common word there
** ("Pemerintah", "The", "Selama"): cue and stop words, words the text also
** writes in lower case, and words it never capitalises mid-sentence unless
** a gazetteer knows them. */
static int common_word(ctx_t *c, size_t i) {
  uint32_t k = cls(c, i);
  size_t len;
  if (k & (C_STOP | C_NUMWORD | C_TITLE | C_RELBEFORE | C_LOCPREP | C_SPEECH_BEFORE |
           C_DATEUNIT | C_AGO | C_RELDAY | C_NATIONALITY | C_CONNECTOR))
    return 1;
  if (need_evidence(c) != KATA_OK) return 1;
  if (evidence(c, i) & 1) return 1; /* the same word in lower case elsewhere ("Harga", "harga") */
  if (c->t[i].flags & T_ALLCAPS) return 0;
  if (capital_elsewhere(c, i)) return 0;
  if (gaz_len(c, c->tg->places, i, &len) > 0 || gaz_len(c, c->tg->orgs, i, &len) > 0 ||
      gaz_len(c, c->tg->given, i, &len) > 0)
    return 0;
  /* a run of two or more capitalised words is a name more often than not */
  return !is_name_word(c, i + 1);
}

/* The type of the name in tokens [a, b), or 0; cue: a title came before. */
static int name_type(ctx_t *c, size_t a, size_t b, int cue, int *weak) {
  size_t len, i;
  int type;
  uint32_t first = cls(c, a), last = cls(c, b - 1);
  *weak = 0;
  for (i = 0; c->o && i < c->o->ngazetteers; i++)
    if ((type = gaz_len(c, c->o->gazetteers[i], a, &len)) > 0 && a + len == b) return type;
  if ((type = gaz_len(c, c->tg->orgs, a, &len)) > 0 && a + len == b) return type;
  if ((type = gaz_len(c, c->tg->places, a, &len)) > 0 && a + len == b) return type;
  if (first & C_ORGHEAD || last & C_ORGTAIL) return KATA_ENT_ORGANIZATION;
  if (first & C_LOCHEAD || last & C_LOCTAIL) return KATA_ENT_LOCATION;
  for (i = a; i < b; i++) {
    const char *w = c->s + c->t[i].start;
    size_t wl = c->t[i].stop - c->t[i].start, k;
    if (cls(c, i) & (C_ORGHEAD | C_ORGTAIL)) return KATA_ENT_ORGANIZATION;
    for (k = 1; k + 1 < wl; k++) /* "CoinHarbor", "BelanjaKu": a capital inside */
      if (w[k] >= 'A' && w[k] <= 'Z' && w[k - 1] >= 'a' && w[k - 1] <= 'z') return KATA_ENT_ORGANIZATION;
  }
  if (a > 0 && (cls(c, a - 1) & C_ORGCUE)) return KATA_ENT_ORGANIZATION;
  if (cue) return KATA_ENT_PERSON;
  if (a > 0 && (cls(c, a - 1) & (C_TITLE | C_SPEECH_AFTER | C_SPEECH_BEFORE))) return KATA_ENT_PERSON;
  if (b < c->n && (cls(c, b) & C_SPEECH_AFTER)) return KATA_ENT_PERSON;
  if (b + 1 < c->n && is_char(c, b, ',') && (cls(c, b + 1) & C_SPEECH_AFTER)) return KATA_ENT_PERSON;
  if (gaz_len(c, c->tg->given, a, &len) > 0) return KATA_ENT_PERSON;
  if (b == a + 1 && (c->t[a].flags & T_ALLCAPS) && c->t[a].stop - c->t[a].start <= 6)
    return KATA_ENT_ORGANIZATION;
  *weak = 1;
  if (a > 0 && (cls(c, a - 1) & C_LOCPREP) && b == a + 1) return KATA_ENT_LOCATION;
  return KATA_ENT_PERSON;
}

/* }====================================================================== */

static int emit(ctx_t *c, const cand_t *k) {
  kata_ent_t *e;
  size_t i;
  if (c->o && c->o->types && !(c->o->types & (1u << k->type))) {
    for (i = k->a; i < k->b; i++) c->taken[i] = 1;
    return KATA_OK;
  }
  if (c->nout == c->outcap) {
    size_t nc = c->outcap ? c->outcap * 2 : 64;
    kata_ent_t *ne = (kata_ent_t *)c->tg->A.f(c->tg->A.ud, c->out, c->outcap * sizeof *ne,
                                              nc * sizeof *ne);
    if (!ne) return KATA_ENOMEM;
    c->out = ne;
    c->outcap = nc;
  }
  if (c->nout == c->weakcap) {
    size_t nc = c->weakcap ? c->weakcap * 2 : 64;
    unsigned char *nw = (unsigned char *)c->tg->A.f(c->tg->A.ud, c->weak, c->weakcap, nc);
    if (!nw) return KATA_ENOMEM;
    c->weak = nw;
    c->weakcap = nc;
  }
  c->weak[c->nout] = (unsigned char)k->weak;
  e = &c->out[c->nout++];
  e->start = c->t[k->a].start;
  e->stop = c->t[k->b - 1].stop - k->cut;
  /* a possessive, "-based" or "-nya" on the last word is not in the span
  ** (the working copy of the text has spaces there) */
  while (e->stop > e->start && c->s[e->stop - 1] == ' ') e->stop--;
  e->type = k->type;
  memcpy(e->value, k->value, sizeof e->value);
  for (i = k->a; i < k->b; i++) c->taken[i] = 1;
  return KATA_OK;
}

/* The end of a name run starting at i: capitalised words, joined by
** connectors ("bin", "van der"); "of", "and", "dan" and "&" only inside
** the name of an organisation or a place ("Bank of England"). */
static int builtin_at(ctx_t *c, size_t p, size_t *len);

static size_t name_run(ctx_t *c, size_t i) {
  size_t j = i + 1;
  int org = (cls(c, i) & (C_ORGHEAD | C_LOCHEAD)) != 0;
  for (;;) {
    if (j >= c->n || c->taken[j] || (c->t[j].flags & T_LINE)) break;
    if (is_name_word(c, j) && !(cls(c, j) & (C_WEEKDAY | C_SPEECH_AFTER)) &&
        !((cls(c, j) & C_NATIONALITY) && !is_name_word(c, j + 1)) && /* "Far Eastern Federal" */
        !((cls(c, j) & C_MONTH) && !(cls(c, j) & C_ORGTAIL))) {
      org |= (cls(c, j) & (C_ORGHEAD | C_ORGTAIL | C_LOCHEAD)) != 0;
      j++;
      continue;
    }
    if (j + 1 < c->n && !c->taken[j + 1] && ((cls(c, j) & C_CONNECTOR) || is_char(c, j, '&')) &&
        !(c->t[j].flags & T_CAP)) {
      size_t k = j;
      const char *w = c->s + c->t[j].start;
      size_t wl = c->t[j].stop - c->t[j].start;
      int wide = (wl == 2 && memcmp(w, "of", 2) == 0) || (wl == 3 && memcmp(w, "and", 3) == 0) ||
                 (wl == 3 && memcmp(w, "dan", 3) == 0) || is_char(c, j, '&');
      if (wide && !org && !(is_char(c, j, '&'))) break;
      while (k < c->n && ((cls(c, k) & C_CONNECTOR) || is_char(c, k, '&')) && !(c->t[k].flags & T_CAP)) k++;
      if (is_name_word(c, k) && !(cls(c, k) & (C_TITLE | C_WEEKDAY | C_MONTH)) &&
          !(wide && ((cls(c, k) & (C_ORGHEAD | C_LOCHEAD)) || builtin_at(c, k, &wl) > 0))) {
        /* "X dan Bank Y", "the Union and Indonesia": two names */
        j = k + 1;
        continue;
      }
    }
    break;
  }
  return j;
}

/* The longest built-in gazetteer phrase at p (organisations, then places). */
static int builtin_at(ctx_t *c, size_t p, size_t *len) {
  size_t l1 = 0, l2 = 0;
  int t1 = gaz_len(c, c->tg->orgs, p, &l1), t2 = gaz_len(c, c->tg->places, p, &l2);
  if (t1 > 0 && l1 >= l2) {
    *len = l1;
    return t1;
  }
  *len = l2;
  return t2 > 0 ? t2 : 0;
}

static int emit_name(ctx_t *c, size_t a, size_t b, int type, int weak) {
  cand_t k;
  memset(&k, 0, sizeof k);
  k.a = a;
  k.b = b;
  k.type = type;
  k.weak = weak;
  return emit(c, &k);
}

/* A phrase of the caller's gazetteers, with its value (up to 47 bytes). */
static int emit_user(ctx_t *c, size_t a, size_t b, int type, const char *v, size_t vl) {
  cand_t k;
  memset(&k, 0, sizeof k);
  k.a = a;
  k.b = b;
  k.type = type;
  if (v && vl) {
    if (vl > sizeof k.value - 1) vl = sizeof k.value - 1;
    memcpy(k.value, v, vl);
    k.value[vl] = '\0';
  }
  return emit(c, &k);
}

/* Splits the run [a, b) at titles and gazetteer phrases and tags each
** part. */
static int segment(ctx_t *c, size_t a, size_t b) {
  size_t p = a, len;
  int cue = a > 0 && (cls(c, a - 1) & C_TITLE), rc, type, weak;
  int whole = (cls(c, a) & (C_ORGHEAD | C_LOCHEAD)) != 0 || (cls(c, b - 1) & (C_ORGTAIL | C_LOCTAIL));
  for (p = a; p < b; p++)
    if (cls(c, p) & C_NOTYPE) { /* an event, a law, an index: no type */
      for (p = a; p < b; p++) c->taken[p] = 1;
      return KATA_OK;
    }
  p = a;
  if (whole) { /* "Kementerian Luar Negeri", "Bank of England": one name */
    if ((type = builtin_at(c, a, &len)) > 0 && a + len > b) b = a + len;
    type = name_type(c, a, b, 0, &weak);
    return emit_name(c, a, b, type, weak);
  }
  while (p < b) {
    size_t q;
    if ((type = builtin_at(c, p, &len)) > 0) {
      if ((rc = emit_name(c, p, p + len, type, 0)) != KATA_OK) return rc;
      p += len;
      cue = 0;
      continue;
    }
    if (cls(c, p) & (C_TITLE | C_NATIONALITY) || (cue && (cls(c, p) & C_TITLE2))) {
      cue = (cls(c, p) & (C_TITLE | C_TITLE2)) != 0;
      p++;
      continue;
    }
    if (p == a && (cls(c, p) & C_STOP) && p + 1 < b) { /* "The" */
      p++;
      continue;
    }
    for (q = p + 1; q < b && !(cls(c, q) & (C_TITLE | C_NATIONALITY)) && !builtin_at(c, q, &len); q++) {}
    if (cue && q < b && (cls(c, q) & C_TITLE)) { /* "Foreign Minister": all title */
      p = q;
      continue;
    }
    while (q > p + 1 && ((cls(c, q - 1) & C_CONNECTOR) || is_char(c, q - 1, '&')) &&
           !(c->t[q - 1].flags & T_CAP))
      q--;
    type = name_type(c, p, q, cue, &weak);
    if ((rc = emit_name(c, p, q, type, weak)) != KATA_OK) return rc;
    cue = 0;
    p = q;
  }
  return KATA_OK;
}

/* Marks the lines written in title case (headlines): three or more words,
** at least three in four of them capitalised. */
static void find_headlines(ctx_t *c) {
  size_t i = 0;
  while (i < c->n) {
    size_t j = i + 1, words = 0, caps = 0, k;
    while (j < c->n && !(c->t[j].flags & T_LINE)) j++;
    for (k = i; k < j; k++)
      if (c->t[k].kind == KATA_WORD && c->t[k].stop - c->t[k].start >= 3 && !(cls(c, k) & C_STOP)) {
        words++;
        caps += (c->t[k].flags & T_CAP) != 0;
      }
    for (k = i; k < j; k++)
      if (is_char(c, k, ';')) words = 0; /* a list (a line-up), not a headline */
    if (j > i && is_char(c, j - 1, '.')) words = 0;
    if (words >= 3 && caps * 4 >= words * 3)
      for (k = i; k < j; k++) c->headline[k] = 1;
    i = j;
  }
}

/* Indexes the names typed with evidence so far: their texts (and types),
** and the words of those that are PERSON. */
static int index_names(ctx_t *c) {
  size_t i, id;
  int rc;
  for (i = 0; i < c->nout; i++) {
    const kata_ent_t *e = &c->out[i];
    const char *w = c->s + e->start, *p;
    size_t el = e->stop - e->start;
    if (c->weak[i] || (e->type != KATA_ENT_PERSON && e->type != KATA_ENT_LOCATION &&
                       e->type != KATA_ENT_ORGANIZATION))
      continue;
    if ((rc = kata__strtab_intern(&c->strong, w, el, &id)) < 0) return rc;
    if (id >= c->stype_cap) {
      size_t nc = c->stype_cap ? c->stype_cap * 2 : 64;
      unsigned char *ns;
      while (nc <= id) nc *= 2;
      ns = (unsigned char *)c->tg->A.f(c->tg->A.ud, c->stype, c->stype_cap, nc);
      if (!ns) return KATA_ENOMEM;
      c->stype = ns;
      c->stype_cap = nc;
    }
    if (rc == 1) c->stype[id] = (unsigned char)e->type; /* the first one typed */
    if (e->type != KATA_ENT_PERSON) continue;
    for (p = w; p < w + el;) { /* its words */
      const char *q = (const char *)memchr(p, ' ', (size_t)(w + el - p));
      if (!q) q = w + el;
      if (q > p && (rc = kata__strtab_intern(&c->pwords, p, (size_t)(q - p), &id)) < 0) return rc;
      p = q + 1;
    }
  }
  return KATA_OK;
}

/* The classes a pattern can start with. */
#define PATTERN_START (C_MONTH | C_WEEKDAY | C_NUMWORD | C_CURWORD | C_CURSYM | C_RELDAY | \
                       C_RELBEFORE | C_DATEUNIT | C_DAYPART | C_TIMEUNIT | C_HOLIDAY | C_PCTWORD)

static int tag(ctx_t *c) {
  size_t i;
  int rc;
  /* pass 1: patterns, left to right, the longest at each token */
  for (i = 0; i < c->n; i++) {
    cand_t best, cur;
    int found = 0;
    tok_t *t = &c->t[i];
    if (c->taken[i]) continue;
    if (t->kind == KATA_WORD && !(cls(c, i) & PATTERN_START) && !misc(c, i) &&
        !(c->s[t->start] >= '0' && c->s[t->start] <= '9') && !word_is(c, i, "the") &&
        !word_is(c, i, "The") && !(c->s[t->start] == 'R' && t->stop - t->start > 2) &&
        !(t->flags & (T_ALLCAPS | T_DOTDASH)) && !is_char(c, i + 1, '$'))
      continue; /* a plain word starts no pattern */
    if (t->kind == KATA_PUNCT && !is_char(c, i, '-') && !is_char(c, i, '+') &&
        !is_char(c, i, '(') && !is_char(c, i, '.'))
      continue; /* nor does a comma, a quote, a full stop... */
    best.cut = 0;
    best.weak = 0;
    best.value[0] = '\0';
    if (t->kind == KATA_URL || t->kind == KATA_EMAIL || t->kind == KATA_HASHTAG ||
        t->kind == KATA_MENTION) {
      best.a = i;
      best.b = i + 1;
      best.type = t->kind == KATA_URL ? KATA_ENT_URL : t->kind == KATA_EMAIL ? KATA_ENT_EMAIL
                : t->kind == KATA_HASHTAG ? KATA_ENT_HASHTAG : KATA_ENT_MENTION;
      found = 1;
    } else {
#define TRY(call)                                                   \
  do {                                                              \
    cur.cut = 0;                                                    \
    cur.weak = 0;                                                   \
    cur.value[0] = '\0';                                            \
    if ((call) && (!found || cur.b > best.b)) { best = cur; found = 1; } \
  } while (0)
      TRY(money_at(c, i, &cur));
      TRY(percent_at(c, i, &cur));
      TRY(time_at(c, i, &cur));
      TRY(date_at(c, i, &cur));
      if (!found) TRY(hyphen_word_at(c, i, &cur));
      if (!found) TRY(bare_url_at(c, i, &cur));
      if (!found) TRY(plain_number_at(c, i, &cur));
#undef TRY
    }
    if (found) {
      if ((rc = emit(c, &best)) != KATA_OK) return rc;
      i = best.b - 1;
    }
  }
  /* pass 2: names outside headlines; then in headlines, only what a
  ** gazetteer or the body knows */
  find_headlines(c);
  for (i = 0; c->o && c->o->ngazetteers && i < c->n; i++) { /* the caller's phrases first */
    size_t len, vl, k;
    const char *v;
    int type;
    if (c->taken[i] || c->t[i].kind == KATA_PUNCT) continue;
    if ((type = user_at(c, i, &len, &v, &vl)) > 0) {
      for (k = i; k < i + len && !c->taken[k]; k++) {}
      if (k < i + len) continue; /* a pattern took part of it */
      if ((rc = emit_user(c, i, i + len, type, v, vl)) != KATA_OK) return rc;
      i += len - 1;
    }
  }
  for (i = 0; i < c->n; i++) {
    size_t b, len;
    if (c->taken[i] || !is_name_word(c, i) || c->headline[i]) continue;
    if ((cls(c, i) & (C_TITLE | C_WEEKDAY | C_MONTH | C_NATIONALITY)) && !builtin_at(c, i, &b))
      continue; /* but "European Union" is a name */
    if ((cls(c, i + 1) & C_NATIONALITY) && is_name_word(c, i + 1) &&
        (word_is(c, i, "South") || word_is(c, i, "North") || word_is(c, i, "East") ||
         word_is(c, i, "West") || word_is(c, i, "Central")))
      continue; /* "South Korean" */
    if (c->t[i].stop - c->t[i].start == 1) continue; /* "A", "I" */
    if (cls(c, i) & C_NOTYPE) { /* "Kompetisi Muatan Roket": an event's name, untyped */
      for (b = name_run(c, i); i < b; i++) c->taken[i] = 1;
      i--;
      continue;
    }
    if ((c->t[i].flags & T_SENT) && common_word(c, i)) continue;
    b = name_run(c, i);
    if (b == i + 1 && (cls(c, i) & (C_ORGHEAD | C_LOCHEAD)) && !builtin_at(c, i, &len))
      continue; /* a head alone is a common noun: "Bendungan itu", "the University" */
    if ((rc = segment(c, i, b)) != KATA_OK) return rc;
    i = b - 1;
    while (i + 1 < c->n && c->taken[i + 1]) i++;
  }
  for (i = 0; i < c->n; i++) {
    size_t len, best = 0;
    int type = 0;
    if (c->taken[i] || !is_name_word(c, i) || !c->headline[i]) continue;
    type = builtin_at(c, i, &len);
    if (type <= 0) { /* a name the body has: the longest, up to 8 words */
      size_t k;
      if (!c->strong.n && (rc = index_names(c)) != KATA_OK) return rc;
      for (k = i; k < c->n && k < i + 8 && !c->taken[k]; k++) {
        long id = kata__strtab_find(&c->strong, c->s + c->t[i].start, c->t[k].stop - c->t[i].start);
        if (id >= 0) {
          best = k + 1 - i;
          type = c->stype[id];
        }
      }
      len = best;
    } else { /* a phrase running into what the body already tagged */
      size_t k;
      for (k = i; k < i + len && !c->taken[k]; k++) {}
      if (k < i + len) type = 0;
    }
    if (type > 0 && len > 0) {
      if ((rc = emit_name(c, i, i + len, type, 0)) != KATA_OK) return rc;
      i += len - 1;
    }
  }
  return KATA_OK;
}

/* Consistency: a weakly typed name takes the type the text gives the same
** name with evidence elsewhere, or PERSON when it is a word of a PERSON
** named in the text ("Ushakov" after "Yuri Ushakov"). */
static int harmonise(ctx_t *c) {
  size_t i;
  int rc;
  if ((rc = index_names(c)) != KATA_OK) return rc;
  for (i = 0; i < c->nout; i++) {
    kata_ent_t *e = &c->out[i];
    long id;
    if (!c->weak[i]) continue;
    id = kata__strtab_find(&c->strong, c->s + e->start, e->stop - e->start);
    if (id >= 0) e->type = c->stype[id];
    else if (kata__strtab_find(&c->pwords, c->s + e->start, e->stop - e->start) >= 0)
      e->type = KATA_ENT_PERSON;
  }
  return KATA_OK;
}

/*
** The working copy of the text the tagger reads: the same bytes, but for a
** possessive ("'s", "’s"), "-based" or "-nya" after a capitalised word,
** which become spaces, and a dateline's capitals ("JAKARTA", "NEW YORK" at
** a line start before "," "(" or "-"), which are written as a name
** ("Jakarta"): offsets stay the same, the gazetteers see the bare names.
*/
/* Blanks a possessive, "-based" or "-nya" at i in the copy d when the word
** before it is capitalised. */
static void blank_suffix(const char *s, size_t len, char *d, size_t i) {
  size_t k = i, m = 0;
  if (i == 0 || i + 1 >= len || !IS_ASCII_LETTER((unsigned char)s[i - 1])) return;
  if (s[i] == '\'' && s[i + 1] == 's') m = 2;
  else if (i + 3 < len && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
           (unsigned char)s[i + 2] == 0x99 && s[i + 3] == 's')
    m = 4;
  else if (s[i] == '-' && i + 6 <= len && memcmp(s + i, "-based", 6) == 0) m = 6;
  else if (s[i] == '-' && i + 4 <= len && memcmp(s + i, "-nya", 4) == 0) m = 4;
  if (!m || (i + m < len && IS_ASCII_LETTER((unsigned char)s[i + m]))) return;
  while (k > 0 && IS_ASCII_LETTER((unsigned char)s[k - 1])) k--;
  if (s[k] >= 'A' && s[k] <= 'Z') memset(d + i, ' ', m);
}

static int working_copy(kata_allocator_t *A, const char *s, size_t len, kata_buf_t *w) {
  static const char marks[] = {'\'', (char)0xE2, '-'};
  size_t i, m;
  int rc;
  w->len = 0;
  if ((rc = kata_buf_append(A, w, s, len)) != KATA_OK) return rc;
  for (m = 0; m < sizeof marks; m++) { /* memchr finds the few places to look at */
    const char *p = s, *end = s + len;
    while ((p = (const char *)memchr(p, marks[m], (size_t)(end - p))) != NULL) {
      blank_suffix(s, len, w->data, (size_t)(p - s));
      p++;
    }
  }
  /* datelines */
  for (i = 0; i < len;) {
    size_t a = i, e = i, k;
    int upper = 0;
    const char *nl = (const char *)memchr(s + i, '\n', len - i);
    i = nl ? (size_t)(nl - s) + 1 : len; /* the next line's start */
    while (e < len && ((s[e] >= 'A' && s[e] <= 'Z') || s[e] == ' ' || s[e] == '.')) {
      upper += s[e] >= 'A' && s[e] <= 'Z';
      e++;
    }
    while (e > a && s[e - 1] == ' ') e--;
    if (upper < 3 || e >= len) continue;
    k = e;
    while (k < len && s[k] == ' ') k++;
    if (k < len && (s[k] == ',' || s[k] == '(' || s[k] == '-' || s[k] == '/')) {
      int start = 1;
      for (k = a; k < e; k++) {
        if (s[k] == ' ' || s[k] == '.') start = 1;
        else {
          if (!start) w->data[k] = (char)(s[k] + 32);
          start = 0;
        }
      }
    }
  }
  return KATA_OK;
}

static int by_start(const void *a, const void *b) {
  const kata_ent_t *x = (const kata_ent_t *)a, *y = (const kata_ent_t *)b;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  return x->stop > y->stop ? -1 : x->stop < y->stop; /* the longer first */
}

/* Entities in text order that still overlap (a built-in phrase over a
** number a pattern took, "Liga 1"; a caller's phrase starting inside a
** name): the longer of two stays, the first of two as long. Returns the
** new count. */
static size_t drop_overlaps(kata_ent_t *e, size_t n) {
  size_t i, k = 0;
  for (i = 0; i < n; i++) {
    if (k > 0 && e[i].start < e[k - 1].stop) {
      if (e[i].stop - e[i].start > e[k - 1].stop - e[k - 1].start) e[k - 1] = e[i];
      continue;
    }
    if (k != i) e[k] = e[i];
    k++;
  }
  return k;
}

int kata_entities(kata_tagger_t *tg, const char *s, size_t len, const kata_ent_opts_t *o,
                  kata_ent_t **out, size_t *n) {
  ctx_t c;
  kata_buf_t w, marks;
  scratch_t *sc = &tg->sc;
  int rc, f, borrowed = !sc->busy;
  memset(&c, 0, sizeof c);
  kata_buf_init(&w);
  kata_buf_init(&marks);
  c.tg = tg;
  c.len = len;
  c.o = o;
  for (f = 0; f < 4; f++) kata__gaztext_init(&c.gt[f]);
  if (borrowed) { /* the tagger's working memory */
    sc->busy = 1;
    w = sc->w;
    marks = sc->marks;
    c.fold = sc->fold;
    c.t = (tok_t *)sc->t;
    c.cap = sc->cap / sizeof(tok_t);
    for (f = 0; f < 4; f++) c.gt[f] = sc->gt[f];
  }
  kata__strtab_init(&c.lowers, &tg->A);
  kata__strtab_init(&c.strong, &tg->A);
  kata__strtab_init(&c.pwords, &tg->A);
  *out = NULL;
  *n = 0;
  if ((rc = working_copy(&tg->A, s, len, &w)) != KATA_OK) goto done;
  c.s = w.data ? w.data : "";
  if ((rc = tokenize(&c)) != KATA_OK) goto done;
  if (c.n) {
    marks.len = 0;
    if ((rc = kata_buf_reserve(&tg->A, &marks, 2 * c.n)) != KATA_OK) goto done;
    c.taken = (unsigned char *)marks.data;
    c.headline = c.taken + c.n;
    memset(c.taken, 0, 2 * c.n);
  }
  if ((rc = tag(&c)) != KATA_OK) goto done;
  if (c.err) {
    rc = c.err;
    goto done;
  }
  if ((rc = harmonise(&c)) != KATA_OK) goto done;
  if (c.nout > 1) { /* in text order, never overlapping */
    qsort(c.out, c.nout, sizeof *c.out, by_start);
    c.nout = drop_overlaps(c.out, c.nout);
  }
  if (c.nout == 0) goto done; /* no array: c.out is freed below */
  if (c.nout < c.outcap) { /* exactly n entries, so kata_entities_free knows the size */
    kata_ent_t *e = (kata_ent_t *)tg->A.f(tg->A.ud, c.out, c.outcap * sizeof *e,
                                          c.nout * sizeof *e);
    if (!e) {
      rc = KATA_ENOMEM;
      goto done;
    }
    c.out = e;
    c.outcap = c.nout;
  }
  *out = c.out;
  *n = c.nout;
  c.out = NULL;
done:
  if (c.out) tg->A.f(tg->A.ud, c.out, c.outcap * sizeof *c.out, 0);
  if (c.weak) tg->A.f(tg->A.ud, c.weak, c.weakcap, 0);
  if (borrowed) { /* given back, kept for the next call */
    sc->w = w;
    sc->marks = marks;
    sc->fold = c.fold;
    sc->t = c.t;
    sc->cap = c.cap * sizeof(tok_t);
    for (f = 0; f < 4; f++) sc->gt[f] = c.gt[f];
    sc->busy = 0;
  } else {
    if (c.t) tg->A.f(tg->A.ud, c.t, c.cap * sizeof *c.t, 0);
    kata_buf_free(&tg->A, &marks);
    kata_buf_free(&tg->A, &c.fold);
    kata_buf_free(&tg->A, &w);
    for (f = 0; f < 4; f++) kata__gaztext_free(&tg->A, &c.gt[f]);
  }
  kata__strtab_free(&c.lowers);
  kata_buf_free(&tg->A, &c.capmid_flags);
  kata__strtab_free(&c.strong);
  kata__strtab_free(&c.pwords);
  if (c.stype) tg->A.f(tg->A.ud, c.stype, c.stype_cap, 0);
  return rc;
}

void kata_entities_free(kata_tagger_t *tg, kata_ent_t *e, size_t n) {
  /* kata_entities returns an array of exactly n entries (NULL when n is 0) */
  if (e) tg->A.f(tg->A.ud, e, n * sizeof *e, 0);
}
