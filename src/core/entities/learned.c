/*
** learned.c: the name model in the tagger. The weights are built in
** (model_data.h, generated from data/ner/model.bin) and loaded on first
** use, once per tagger; a caller may give others (kata_tagger_model). For
** one call, the tokens of the caller's text are told to the scorer
** (model.c) with what the tagger knows of them: their lexicon classes, the
** built-in gazetteers' phrases (exact and case-folded) and the rules'
** entities of every type; the model's names then replace the rules'.
** The rules keep the pattern types and the caller's own phrases.
*/
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "model.h"
#include "model_data.h"
#include "strtab.h"
#include "tagger.h"

/* {======================================================================
** Loading
** ======================================================================= */

/* How frequent (Zipf) a word in small letters must be to be taken for a
** sign of English text (english_near): "the", "of", "said", "met"; the
** words of Indonesian are not. */
#define FREQUENT_ZIPF 5.0

/* The gazetteers and the lexicon map the model's features need, and the
** frequent English words. */
static int prepare(kata_tagger_t *tg) {
  int b, rc;
  size_t id;
  for (b = 0; b < 40; b++) {
    const char *nm = kata__ent_class_name(b);
    int m = nm ? kata__ner_lex_class(nm, strlen(nm)) : -1;
    tg->lexbits[b] = m >= 0 ? (uint64_t)1 << m : 0;
  }
  for (id = 0; id < tg->ninfo; id++) { /* each word's bits, once */
    const lexinfo_t *li = &tg->info[id];
    uint64_t bits = 0;
    for (b = 0; b < 32; b++)
      if (li->cls >> b & 1u) bits |= tg->lexbits[b];
    for (b = 0; b < 8; b++)
      if (li->misc >> b & 1u) bits |= tg->lexbits[32 + b];
    tg->info[id].model = bits;
  }
  if (!tg->gz_exact && (rc = kata__ent_load_union(tg, 0, &tg->gz_exact)) != KATA_OK) {
    kata_gazetteer_free(tg->gz_exact);
    tg->gz_exact = NULL;
    return rc;
  }
  if (!tg->gz_fold && (rc = kata__ent_load_union(tg, KATA_GAZ_FOLD, &tg->gz_fold)) != KATA_OK) {
    kata_gazetteer_free(tg->gz_fold);
    tg->gz_fold = NULL;
    return rc;
  }
  if (tg->frequent.n == 0 && (rc = kata__frequent_words(&tg->frequent, FREQUENT_ZIPF)) != KATA_OK) {
    kata__strtab_truncate(&tg->frequent, 0);
    return rc;
  }
  return KATA_OK;
}

int kata__ent_model_ready(kata_tagger_t *tg) {
  kata__ner_model_t *m;
  int rc;
  if (tg->model_state != 0) return KATA_OK;
  if ((rc = prepare(tg)) != KATA_OK) return rc;
  if ((rc = kata__ner_load(&tg->A, kata_ner_model_data, KATA_NER_MODEL_SIZE, &m)) != KATA_OK)
    return rc;
  tg->model = m;
  tg->model_state = 1;
  return KATA_OK;
}

void kata__ent_model_free(kata_tagger_t *tg) {
  kata__ner_free(&tg->A, tg->model);
  tg->model = NULL;
  kata_gazetteer_free(tg->gz_exact);
  kata_gazetteer_free(tg->gz_fold);
  tg->gz_exact = tg->gz_fold = NULL;
}

int kata_tagger_model(kata_tagger_t *tg, const void *data, size_t len) {
  kata__ner_model_t *m;
  int rc;
  if (!data || len == 0) {
    kata__ner_free(&tg->A, tg->model);
    tg->model = NULL;
    tg->model_state = data ? 0 : 2;
    return KATA_OK;
  }
  if ((rc = kata__ner_load(&tg->A, data, len, &m)) != KATA_OK) return rc;
  if ((rc = prepare(tg)) != KATA_OK) {
    kata__ner_free(&tg->A, m);
    return rc;
  }
  kata__ner_free(&tg->A, tg->model);
  tg->model = m;
  tg->model_state = 1;
  return KATA_OK;
}

size_t kata_tagger_model_memory(const kata_tagger_t *tg) {
  if (!tg->model) return 0;
  return kata__ner_memory(tg->model) + kata_gazetteer_memory(tg->gz_exact) +
         kata_gazetteer_memory(tg->gz_fold) + kata__strtab_bytes(&tg->frequent);
}

/* }====================================================================== */

/* {======================================================================
** One call
** ======================================================================= */

typedef struct mctx {
  const kata_allocator_t *A;
  kata__ner_tok_t *tk; /* the model's tokens */
  size_t n, cap;
  kata_gazspan_t *gs;  /* the tokenizer's (a possessive not split off) */
  size_t ng, gcap;
  unsigned char *lab;  /* per model token: its label, then covered by a kept entity */
  kata_ent_t *rules;   /* the rules' entities in text order */
  size_t nrules, rcap;
  unsigned char *whole; /* per name kept aside by merge: 1 a whole gazetteer phrase,
                        ** 2 a person the rules typed without evidence */
  uint32_t *at;         /* per block of 32 bytes of s (1 << AT_SHIFT): the first model
                        ** token that ends after the block's start (first_after's start) */
  size_t nat;
  const kata__strtab_t *frequent; /* the tagger's frequent English words */
} mctx_t;

static int grow(const kata_allocator_t *A, void **p, size_t *cap, size_t elem, size_t need) {
  size_t nc = *cap ? *cap : 256;
  void *q;
  if (need <= *cap) return KATA_OK;
  while (nc < need) nc *= 2;
  if (nc > (size_t)-1 / elem) return KATA_ENOMEM;
  q = A->f(A->ud, *p, *cap * elem, nc * elem);
  if (!q) return KATA_ENOMEM;
  *p = q;
  *cap = nc;
  return KATA_OK;
}

/* The model's bits of the lexicon classes of s[0, n) in ASCII lower case. */
static uint64_t lex_bits(const kata_tagger_t *tg, const char *s, size_t n) {
  char low[64];
  size_t i;
  uint64_t h;
  long id;
  if (n > sizeof low) return 0;
  for (i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)s[i];
    low[i] = (char)((ch >= 'A' && ch <= 'Z') ? ch + 32 : ch);
  }
  h = kata__hash(low, n);
  if (!(tg->bloom[BLOOM_BIT(h) >> 6] >> (BLOOM_BIT(h) & 63) & 1u)) return 0;
  if ((id = kata__strtab_find_h(&tg->lex, low, n, h)) < 0 || (size_t)id >= tg->ninfo) return 0;
  return tg->info[id].model;
}

/* The first byte at or after p where the working copy w and the text s
** differ, or len: eight bytes a step. */
static size_t next_diff(const char *w, const char *s, size_t p, size_t len) {
  while (p + 8 <= len) {
    uint64_t x, y;
    memcpy(&x, w + p, 8);
    memcpy(&y, s + p, 8);
    if (x != y) break;
    p += 8;
  }
  while (p < len && w[p] == s[p]) p++;
  return p;
}

/* Walks the rules' tokens beside the model's, in order. */
typedef struct lexwalk {
  size_t r;    /* the first rules' token (c->t) not before the model token */
  size_t diff; /* the first byte, at or after the model token, where the
                  working copy differs from the text */
} lexwalk_t;

/* The model's bits of the lexicon classes of the token s[a, b): those of
** the rules' token with the same bounds when the working copy has the same
** bytes there and it was looked up in ASCII lower case (most tokens), else
** lex_bits. */
static uint64_t tok_lex(const kata_tagger_t *tg, const ctx_t *c, lexwalk_t *lw, const char *s,
                        size_t len, size_t a, size_t b) {
  const tok_t *t;
  while (lw->r < c->n && c->t[lw->r].start < a) lw->r++;
  if (lw->diff < a) lw->diff = next_diff(c->s, s, a, len);
  t = lw->r < c->n ? &c->t[lw->r] : NULL;
  if (t && t->start == a && t->stop == b && (t->flags & T_LEXASCII) && b <= lw->diff)
    return t->lex >= 0 && (size_t)t->lex < tg->ninfo ? tg->info[t->lex].model : 0;
  return lex_bits(tg, s + a, b - a);
}

/* The lexicon classes (C_*) of s[0, n), or 0. */
static uint32_t lex_cls(const kata_tagger_t *tg, const char *s, size_t n) {
  char low[64];
  size_t i;
  long id;
  if (n > sizeof low) return 0;
  for (i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)s[i];
    low[i] = (char)((ch >= 'A' && ch <= 'Z') ? ch + 32 : ch);
  }
  if ((id = kata__strtab_find(&tg->lex, low, n)) < 0 || (size_t)id >= tg->ninfo) return 0;
  return tg->info[id].cls;
}

/* Adds the tokenizer's token t of s: one model token, or two when it ends
** in a possessive 's. rt is the rules' token with the same bounds, kind
** and bytes when the caller knows it (NULL: tok_lex finds out). */
static int push_tok_any(mctx_t *M, const ctx_t *c, lexwalk_t *lw, const char *s, size_t len,
                        const kata_token_t *t, const tok_t *rt) {
  const kata_tagger_t *tg = c->tg;
  size_t tl = t->stop - t->start, cut = 0;
  const char *w = s + t->start;
  kata__ner_tok_t *k;
  int rc;
  if ((M->ng + 1 > M->gcap &&
       (rc = grow(M->A, (void **)&M->gs, &M->gcap, sizeof *M->gs, M->ng + 1)) != KATA_OK) ||
      (M->n + 2 > M->cap &&
       (rc = grow(M->A, (void **)&M->tk, &M->cap, sizeof *M->tk, M->n + 2)) != KATA_OK))
    return rc;
  M->gs[M->ng].start = t->start;
  M->gs[M->ng++].stop = t->stop;
  if (t->kind == KATA_WORD && tl > 2 && (w[tl - 1] == 's' || w[tl - 1] == 'S')) {
    if (w[tl - 2] == '\'') cut = tl - 2;
    else if (tl >= 5 && memcmp(w + tl - 4, "\342\200\231", 3) == 0) cut = tl - 4;
  }
  if (cut > 0) {
    k = &M->tk[M->n++];
    memset(k, 0, sizeof *k);
    k->start = t->start;
    k->stop = t->start + cut;
    k->kind = t->kind;
    k->lex = tok_lex(tg, c, lw, s, len, t->start, t->start + cut);
    k = &M->tk[M->n++];
    memset(k, 0, sizeof *k);
    k->start = t->start + cut;
    k->stop = t->stop;
    k->kind = KATA_WORD;
    k->lex = tok_lex(tg, c, lw, s, len, t->start + cut, t->stop);
  } else {
    k = &M->tk[M->n++];
    k->start = t->start;
    k->stop = t->stop;
    k->kind = t->kind;
    k->gaz = k->gazf = k->rule = 0;
    if (rt && (rt->flags & T_LEXASCII))
      k->lex = rt->lex >= 0 && (size_t)rt->lex < tg->ninfo ? tg->info[rt->lex].model : 0;
    else
      k->lex = tok_lex(tg, c, lw, s, len, t->start, t->stop);
  }
  return KATA_OK;
}

