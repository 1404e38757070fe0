/*
** tagger.h: the entity tagger's private side, shared by its stages:
** lexicon.c, tokens.c, patterns.c, dates.c, names.c, tagger.c.
*/
#ifndef KATA_TAGGER_H
#define KATA_TAGGER_H

#include <stdint.h>
#include <string.h>

#include "gazetteer.h"
#include "kata.h"
#include "strtab.h"

/* Private to the core: never exported from a shared build. */
#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility push(hidden)
#endif

/* {======================================================================
** The lexicon (lexicon.c)
** ======================================================================= */

/* The classes of a cue word, as data/entities/lexicon.tsv names them. */
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

/* The classes beyond 32 bits, in lexinfo_t.misc */
enum { M_QUANT = 1, M_RELUNIT1 = 2, M_SEASON = 4, M_PERIOD = 8, M_PATSTART = 16 };

typedef struct lexinfo {
  uint32_t cls;
  unsigned misc;
  int month, wday;
  double num, mag;
  char cur[4];
  uint64_t model; /* the name model's bits of cls and misc (learned.c) */
} lexinfo_t;

/* Working memory kept between calls (a tagger serves one caller at a
** time: a Lua state), so tagging many short texts does not allocate. */
typedef struct scratch {
  kata_buf_t w, fold, marks;
  kata_buf_t ner; /* the name model's working block (kata__ner_tag_in) */
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
  /* the name model (learned.c), loaded on first use: 0 not yet, 1 loaded
  ** (model), 2 none (kata_tagger_model(tg, NULL, 0)) */
  struct kata__ner_model *model;
  int model_state;
  kata_gazetteer_t *gz_exact, *gz_fold; /* the three built-in lists in one, exact and folded */
  kata__strtab_t frequent; /* English words of Zipf frequency 5 or more (the model's steps) */
  uint64_t lexbits[32 + 8];             /* per lexicon class (C_*, then M_*): the model's bit */
  uint64_t bloom[1024]; /* a bit per lexicon word's hash: most misses cost no probe */
  scratch_t sc;
};

/* The bit of a word's hash in the bloom filter. */
#define BLOOM_BIT(h) ((size_t)((h) >> 48))

/* Loads the built-in data into a new tagger: the lexicon, its bloom
** filter, the gazetteers of places, organisations and given names. */
int kata__ent_load(kata_tagger_t *tg);

/* The built-in places, organisations and given names in one gazetteer
** made with flags (in that order: a later list's type wins). */
int kata__ent_load_union(kata_tagger_t *tg, unsigned flags, kata_gazetteer_t **g);

/* The name of lexicon class bit b (0-31: C_*, 32-39: M_*), or NULL. */
const char *kata__ent_class_name(int b);

/* }====================================================================== */

/* {======================================================================
** The text, as the stages see it
** ======================================================================= */

#define T_CAP 1u       /* starts with an upper-case letter */
#define T_ALLCAPS 2u   /* two or more letters, all upper case */
#define T_SENT 4u      /* first word of a sentence (or line, or text) */
#define T_GLUED 8u     /* no white space before it */
#define T_LINE 16u     /* a line end before it */
#define T_LOWER 32u    /* starts with a lower-case letter */
#define T_DIGITS 64u   /* a NUMBER of digits only */
#define T_DOTDASH 128u /* has a '.' or '-' inside */
#define T_LEXASCII 256u /* lex is the lexicon entry of its bytes in ASCII lower case */
#define T_BLANK 512u    /* a blank line before it */

typedef struct tok {
  size_t start, stop;
  int kind;
  unsigned flags;
  int lex;      /* lexicon id of its folded form, or -1 */
  uint32_t cls; /* its lexicon classes (C_*), 0 when none */
} tok_t;

