/*
** keyphrase.c: key phrases of one text without a part-of-speech model: runs
** of content words scored by count, word rarity, casing, position and length.
*/
#include <math.h>
#include <string.h>

#include <utf8proc.h>

#include "internal.h"
#include "strtab.h"
#include "wordfreq_data.h"

/*
** The parameters, chosen on 500N-KPCrowd's train split and the DUC-2001
** documents with an even id (bench/keywords/, docs/keywords.md); the Lua
** prototype bench/keywords/keyphrase.lua names them the same (it has the
** parameters of f3fd72d: it lacks ZIPF_EDGE, -ing edges, the overlap
** rule, NAME_BOOST and SPREAD, and had CAP_BOOST 1.2, ALONE 2, MAX_SHARE
** 1, ZIPF_UNKNOWN 1.5 and 2.5 for three words). The Indonesian rules
** (kata__id_verb, and the fill at the end of choose) were chosen on id-keps'
** train and valid splits (Indonesian tweets; docs/keywords.md).
*/
#define ALPHA 0.5          /* weight of the phrase's count */
#define BETA 1.0           /* weight of the mean count of its words */
#define RHO 0.5            /* exponent of a word's rarity */
#define ZIPF_TOP 7.0       /* rarity = max(RARITY_FLOOR, ZIPF_TOP - Zipf) */
#define ZIPF_UNKNOWN 2.0   /* the Zipf value of a word not in the list */
#define ZIPF_EDGE 5.5      /* a word this common (English: "said", "year",
                           ** "people") is a candidate only alone */
#define RARITY_FLOOR 0.5
#define CAP_BOOST 1.0      /* words written with a capital most of the time */
#define POS_WEIGHT 0.5     /* score * (1 + POS_WEIGHT / first sentence) */
#define ALONE 1.5          /* a phrase inside or around a chosen one stays if
                           ** the shorter is this much more frequent (around:
                           ** only a chosen single word) */
#define MAX_SHARE 2        /* a word may be in this many chosen phrases */
#define MIN_TF_PHRASE 2    /* a phrase of 2+ words must occur this often ... */
#define LEAD 1             /* ... unless it is in the first LEAD sentences and
                           ** the text has no headline */
#define EXTEND_MIN_TF 2    /* a phrase seen this often, always inside the same
                           ** longer one, gives way to it */
#define NAME_BOOST 1.2     /* a single word written with a capital most of
                           ** the time and seen at least twice (a recurring
                           ** name) */
#define SPREAD 0.15        /* score * (sentences it occurs in) ^ SPREAD */
static const double len_prior[KATA_KEYPHRASE_NGRAM_MAX + 1] = {0, 1.0, 3.0, 2.8, 1.0};

typedef struct form {    /* a folded spelling: its term, or a stop word */
  uint32_t term;
  uint8_t stop, edge;     /* edge: may not start or end a phrase */
} form_t;

typedef struct term {
  double tf, caps, weight;
  float zipf;
  uint32_t shared;       /* chosen phrases holding it */
} term_t;

typedef struct word {
  uint32_t term, spell, sent, piece; /* spell: its surface, as written (folded
                                     ** with KATA_COUNT_FOLD) */
  uint8_t edge;
} word_t;

/*
** A candidate (48 bytes) is its own key: the hash table ctab holds ids
** only. A surface form (24 bytes) is the spellings of its words (ids in
** the table spells), its bytes those joined by one space, made only to
** compare two of them and for the phrases returned.
*/
typedef struct cand {
  double score;
  uint32_t terms[KATA_KEYPHRASE_NGRAM_MAX];
  uint32_t tf, first, nsents;
  union {
    uint32_t last_sent;  /* while reading: the last sentence it occurs in */
    uint32_t best;       /* at the end: its most frequent surface form */
  } at;
  uint32_t ext;          /* the longer phrase it always occurs in, or UINT32_MAX */
  uint8_t n, picked;
} cand_t;

typedef struct surf {
  uint32_t spells[KATA_KEYPHRASE_NGRAM_MAX];
  uint32_t count, cand;
} surf_t;

typedef struct idtab {   /* open addressing: id + 1, or 0 when empty */
  uint32_t *slots;
  size_t nslots;         /* a power of two, or 0 */
} idtab_t;

struct kata_keyphrase {
  kata_allocator_t A;
  kata__strtab_t forms, terms, spells;
  form_t *f;
  size_t f_cap;
  term_t *t;
  size_t t_cap;
  word_t *w;
  size_t nw, w_cap;
  cand_t *c;
  size_t nc, c_cap;
  surf_t *su;
  size_t ns, su_cap;
  idtab_t ctab, stab;    /* the candidates and surface forms by key */
  uint32_t *order, *picked;
  size_t order_cap, picked_cap, npicked;
  kata_buf_t out;        /* the chosen phrases' surfaces, back to back */
  size_t *out_at, out_at_cap; /* phrase i is out[out_at[i], out_at[i + 1]) */
  int headline;          /* the first sentence is a line with no final stop */
  /* reading, across the pieces of a text (kata__keyphrase_add) */
  uint32_t sent, piece;  /* the sentence and the piece being read */
  int sent_start, any;   /* at a sentence start; a token was read */
  kata_buf_t fold, key;
};