/* push_tok_any's common case inline: a token of the rules' whose lexicon
** bits they found, no possessive to split off, room in both arrays. */
static inline int push_tok(mctx_t *M, const ctx_t *c, lexwalk_t *lw, const char *s, size_t len,
                           const kata_token_t *t, const tok_t *rt) {
  const kata_tagger_t *tg = c->tg;
  kata__ner_tok_t *k;
  size_t tl = t->stop - t->start;
  if (!rt || !(rt->flags & T_LEXASCII) || M->ng >= M->gcap || M->n + 2 > M->cap ||
      (t->kind == KATA_WORD && tl > 2 && (s[t->stop - 1] == 's' || s[t->stop - 1] == 'S')))
    return push_tok_any(M, c, lw, s, len, t, rt);
  M->gs[M->ng].start = t->start;
  M->gs[M->ng++].stop = t->stop;
  k = &M->tk[M->n++];
  k->start = t->start;
  k->stop = t->stop;
  k->kind = t->kind;
  k->gaz = k->gazf = k->rule = 0;
  k->lex = rt->lex >= 0 && (size_t)rt->lex < tg->ninfo ? tg->info[rt->lex].model : 0;
  return KATA_OK;
}

static int ascii_space(char ch) { return ch == ' ' || (ch >= '\t' && ch <= '\r'); }

/*
** The tokens of s: the model's (a possessive 's its own token) and the
** tokenizer's. The rules tokenized the working copy c->s, which differs
** from s only in a few bytes (possessives and "-based" blanked, datelines'
** capitals lowered; never a white-space byte of s), so most tokens are
** taken from theirs: the tokenizer decides a token from its bytes and what
** follows it up to the first ASCII white space at most (and looks back
** only into the same run of non-space bytes), so a token of the copy with
** only unchanged bytes up to a white space before the next changed byte
** is a token of s. Around a changed byte s is tokenized itself, from where
** both stood, until a token of s is again one of the copy's (the same
** bounds and kind) past the changed byte: from there both stand at the
** same place before the same bytes.
*/
static int tokens(mctx_t *M, const ctx_t *c, const char *s, size_t len) {
  const char *w = c->s;
  kata_tokenizer_t it;
  kata_token_t t;
  lexwalk_t lw;
  size_t r = 0, p = 0, d, a;
  int rc;
  lw.r = 0;
  lw.diff = next_diff(w, s, 0, len);
  if ((rc = grow(M->A, (void **)&M->gs, &M->gcap, sizeof *M->gs, c->n + 16)) != KATA_OK ||
      (rc = grow(M->A, (void **)&M->tk, &M->cap, sizeof *M->tk, c->n + c->n / 8 + 16)) != KATA_OK)
    return rc;
  d = lw.diff; /* the first changed byte at or after p */
  a = d;       /* where the run of non-space bytes holding it starts (not before p) */
  while (a > 0 && !ascii_space(s[a - 1])) a--;
  for (;;) {
    /* the copy's tokens, up to a white space before the changed byte */
    while (r < c->n && (d >= len || c->t[r].stop < a)) {
      const tok_t *rt = &c->t[r++];
      t.start = rt->start;
      t.stop = rt->stop;
      t.kind = (kata_kind_t)rt->kind;
      if ((rc = push_tok(M, c, &lw, s, len, &t, rt)) != KATA_OK) return rc;
      p = t.stop;
    }
    if (r >= c->n && d >= len) return KATA_OK;
    /* s's own tokens from p, until one is the copy's past the changed byte */
    kata_tokenizer_init(&it, s, len, 0);
    it.pos = p;
    for (;;) {
      if (!kata_tokenizer_next(&it, &t)) return KATA_OK;
      if ((rc = push_tok(M, c, &lw, s, len, &t, NULL)) != KATA_OK) return rc;
      p = t.stop;
      while (r < c->n && c->t[r].start < t.start) r++;
      if (t.stop > d && r < c->n && c->t[r].start == t.start && c->t[r].stop == t.stop &&
          c->t[r].kind == (int)t.kind) {
        r++;
        break;
      }
    }
    if (d < p) { /* the next changed byte, and its run's start */
      d = next_diff(w, s, p, len);
      a = d;
      while (a > p && !ascii_space(s[a - 1])) a--;
    }
  }
}

/* The first model token that ends after byte a (n when none): from the
** first that ends after the start of a's block, a few tokens on. */
#define AT_SHIFT 5
static size_t first_after(const mctx_t *M, size_t a) {
  size_t j = (a >> AT_SHIFT) < M->nat ? M->at[a >> AT_SHIFT] : M->n;
  while (j < M->n && M->tk[j].stop <= a) j++;
  return j;
}

/* M->at for the model tokens of a text of len bytes. */
static int index_tokens(mctx_t *M, size_t len) {
  size_t b, j = 0;
  M->nat = (len >> AT_SHIFT) + 1;
  if (!(M->at = (uint32_t *)M->A->f(M->A->ud, NULL, 0, M->nat * sizeof *M->at))) {
    M->nat = 0;
    return KATA_ENOMEM;
  }
  for (b = 0; b < M->nat; b++) {
    while (j < M->n && M->tk[j].stop <= b << AT_SHIFT) j++;
    M->at[b] = (uint32_t)j;
  }
  return KATA_OK;
}

/* Tags the model tokens wholly inside s[a, b) with type: which = 0 the
** exact gazetteers, 1 the folded ones, 2 the rules. */
static void tag_span(mctx_t *M, size_t a, size_t b, int type, int which) {
  size_t j = first_after(M, a);
  int inside = 0;
  for (; j < M->n && M->tk[j].start < b; j++) {
    unsigned char tag;
    if (M->tk[j].start < a || M->tk[j].stop > b) continue;
    tag = KATA__NER_TAG(type, inside);
    inside = 1;
    if (which == 0) M->tk[j].gaz = tag;
    else if (which == 1) M->tk[j].gazf = tag;
    else M->tk[j].rule = tag;
  }
}

/* Does a model span [p, q) cross the bounds of s[a, b) (overlap it
** without lying inside it)? */
static int crosses(const mctx_t *M, size_t p, size_t q, size_t a, size_t b) {
  return M->tk[p].start < b && M->tk[q - 1].stop > a && (M->tk[p].start < a || M->tk[q - 1].stop > b);
}

static int is_begin(int l) {
  return l == KATA__NER_B_PER || l == KATA__NER_B_LOC || l == KATA__NER_B_ORG;
}

#define LAB_TEAM 32 /* lab bit: a place teams made a team */

/* Is there a team of teams over exactly s[a, b)? */
static int team_exact(const mctx_t *M, size_t a, size_t b) {
  size_t p = first_after(M, a), q;
  int l;
  if (p >= M->n || M->tk[p].start != a || !(M->lab[p] & LAB_TEAM) || !is_begin(l = M->lab[p] & 15))
    return 0;
  for (q = p + 1; q < M->n && (M->lab[q] & 15) == l + 1; q++) {}
  return M->tk[q - 1].stop == b;
}

/* Is there a model name crossing the bounds of s[a, b)? */
static int model_crosses(const mctx_t *M, size_t a, size_t b) {
  size_t p = first_after(M, a), q;
  if (p >= M->n) return 0;
  while (p > 0 && (M->lab[p] & 15) != KATA__NER_O && !is_begin(M->lab[p] & 15)) p--;
  for (; p < M->n && M->tk[p].start < b;) {
    int l = M->lab[p] & 15;
    if (!is_begin(l)) {
      p++;
      continue;
    }
    for (q = p + 1; q < M->n && (M->lab[q] & 15) == l + 1; q++) {}
    if (crosses(M, p, q, a, b)) return 1;
    p = q;
  }
  return 0;
}

static int is_name(int type) {
  return type == KATA_ENT_PERSON || type == KATA_ENT_LOCATION || type == KATA_ENT_ORGANIZATION;
}

static int gaz_tags(mctx_t *M, const kata_gazetteer_t *g, int which, const char *s, size_t len,
                    kata_buf_t *scratch) {
  size_t i = 0;
  int err = KATA_OK;
  while (i < M->ng) {
    int type;
    const char *v;
    size_t vl, m = kata_gazetteer_next_at(M->A, g, s, len, M->gs, M->ng, &i, scratch, &type,
                                          &v, &vl, &err);
    if (err != KATA_OK) return err;
    if (!m) break;
    if (is_name(type)) tag_span(M, M->gs[i].start, M->gs[i + m - 1].stop, type, which);
    i += m;
  }
  return KATA_OK;
}

/* {======================================================================
** One reading per name in a text
** ======================================================================= */

#define CARRY_MAX 6 /* the most tokens of a name carried to its other mentions */
#ifndef CARRY_VOTE
#define CARRY_VOTE 2
#endif

/* The first model token from p on with a label other than O (M->n when
** none): the walks over the names step over the Os, which are most
** tokens, eight labels at a time. */
typedef char o_is_zero[KATA__NER_O == 0 ? 1 : -1]; /* next_labelled tests 8 labels at once */
static size_t next_labelled(const mctx_t *M, size_t p) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  for (; p + 8 <= M->n; p += 8) {
    uint64_t w;
    memcpy(&w, M->lab + p, 8);
    w &= 0x0F0F0F0F0F0F0F0Full; /* the labels, not the bits above them */
    if (w) return p + ((unsigned)__builtin_ctzll(w) >> 3);
  }
#endif
  while (p < M->n && (M->lab[p] & 15) == KATA__NER_O) p++;
  return p;
}

/* The model's name type (0 PER, 1 LOC, 2 ORG) of a B- label, or -1. */
static int begin_type(int l) {
  return l == KATA__NER_B_PER ? 0 : l == KATA__NER_B_LOC ? 1 : l == KATA__NER_B_ORG ? 2 : -1;
}

/* Does token i start with a capital (A-Z, or a letter from 0xC0)? */
static int capital(const mctx_t *M, const char *s, size_t i) {
  unsigned char b = (unsigned char)s[M->tk[i].start];
  return (b >= 'A' && b <= 'Z') || b >= 0xC0;
}