/* One call of kata_entities: the text, its tokens, the entities so far. */
typedef struct ctx {
  kata_tagger_t *tg;
  const char *s;
  size_t len;
  tok_t *t;
  size_t n, cap;
  kata_buf_t fold;
  kata_buf_t ner; /* the name model's working block, lent by the tagger */
  kata_ent_t *out;
  size_t nout, outcap;
  unsigned char *taken; /* per token: covered by an entity */
  const kata_ent_opts_t *o;
  kata__gaztext_t gt[4]; /* prepared texts by gazetteer flags */
  int gt_ready[4];
  unsigned char *headline; /* per token: in a title-case line */
  size_t *pend;            /* per token: the first token after it with a blank line
                              before it, or n */
  unsigned char *weak;     /* per entity: 1 typed without evidence, 2 a caller's phrase,
                              3 a name that is a whole gazetteer phrase */
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

/* A candidate entity. */
typedef struct cand {
  size_t a, b; /* tokens [a, b) */
  int type;
  char value[48];
  int weak;  /* 1: a name typed without evidence; 2: a caller's phrase;
                3: a name that is a whole gazetteer phrase */
  size_t cut; /* bytes of the last token left out ("38" of "38-year-old") */
} cand_t;

/* Token i and its lexicon entry, for every stage (inline: asked about at
** every token). Out of range, each answers as for no token. */
static inline const lexinfo_t *lex(const ctx_t *c, size_t i) {
  return i < c->n && c->t[i].lex >= 0 ? &c->tg->info[c->t[i].lex] : NULL;
}

static inline uint32_t cls(const ctx_t *c, size_t i) {
  return i < c->n ? c->t[i].cls : 0;
}

static inline unsigned misc(const ctx_t *c, size_t i) {
  const lexinfo_t *l = lex(c, i);
  return l ? l->misc : 0;
}

static inline int is_name_word(const ctx_t *c, size_t i) {
  return i < c->n && c->t[i].kind == KATA_WORD && (c->t[i].flags & T_CAP);
}

/* Is token i the word w (ASCII, exact bytes, n of them)? */
static inline int word_is_n(const ctx_t *c, size_t i, const char *w, size_t n) {
  return i < c->n && c->t[i].stop - c->t[i].start == n && memcmp(c->s + c->t[i].start, w, n) == 0;
}
#define word_is(c, i, lit) word_is_n((c), (i), (lit), sizeof(lit) - 1)

static inline int is_char(const ctx_t *c, size_t i, char ch) {
  return i < c->n && c->t[i].stop - c->t[i].start == 1 && c->s[c->t[i].start] == ch;
}

/* The working copy of s[0, len) in w (tokens.c): possessives blanked,
** datelines written as names, the offsets unchanged. */
int kata__ent_working_copy(kata_allocator_t *A, const char *s, size_t len, kata_buf_t *w);

/* Tokenizes c->s into c->t, each token with its flags and lexicon entry
** (tokens.c). */
int kata__ent_tokenize(ctx_t *c);

/* }====================================================================== */

/* {======================================================================
** The stages
** ======================================================================= */

/* A number at token i (patterns.c): digits (with a magnitude word after,
** or glued as in "3.3bn"), or number words ("tiga juta", "twenty five").
** Sets *end (one past its last token), *v. */
int kata__ent_number_scan(const ctx_t *c, size_t i, size_t *end, double *v);

/* kata__ent_number_scan, remembered for the last token asked about (the
** matchers ask about the same token in turn). */
static inline int number_at(const ctx_t *c, size_t i, size_t *end, double *v) {
  ctx_t *m = (ctx_t *)(uintptr_t)c; /* the memo only */
  if (m->num_i != i + 1) {
    m->num_ok = kata__ent_number_scan(c, i, &m->num_end, &m->num_v);
    m->num_i = i + 1;
  }
  *end = m->num_end;
  *v = m->num_v;
  return m->num_ok;
}

/* The matchers of the pattern pass for dates and times (dates.c): each
** fills k with the entity at token i and returns 1, or returns 0. */
int kata__ent_date_at(const ctx_t *c, size_t i, cand_t *k);
int kata__ent_time_at(const ctx_t *c, size_t i, cand_t *k);

/* Pass 1: the pattern entities, left to right, the longest at each token
** (patterns.c). */
int kata__ent_patterns(ctx_t *c);

/* Pass 2: the caller's phrases, then names in the body, then in headlines
** (names.c). */
int kata__ent_names(ctx_t *c);

/* A weakly typed name takes the type the text gives it elsewhere
** (names.c). */
int kata__ent_harmonise(ctx_t *c);

/* The name model (learned.c): loads it on first use (KATA_OK when there
** is none to load), then replaces the rules' names in c->out by the
** model's, the rules' entities (of every type) and the gazetteers being
** its features; s is the caller's text. */
int kata__ent_model_ready(kata_tagger_t *tg);
int kata__ent_model_names(ctx_t *c, const char *s, size_t len);
void kata__ent_model_free(kata_tagger_t *tg);

/* Adds an entity of k's type and value over the bytes [start, stop) of
** the text (tagger.c). */
int kata__ent_push(ctx_t *c, size_t start, size_t stop, const cand_t *k);

/* Pass 4: two places joined by a hyphen ("Jakarta-Semarang") that no
** entity covers are two places, appended to c->out, which is in text
** order (names.c). */
int kata__ent_pairs(ctx_t *c);

/* Sorts e[0, n) in text order and drops overlaps (the longer of two
** stays); returns the new count (tagger.c). */
size_t kata__ent_in_order(kata_ent_t *e, size_t n);

/* Adds the candidate k to the entities and marks its tokens taken; one of
** a type the caller left out is only marked (tagger.c). */
int kata__ent_emit(ctx_t *c, const cand_t *k);

/* }====================================================================== */

#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility pop
#endif

#endif
