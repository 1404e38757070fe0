/*
** names.c: the second pass of the tagger: names, runs of capitalised
** words typed from the gazetteers, cue words and the document's evidence.
*/
#include <string.h>

#include "internal.h"
#include "strtab.h"
#include "tagger.h"

/* {======================================================================
** Gazetteers and evidence
** ======================================================================= */

/* The first token after a (up to n, and no further than a phrase can
** reach) with a blank line before it, or n: c->pend has it for n = c->n. */
static size_t para_end(const ctx_t *c, size_t a, size_t n) {
  size_t j, k;
  if (n == c->n) return c->pend[a] - a < KATA_GAZ_MAX_TOKENS ? c->pend[a] : n;
  for (j = a + 1; j < n && j - a < KATA_GAZ_MAX_TOKENS; j++) {
    int breaks = 0;
    if (!(c->t[j].flags & T_LINE)) continue;
    for (k = c->t[j - 1].stop; k < c->t[j].start; k++)
      if (c->s[k] == '\n' || (c->s[k] == '\r' && (k + 1 == c->t[j].start || c->s[k + 1] != '\n')))
        breaks++;
    if (breaks > 1) return j;
  }
  return n;
}

/* The type of the longest phrase of g at token a (0 if none); *len its
** tokens; the phrase stops at a blank line. */
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
  { /* a phrase never crosses a blank line: the text seen ends there */
    size_t n = c->gt[f].n, end = para_end(c, a, n);
    c->gt[f].n = end;
    *len = kata__gazetteer_longest(g, &c->gt[f], a, &type, v, vl);
    c->gt[f].n = n;
  }
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