/* Tokens [p, q) as a key of their ASCII-folded text: "\1" then the text,
** its letters in lower case; 0 when it does not fit. *mixed: some letter
** is lower case; *caps: every token has two or more letters, all capitals. */
static size_t folded(const mctx_t *M, const char *s, size_t p, size_t q, char *out, size_t cap,
                     int *mixed, int *caps) {
  size_t a = M->tk[p].start, b = M->tk[q - 1].stop, i, k;
  if (b - a + 1 > cap) return 0;
  *mixed = 0;
  *caps = 1;
  out[0] = 1;
  for (i = a; i < b; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (ch >= 'a' && ch <= 'z') *mixed = 1;
    out[i - a + 1] = (char)((ch >= 'A' && ch <= 'Z') ? ch + 32 : ch);
  }
  for (k = p; k < q && *caps; k++) {
    size_t up = 0;
    for (i = M->tk[k].start; i < M->tk[k].stop; i++) {
      unsigned char ch = (unsigned char)s[i];
      if ((ch >= 'a' && ch <= 'z') || ch >= 0xC0) *caps = 0;
      else if (ch >= 'A' && ch <= 'Z') up++;
    }
    if (up < 2) *caps = 0;
  }
  return b - a + 1;
}

/* Is token k two or more capitals and no small letter (A-Z only: a byte
** from 0xC0 or a-z says no), as folded's *caps asks of every token? */
static inline int caps_token(const mctx_t *M, const char *s, size_t k) {
  size_t i, up = 0;
  for (i = M->tk[k].start; i < M->tk[k].stop; i++) {
    unsigned char ch = (unsigned char)s[i];
    if ((ch >= 'a' && ch <= 'z') || ch >= 0xC0) return 0;
    if (ch >= 'A' && ch <= 'Z') up++;
  }
  return up >= 2;
}

/* A bit of carry's filter of names' first words: token k's bytes hashed. */
#define CARRY_FBITS 4096
static size_t first_bit(const mctx_t *M, const char *s, size_t k) {
  return (size_t)(kata__hash(s + M->tk[k].start, M->tk[k].stop - M->tk[k].start) &
                  (CARRY_FBITS - 1));
}

/* The type most of a name's mentions got (0-2), or -1 on a tie. */
static int majority(const unsigned *v) {
  int best = 0, k;
  for (k = 1; k < 3; k++)
    if (v[k] > v[best]) best = k;
  for (k = 0; k < 3; k++)
    if (k != best && v[k] == v[best]) return -1;
  return best;
}

/* The text is one document: a name the model gives one type in most of its
** mentions gets it in all of them, and a mention the model left out (its
** tokens O, no capitalised word either side) gets the type of the name
** elsewhere; the last word of a person's name of two or more words is a
** person alone ("Alexander Lebed" ... "Lebed"). Names are compared byte for
** byte, so a capitals headline is not a mention of the mixed-case name. */
static int carry(mctx_t *M, const char *s) {
  kata__strtab_t names;
  unsigned *votes = NULL; /* 3 per name id, then 3 for the id's surnames */
  size_t vcap = 0, p, q, id, fl;
  int rc = KATA_OK, any = 0, mixed, caps;
  char key[256];
  unsigned char firsts[CARRY_FBITS / 8]; /* the first words of the names kept */
  memset(firsts, 0, sizeof firsts);
  kata__strtab_init(&names, M->A);
  /* count the types of each name */
  for (p = next_labelled(M, 0); p < M->n; p = next_labelled(M, q)) {
    int ty = begin_type(M->lab[p] & 15);
    q = p + 1;
    if (ty < 0) continue;
    while (q < M->n && (M->lab[q] & 15) == (M->lab[p] & 15) + 1) q++;
    if (q - p > CARRY_MAX) continue;
    if ((rc = kata__strtab_intern(&names, s + M->tk[p].start, M->tk[q - 1].stop - M->tk[p].start,
                                  &id)) < 0 ||
        (rc = grow(M->A, (void **)&votes, &vcap, 6 * sizeof *votes, names.n)) != KATA_OK)
      goto done;
    rc = KATA_OK;
    if (id + 1 == names.n) memset(votes + 6 * id, 0, 6 * sizeof *votes);
    votes[6 * id + ty]++;
    any = 1;
    fl = first_bit(M, s, p);
    firsts[fl / 8] |= (unsigned char)(1u << (fl % 8));
    if ((fl = folded(M, s, p, q, key, sizeof key, &mixed, &caps)) && mixed) {
      if ((rc = kata__strtab_intern(&names, key, fl, &id)) < 0 ||
          (rc = grow(M->A, (void **)&votes, &vcap, 6 * sizeof *votes, names.n)) != KATA_OK)
        goto done;
      rc = KATA_OK;
      if (id + 1 == names.n) memset(votes + 6 * id, 0, 6 * sizeof *votes);
      votes[6 * id + ty]++;
    }
    if (ty == 0 && q - p >= 2 && capital(M, s, q - 1) && M->tk[q - 1].stop - M->tk[q - 1].start >= 3) {
      if ((rc = kata__strtab_intern(&names, s + M->tk[q - 1].start,
                                    M->tk[q - 1].stop - M->tk[q - 1].start, &id)) < 0 ||
          (rc = grow(M->A, (void **)&votes, &vcap, 6 * sizeof *votes, names.n)) != KATA_OK)
        goto done;
      rc = KATA_OK;
      if (id + 1 == names.n) memset(votes + 6 * id, 0, 6 * sizeof *votes);
      votes[6 * id + 3]++;
      fl = first_bit(M, s, q - 1);
      firsts[fl / 8] |= (unsigned char)(1u << (fl % 8));
    }
  }
  if (!any) goto done;
  for (p = 0; p < M->n; p = q) {
    int l = M->lab[p] & 15, ty = begin_type(l), best;
    unsigned w[3];
    long f;
    size_t L;
    q = p + 1;
    if (ty >= 0) { /* a name: the type of most of its mentions */
      while (q < M->n && (M->lab[q] & 15) == l + 1) q++;
      if (q - p > CARRY_MAX) continue;
      f = kata__strtab_find(&names, s + M->tk[p].start, M->tk[q - 1].stop - M->tk[p].start);
      if (f < 0) continue;
      memcpy(w, votes + 6 * f, 3 * sizeof *w);
      if (q == p + 1) w[0] += votes[6 * f + 3]; /* a person's surname alone */
      if ((best = majority(w)) < 0 || best == ty || w[best] < CARRY_VOTE * w[ty]) continue;
      for (L = p; L < q; L++)
        M->lab[L] = (unsigned char)((M->lab[L] & ~15) | (KATA__NER_B_PER + 2 * best + (L > p)));
      continue;
    }
    if (l != KATA__NER_O || !capital(M, s, p) || (p > 0 && capital(M, s, p - 1))) continue;
    fl = first_bit(M, s, p); /* no name kept starts with this word */
    if (!(firsts[fl / 8] & (1u << (fl % 8)))) continue;
    for (L = CARRY_MAX; L >= 1; L--) { /* a mention left out: the longest name */
      size_t e = p + L, k;
      unsigned *v;
      if (e > M->n || (e < M->n && capital(M, s, e)) ||
          (L == 1 && M->tk[p].stop - M->tk[p].start < 3))
        continue;
      for (k = p; k < e && (M->lab[k] & 15) == KATA__NER_O; k++) {}
      if (k < e) continue;
      f = kata__strtab_find(&names, s + M->tk[p].start, M->tk[e - 1].stop - M->tk[p].start);
      if (f < 0) continue;
      v = votes + 6 * f;
      if ((best = majority(v)) < 0 && (L > 1 || !(v[3] > 0 && v[0] + v[1] + v[2] == 0))) continue;
      if (best < 0) best = 0; /* the surname of a person */
      for (k = p; k < e; k++)
        M->lab[k] = (unsigned char)((M->lab[k] & ~15) | (KATA__NER_B_PER + 2 * best + (k > p)));
      q = e;
      break;
    }
  }
  for (p = 0; p < M->n; p = q) { /* a capitals line: the mixed-case name's type */
    size_t L, k, run;
    q = p + 1;
    /* only runs of capitals tokens can be such a name: most tokens are not
    ** one, and making their keys for every length was most of the step */
    for (run = 0; run < CARRY_MAX && p + run < M->n && caps_token(M, s, p + run); run++) {}
    for (L = run; L >= 1; L--) {
      size_t e = p + L;
      long f;
      int best;
      if (e > M->n || !(fl = folded(M, s, p, e, key, sizeof key, &mixed, &caps)) || !caps) continue;
      if ((f = kata__strtab_find(&names, key, fl)) < 0 || (best = majority(votes + 6 * f)) < 0) continue;
      for (k = p; k < e; k++)
        M->lab[k] = (unsigned char)((M->lab[k] & ~15) | (KATA__NER_B_PER + 2 * best + (k > p)));
      for (k = e; k < M->n && (M->lab[k] & 15) != KATA__NER_O && begin_type(M->lab[k] & 15) < 0; k++)
        M->lab[k] &= (unsigned char)~15; /* the rest of a longer name the model read: O */
      q = e;
      break;
    }
  }
done:
  if (votes) M->A->f(M->A->ud, votes, vcap * 6 * sizeof *votes, 0);
  kata__strtab_free(&names);
  return rc < 0 ? rc : KATA_OK;
}

/* }====================================================================== */

/* Is token k a common word of the tagger's languages written with a
** capital ("And", "The", "For" at a sentence start: a stop word of en or
** id; not in capitals, as "US")? */
static int capital_common(const mctx_t *M, const kata_tagger_t *tg, const char *s, size_t k) {
  size_t i;
  int small = 0;
  if (s[M->tk[k].start] < 'A' || s[M->tk[k].start] > 'Z') return 0;
  for (i = M->tk[k].start + 1; i < M->tk[k].stop; i++) small |= s[i] >= 'a' && s[i] <= 'z';
  return small && (lex_cls(tg, s + M->tk[k].start, M->tk[k].stop - M->tk[k].start) & C_STOP);
}

/* How frequent an English word must be to be no name where it opens a
** sentence (Zipf scale: 4 is once in 100,000 words; 3.5 and 4.5 were
** tried: CoNLL testa 76.0 and 75.7 against 75.9, the others equal). */
#define OPENER_ZIPF 4.0

/* Does token k open a sentence or a line: the text's first, after a line
** end or after a sentence's end (". ! ? :")? */
static int opens(const mctx_t *M, const char *s, size_t k) {
  size_t i;
  char ch;
  if (k == 0) return 1;
  for (i = M->tk[k - 1].stop; i < M->tk[k].start; i++)
    if (s[i] == '\n' || s[i] == '\r') return 1;
  if (M->tk[k - 1].stop - M->tk[k - 1].start != 1) return 0;
  ch = s[M->tk[k - 1].start];
  return ch == '.' || ch == '!' || ch == '?' || ch == ':';
}

