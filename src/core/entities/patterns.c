/*
** patterns.c: the first pass of the tagger: pattern entities, left to
** right, the longest at each token. Numbers, amounts, percentages, phone
** numbers and web addresses are here; dates and times in dates.c.
*/
#include <math.h>
#include <string.h>

#include "strtab.h"
#include "tagger.h"

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

int kata__ent_number_scan(const ctx_t *c, size_t i, size_t *end, double *v) {
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
** Amounts and percentages
** ======================================================================= */

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

/* An amount: a currency sign before a number ("Rp 1,5 triliun", "US$ 5",
** "$3.3bn"), a sign glued to digits ("Rp14.409"), or a number before a
** currency word ("3 trillion rupiah", "28 pence"). */
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

/* A percentage: a number before "%", a percent word or "per cent". */
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

/* }====================================================================== */

/* {======================================================================
** Numbers as entities
** ======================================================================= */

/* A word made of a number and a unit or more: "38-year-old" (the number
** is a NUMBER), "four-week" (a DATE), "16-hour" (a TIME). */
static int hyphen_word_at(const ctx_t *c, size_t i, cand_t *k) {
  const tok_t *t = &c->t[i];
  const char *w = c->s + t->start, *h;
  size_t wl = t->stop - t->start, nl, ul, q;
  long id;
  int time;
  char low[24];
  if (t->kind != KATA_WORD || !(t->flags & T_DOTDASH) || !(h = (const char *)memchr(w, '-', wl)) ||
      h == w)
    return 0;
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

/* A number on its own, a score or a range ("2-1"), or a phone number;
** not "one of", "salah satu", a fraction word alone or a list marker. */
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
** Web addresses
** ======================================================================= */

/* A web address without a scheme: "status.nimbusly.io", "kws.kpk.go.id". */
static int bare_url_at(const ctx_t *c, size_t i, cand_t *k) {
  static const char *const tld[] = {"com", "org", "net", "id", "io", "co", "uk", "gov", "go",
                                    "int", "edu", "info", "news", "ac", "or", "my", "sg", "au",
                                    "de", "fr", "jp", "kr", "cn", "in", "eu", "us", "ai", "app", NULL};
  const tok_t *t = &c->t[i];
  const char *w = c->s + t->start;
  size_t wl = t->stop - t->start, q, ll;
  int letters = 0;
  if (t->kind != KATA_WORD || !(t->flags & T_DOTDASH) || !memchr(w, '.', wl)) return 0;
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

/* }====================================================================== */

/* {======================================================================
** The pass
** ======================================================================= */

/* The classes a pattern can start with. */
#define PATTERN_START (C_MONTH | C_WEEKDAY | C_NUMWORD | C_CURWORD | C_CURSYM | C_RELDAY | \
                       C_RELBEFORE | C_DATEUNIT | C_DAYPART | C_TIMEUNIT | C_HOLIDAY | C_PCTWORD)

/* Can token i start no pattern? A plain word, a comma, a quote... */
static int starts_none(const ctx_t *c, size_t i) {
  const tok_t *t = &c->t[i];
  if (t->kind == KATA_WORD && !(cls(c, i) & PATTERN_START) && !misc(c, i) &&
      !(c->s[t->start] >= '0' && c->s[t->start] <= '9') && !word_is(c, i, "the") &&
      !word_is(c, i, "The") && !(c->s[t->start] == 'R' && t->stop - t->start > 2) &&
      !(t->flags & (T_ALLCAPS | T_DOTDASH)) && !is_char(c, i + 1, '$'))
    return 1; /* a plain word starts no pattern */
  if (t->kind == KATA_PUNCT && !is_char(c, i, '-') && !is_char(c, i, '+') &&
      !is_char(c, i, '(') && !is_char(c, i, '.'))
    return 1; /* nor does a comma, a quote, a full stop... */
  return 0;
}

/* The longest pattern at token i in *best: what the tokenizer found (URLs,
** e-mail, hashtags, mentions), or the longest of money, percentages,
** times and dates, or else a hyphenated unit, a bare web address, a
** number. Returns 0 when there is none. */
static int longest_at(ctx_t *c, size_t i, cand_t *best) {
  const tok_t *t = &c->t[i];
  cand_t cur;
  int found = 0;
  best->cut = 0;
  best->weak = 0;
  best->value[0] = '\0';
  if (t->kind == KATA_URL || t->kind == KATA_EMAIL || t->kind == KATA_HASHTAG ||
      t->kind == KATA_MENTION) {
    best->a = i;
    best->b = i + 1;
    best->type = t->kind == KATA_URL ? KATA_ENT_URL : t->kind == KATA_EMAIL ? KATA_ENT_EMAIL
               : t->kind == KATA_HASHTAG ? KATA_ENT_HASHTAG : KATA_ENT_MENTION;
    return 1;
  }
#define TRY(call)                                                   \
  do {                                                              \
    cur.cut = 0;                                                    \
    cur.weak = 0;                                                   \
    cur.value[0] = '\0';                                            \
    if ((call) && (!found || cur.b > best->b)) { *best = cur; found = 1; } \
  } while (0)
  TRY(money_at(c, i, &cur));
  TRY(percent_at(c, i, &cur));
  TRY(kata__ent_time_at(c, i, &cur));
  TRY(kata__ent_date_at(c, i, &cur));
  if (!found) TRY(hyphen_word_at(c, i, &cur));
  if (!found) TRY(bare_url_at(c, i, &cur));
  if (!found) TRY(plain_number_at(c, i, &cur));
#undef TRY
  return found;
}

int kata__ent_patterns(ctx_t *c) {
  size_t i;
  int rc;
  for (i = 0; i < c->n; i++) {
    cand_t best;
    if (c->taken[i] || starts_none(c, i)) continue;
    if (longest_at(c, i, &best)) {
      if ((rc = kata__ent_emit(c, &best)) != KATA_OK) return rc;
      i = best.b - 1;
    }
  }
  return KATA_OK;
}

/* }====================================================================== */