#define GROW(k, arr, cap, n) kata__grow(&(k)->A, (void **)&(arr), &(cap), (n), sizeof *(arr))
#define FREE_ARRAY(k, p, cap) \
  do { if (p) (k)->A.f((k)->A.ud, (p), (cap) * sizeof *(p), 0); } while (0)

kata_keyphrase_t *kata_keyphrase_new(const kata_allocator_t *A) {
  kata_keyphrase_t *k = (kata_keyphrase_t *)A->f(A->ud, NULL, 0, sizeof *k);
  if (!k) return NULL;
  memset(k, 0, sizeof *k);
  k->A = *A;
  kata__strtab_init(&k->forms, A);
  kata__strtab_init(&k->terms, A);
  kata__strtab_init(&k->spells, A);
  return k;
}

void kata_keyphrase_free(kata_keyphrase_t *k) {
  if (!k) return;
  kata__strtab_free(&k->forms);
  kata__strtab_free(&k->terms);
  kata__strtab_free(&k->spells);
  FREE_ARRAY(k, k->f, k->f_cap);
  FREE_ARRAY(k, k->t, k->t_cap);
  FREE_ARRAY(k, k->w, k->w_cap);
  FREE_ARRAY(k, k->c, k->c_cap);
  FREE_ARRAY(k, k->su, k->su_cap);
  FREE_ARRAY(k, k->order, k->order_cap);
  FREE_ARRAY(k, k->picked, k->picked_cap);
  FREE_ARRAY(k, k->ctab.slots, k->ctab.nslots);
  FREE_ARRAY(k, k->stab.slots, k->stab.nslots);
  FREE_ARRAY(k, k->out_at, k->out_at_cap);
  kata_buf_free(&k->A, &k->out);
  kata_buf_free(&k->A, &k->fold);
  kata_buf_free(&k->A, &k->key);
  k->A.f(k->A.ud, k, sizeof *k, 0);
}

/* {======================================================================
** Word frequencies
** ======================================================================= */

static int word_cmp(const char *line, const char *w, size_t len) {
  size_t i = 0;
  while (i < len && line[i] != '\t' && line[i] == w[i]) i++;
  if (i == len) return line[i] == '\t' ? 0 : 1;
  if (line[i] == '\t') return -1;
  return (unsigned char)line[i] < (unsigned char)w[i] ? -1 : 1;
}

/* The Zipf value of a line's byte after the tab (10 * z + 10). */
static double zipf_of(char code) { return ((unsigned char)code - 10) / 10.0; }

double kata_word_zipf(const char *lang, const char *w, size_t len) {
  size_t lo = 0, hi = KATA__WORDFREQ_EN_BLOCKS;
  const char *line;
  if (!lang || strcmp(lang, "en") != 0 || len == 0) return 0;
  while (hi - lo > 1) { /* the last block whose first word is <= w */
    size_t mid = (lo + hi) / 2;
    if (word_cmp(kata__wordfreq_en[mid], w, len) <= 0) lo = mid;
    else hi = mid;
  }
  for (line = kata__wordfreq_en[lo]; *line; line++) { /* its lines, at most 8 */
    int r = word_cmp(line, w, len);
    if (r == 0) return zipf_of(line[len + 1]); /* after the tab */
    if (r > 0) return 0;
    while (*line != '\n') line++;
  }
  return 0;
}

int kata__frequent_words(kata__strtab_t *t, double min) {
  size_t b, id;
  for (b = 0; b < KATA__WORDFREQ_EN_BLOCKS; b++) {
    const char *line = kata__wordfreq_en[b], *tab;
    for (; *line; line = tab + 3) { /* the word, a tab, its byte, a newline */
      int rc;
      tab = strchr(line, '\t');
      if (zipf_of(tab[1]) >= min &&
          (rc = kata__strtab_intern(t, line, (size_t)(tab - line), &id)) < 0)
        return rc;
    }
  }
  return KATA_OK;
}

/* }====================================================================== */

/* {======================================================================
** Reading the text
** ======================================================================= */

/* The line end at s[i] (LF, CR, CRLF, NEL, LS, PS, VT, FF): its length, or 0. */
static size_t line_end_at(const char *s, size_t len, size_t i) {
  unsigned char c = (unsigned char)s[i];
  if (c == '\n' || c == '\v' || c == '\f') return 1;
  if (c == '\r') return (i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
  if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0x85) return 2;
  if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
      ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9))
    return 3;
  return 0;
}