/* Is token k (k < n) a very frequent English word in small letters ("on",
** "said", "met": Zipf 5 or more)? */
static int frequent_english(const mctx_t *M, const char *s, size_t k) {
  const char *w;
  size_t i, n;
  if (k >= M->n) return 0;
  w = s + M->tk[k].start;
  n = M->tk[k].stop - M->tk[k].start;
  if (M->tk[k].kind != KATA_WORD || n > 12) return 0;
  for (i = 0; i < n && w[i] >= 'a' && w[i] <= 'z'; i++) {}
  return i == n && kata__strtab_find(M->frequent, w, n) >= 0;
}

/* Is the text around token k English: two or more of the 30 tokens
** either side very frequent English words in small letters ("the", "of",
** "said": a Zipf frequency of 5 or more, which the words of Indonesian
** are not)? */
static int english_near(const mctx_t *M, const char *s, size_t k) {
  size_t j = k > 30 ? k - 30 : 0, e = k + 31 < M->n ? k + 31 : M->n;
  int found = 0;
  for (; j < e; j++)
    if (j != k && frequent_english(M, s, j) && ++found >= 2) return 1;
  return 0;
}

/* Is token k a frequent English word written with a capital where a
** sentence or line opens ("Women", "Total", "Police"): a capital and then
** small ASCII letters only, and a Zipf frequency of OPENER_ZIPF or more
** (SUBTLEX-US, data/wordfreq)? Names that are such words ("Brown") keep
** their other mentions: carry gives it back where the text names it. */
static int frequent_opener(const mctx_t *M, const char *s, size_t k) {
  char low[24];
  size_t i, n = M->tk[k].stop - M->tk[k].start;
  const char *w = s + M->tk[k].start;
  if (n < 3 || n > sizeof low || w[0] < 'A' || w[0] > 'Z' || M->tk[k].gaz || M->tk[k].gazf)
    return 0;
  low[0] = (char)(w[0] + 32);
  for (i = 1; i < n; i++) {
    if (w[i] < 'a' || w[i] > 'z') return 0;
    low[i] = w[i];
  }
  return opens(M, s, k) && kata_word_zipf("en", low, n) >= OPENER_ZIPF && english_near(M, s, k);
}

/* Is token k a frequent English word in capitals alone in a line of
** mixed case in English text ("the LORD", "BEHOLD"; not a headline in
** capitals, not a gazetteer's name as "US", "WHO")? */
static int frequent_caps(const mctx_t *M, const char *s, size_t k) {
  char low[16];
  size_t i, n = M->tk[k].stop - M->tk[k].start, a, b;
  const char *w = s + M->tk[k].start;
  int small = 0;
  if (n < 3 || n > sizeof low || M->tk[k].gaz || M->tk[k].gazf) return 0;
  for (i = 0; i < n; i++) {
    if (w[i] < 'A' || w[i] > 'Z') return 0;
    low[i] = (char)(w[i] + 32);
  }
  for (a = M->tk[k].start; a > 0 && s[a - 1] != '\n' && !small; a--) small = s[a - 1] >= 'a' && s[a - 1] <= 'z';
  for (b = M->tk[k].stop; b < M->tk[M->n - 1].stop && s[b] != '\n' && !small; b++) small = s[b] >= 'a' && s[b] <= 'z';
  return small && kata_word_zipf("en", low, n) >= OPENER_ZIPF && english_near(M, s, k);
}

/* Is the name of tokens p..q-1 the head word of a place or organisation
** alone, with a capital, the words after it in the name (the model may
** take "Bendungan itu" for one) and the word after the name without one,
** in no gazetteer, in text that is not English ("Bendungan itu
** menampung...": the name it stands for is elsewhere)? English keeps it:
** "the Gulf" is a name in CoNLL, and dropping it there cost CoNLL testa
** 0.1 where NERGrit valid gained 0.2. */
static int lone_head(const mctx_t *M, const kata_tagger_t *tg, const char *s, size_t p, size_t q) {
  size_t k;
  if (M->tk[p].gaz || M->tk[p].gazf) return 0;
  for (k = p + 1; k <= q && k < M->n; k++)
    if (capital(M, s, k)) return 0;
  return (lex_cls(tg, s + M->tk[p].start, M->tk[p].stop - M->tk[p].start) &
          (C_ORGHEAD | C_LOCHEAD)) != 0 && !english_near(M, s, p);
}

/* Does a person's name of tokens p..q-1 (two or more) open with an
** Indonesian noun of peN-/per-/ke-...-an that is no head of a name and in
** no gazetteer, in text that is not English ("Pernyataan Jokowi",
** "Kehadiran Pratikno", "Menko Kemaritiman Rizal Ramli")? Such a noun
** names what the person did or holds, not the person. English keeps it
** ("Keenan Allen"). */
static int nominal_opener(const mctx_t *M, const kata_tagger_t *tg, const char *s, size_t p,
                          size_t q) {
  const char *w = s + M->tk[p].start;
  size_t n = M->tk[p].stop - M->tk[p].start;
  return q - p >= 2 && !M->tk[p].gaz && !M->tk[p].gazf && kata__id_nominal(w, n) &&
         !(lex_cls(tg, w, n) & (C_ORGHEAD | C_LOCHEAD | C_TITLE)) && !english_near(M, s, p);
}

/* A one-word name the model read that is such a word is no name ("The",
** "And" alone at a sentence start): its label is O, set before carry
** could lend it to the word's other mentions. So is a frequent English
** word opening a sentence in English text (frequent_opener). A longer
** name loses such a stop word where it opens a sentence in English text
** ("At Portsmouth"): cutting it in any text was tried, CoNLL testa +0.2
** but NERGrit valid -0.5 ("The Virgin" is a name there). A person's name
** opening with an Indonesian noun of peN-...-an loses the noun
** (nominal_opener), before carry counts the name's mentions. */
static void drop_common(mctx_t *M, const kata_tagger_t *tg, const char *s) {
  size_t p, q, k;
  for (p = next_labelled(M, 0); p < M->n; p = next_labelled(M, q)) {
    int l = M->lab[p] & 15;
    q = p + 1;
    if (begin_type(l) < 0) continue;
    while (q < M->n && (M->lab[q] & 15) == l + 1) q++;
    if (q == p + 1 && (capital_common(M, tg, s, p) || frequent_opener(M, s, p) || frequent_caps(M, s, p)))
      M->lab[p] &= (unsigned char)~15;
    else if (lone_head(M, tg, s, p, q))
      for (k = p; k < q; k++) M->lab[k] &= (unsigned char)~15;
    else if (l == KATA__NER_B_PER && nominal_opener(M, tg, s, p, q)) {
      M->lab[p] &= (unsigned char)~15;
      M->lab[p + 1] = (unsigned char)((M->lab[p + 1] & ~15) | l);
    }
  }
}

/* Is t a point of the compass ("South", "NORTH"; "Central")? */
static int compass(const char *s, const kata__ner_tok_t *t) {
  static const char *const point[] = {"north", "south", "east", "west", "central"};
  static const unsigned char plen[] = {5, 5, 4, 4, 7};
  size_t n = t->stop - t->start, i, j;
  for (i = 0; i < sizeof point / sizeof point[0]; i++) {
    if (plen[i] != n) continue;
    for (j = 0; j < n && (s[t->start + j] | 0x20) == point[i][j]; j++) {}
    if (j == n) return 1;
  }
  return 0;
}

/* Is token k a word for a people or what is theirs ("Iraqi", "Canadian",
** "Rwandans"): a word of the lexicon's NATIONALITY class, or a word with a
** capital, in no gazetteer, that a suffix makes of a place the built-in
** gazetteers hold whole as one word (Iraq-i, Israel-i, Rwanda-n,
** Zaire-an, Canad(a)-ian, Palestin(e)-ian, Sudan-ese, Chin(a)-ese), or
** such a word with a plural -s? The place is looked up case-folded
** ("IRAQI"). Nationality adjectives are no entities (the conventions); the
** model reads some as places, knowing the places. *err: a failed lookup. */
static int demonym(const mctx_t *M, const kata_tagger_t *tg, const char *s, size_t k,
                   kata_buf_t *scratch, int *err) {
  /* suffix cut, then what is put back: "n" "" (Rwanda-n), "an" "" (Zaire-an),
  ** "ian" "" (Brazil-ian), "ian" "a" (Canad-ian), "ian" "e" (Palestin-ian),
  ** "i" "" (Iraq-i), "ese" "" (Sudan-ese), "ese" "a" (Chin-ese) */
  static const struct {
    const char *cut, *add;
    unsigned char cl, al; /* their lengths */
  } cut[] = {{"n", "", 1, 0},   {"an", "", 2, 0}, {"ian", "", 3, 0},  {"ian", "a", 3, 1},
             {"ian", "e", 3, 1}, {"i", "", 1, 0},  {"ese", "", 3, 0}, {"ese", "a", 3, 1}};
  const char *w = s + M->tk[k].start;
  size_t n = M->tk[k].stop - M->tk[k].start, i, j, plural;
  char low[32];
  if (M->tk[k].kind != KATA_WORD || !capital(M, s, k) || M->tk[k].gaz || M->tk[k].gazf) return 0;
  if (lex_cls(tg, w, n) & C_NATIONALITY) return 1;
  if (n < 4 || n >= sizeof low - 1) return 0;
  for (i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)w[i];
    if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z'))) return 0;
    low[i] = (char)(ch | 0x20);
  }
  for (plural = 0; plural < 2; plural++) {
    size_t m = n - plural; /* "rwandans": "rwandan" */
    if (plural && low[n - 1] != 's') break;
    if (plural && (lex_cls(tg, low, m) & C_NATIONALITY)) return 1;
    for (j = 0; j < sizeof cut / sizeof cut[0]; j++) {
      size_t cl = cut[j].cl, al = cut[j].al, sl, q = 0;
      kata_gazspan_t t;
      char form[32];
      int type = KATA_ENT_NONE;
      const char *v;
      size_t vl;
      if (m < cl + 3 || memcmp(low + m - cl, cut[j].cut, cl) != 0) continue;
      sl = m - cl + al;
      memcpy(form, low, m - cl);
      memcpy(form + m - cl, cut[j].add, al);
      t.start = 0;
      t.stop = sl;
      if (kata_gazetteer_next_at(M->A, tg->gz_fold, form, sl, &t, 1, &q, scratch, &type, &v, &vl, err) == 1 &&
          type == KATA_ENT_LOCATION)
        return 1;
      if (*err != KATA_OK) return 0;
    }
  }
  return 0;
}