/* Token u's bytes (wl <= 64 of them) into low, its first letter lowered:
** two 8-byte moves when it has at most 16 and the text 16 from its start
** (the bytes after it are not looked at), not a call of memcpy. */
static inline void first_lowered(const ctx_t *c, const tok_t *u, size_t wl, char *low) {
  if (wl <= 16 && c->len - u->start >= 16) {
    memcpy(low, c->s + u->start, 8);
    memcpy(low + 8, c->s + u->start + 8, 8);
  } else {
    memcpy(low, c->s + u->start, wl);
  }
  low[0] = (char)((unsigned char)c->s[u->start] | 0x20);
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
    first_lowered(c, u, wl, low);
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
    first_lowered(c, u, wl, low);
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
  first_lowered(c, &c->t[i], wl, low);
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

/* }====================================================================== */

/* {======================================================================
** Typing a name
** ======================================================================= */

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
  *weak = 3; /* the whole of a gazetteer phrase */
  for (i = 0; c->o && i < c->o->ngazetteers; i++)
    if ((type = gaz_len(c, c->o->gazetteers[i], a, &len)) > 0 && a + len == b) return type;
  if ((type = gaz_len(c, c->tg->orgs, a, &len)) > 0 && a + len == b) return type;
  if ((type = gaz_len(c, c->tg->places, a, &len)) > 0 && a + len == b) return type;
  *weak = 0;
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

/* {======================================================================
** Runs of capitalised words
** ======================================================================= */

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

/* The end of a name run starting at i: capitalised words, joined by
** connectors ("bin", "van der"); "of", "and", "dan" and "&" only inside
** the name of an organisation or a place ("Bank of England"). */
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

static int emit_name(ctx_t *c, size_t a, size_t b, int type, int weak) {
  cand_t k;
  memset(&k, 0, sizeof k);
  k.a = a;
  k.b = b;
  k.type = type;
  k.weak = weak;
  return kata__ent_emit(c, &k);
}

/* A phrase of the caller's gazetteers, with its value: as given in gvalue,
** and its first 47 bytes in value. */
static int emit_user(ctx_t *c, size_t a, size_t b, int type, const char *v, size_t vl) {
  cand_t k;
  size_t before = c->nout;
  int rc;
  memset(&k, 0, sizeof k);
  k.a = a;
  k.b = b;
  k.type = type;
  k.weak = 2; /* a caller's phrase: the model leaves it as it is */
  if (v && vl) {
    size_t cut = vl < sizeof k.value - 1 ? vl : sizeof k.value - 1;
    memcpy(k.value, v, cut);
    k.value[cut] = '\0';
  }
  rc = kata__ent_emit(c, &k);
  if (rc == KATA_OK && c->nout > before && v && vl) { /* not left out by types */
    c->out[c->nout - 1].gvalue = v;
    c->out[c->nout - 1].gvlen = vl;
  }
  return rc;
}

/* Splits the run [a, b) at titles and gazetteer phrases and tags each
** part. */
static int segment(ctx_t *c, size_t a, size_t b) {
  size_t p = a, len;
  int cue = a > 0 && (cls(c, a - 1) & C_TITLE), rc, type, weak;
  int whole = (cls(c, a) & (C_ORGHEAD | C_LOCHEAD)) != 0 || (cls(c, b - 1) & (C_ORGTAIL | C_LOCTAIL));
  for (p = a; p < b; p++)
    if (cls(c, p) & C_NOTYPE) { /* an event, a law, an index: no type */
      /* but not where an organisation's or a place's head opens the name
      ** ("Badan Pengawas Pemilu"), nor a given name and a surname that is
      ** such a word ("Stuart Law") */
      if (cls(c, a) & (C_ORGHEAD | C_LOCHEAD)) break;
      if (b - a == 2 && p == a + 1 && gaz_len(c, c->tg->given, a, &len) == KATA_ENT_PERSON && len == 1)
        break;
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
      if ((rc = emit_name(c, p, p + len, type, 3)) != KATA_OK) return rc;
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

/* Is token k a number that is no year (four digits from 1000 to 2999)? */
static int score_number(const ctx_t *c, size_t k) {
  const char *w = c->s + c->t[k].start;
  if (c->t[k].kind != KATA_NUMBER) return 0;
  return !((c->t[k].flags & T_DIGITS) && c->t[k].stop - c->t[k].start == 4 && (w[0] == '1' || w[0] == '2'));
}

/* Marks the lines written in title case (headlines): three or more words,
** at least three in four of them capitalised; not a sentence (a full stop
** at the end), a list (a semicolon, a bracket, two or more commas) or a
** line of results (a number first or last that is no year). */
static void find_headlines(ctx_t *c) {
  size_t i = 0;
  while (i < c->n) { /* the line [i, j), read once */
    size_t j = i, words = 0, caps = 0, k, commas = 0;
    int list = 0;
    do {
      const tok_t *t = &c->t[j];
      if (t->kind == KATA_WORD && t->stop - t->start >= 3 && !(t->cls & C_STOP)) {
        words++;
        caps += (t->flags & T_CAP) != 0;
      } else if (t->stop - t->start == 1) {
        char ch = c->s[t->start];
        list |= ch == ';' || ch == '('; /* a list (a line-up), not a headline */
        commas += ch == ',';
      }
    } while (++j < c->n && !(c->t[j].flags & T_LINE));
    if (list || commas >= 2) words = 0; /* "Mike Hulbert, Brian Henninger, Tiger Woods," */
    if (j > i && is_char(c, j - 1, '.')) words = 0; /* a sentence */
    /* a line of results: a number first or last, not a year ("Atlanta 5
    ** Pittsburgh 1", "Saeed Anwar c Stewart b Gough 33"; not "Mudik pada
    ** Lebaran 2025") */
    if (j > i && (score_number(c, i) || score_number(c, j - 1))) words = 0;
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
    if (c->weak[i] == 1 || (e->type != KATA_ENT_PERSON && e->type != KATA_ENT_LOCATION &&
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

/* }====================================================================== */

/* {======================================================================
** The passes
** ======================================================================= */

/* The caller's phrases, at every token no pattern took. */
static int user_phrases(ctx_t *c) {
  size_t i;
  int rc;
  for (i = 0; c->o && c->o->ngazetteers && i < c->n; i++) {
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
  return KATA_OK;
}

/* Names outside headlines. */
static int body_names(ctx_t *c) {
  size_t i;
  int rc;
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
  return KATA_OK;
}

/* Names in headlines: only what a gazetteer or the body knows. */
static int headline_names(ctx_t *c) {
  size_t i;
  int rc;
  for (i = 0; i < c->n; i++) {
    size_t len, best = 0;
    int type = 0, whole;
    if (c->taken[i] || !is_name_word(c, i) || !c->headline[i]) continue;
    type = builtin_at(c, i, &len);
    whole = type > 0 ? 3 : 0; /* a whole built-in phrase, or a name the body has */
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
      if ((rc = emit_name(c, i, i + len, type, whole)) != KATA_OK) return rc;
      i += len - 1;
    }
  }
  return KATA_OK;
}

/* The type of the one-token phrase s[a, b) of g (0: none), looked up
** alone (a part of a hyphenated word). */
static int phrase_type(ctx_t *c, kata_gazetteer_t *g, size_t a, size_t b, kata_buf_t *scratch) {
  kata_gazspan_t t;
  size_t i = 0, vl;
  const char *v;
  int type = 0, err = KATA_OK;
  t.start = a;
  t.stop = b;
  if (kata_gazetteer_next_at(&c->tg->A, g, c->s, c->len, &t, 1, &i, scratch, &type, &v, &vl, &err) != 1)
    type = 0;
  if (err != KATA_OK) c->err = err;
  return type;
}

/* Does s[a, b) start with a capital letter (Sentence_Break Upper)? */
static int capital_at(const ctx_t *c, size_t a, size_t b) {
  int32_t cp;
  if (a >= b) return 0;
  kata__decode(c->s, b, a, &cp);
  return cp >= 0 && kata__ucd(cp)->sb == SB_Upper;
}

/*
** Two places joined by a hyphen are two places ("Jakarta-Semarang",
** "Moskow-Seoul": a route, a pair of capitals): a word of two parts with a
** capital each, both a place of the built-in gazetteers, that no entity
** covers, or that one name covers whole and no gazetteer has whole
** ("Bosnia-Herzegovina" stays). c->out is in text order
** (kata__ent_in_order); the second places are appended, so the caller
** puts them in order again. Where the caller keeps no places (the types
** option, with the rules alone), the name of the word goes and nothing
** comes in its place.
*/
int kata__ent_pairs(ctx_t *c) {
  kata_buf_t scratch;
  size_t i, e = 0, nout = c->nout, j;
  int want = !(c->o && c->o->types) || (c->o->types & (1u << KATA_ENT_LOCATION)), gone = 0;
  kata_buf_init(&scratch);
  for (i = 0; i < c->n && !c->err; i++) {
    const tok_t *t = &c->t[i];
    const char *h;
    size_t m;
    if (t->kind != KATA_WORD || !(t->flags & T_DOTDASH) || !(t->flags & T_CAP)) continue;
    while (e < nout && c->out[e].stop <= t->start) e++;
    if (e < nout && c->out[e].start < t->stop && /* covered, but for a name of the word alone */
        (c->out[e].start != t->start || c->out[e].stop != t->stop ||
         c->out[e].type < KATA_ENT_PERSON || c->out[e].type > KATA_ENT_ORGANIZATION ||
         c->weak[e] == 2 || phrase_type(c, c->tg->places, t->start, t->stop, &scratch) ||
         phrase_type(c, c->tg->orgs, t->start, t->stop, &scratch)))
      continue;
    h = (const char *)memchr(c->s + t->start, '-', t->stop - t->start);
    if (!h) continue;
    m = (size_t)(h - c->s);
    if (memchr(h + 1, '-', t->stop - m - 1) || !capital_at(c, t->start, m) ||
        !capital_at(c, m + 1, t->stop) ||
        phrase_type(c, c->tg->places, t->start, m, &scratch) != KATA_ENT_LOCATION ||
        phrase_type(c, c->tg->places, m + 1, t->stop, &scratch) != KATA_ENT_LOCATION)
      continue;
    {
      cand_t k;
      int rc;
      memset(&k, 0, sizeof k);
      k.type = KATA_ENT_LOCATION;
      if (!want) { /* no places kept: only the name of the word goes */
        if (e < nout && c->out[e].start == t->start) c->out[e].type = KATA_ENT_NONE, gone = 1;
        continue;
      }
      if (e < nout && c->out[e].start == t->start) { /* the name of the word becomes the first */
        c->out[e].stop = m;
        c->out[e].type = KATA_ENT_LOCATION;
        memset(c->out[e].value, 0, sizeof c->out[e].value);
        c->weak[e] = 0;
        rc = KATA_OK;
      } else {
        rc = kata__ent_push(c, t->start, m, &k);
      }
      if (rc != KATA_OK || (rc = kata__ent_push(c, m + 1, t->stop, &k)) != KATA_OK) {
        kata_buf_free(&c->tg->A, &scratch);
        return rc;
      }
    }
  }
  kata_buf_free(&c->tg->A, &scratch);
  if (gone) { /* the names that went */
    for (i = j = 0; i < c->nout; i++)
      if (c->out[i].type != KATA_ENT_NONE) {
        c->weak[j] = c->weak[i];
        c->out[j++] = c->out[i];
      }
    c->nout = j;
  }
  return c->err;
}

/* The caller's phrases first, then names outside headlines; in headlines,
** only what a gazetteer or the body knows. */
int kata__ent_names(ctx_t *c) {
  int rc;
  find_headlines(c);
  if ((rc = user_phrases(c)) != KATA_OK) return rc;
  if ((rc = body_names(c)) != KATA_OK) return rc;
  return headline_names(c);
}

/* Consistency: a weakly typed name takes the type the text gives the same
** name with evidence elsewhere, or PERSON when it is a word of a PERSON
** named in the text ("Ushakov" after "Yuri Ushakov"). */
int kata__ent_harmonise(ctx_t *c) {
  size_t i;
  int rc;
  if ((rc = index_names(c)) != KATA_OK) return rc;
  for (i = 0; i < c->nout; i++) {
    kata_ent_t *e = &c->out[i];
    long id;
    if (c->weak[i] != 1) continue;
    id = kata__strtab_find(&c->strong, c->s + e->start, e->stop - e->start);
    if (id >= 0) e->type = c->stype[id];
    else if (kata__strtab_find(&c->pwords, c->s + e->start, e->stop - e->start) >= 0)
      e->type = KATA_ENT_PERSON;
  }
  return KATA_OK;
}

/* }====================================================================== */