static size_t cps_of(const char *s, size_t n) {
  size_t i, c = 0;
  for (i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
  return c;
}

static int is_space_byte(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Does the text s[a, b) (a line, trimmed) end a sentence or a clause? */
static int line_closes(const char *s, size_t a, size_t b) {
  unsigned char c;
  if (b == a) return 1;
  c = (unsigned char)s[b - 1];
  if (strchr(".!?:;\"'", c) && c) return 1;
  if (b - a >= 3 && (unsigned char)s[b - 3] == 0xE2 && (unsigned char)s[b - 2] == 0x80 &&
      (c == 0xA6 || c == 0x9D || c == 0x99)) /* ... ” ’ */
    return 1;
  return 0;
}

/*
** Is the white space s[a, b) between two tokens a hard break: a blank line,
** or one line end after a line that is not wrapped prose (under 30 or over
** 100 code points, closing a sentence, or followed by a much wider line, as
** a headline over its first paragraph is)?
*/
static int hard_gap(const char *s, size_t len, size_t a, size_t b) {
  size_t i, ends = 0, at = 0, ls, le, ns, ne, w, nw;
  for (i = a; i < b;) {
    size_t e = line_end_at(s, len, i);
    if (e) {
      if (ends++ == 0) at = i;
      i += e;
    } else {
      i++;
    }
  }
  if (ends == 0) return 0;
  if (ends > 1) return 1;
  le = at; /* the line before: back to the previous line end */
  while (le > 0 && is_space_byte((unsigned char)s[le - 1])) le--;
  ls = le;
  while (ls > 0 && s[ls - 1] != '\n' && s[ls - 1] != '\r') ls--;
  w = cps_of(s + ls, le - ls);
  if (w < 30 || w > 100 || line_closes(s, ls, le)) return 1;
  ns = b; /* the next line: to its end */
  ne = ns;
  while (ne < len && !line_end_at(s, len, ne)) ne++;
  nw = cps_of(s + ns, ne - ns);
  return nw > w + w / 4 + 8;
}

static int upper_first(const char *w, size_t n) {
  int32_t cp;
  if (n == 0) return 0;
  kata__decode(w, n, 0, &cp);
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU ||
         utf8proc_category(cp) == UTF8PROC_CATEGORY_LT;
}

static int is_ascii(const char *w, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if ((unsigned char)w[i] >= 0x80) return 0;
  return 1;
}

/* The form of the word s[a, b): its term (interned), stop and edge flags. */
static int form_of(kata_keyphrase_t *k, const char *s, size_t a, size_t b,
                   const kata_keyphrase_opts_t *o, int en, int ind, form_t **out) {
  size_t n = b - a, id, i, cps;
  double z;
  int rc;
  k->fold.len = 0;
  if (is_ascii(s + a, n)) { /* folding ASCII is lower-casing */
    if ((rc = kata_buf_reserve(&k->A, &k->fold, n)) != KATA_OK) return rc;
    for (i = 0; i < n; i++) {
      unsigned char c = (unsigned char)s[a + i];
      k->fold.data[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    k->fold.len = n;
  } else if ((rc = kata_normalize(&k->A, s + a, n, KATA_FORM_NFC, KATA_NORM_FOLD,
                                  &k->fold, NULL)) != KATA_OK) {
    return rc;
  }
  rc = kata__strtab_intern(&k->forms, k->fold.data, k->fold.len, &id);
  if (rc < 0) return rc;
  if (GROW(k, k->f, k->f_cap, id) != KATA_OK) return KATA_ENOMEM;
  if (rc == 1) {
    form_t *f = &k->f[id];
    const char *fw = k->fold.data;
    size_t fl = k->fold.len, tid;
    cps = cps_of(fw, fl);
    f->stop = (uint8_t)(cps < 2 || (o->stopwords && kata_wordset_has(o->stopwords, fw, fl)));
    /* English verb forms (-ed, -ing) and adverbs (-ly), and the most
    ** common words, are no part of a phrase (unless capitalised); nor
    ** are Indonesian words with a verb's affix (kata__id_verb) */
    z = en && !f->stop ? kata_word_zipf("en", fw, fl) : 0;
    f->edge = (uint8_t)(cps <= 2 || (en && fl > 2 && fw[fl - 2] == 'e' && fw[fl - 1] == 'd') ||
                        (en && fl > 2 && fw[fl - 2] == 'l' && fw[fl - 1] == 'y') ||
                        (en && fl > 4 && memcmp(fw + fl - 3, "ing", 3) == 0) || z >= ZIPF_EDGE ||
                        (ind && !f->stop && kata__id_verb(fw, fl)));
    if (!f->stop) {
      const char *key = fw;
      size_t klen = fl;
      if (o->stemmer) {
        key = kata_stem(o->stemmer, fw, fl, &klen);
        if (!key) return KATA_ENOMEM;
      }
      rc = kata__strtab_intern(&k->terms, key, klen, &tid);
      if (rc < 0) return rc;
      if (GROW(k, k->t, k->t_cap, tid) != KATA_OK) return KATA_ENOMEM;
      if (rc == 1) {
        memset(&k->t[tid], 0, sizeof k->t[tid]);
        k->t[tid].zipf = (float)(z > 0 ? z : ZIPF_UNKNOWN);
      }
      f->term = (uint32_t)tid;
    }
  }
  *out = &k->f[id];
  return KATA_OK;
}

/* Is the punctuation token s[a, b) the end of a sentence? */
static int ends_sentence(const char *s, size_t a, size_t b) {
  if (b - a == 1) return s[a] == '.' || s[a] == '!' || s[a] == '?';
  return b - a == 3 && memcmp(s + a, "\xE2\x80\xA6", 3) == 0;
}

static int add_candidates(kata_keyphrase_t *k, const kata_keyphrase_opts_t *o);

/* Cuts the text into words: pieces of phrases, sentences, terms. The
** text may come in parts, each a run of whole paragraphs of a text where
** a blank line parts them (kata__unique_paragraphs_each): a part after
** the first starts after a hard gap, as the blank line before it is. */
static int read_words(kata_keyphrase_t *k, const char *s, size_t len,
                      const kata_keyphrase_opts_t *o, int en) {
  kata_tokenizer_t t;
  kata_token_t tok;
  uint32_t sent = k->sent, piece = k->piece;
  size_t prev_stop = 0;
  int sent_start = k->sent_start, any = k->any, gap = k->any, rc;
  kata_tokenizer_init(&t, s, len, 0);
  while (kata_tokenizer_next(&t, &tok)) {
    if (any && (gap || hard_gap(s, len, prev_stop, tok.start))) {
      if (sent == 1 && !sent_start) k->headline = 1;
      if (!sent_start) sent++;
      piece++;
      sent_start = 1;
    }
    gap = 0;
    any = 1;
    prev_stop = tok.stop;
    if (tok.kind == KATA_WORD) {
      size_t a = tok.start, b = tok.stop;
      int poss = 0;
      form_t *f;
      /* a possessive ends the phrase: "Alaska's North Slope" */
      if (b - a > 2 && (s[b - 1] == 's' || s[b - 1] == 'S') && s[b - 2] == '\'') {
        b -= 2;
        poss = 1;
      } else if (b - a > 4 && (s[b - 1] == 's' || s[b - 1] == 'S') &&
                 memcmp(s + b - 4, "\xE2\x80\x99", 3) == 0) {
        b -= 4;
        poss = 1;
      }
      if ((rc = form_of(k, s, a, b, o, en == 1, en == 2, &f)) != KATA_OK) return rc;
      if (f->stop) {
        piece++;
      } else {
        word_t *w;
        int up = upper_first(s + a, b - a);
        term_t *tm = &k->t[f->term];
        size_t spell;
        /* The words held are one piece's: an earlier piece's candidates
        ** are counted as soon as it ends, so memory follows the longest
        ** piece, not the text (the same candidates in the same order). */
        if (k->nw > 0 && k->w[k->nw - 1].piece != piece) {
          if ((rc = add_candidates(k, o)) != KATA_OK) return rc;
          k->nw = 0;
        }
        /* its surface: as written, or folded */
        if (o->flags & KATA_COUNT_FOLD) {
          k->key.len = 0;
          if ((rc = kata_normalize(&k->A, s + a, b - a, KATA_FORM_NFC, KATA_NORM_FOLD, &k->key,
                                   NULL)) != KATA_OK)
            return rc;
          rc = kata__strtab_intern(&k->spells, k->key.data, k->key.len, &spell);
        } else {
          rc = kata__strtab_intern(&k->spells, s + a, b - a, &spell);
        }
        if (rc < 0) return rc;
        if (GROW(k, k->w, k->w_cap, k->nw) != KATA_OK) return KATA_ENOMEM;
        w = &k->w[k->nw++];
        w->spell = (uint32_t)spell;
        w->term = f->term;
        w->sent = sent;
        w->piece = piece;
        w->edge = (uint8_t)(!up && f->edge);
        tm->tf++;
        if (up && !sent_start) tm->caps++;
      }
      if (poss) piece++;
      sent_start = 0;
    } else {
      piece++;
      if (tok.kind == KATA_PUNCT && ends_sentence(s, tok.start, tok.stop)) {
        if (!sent_start) sent++;
        sent_start = 1;
      }
    }
  }
  k->sent = sent;
  k->piece = piece;
  k->sent_start = sent_start;
  k->any = any;
  /* the last words' candidates, while s is there (the next part starts
  ** a new piece: the same candidates in the same order) */
  if ((rc = add_candidates(k, o)) != KATA_OK) return rc;
  k->nw = 0;
  return KATA_OK;
}

/* }====================================================================== */

/* {======================================================================
** Candidates
** ======================================================================= */

static uint64_t key_hash(const uint32_t *key, size_t n) {
  return kata__hash((const char *)key, n * sizeof *key);
}

static uint64_t cand_hash(const kata_keyphrase_t *k, size_t id) {
  return key_hash(k->c[id].terms, k->c[id].n);
}

static uint64_t surf_hash(const kata_keyphrase_t *k, size_t id) {
  return key_hash(k->su[id].spells, k->c[k->su[id].cand].n);
}

/* Makes room in t for the n ids it holds and one more (load under 1/2):
** twice the slots, every id placed again. */
static int idtab_room(kata_keyphrase_t *k, idtab_t *t, size_t n,
                      uint64_t (*hash)(const kata_keyphrase_t *, size_t)) {
  size_t ns, i, j;
  uint32_t *slots;
  if ((n + 1) * 2 <= t->nslots) return KATA_OK;
  if (n >= UINT32_MAX - 1) return KATA_ELIMIT;
  ns = t->nslots ? t->nslots * 2 : 64;
  if (ns > ((size_t)-1) / sizeof *slots) return KATA_ELIMIT;
  slots = (uint32_t *)k->A.f(k->A.ud, NULL, 0, ns * sizeof *slots);
  if (!slots) return KATA_ENOMEM;
  memset(slots, 0, ns * sizeof *slots);
  for (i = 0; i < n; i++) {
    for (j = hash(k, i) & (ns - 1); slots[j]; j = (j + 1) & (ns - 1)) {}
    slots[j] = (uint32_t)(i + 1);
  }
  FREE_ARRAY(k, t->slots, t->nslots);
  t->slots = slots;
  t->nslots = ns;
  return KATA_OK;
}

/* The slot for hash h: where its probe run ends (an empty slot). */
static size_t idtab_free_slot(const idtab_t *t, uint64_t h) {
  size_t j, mask = t->nslots - 1;
  for (j = h & mask; t->slots[j]; j = (j + 1) & mask) {}
  return j;
}

/* The candidate of the terms key[0, n), or -1. */
static long cand_find(const kata_keyphrase_t *k, const uint32_t *key, size_t n, uint64_t h) {
  size_t j, mask = k->ctab.nslots - 1;
  if (k->nc == 0) return -1;
  for (j = h & mask; k->ctab.slots[j]; j = (j + 1) & mask) {
    const cand_t *c = &k->c[k->ctab.slots[j] - 1];
    if (c->n == n && memcmp(c->terms, key, n * sizeof *key) == 0)
      return (long)(k->ctab.slots[j] - 1);
  }
  return -1;
}

/* The surface form of candidate cand spelled key[0, n), or -1. */
static long surf_find(const kata_keyphrase_t *k, const uint32_t *key, size_t n, size_t cand,
                      uint64_t h) {
  size_t j, mask = k->stab.nslots - 1;
  if (k->ns == 0) return -1;
  for (j = h & mask; k->stab.slots[j]; j = (j + 1) & mask) {
    const surf_t *u = &k->su[k->stab.slots[j] - 1];
    if (u->cand == cand && memcmp(u->spells, key, n * sizeof *key) == 0)
      return (long)(k->stab.slots[j] - 1);
  }
  return -1;
}

/* Counts the phrase of words [a, b]. */
static int add_candidate(kata_keyphrase_t *k, size_t a, size_t b) {
  uint32_t key[KATA_KEYPHRASE_NGRAM_MAX], sp[KATA_KEYPHRASE_NGRAM_MAX];
  size_t n = b - a + 1, i, id;
  long found;
  uint64_t h;
  cand_t *c;
  surf_t *u;
  int rc;
  for (i = 0; i < n; i++) {
    key[i] = k->w[a + i].term;
    sp[i] = k->w[a + i].spell;
  }
  h = key_hash(key, n);
  if ((found = cand_find(k, key, n, h)) >= 0) {
    id = (size_t)found;
  } else { /* a new one, zeroed */
    id = k->nc;
    if (GROW(k, k->c, k->c_cap, id) != KATA_OK) return KATA_ENOMEM;
    if ((rc = idtab_room(k, &k->ctab, k->nc, cand_hash)) != KATA_OK) return rc;
    c = &k->c[id];
    memset(c, 0, sizeof *c);
    c->n = (uint8_t)n;
    memcpy(c->terms, key, n * sizeof *key);
    c->first = k->w[a].sent;
    k->ctab.slots[idtab_free_slot(&k->ctab, h)] = (uint32_t)(id + 1);
    k->nc++;
  }
  c = &k->c[id];
  if (c->tf == UINT32_MAX) return KATA_ELIMIT;
  c->tf++;
  if (c->at.last_sent != k->w[a].sent) {
    c->at.last_sent = k->w[a].sent;
    c->nsents++;
  }
  /* its surface: the words as written (spelled), one space apart */
  h = key_hash(sp, n);
  if ((found = surf_find(k, sp, n, id, h)) >= 0) {
    u = &k->su[found];
  } else {
    if (GROW(k, k->su, k->su_cap, k->ns) != KATA_OK) return KATA_ENOMEM;
    if ((rc = idtab_room(k, &k->stab, k->ns, surf_hash)) != KATA_OK) return rc;
    u = &k->su[k->ns];
    memset(u, 0, sizeof *u);
    memcpy(u->spells, sp, n * sizeof *sp);
    u->cand = (uint32_t)id;
    k->stab.slots[idtab_free_slot(&k->stab, h)] = (uint32_t)(k->ns + 1);
    k->ns++;
  }
  if (u->count == UINT32_MAX) return KATA_ELIMIT;
  u->count++;
  return KATA_OK;
}

/* Every run of 1 to ngram_max words inside a piece with no edge word in
** it (an edge word is a candidate on its own). */
static int add_candidates(kata_keyphrase_t *k, const kata_keyphrase_opts_t *o) {
  size_t i = 0, j, a, b;
  int rc;
  while (i < k->nw) {
    j = i;
    while (j + 1 < k->nw && k->w[j + 1].piece == k->w[i].piece) j++;
    for (a = i; a <= j; a++) {
      if ((rc = add_candidate(k, a, a)) != KATA_OK) return rc;
      if (k->w[a].edge) continue;
      for (b = a + 1; b <= j && b - a < (size_t)o->ngram_max && !k->w[b].edge; b++)
        if ((rc = add_candidate(k, a, b)) != KATA_OK) return rc;
    }
    i = j + 1;
  }
  return KATA_OK;
}

static void score_candidates(kata_keyphrase_t *k) {
  size_t i;
  for (i = 0; i < k->terms.n; i++) {
    term_t *tm = &k->t[i];
    double r = ZIPF_TOP - tm->zipf;
    if (r < RARITY_FLOOR) r = RARITY_FLOOR;
    r = pow(r, RHO);
    if (tm->caps * 2 > tm->tf) r *= CAP_BOOST;
    tm->weight = r;
    tm->shared = 0;
  }
  for (i = 0; i < k->nc; i++) {
    cand_t *c = &k->c[i];
    double wsum = 0, tsum = 0, sc;
    int j;
    for (j = 0; j < c->n; j++) {
      wsum += k->t[c->terms[j]].weight;
      tsum += k->t[c->terms[j]].tf;
    }
    sc = pow(c->tf, ALPHA) * pow(tsum / c->n, BETA) * wsum;
    sc *= len_prior[c->n];
    sc *= 1 + POS_WEIGHT / c->first;
    sc *= pow(c->nsents, SPREAD);
    if (c->n == 1 && c->tf >= 2 && k->t[c->terms[0]].caps * 2 > k->t[c->terms[0]].tf)
      sc *= NAME_BOOST;
    if (c->n > 1 && c->tf < MIN_TF_PHRASE && (c->first > LEAD || k->headline)) sc = 0;
    c->score = sc;
  }
}

/* Part i of surface form u of n words: a word's spelling (even i) or the
** space between two. */
static const char *surf_part(const kata_keyphrase_t *k, const surf_t *u, size_t i, size_t *len) {
  if (i & 1) {
    *len = 1;
    return " ";
  }
  return kata__strtab_key(&k->spells, u->spells[i / 2], len);
}

/* Compares the bytes of surface forms a and b (memcmp's order, the
** shorter first when one begins the other) without making them. */
static int surf_cmp(const kata_keyphrase_t *k, uint32_t a, uint32_t b) {
  const surf_t *x = &k->su[a], *y = &k->su[b];
  size_t xn = 2 * (size_t)k->c[x->cand].n - 1, yn = 2 * (size_t)k->c[y->cand].n - 1;
  size_t xi = 0, yi = 0, xl, yl, m;
  const char *xp = surf_part(k, x, 0, &xl), *yp = surf_part(k, y, 0, &yl);
  int r;
  for (;;) {
    while (xl == 0 && xi + 1 < xn) xp = surf_part(k, x, ++xi, &xl);
    while (yl == 0 && yi + 1 < yn) yp = surf_part(k, y, ++yi, &yl);
    if (xl == 0 || yl == 0) return xl ? 1 : yl ? -1 : 0;
    m = xl < yl ? xl : yl;
    if ((r = memcmp(xp, yp, m)) != 0) return r < 0 ? -1 : 1;
    xp += m;
    yp += m;
    xl -= m;
    yl -= m;
  }
}

/* The most frequent surface form of each candidate (ties: smaller bytes). */
static void pick_surfaces(kata_keyphrase_t *k) {
  size_t i;
  for (i = 0; i < k->nc; i++) k->c[i].at.best = UINT32_MAX;
  for (i = 0; i < k->ns; i++) {
    cand_t *c = &k->c[k->su[i].cand];
    if (c->at.best == UINT32_MAX || k->su[i].count > k->su[c->at.best].count) {
      c->at.best = (uint32_t)i;
    } else if (k->su[i].count == k->su[c->at.best].count &&
               surf_cmp(k, (uint32_t)i, c->at.best) < 0) {
      c->at.best = (uint32_t)i;
    }
  }
}

/* Does candidate a rank before b: higher score, then the smaller spelling? */
static int cand_before(const kata_keyphrase_t *k, uint32_t a, uint32_t b) {
  if (k->c[a].score != k->c[b].score) return k->c[a].score > k->c[b].score;
  return surf_cmp(k, k->c[a].at.best, k->c[b].at.best) < 0;
}

/* Sorts ids[0, n) with cand_before, merging through tmp. */
static void sort_cands(const kata_keyphrase_t *k, uint32_t *ids, uint32_t *tmp, size_t n) {
  size_t width, i;
  for (width = 1; width < n; width *= 2) {
    for (i = 0; i < n; i += 2 * width) {
      size_t a = i, m = i + width < n ? i + width : n, b = m;
      size_t e = i + 2 * width < n ? i + 2 * width : n, j = i;
      while (a < m && b < e) tmp[j++] = cand_before(k, ids[b], ids[a]) ? ids[b++] : ids[a++];
      while (a < m) tmp[j++] = ids[a++];
      while (b < e) tmp[j++] = ids[b++];
    }
    memcpy(ids, tmp, n * sizeof *ids);
  }
}

/* Are the words of a a contiguous run of b's, a shorter? */
static int inside(const cand_t *a, const cand_t *b) {
  int i, j;
  if (a->n >= b->n) return 0;
  for (i = 0; i + a->n <= b->n; i++) {
    for (j = 0; j < a->n && b->terms[i + j] == a->terms[j]; j++) {}
    if (j == a->n) return 1;
  }
  return 0;
}

/* Do a's last words begin b ("riset teknologi roket" / "teknologi roket
** brin"), or b's begin a? */
static int overlaps_one(const cand_t *a, const cand_t *b) {
  int k, j;
  for (k = 1; k < a->n && k < b->n; k++) {
    for (j = 0; j < k && a->terms[a->n - k + j] == b->terms[j]; j++) {}
    if (j == k) return 1;
  }
  return 0;
}

static int overlaps(const cand_t *a, const cand_t *b) {
  return overlaps_one(a, b) || overlaps_one(b, a);
}

/* For each candidate seen at least EXTEND_MIN_TF times, always inside one
** longer candidate (one more word, the same count), that one: the
** best-ranked such. */
static void find_extensions(kata_keyphrase_t *k, size_t ncand) {
  size_t i;
  for (i = 0; i < ncand; i++) k->c[i].ext = UINT32_MAX;
  for (i = 0; i < ncand; i++) {
    uint32_t id = k->order[i];
    const cand_t *d = &k->c[id];
    int side;
    if (d->n < 2 || d->score <= 0) continue;
    for (side = 0; side < 2; side++) { /* its prefix, then its suffix */
      long c = cand_find(k, d->terms + side, (size_t)d->n - 1,
                         key_hash(d->terms + side, (size_t)d->n - 1));
      if (c >= 0 && k->c[c].tf == d->tf && d->tf >= EXTEND_MIN_TF &&
          (k->c[c].ext == UINT32_MAX || k->c[k->c[c].ext].score < d->score))
        k->c[c].ext = id;
    }
  }
}

/* The best candidates, best first: each replaced by the longer phrase it
** always occurs in; none inside a better one (unless it stands alone often
** enough) or around one (unless that is a single word that mostly stands
** alone), none overlapping one; no word in more than MAX_SHARE chosen
** phrases. */
static void choose(kata_keyphrase_t *k, size_t ncand, size_t n, int fill) {
  size_t i, j;
  for (i = 0; i < ncand; i++) k->c[i].picked = 0;
  for (i = 0; i < ncand && k->npicked < n; i++) {
    uint32_t id = k->order[i];
    const cand_t *c;
    int drop = 0;
    if (k->c[id].score <= 0) break;
    while (k->c[id].ext != UINT32_MAX) id = k->c[id].ext;
    c = &k->c[id];
    if (c->picked) continue;
    for (j = 0; j < k->npicked && !drop; j++) {
      const cand_t *d = &k->c[k->picked[j]];
      drop = (inside(c, d) && c->tf < ALONE * d->tf) ||
             (inside(d, c) && !(d->n == 1 && d->tf >= ALONE * c->tf)) || overlaps(c, d);
    }
    if (!drop && c->n > 1) {
      for (j = 0; j < c->n && !drop; j++) drop = k->t[c->terms[j]].shared >= MAX_SHARE;
    }
    if (drop) continue;
    k->c[id].picked = 1;
    k->picked[k->npicked++] = id;
    if (c->n > 1)
      for (j = 0; j < c->n; j++) k->t[c->terms[j]].shared++;
  }
  /* Indonesian: room left (a short text, a tweet, where every phrase is
  ** seen once and keeps its words out) takes the single words the rules
  ** above set aside, best first. Its phrase boundaries are a guess (no
  ** rarity list, few affix cues), so a phrase's words may be the keys. */
  for (i = 0; fill && i < ncand && k->npicked < n; i++) {
    uint32_t id = k->order[i];
    if (k->c[id].score <= 0) break;
    if (k->c[id].n != 1 || k->c[id].picked) continue;
    k->c[id].picked = 1;
    k->picked[k->npicked++] = id;
  }
}

/* }====================================================================== */

static void reset(kata_keyphrase_t *k) {
  kata__strtab_truncate(&k->forms, 0);
  kata__strtab_truncate(&k->terms, 0);
  kata__strtab_truncate(&k->spells, 0);
  if (k->nc && k->ctab.nslots) memset(k->ctab.slots, 0, k->ctab.nslots * sizeof *k->ctab.slots);
  if (k->ns && k->stab.nslots) memset(k->stab.slots, 0, k->stab.nslots * sizeof *k->stab.slots);
  k->nc = k->ns = 0;
  k->out.len = 0;
  k->nw = 0;
  k->npicked = 0;
  k->headline = 0;
  k->sent = k->piece = 1;
  k->sent_start = 1;
  k->any = 0;
}

void kata__keyphrase_begin(kata_keyphrase_t *k) { reset(k); }

int kata__keyphrase_add(kata_keyphrase_t *k, const char *s, size_t len,
                        const kata_keyphrase_opts_t *o) {
  /* the language's own cues: 1 English, 2 Indonesian, 0 none */
  int en = !o->lang ? 0 : strcmp(o->lang, "en") == 0 ? 1 : strcmp(o->lang, "id") == 0 ? 2 : 0, rc;
  if (o->ngram_max < 1 || o->ngram_max > KATA_KEYPHRASE_NGRAM_MAX) return KATA_EINVAL;
  if ((rc = read_words(k, s, len, o, en)) != KATA_OK) reset(k);
  return rc;
}

int kata_keyphrase_run(kata_keyphrase_t *k, const char *s, size_t len,
                       const kata_keyphrase_opts_t *o, size_t n) {
  int rc;
  reset(k);
  if ((rc = kata__keyphrase_add(k, s, len, o)) != KATA_OK) return rc;
  return kata__keyphrase_end(k, o, n);
}

int kata__keyphrase_end(kata_keyphrase_t *k, const kata_keyphrase_opts_t *o, size_t n) {
  size_t i, ncand;
  if (o->ngram_max < 1 || o->ngram_max > KATA_KEYPHRASE_NGRAM_MAX) {
    reset(k);
    return KATA_EINVAL;
  }
  ncand = k->nc;
  if (ncand == 0 || n == 0) return KATA_OK;
  score_candidates(k);
  pick_surfaces(k);
  if (GROW(k, k->order, k->order_cap, 2 * ncand) != KATA_OK) {
    reset(k);
    return KATA_ENOMEM;
  }
  for (i = 0; i < ncand; i++) k->order[i] = (uint32_t)i;
  sort_cands(k, k->order, k->order + ncand, ncand);
  if (n > ncand) n = ncand;
  if (GROW(k, k->picked, k->picked_cap, n - 1) != KATA_OK) {
    reset(k);
    return KATA_ENOMEM;
  }
  find_extensions(k, ncand);
  choose(k, ncand, n, o->lang && strcmp(o->lang, "id") == 0);
  /* the chosen phrases' surfaces, made once */
  if (GROW(k, k->out_at, k->out_at_cap, k->npicked) != KATA_OK) {
    reset(k);
    return KATA_ENOMEM;
  }
  k->out.len = 0;
  for (i = 0; i < k->npicked; i++) {
    const surf_t *u = &k->su[k->c[k->picked[i]].at.best];
    size_t j, parts = 2 * (size_t)k->c[k->picked[i]].n - 1, pl;
    k->out_at[i] = k->out.len;
    for (j = 0; j < parts; j++) {
      const char *p = surf_part(k, u, j, &pl);
      if (kata_buf_append(&k->A, &k->out, p, pl) != KATA_OK) {
        reset(k);
        return KATA_ENOMEM;
      }
    }
  }
  k->out_at[k->npicked] = k->out.len;
  return KATA_OK;
}

size_t kata_keyphrase_size(const kata_keyphrase_t *k) { return k->npicked; }

const char *kata_keyphrase_term(const kata_keyphrase_t *k, size_t i, size_t *len) {
  *len = k->out_at[i + 1] - k->out_at[i];
  return k->out.data + k->out_at[i];
}

double kata_keyphrase_score(const kata_keyphrase_t *k, size_t i) {
  return k->c[k->picked[i]].score;
}

uint64_t kata_keyphrase_count(const kata_keyphrase_t *k, size_t i) {
  return (uint64_t)k->c[k->picked[i]].tf;
}