static int small_word(const char *s, const kata__ner_tok_t *t);
/* A name the model read in English text that is only words for peoples
** ("Iraqi", "Iraqi Kurdish" when "Kurdish" is one too, "South African": a
** point of the compass may open it; "Iraqi and Rwandan": a connector in
** small letters may join them) is none, and no name of the rules
** takes its place: its tokens get lab bit 16, which merge reads as
** covered. Indonesian says a people by its place ("warga Palestina"), and
** its "Arab" is the place too. scratch: the lookups' buffer. */
static int drop_demonyms(mctx_t *M, const kata_tagger_t *tg, const char *s, kata_buf_t *scratch) {
  size_t p, q, k;
  int err = KATA_OK;
  for (p = next_labelled(M, 0); p < M->n && err == KATA_OK; p = next_labelled(M, q)) {
    int l = M->lab[p] & 15;
    q = p + 1;
    if (begin_type(l) < 0) continue;
    while (q < M->n && (M->lab[q] & 15) == l + 1) q++;
    k = p;
    if (q > p + 1 && compass(s, &M->tk[p])) k++;
    for (; k < q; k++) /* "Iraqi and Rwandan": a connector may join two */
      if (!(k > p && k + 1 < q && small_word(s, &M->tk[k]) &&
            (lex_cls(tg, s + M->tk[k].start, M->tk[k].stop - M->tk[k].start) & C_CONNECTOR)) &&
          !demonym(M, tg, s, k, scratch, &err))
        break;
    if (k == q && english_near(M, s, p)) /* Indonesian "Arab" is the place: "Arab Saudi" */
      for (k = p; k < q; k++) M->lab[k] = (unsigned char)((M->lab[k] & ~15) | 16);
  }
  return err;
}

/* A name of two or more words opening a sentence in English text loses
** the stop word it starts with ("At Portsmouth", "Since Mauritania"); a
** rest of one letter, one stop word or one frequent English word in
** capitals is no name ("And I", "The LORD").
** Run after carry: done before, the rest ("LORD" of "The LORD") would
** lend the type the model gave the longer name to its other mentions. */
static void drop_opener(mctx_t *M, const kata_tagger_t *tg, const char *s) {
  size_t p, q;
  for (p = next_labelled(M, 0); p < M->n; p = next_labelled(M, q)) {
    int l = M->lab[p] & 15;
    q = p + 1;
    if (begin_type(l) < 0) continue;
    while (q < M->n && (M->lab[q] & 15) == l + 1) q++;
    if (q == p + 1 || !capital_common(M, tg, s, p) || !opens(M, s, p) ||
        (l != KATA__NER_B_PER && !english_near(M, s, p)))
      continue;
    M->lab[p] &= (unsigned char)~15;
    if (q == p + 2 && (M->tk[p + 1].stop - M->tk[p + 1].start == 1 || capital_common(M, tg, s, p + 1) ||
                       frequent_caps(M, s, p + 1) ||
                       (lex_cls(tg, s + M->tk[p + 1].start, M->tk[p + 1].stop - M->tk[p + 1].start) & C_STOP)))
      M->lab[p + 1] &= (unsigned char)~15;
    else
      M->lab[p + 1] = (unsigned char)((M->lab[p + 1] & ~15) | l);
  }
}

/* Is token k an initial: one capital A-Z, a full stop glued to it, then
** one space and a word with a capital ("M. McCague", "George W. Bush")? */
static inline int initial_at(const mctx_t *M, const char *s, size_t k) {
  const kata__ner_tok_t *t = M->tk;
  unsigned char b;
  if (k + 2 >= M->n || t[k].kind != KATA_WORD || t[k].stop - t[k].start != 1) return 0;
  b = (unsigned char)s[t[k].start];
  if (b < 'A' || b > 'Z') return 0;
  if (t[k + 1].start != t[k].stop || t[k + 1].stop - t[k + 1].start != 1 || s[t[k + 1].start] != '.')
    return 0;
  return t[k + 2].start == t[k + 1].stop + 1 && s[t[k + 1].stop] == ' ' &&
         t[k + 2].kind == KATA_WORD && capital(M, s, k + 2);
}

static void relabel(mctx_t *M, size_t k, int l) {
  M->lab[k] = (unsigned char)((M->lab[k] & ~15) | l);
}

/* Initials belong to the name they stand before: "M. McCague" is one
** PERSON (the model reads "M" then "." as a sentence's end, and the
** surname alone), "George W. Bush" one name, not "George W" and "Bush".
** A name the model read after the initials takes them in; one before
** them, ending at the first, runs on through the name after them. */
/* Is token k a word of three or more letters with a capital first and a
** small letter after ("Smith", not "Pd", "KOREAN")? */
static int name_like(const mctx_t *M, const char *s, size_t k) {
  size_t i;
  int small = 0;
  if (M->tk[k].kind != KATA_WORD || M->tk[k].stop - M->tk[k].start < 3 || !capital(M, s, k)) return 0;
  for (i = M->tk[k].start + 1; i < M->tk[k].stop; i++) small |= s[i] >= 'a' && s[i] <= 'z';
  return small;
}

static void initials(mctx_t *M, const kata_tagger_t *tg, const char *s) {
  size_t k, h, q;
  for (k = 0; k < M->n; k++) {
    int lh, lb, ty;
    if (!initial_at(M, s, k)) continue;
    for (h = k + 2; initial_at(M, s, h); h += 2) {}
    lh = M->lab[h] & 15;
    if (lh == KATA__NER_O && name_like(M, s, h) && !capital_common(M, tg, s, h)) { /* "J. Smith": a name the model left out */
      for (q = h + 1; q < M->n && (M->lab[q] & 15) == KATA__NER_O && name_like(M, s, q) &&
                      M->tk[q].start == M->tk[q - 1].stop + 1 && s[M->tk[q - 1].stop] == ' ';
           q++) {}
    } else if (begin_type(lh) < 0) {
      k = h;
      continue;
    } else
      for (q = h + 1; q < M->n && (M->lab[q] & 15) == lh + 1; q++) {}
    lb = M->lab[k] & 15;
    if (lb != KATA__NER_O && begin_type(lb) < 0) { /* "George W. Bush" */
      ty = lb - 1; /* B- of the name before */
    } else {
      ty = KATA__NER_B_PER;
      relabel(M, k, ty);
      k++;
    }
    for (; k < q; k++) relabel(M, k, ty + 1);
    k = q - 1;
  }
}

/* Is token t all spaces in the working copy s: a suffix it blanked (a
** possessive, "-based", "-nya"; no token of the text holds a space)? */
static int blanked(const char *s, const kata__ner_tok_t *t) {
  size_t i;
  for (i = t->start; i < t->stop; i++)
    if (s[i] != ' ') return 0;
  return t->stop > t->start;
}

/* Is the token a word of small ASCII letters only ("itu", "the")? */
static int small_word(const char *s, const kata__ner_tok_t *t) {
  size_t i;
  for (i = t->start; i < t->stop; i++)
    if (s[i] < 'a' || s[i] > 'z') return 0;
  return t->stop > t->start;
}

/* Is token k a particle of a person's name ("van", "der", "de", "bin"): a
** word in small letters of the lexicon's CONNECTOR class that is no stop
** word ("of", "and", "dan" join organisations' names and lists)? */
static int particle(const mctx_t *M, const kata_tagger_t *tg, const char *s, size_t k) {
  uint32_t cl;
  if (M->tk[k].kind != KATA_WORD || !small_word(s, &M->tk[k])) return 0;
  cl = lex_cls(tg, s + M->tk[k].start, M->tk[k].stop - M->tk[k].start);
  return (cl & C_CONNECTOR) && !(cl & C_STOP);
}

/* Is token k an Indonesian verb of saying made by meN- (and -kan) from a
** root of the lexicon's SPEECH_AFTER class, the nasal taking the root's
** first k, p, s or t as the language does: "mengatakan" (kata),
** "mengungkapkan" (ungkap), "menegaskan" (tegas), "menyebutkan" (sebut),
** "menjelaskan" (jelas)? */
static int speech_verb(const mctx_t *M, const kata_tagger_t *tg, const char *s, size_t k) {
  static const char *const nasal[] = { "ng", "k", "ny", "s", "n", "t", "m", "p" };
  const char *w = s + M->tk[k].start;
  size_t n = M->tk[k].stop - M->tk[k].start, i, bl;
  char root[32];
  if (w[0] != 'm' || n < 6 || n > 24 || w[1] != 'e' || M->tk[k].kind != KATA_WORD || !small_word(s, &M->tk[k]))
    return 0;
  if (n > 8 && !memcmp(w + n - 3, "kan", 3)) n -= 3;
  for (i = 0; i < 8; i += 2) {
    size_t pl = strlen(nasal[i]);
    if (n < 2 + pl + 3 || memcmp(w + 2, nasal[i], pl)) continue;
    bl = n - 2 - pl;
    if (lex_cls(tg, w + 2 + pl, bl) & C_SPEECH_AFTER) return 1; /* "menjelaskan" */
    if (bl + 1 > sizeof root) continue;
    root[0] = nasal[i + 1][0]; /* the root's first letter the nasal took */
    memcpy(root + 1, w + 2 + pl, bl);
    if (lex_cls(tg, root, bl + 1) & C_SPEECH_AFTER) return 1;
  }
  return 0;
}

/* Is token k one space after token k - 1? */
static int one_space(const mctx_t *M, const char *s, size_t k) {
  return k > 0 && M->tk[k].start == M->tk[k - 1].stop + 1 && s[M->tk[k - 1].stop] == ' ';
}

/* A person's name runs on through the particles after it to the name
** after them: "Joaquin del Olmo", "Maarten den Bakker", "Gil de Ferran"
** (the model reads them as two names, or the surname not at all). A
** surname alone takes in the particles before it, one or two, with no
** person's name before them ("van der Meer", "Striker van Persie"), and
** a word before them that may be a first name ("Gil de Ferran"). */
static int one_person(const mctx_t *M, const kata_tagger_t *tg, const char *s, size_t m, size_t q);
static void particles(mctx_t *M, const kata_tagger_t *tg, const char *s) {
  size_t p, q, r, e, k;
  for (p = next_labelled(M, 0); p < M->n; p = next_labelled(M, q)) {
    int l = M->lab[p] & 15, lr;
    q = p + 1;
    if (begin_type(l) < 0) continue;
    while (q < M->n && (M->lab[q] & 15) == l + 1) q++;
    if (l != KATA__NER_B_PER) continue;
    for (r = p; r > 0 && p - r < 2 && particle(M, tg, s, r - 1) && one_space(M, s, r); r--) {}
    if (r < p && name_like(M, s, p) &&
        (r == 0 || ((M->lab[r - 1] & 15) != KATA__NER_B_PER && (M->lab[r - 1] & 15) != KATA__NER_I_PER))) {
      if (r > 0 && one_space(M, s, r) && (M->lab[r - 1] & 15) == KATA__NER_O &&
          one_person(M, tg, s, r - 1, r) && !M->tk[r - 1].gaz && !M->tk[r - 1].gazf)
        r--; /* a first name the model left out: "Gil de Ferran" */
      for (k = r; k <= p; k++) relabel(M, k, k == r ? KATA__NER_B_PER : KATA__NER_I_PER);
    }
    for (r = q; r < M->n && r < q + 2 && particle(M, tg, s, r) && one_space(M, s, r); r++) {}
    if (r == q || r >= M->n || !one_space(M, s, r) || !name_like(M, s, r)) continue;
    lr = M->lab[r] & 15;
    if (lr == KATA__NER_B_PER) {
      for (e = r + 1; e < M->n && (M->lab[e] & 15) == KATA__NER_I_PER; e++) {}
    } else if (lr == KATA__NER_O) {
      e = r + 1;
    } else {
      continue;
    }
    for (k = q; k < e; k++) relabel(M, k, KATA__NER_I_PER);
    q = e;
  }
}

/* Is token k the passive of such a verb, di- and -kan around a root of
** SPEECH_AFTER ("diungkapkan", "dikatakan", "ditegaskan")? */
static int speech_passive(const mctx_t *M, const kata_tagger_t *tg, const char *s, size_t k) {
  const char *w = s + M->tk[k].start;
  size_t n = M->tk[k].stop - M->tk[k].start;
  if (w[0] != 'd' || n < 8 || n > 24 || w[1] != 'i' || memcmp(w + n - 3, "kan", 3) ||
      M->tk[k].kind != KATA_WORD || !small_word(s, &M->tk[k]))
    return 0;
  return (lex_cls(tg, w + 2, n - 5) & C_SPEECH_AFTER) != 0;
}

/* A person the model left out before a verb of saying (speech_verb) is
** one: one to three words with a capital, one space apart, that the model
** read as O, of no lexicon class that makes or cues a place, an
** organisation, a title or a date and no stop word ("Ia", "Kami"), in no
** gazetteer of places or organisations, with no capitalised word before
** them ("Tumiran mengungkapkan", "Agun menegaskan"). */
#define SPEAKER_NOT (C_ORGHEAD | C_ORGTAIL | C_LOCHEAD | C_LOCTAIL | C_ORGCUE | C_TITLE | C_TITLE2 | \
                     C_NATIONALITY | C_STOP | C_NOTYPE | C_MONTH | C_WEEKDAY | C_HOLIDAY)
static int place_or_org(unsigned g) {
  return g == KATA__NER_B_LOC || g == KATA__NER_I_LOC || g == KATA__NER_B_ORG || g == KATA__NER_I_ORG;
}
static void speakers(mctx_t *M, const kata_tagger_t *tg, const char *s) {
  size_t k, p, j;
  for (k = 1; k < M->n; k++) {
    if (s[M->tk[k].start] != 'm' || !speech_verb(M, tg, s, k) || !one_space(M, s, k)) continue;
    for (p = k; p > 0 && k - p < 3; p--) {
      j = p - 1;
      if ((M->lab[j] & 15) != KATA__NER_O || !name_like(M, s, j) || place_or_org(M->tk[j].gaz) ||
          place_or_org(M->tk[j].gazf) ||
          (lex_cls(tg, s + M->tk[j].start, M->tk[j].stop - M->tk[j].start) & SPEAKER_NOT))
        break;
      if (j > 0 && !one_space(M, s, j)) {
        p = j;
        break;
      }
    }
    if (p == k || (p > 0 && one_space(M, s, p) && capital(M, s, p - 1))) continue;
    for (j = p; j < k; j++) relabel(M, j, j == p ? KATA__NER_B_PER : KATA__NER_I_PER);
  }
  for (k = 0; k + 1 < M->n; k++) { /* "diungkapkan Kastolani di Jakarta" */
    size_t e;
    if (s[M->tk[k].start] != 'd' || !speech_passive(M, tg, s, k)) continue;
    for (e = k + 1; e < M->n && e - k <= 3 && one_space(M, s, e) && (M->lab[e] & 15) == KATA__NER_O &&
                    name_like(M, s, e) && !place_or_org(M->tk[e].gaz) && !place_or_org(M->tk[e].gazf) &&
                    !(lex_cls(tg, s + M->tk[e].start, M->tk[e].stop - M->tk[e].start) & SPEAKER_NOT);
         e++) {}
    if (e == k + 1 || (e < M->n && one_space(M, s, e) && capital(M, s, e))) continue;
    for (j = k + 1; j < e; j++) relabel(M, j, j == k + 1 ? KATA__NER_B_PER : KATA__NER_I_PER);
  }
}

/* A person's name the model read takes in the given names before it that
** it left out, one space apart, each a person in the built-in gazetteers
** and of no class of SPEAKER_NOT ("Ahmad Basarah", "Susilo Bambang
** Yudhoyono" where the model read the surname only). */
static void given_before(mctx_t *M, const kata_tagger_t *tg, const char *s) {
  size_t p, a;
  for (p = next_labelled(M, 1); p < M->n; p = next_labelled(M, p + 1)) {
    if ((M->lab[p] & 15) != KATA__NER_B_PER) continue;
    for (a = p; a > 0 && p - a < 3 && one_space(M, s, a) && (M->lab[a - 1] & 15) == KATA__NER_O &&
                M->tk[a - 1].gaz == KATA__NER_B_PER && name_like(M, s, a - 1) &&
                !(lex_cls(tg, s + M->tk[a - 1].start, M->tk[a - 1].stop - M->tk[a - 1].start) & SPEAKER_NOT);
         a--) {}
    if (a == p) continue;
    relabel(M, p, KATA__NER_I_PER);
    relabel(M, a, KATA__NER_B_PER);
    for (a = a + 1; a < p; a++) relabel(M, a, KATA__NER_I_PER);
  }
  /* two persons one space apart are one ("Slamet" "Effendy Yusuf") */
  for (p = next_labelled(M, 1); p < M->n; p = next_labelled(M, p + 1))
    if ((M->lab[p] & 15) == KATA__NER_B_PER && one_space(M, s, p) &&
        ((M->lab[p - 1] & 15) == KATA__NER_B_PER || (M->lab[p - 1] & 15) == KATA__NER_I_PER) &&
        name_like(M, s, p - 1) && name_like(M, s, p))
      relabel(M, p, KATA__NER_I_PER);
}

static int line_before(const mctx_t *M, const char *s, size_t k);

/* Names the model split inside a phrase of the built-in gazetteers (case
** folded) are one, of the phrase's type: "NEW" and "YORK" in a capitals
** line are NEW YORK. Only where the phrase has a name in it, no name runs
** on past its end and no line ends inside it ("Aston\n\nVilla" is two). */
static void gaz_joins(mctx_t *M, const char *s) {
  size_t p, e, k;
  for (p = 0; p < M->n; p++) {
    unsigned g = M->tk[p].gazf;
    int begins = 0, names = 0, l0 = M->lab[p] & 15;
    if (!(g & 1) || !(is_begin(l0) || l0 == KATA__NER_O) || !capital(M, s, p)) continue;
    for (e = p + 1; e < M->n && M->tk[e].gazf == g + 1 && !line_before(M, s, e); e++) {}
    if (e - p < 2 || !capital(M, s, e - 1) || (e < M->n && M->tk[e].gazf == g + 1)) continue;
    for (k = p; k < e; k++) {
      int l = M->lab[k] & 15;
      names += l != KATA__NER_O;
      begins += is_begin(l);
    }
    if (!names || (begins < 2 && names == (int)(e - p)) ||
        (e < M->n && (M->lab[e] & 15) != KATA__NER_O && !is_begin(M->lab[e] & 15)))
      continue;
    for (k = p; k < e; k++) relabel(M, k, (int)(k == p ? g : g + 1));
    p = e - 1;
  }
}

/* What a word after an organisation's or place's name must not be for the
** words after it to be a person the gazetteers do not know: a word that
** heads, ends or cues a name of a place or an organisation, a title. */
#define SPLIT_NOT (C_ORGHEAD | C_ORGTAIL | C_LOCHEAD | C_LOCTAIL | C_ORGCUE | C_TITLE | C_TITLE2 | \
                   C_NATIONALITY | C_STOP | C_NOTYPE | C_MONTH | C_WEEKDAY | C_HOLIDAY)

/* Are tokens [m, q) two or more words with a capital, in no gazetteer and
** of no class that makes or cues a name of a place or an organisation
** ("Aburizal Bakrie" after "Partai Golkar"; not "Jawa Barat", "Pusat")? */
static int unknown_person(const mctx_t *M, const kata_tagger_t *tg, const char *s, size_t m, size_t q) {
  size_t k;
  if (q < m + 2) return 0;
  for (k = m; k < q; k++)
    if (!name_like(M, s, k) || M->tk[k].gaz || M->tk[k].gazf ||
        (lex_cls(tg, s + M->tk[k].start, M->tk[k].stop - M->tk[k].start) & SPLIT_NOT))
      return 0;
  return 1;
}

/* Does a title ("Gubernur", "Kepala", "Menteri") stand one space before
** token p, with no capital after it ("Direktur Utama" is two)? */
static int titled_after(const mctx_t *M, const kata_tagger_t *tg, const char *s, size_t p) {
  size_t t = p - 1;
  if (p == 0 || !one_space(M, s, p) || M->tk[t].kind != KATA_WORD || !capital(M, s, t)) return 0;
  return (lex_cls(tg, s + M->tk[t].start, M->tk[t].stop - M->tk[t].start) & (C_TITLE | C_TITLE2)) != 0;
}

/* Are tokens [m, q) one or more words with a capital, in no gazetteer of
** places or organisations and of no class of SPLIT_NOT: a person after a
** title and the place or organisation it heads? */
static int one_person(const mctx_t *M, const kata_tagger_t *tg, const char *s, size_t m, size_t q) {
  size_t k;
  for (k = m; k < q; k++)
    if (!name_like(M, s, k) || (M->tk[k].gaz && M->tk[k].gaz != KATA__NER_B_PER && M->tk[k].gaz != KATA__NER_I_PER) ||
        (M->tk[k].gazf && M->tk[k].gazf != KATA__NER_B_PER && M->tk[k].gazf != KATA__NER_I_PER) ||
        (lex_cls(tg, s + M->tk[k].start, M->tk[k].stop - M->tk[k].start) & SPLIT_NOT))
      return 0;
  return q > m;
}

/* A name the model read over an organisation or a place and the person
** after it is two: the built-in gazetteers' whole phrase first, then a
** PERSON from a given name the gazetteers know, two or more words with a
** capital ("Palestina Mahmud Abbas"); after an organisation's phrase, at
** the name's start or inside it, the person may be unknown_person too
** ("Partai Golkar Aburizal Bakrie", "Badan Pemenangan Pemilu PPP Fernita
** Darwis"; not after a place: "Chicago White Sox"). A rank or title
** between the phrase and the person is neither's ("Kapolda Jawa Barat
** Irjen Agung Budi Maryoto": the place, then the person). */
static void split_person(mctx_t *M, const kata_tagger_t *tg, const char *s) {
  size_t p, q, m, k, t;
  for (p = next_labelled(M, 0); p < M->n; p = next_labelled(M, q)) {
    int l = M->lab[p] & 15, titled;
    unsigned g = M->tk[p].gaz;
    q = p + 1;
    if (begin_type(l) < 0) continue;
    while (q < M->n && (M->lab[q] & 15) == l + 1) q++;
    titled = (g == KATA__NER_B_LOC || g == KATA__NER_B_ORG) && titled_after(M, tg, s, p);
    if (q - p < (titled ? 2u : 3u)) continue;
    if (g == KATA__NER_B_LOC || g == KATA__NER_B_ORG) { /* the name opens with the phrase */
      for (m = p + 1; m < q && M->tk[m].gaz == g + 1; m++) {}
      for (t = m; t < q && capital(M, s, t) && /* a title, then its second words ("Ketua Umum") */
                  (lex_cls(tg, s + M->tk[t].start, M->tk[t].stop - M->tk[t].start) &
                   (t == m ? C_TITLE : C_TITLE | C_TITLE2));
           t++) {}
      if (t > m && one_person(M, tg, s, t, q)) { /* the phrase, the title, the person */
        for (k = p; k < q; k++)
          relabel(M, k, k == p ? (int)g : k < m ? (int)g + 1 : k < t ? KATA__NER_O :
                        k == t ? KATA__NER_B_PER : KATA__NER_I_PER);
        continue;
      }
      if (q - m < 1 || (q - m < 2 && !titled)) continue;
      if (titled && one_person(M, tg, s, m, q)) {
        /* "Gubernur Jawa Barat Tumiran", "Kepala BPS Kastolani" */
      } else if (q - m < 2) {
        continue;
      } else if (M->tk[m].gaz == KATA__NER_B_PER) {
        for (k = m; k < q && name_like(M, s, k); k++) {}
        if (k < q) continue;
      } else if (g != KATA__NER_B_ORG || !unknown_person(M, tg, s, m, q)) {
        continue;
      }
      for (k = p; k < m; k++) relabel(M, k, k == p ? (int)g : (int)g + 1);
    } else { /* an organisation inside it, then an unknown person */
      for (m = q - 2; m > p + 1; m--)
        if ((M->tk[m - 1].gaz == KATA__NER_B_ORG || M->tk[m - 1].gaz == KATA__NER_I_ORG) &&
            M->tk[m].gaz != KATA__NER_I_ORG)
          break;
      if (m <= p + 1 || !unknown_person(M, tg, s, m, q)) continue;
    }
    for (k = m; k < q; k++) relabel(M, k, k == m ? KATA__NER_B_PER : KATA__NER_I_PER);
  }
}

/* Labels the model tokens [p, q) as the rules' names read them: a token
** wholly inside a name of the rules gets its type, any other O (M->rules
** is in text order). */
static void rules_labels(mctx_t *M, size_t p, size_t q) {
  size_t lo = 0, hi = M->nrules, i, k;
  size_t a = M->tk[p].start, b = M->tk[q - 1].stop;
  for (k = p; k < q; k++) M->lab[k] &= (unsigned char)~15;
  while (lo < hi) { /* the first that starts at or after a */
    size_t mid = lo + (hi - lo) / 2;
    if (M->rules[mid].start < a) lo = mid + 1;
    else hi = mid;
  }
  for (i = lo > 0 ? lo - 1 : 0; i < M->nrules && M->rules[i].start < b; i++) {
    int first = 1, l;
    if (M->rules[i].stop <= a || !is_name(M->rules[i].type)) continue;
    l = KATA__NER_B_PER + 2 * (M->rules[i].type - KATA_ENT_PERSON);
    for (k = p; k < q; k++)
      if (M->tk[k].start >= M->rules[i].start && M->tk[k].stop <= M->rules[i].stop) {
        relabel(M, k, first ? l : l + 1);
        first = 0;
      }
  }
}

#define LAB_HEAD 64 /* lab bit: the token opens a name in a title-case headline */

/* Are the tokens [p, q) all in capitals ("KPK", "JAKARTA POST"), as
** caps_token reads them? */
static int all_caps(const mctx_t *M, const char *s, size_t p, size_t q) {
  size_t k;
  for (k = p; k < q; k++)
    if (!caps_token(M, s, k)) return 0;
  return 1;
}

/* Is the name [p, q) the whole value of a label's line ("Editor: Dewi
** Kartikasari")? */
static int label_value(const mctx_t *M, const char *s, size_t p, size_t q) {
  return p > 0 && M->tk[p - 1].stop - M->tk[p - 1].start == 1 && s[M->tk[p - 1].start] == ':' &&
         !line_before(M, s, p) && (q == M->n || line_before(M, s, q));
}

/* A title-case headline ("Roket Pelajar Meluncur di Pameungpeuk, Anak-anak
** SMK Catat Rekor", as the rules find them: c->headline) holds only the
** names a gazetteer or the text knows: a model name starting in one, not
** all in capitals (a line in capitals is left to carry), that is no model
** name outside the headlines too is read as the rules read it ("Hendra
** Wiguna Tinjau Pengungsi Banjir" is the person the body names, "Hendra
** Wiguna"; "Roket Pelajar Meluncur" is none); but for the whole value of
** a label's line ("Editor: Dewi Kartikasari"). */
static int headline_names(mctx_t *M, const ctx_t *c, const char *s) {
  kata__strtab_t body;
  size_t p, q, r = 0, id;
  int rc = KATA_OK, any = 0;
  /* the names that open in a headline */
  for (p = next_labelled(M, 0); p < M->n; p = next_labelled(M, q)) {
    int l = M->lab[p] & 15;
    q = p + 1;
    if (begin_type(l) < 0) continue;
    while (q < M->n && (M->lab[q] & 15) == l + 1) q++;
    while (r < c->n && c->t[r].stop <= M->tk[p].start) r++;
    if (r < c->n && c->t[r].start <= M->tk[p].start && c->headline[r] && !all_caps(M, s, p, q) &&
        !label_value(M, s, p, q)) {
      M->lab[p] |= LAB_HEAD;
      any = 1;
    }
  }
  if (!any) return KATA_OK;
  kata__strtab_init(&body, M->A);
  /* the names elsewhere */
  for (p = next_labelled(M, 0); p < M->n; p = next_labelled(M, q)) {
    int l = M->lab[p] & 15;
    q = p + 1;
    if (begin_type(l) < 0) continue;
    while (q < M->n && (M->lab[q] & 15) == l + 1) q++;
    if (!(M->lab[p] & LAB_HEAD) &&
        (rc = kata__strtab_intern(&body, s + M->tk[p].start, M->tk[q - 1].stop - M->tk[p].start,
                                  &id)) < 0)
      goto done;
    rc = KATA_OK;
  }
  for (p = 0; p < M->n; p = q) {
    int l = M->lab[p] & 15, head = (M->lab[p] & LAB_HEAD) != 0;
    q = p + 1;
    M->lab[p] &= (unsigned char)~LAB_HEAD;
    if (begin_type(l) < 0 || !head) continue;
    while (q < M->n && (M->lab[q] & 15) == l + 1) q++;
    if (kata__strtab_find(&body, s + M->tk[p].start, M->tk[q - 1].stop - M->tk[p].start) < 0)
      rules_labels(M, p, q);
  }
done:
  kata__strtab_free(&body);
  return rc;
}

/* Is there a line end between tokens k - 1 and k? */
static int line_before(const mctx_t *M, const char *s, size_t k) {
  size_t i;
  if (k == 0) return 1;
  for (i = M->tk[k - 1].stop; i < M->tk[k].start; i++)
    if (s[i] == '\n' || s[i] == '\r') return 1;
  return 0;
}

#define SCORE_LINE_MAX 48 /* the most tokens a results line is looked at */

/* Is the line of token k a line of results ("Atlanta 5 PITTSBURGH 1",
** "CHICAGO 71 64 .526 10", "Surrey 429-7 (C. Lewis 80 not out)"): two or
** more numbers and at most one word in four in small letters, in a line
** of at most SCORE_LINE_MAX tokens? */
static int score_line(const mctx_t *M, const char *s, size_t k) {
  size_t a = k, b = k + 1, j;
  unsigned nums = 0, words = 0, small = 0;
  while (a > 0 && !line_before(M, s, a) && k - a < SCORE_LINE_MAX) a--;
  if (!line_before(M, s, a)) return 0;
  while (b < M->n && !line_before(M, s, b) && b - k < SCORE_LINE_MAX) b++;
  if (b < M->n && !line_before(M, s, b)) return 0;
  for (j = a; j < b; j++) {
    if (M->tk[j].kind == KATA_NUMBER) nums++;
    else if (M->tk[j].kind == KATA_WORD) {
      words++;
      small += s[M->tk[j].start] >= 'a' && s[M->tk[j].start] <= 'z';
    }
  }
  return nums >= 2 && small * 4 <= words;
}

/* A place followed by its score on a line of results is a team: the
** model's LOCATION there, or a gazetteer's place it left out, is an
** ORGANIZATION ("Atlanta 5 PITTSBURGH 1"). */
static void teams(mctx_t *M, const char *s) {
  size_t p, q, k;
  for (p = 0; p < M->n; p = q) {
    int l = M->lab[p] & 15;
    q = p + 1;
    if (l == KATA__NER_O && M->tk[p].gazf == KATA__NER_B_LOC && capital(M, s, p)) {
      /* a place the model left out ("CHICAGO" in capitals: case folded) */
      while (q < M->n && M->tk[q].gazf == KATA__NER_I_LOC && (M->lab[q] & 15) == KATA__NER_O) q++;
      if (q < M->n && M->tk[q].gazf == KATA__NER_I_LOC) continue;
      l = KATA__NER_B_LOC;
    } else {
      if (begin_type(l) < 0) continue;
      while (q < M->n && (M->lab[q] & 15) == l + 1) q++;
    }
    if (l != KATA__NER_B_LOC || q >= M->n || M->tk[q].kind != KATA_NUMBER ||
        M->tk[q].rule != KATA__NER_TAG(KATA_ENT_NUMBER, 0) || line_before(M, s, q) ||
        !score_line(M, s, p))
      continue;
    for (k = p; k < q; k++) {
      relabel(M, k, k == p ? KATA__NER_B_ORG : KATA__NER_I_ORG);
      M->lab[k] |= LAB_TEAM; /* before a gazetteer's place in merge */
    }
  }
}

/* Has s[a, b) a capital after a small letter ("KabarNusa", "BelanjaKu")? */
static int inner_capital(const char *s, size_t a, size_t b) {
  size_t i;
  for (i = a + 1; i < b; i++)
    if (s[i] >= 'A' && s[i] <= 'Z' && s[i - 1] >= 'a' && s[i - 1] <= 'z') return 1;
  return 0;
}

/* How frequent a word may be and still be read as part of an unknown name
** (Zipf scale, SUBTLEX-US: 3 is once in a million words). */
#define UNKNOWN_ZIPF 3.0

/* Are tokens [a, b) two or more words with a capital and small letters, in
** no gazetteer and of no class of SPLIT_NOT, inside a sentence (not
** opening it) of English text: a person's name the model did not know
** ("He met Bernd Karbacher on Sunday": the model read O, "Bernd" like an
** Indonesian ber- word)? */
static int unknown_pair(const mctx_t *M, const kata_tagger_t *tg, const char *s, size_t a, size_t b) {
  size_t k;
  if (b < a + 2 || b > M->n || opens(M, s, a)) return 0;
  for (k = a; k < b; k++) {
    char low[24];
    size_t i, n = M->tk[k].stop - M->tk[k].start;
    if (!name_like(M, s, k) || M->tk[k].gaz || M->tk[k].gazf ||
        (lex_cls(tg, s + M->tk[k].start, n) & SPLIT_NOT))
      return 0;
    if (n <= sizeof low) { /* a common English word is no unknown name ("Gold Fields") */
      for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[M->tk[k].start + i];
        low[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
      }
      if (kata_word_zipf("en", low, n) >= UNKNOWN_ZIPF) return 0;
    }
  }
  return (frequent_english(M, s, a - 1) || frequent_english(M, s, b)) && english_near(M, s, a);
}

/* Replaces the rules' names of c->out by the model's: the caller's
** phrases and the pattern entities stay; then the rules' names that are a
** whole built-in gazetteer phrase of two or more words where no model
** name crosses their bounds ("Jawa\nBarat", "Bank of England": the model
** may see only part of them); the model's names go where they overlap
** none of those, a PERSON without the titles it starts with ("Gubernur");
** then the rules' other names typed with evidence (a gazetteer, a cue
** word) where they overlap nothing kept so far; outside English text not
** a person or organisation a cue alone typed ("BBM", fuel, for its
** capitals: the model read the rules' proposal and said O; on the
** Indonesian dev splits such names were wrong four times in five). */
static int merge(ctx_t *c, mctx_t *M) {
  size_t i, k = 0, p, ns = 0;
  cand_t cd;
  int rc;
  /* the rules' names typed with evidence, kept aside in M->rules (the
  ** copy is free now: the features are made) */
  for (i = 0; i < c->nout; i++) {
    if (is_name(c->out[i].type) && c->weak[i] != 2) {
      if ((c->weak[i] == 0 || c->weak[i] == 3 ||
           (c->weak[i] == 1 && c->out[i].type == KATA_ENT_PERSON)) && ns < M->rcap) {
        M->whole[ns] = c->weak[i] == 3 ? 1 : c->weak[i] == 1 ? 2 : 0;
        M->rules[ns++] = c->out[i];
      }
      continue;
    }
    c->out[k] = c->out[i];
    c->weak[k++] = c->weak[i];
  }
  c->nout = k;
  /* lab[i] bit 16: covered by an entity kept (or by a word for a people:
  ** drop_demonyms) */
  for (i = 0; i < c->nout; i++) {
    size_t j = first_after(M, c->out[i].start);
    for (; j < M->n && M->tk[j].start < c->out[i].stop; j++) M->lab[j] |= 16;
  }
  for (i = 0; i < ns; i++) { /* whole gazetteer phrases of two or more words */
    size_t j, a;
    int cov = 0;
    if (M->whole[i] != 1) continue;
    a = j = first_after(M, M->rules[i].start);
    for (; j < M->n && M->tk[j].start < M->rules[i].stop; j++) cov |= M->lab[j] & 16;
    if (cov || j < a + 2 || model_crosses(M, M->rules[i].start, M->rules[i].stop) ||
        team_exact(M, M->rules[i].start, M->rules[i].stop))
      continue;
    memset(&cd, 0, sizeof cd);
    cd.type = M->rules[i].type;
    if ((rc = kata__ent_push(c, M->rules[i].start, M->rules[i].stop, &cd)) != KATA_OK) return rc;
    for (j = a; j < M->n && M->tk[j].start < M->rules[i].stop; j++) M->lab[j] |= 16;
  }
  for (p = 0; p < M->n;) {
    int l = M->lab[p] & 15, type, cov;
    size_t q;

    if (l != KATA__NER_B_PER && l != KATA__NER_B_LOC && l != KATA__NER_B_ORG) {
      p = next_labelled(M, p + 1);
      continue;
    }
    cov = (M->lab[p] & 16) != 0;
    for (q = p + 1; q < M->n && (M->lab[q] & 15) == l + 1; q++) cov |= (M->lab[q] & 16) != 0;
    type = l == KATA__NER_B_PER ? KATA_ENT_PERSON
           : l == KATA__NER_B_LOC ? KATA_ENT_LOCATION : KATA_ENT_ORGANIZATION;
    if (!cov) {
      size_t a = p, z;
      while (type == KATA_ENT_PERSON && a + 1 < q &&
             (lex_cls(c->tg, c->s + M->tk[a].start, M->tk[a].stop - M->tk[a].start) & C_TITLE))
        a++; /* "Gubernur Ridwan Kamil": the name is Ridwan Kamil */
      z = q;
      while (z - 1 > a && (small_word(c->s, &M->tk[z - 1]) || blanked(c->s, &M->tk[z - 1])))
        z--; /* "Bendungan itu": a name does not end in a word of small letters, nor in a
             ** possessive ("Arsenal’s": the working copy blanked it) */
      memset(&cd, 0, sizeof cd);
      cd.type = type;
      if ((rc = kata__ent_push(c, M->tk[a].start, M->tk[z - 1].stop, &cd)) != KATA_OK) return rc;
      for (k = p; k < q; k++) M->lab[k] |= 16;
    }
    p = q;
  }
  for (i = 0; i < ns; i++) {
    size_t j = first_after(M, M->rules[i].start), a = j;
    int cov = 0;
    for (; j < M->n && M->tk[j].start < M->rules[i].stop; j++) cov |= M->lab[j] & 16;
    if (M->whole[i] == 2 && (cov || !unknown_pair(M, c->tg, c->s, a, j)))
      continue; /* typed without evidence: only two or more unknown names in English prose */
    if (!cov && !M->whole[i] && M->rules[i].type != KATA_ENT_LOCATION && a < M->n &&
        !inner_capital(c->s, M->rules[i].start, M->rules[i].stop) && !english_near(M, c->s, a))
      continue; /* a person or organisation by a cue alone, outside English: the model's O stands */
    if (!cov) {
      memset(&cd, 0, sizeof cd);
      cd.type = M->rules[i].type;
      if ((rc = kata__ent_push(c, M->rules[i].start, M->rules[i].stop, &cd)) != KATA_OK) return rc;
    }
  }
  return KATA_OK;
}

int kata__ent_model_names(ctx_t *c, const char *s, size_t len) {
  kata_tagger_t *tg = c->tg;
  mctx_t M;
  kata_buf_t scratch;
  size_t i;
  int rc;
  memset(&M, 0, sizeof M);
  M.A = &tg->A;
  M.frequent = &tg->frequent;
  kata_buf_init(&scratch);
  if ((rc = tokens(&M, c, s, len)) != KATA_OK) goto done;
  if (M.n == 0) goto done;
  if ((rc = index_tokens(&M, len)) != KATA_OK) goto done;
  if ((rc = gaz_tags(&M, tg->gz_exact, 0, s, len, &scratch)) != KATA_OK) goto done;
  if ((rc = gaz_tags(&M, tg->gz_fold, 1, s, len, &scratch)) != KATA_OK) goto done;
  if (c->nout) { /* the rules, as kata_entities gives them */
    M.rules = (kata_ent_t *)tg->A.f(tg->A.ud, NULL, 0, c->nout * sizeof *M.rules);
    if (!M.rules) {
      rc = KATA_ENOMEM;
      goto done;
    }
    M.rcap = c->nout;
    if (!(M.whole = (unsigned char *)tg->A.f(tg->A.ud, NULL, 0, c->nout))) {
      rc = KATA_ENOMEM;
      goto done;
    }
    memcpy(M.rules, c->out, c->nout * sizeof *M.rules);
    M.nrules = kata__ent_in_order(M.rules, c->nout);
    for (i = 0; kata__ner_uses_rules(tg->model) && i < M.nrules; i++)
      if (M.rules[i].type > 0 && M.rules[i].type < KATA_ENT_NTYPES)
        tag_span(&M, M.rules[i].start, M.rules[i].stop, M.rules[i].type, 2);
  }
  M.lab = (unsigned char *)tg->A.f(tg->A.ud, NULL, 0, M.n);
  if (!M.lab) {
    rc = KATA_ENOMEM;
    goto done;
  }
  if ((rc = kata__ner_tag_in(&tg->A, tg->model, s, len, M.tk, M.n, M.lab, &c->ner)) != KATA_OK) goto done;
  drop_common(&M, tg, s);
  if ((rc = drop_demonyms(&M, tg, s, &scratch)) != KATA_OK) goto done; /* gaz_tags' buffer */
  speakers(&M, tg, s);
  given_before(&M, tg, s);
  if ((rc = carry(&M, s)) != KATA_OK) goto done;
  drop_opener(&M, tg, s);
  initials(&M, tg, s);
  particles(&M, tg, s);
  gaz_joins(&M, s);
  split_person(&M, tg, s);
  teams(&M, s);
  if ((rc = headline_names(&M, c, s)) != KATA_OK) goto done;
  rc = merge(c, &M);
done:
  if (M.lab) tg->A.f(tg->A.ud, M.lab, M.n, 0);
  if (M.rules) tg->A.f(tg->A.ud, M.rules, M.rcap * sizeof *M.rules, 0);
  if (M.whole) tg->A.f(tg->A.ud, M.whole, M.rcap, 0);
  if (M.tk) tg->A.f(tg->A.ud, M.tk, M.cap * sizeof *M.tk, 0);
  if (M.at) tg->A.f(tg->A.ud, M.at, M.nat * sizeof *M.at, 0);
  if (M.gs) tg->A.f(tg->A.ud, M.gs, M.gcap * sizeof *M.gs, 0);
  kata_buf_free(&tg->A, &scratch);
  return rc;
}

/* }====================================================================== */
