/*
** dates.c: the pattern entities of the calendar and the clock: dates
** (with ranges, holidays, periods, seasons, relative dates) and times.
*/
#include <string.h>

#include "tagger.h"

/* {======================================================================
** Days, months and years
** ======================================================================= */

/* A NUMBER of at most four digits from lo to hi at token i, in *v. */
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

/* The days of month m (1 to 12) of year y, in the Gregorian calendar. */
static int month_days(int y, int m) {
  static const unsigned char days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) return 29;
  return days[m - 1];
}

/* The value of a date: "YYYY-MM-DD", "YYYY-MM" or "YYYY"; none without a
** year, or for a day its month does not have ("31 Februari 2024", "29
** February 2023"): the span is still a DATE. */
static void date_value(cand_t *k, int y, int m, int d) {
  char *p = k->value;
  if (y <= 0 || m < 0 || m > 12 || (m > 0 && d > month_days(y, m))) {
    k->value[0] = '\0';
    return;
  }
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

/* }====================================================================== */

/* {======================================================================
** Dates
** ======================================================================= */

/* Is the word before i one that makes "May" or "March" (and "Mei",
** "Maret") a month: "in May", "pada Mei", "since March"? */
static int month_cue(const ctx_t *c, size_t i) {
  const char *pw = i > 0 ? c->s + c->t[i - 1].start : "";
  size_t pl = i > 0 ? c->t[i - 1].stop - c->t[i - 1].start : 0;
  return (pl == 2 && memcmp(pw, "in", 2) == 0) || (pl == 4 && memcmp(pw, "pada", 4) == 0) ||
         (pl == 5 && memcmp(pw, "sejak", 5) == 0) || (pl == 5 && memcmp(pw, "since", 5) == 0) ||
         (pl == 5 && memcmp(pw, "until", 5) == 0) || (pl == 6 && memcmp(pw, "hingga", 6) == 0) ||
         (pl == 5 && memcmp(pw, "akhir", 5) == 0) || (pl == 4 && memcmp(pw, "awal", 4) == 0) ||
         (pl == 4 && memcmp(pw, "late", 4) == 0) || (pl == 5 && memcmp(pw, "early", 5) == 0) ||
         (pl == 5 && memcmp(pw, "mulai", 5) == 0) || (pl == 6 && memcmp(pw, "sampai", 6) == 0) ||
         (pl == 5 && memcmp(pw, "bulan", 5) == 0) || (pl == 2 && memcmp(pw, "by", 2) == 0);
}

/* Is the month name at i (l its entry), with no day or year, a date? "May",
** "Mei", "March" are words too, and need a cue before them; "Mar", "Jan"
** alone are too often names. */
static int month_alone(const ctx_t *c, size_t i, const lexinfo_t *l) {
  size_t wl = c->t[i].stop - c->t[i].start;
  if (!(wl <= 3 || (c->t[i].flags & T_SENT) || l->month == 5 || l->month == 3)) return 1;
  if (!(l->month == 5 || l->month == 3) || (cls(c, i - 1) & (C_LOCPREP)) ||
      (i > 0 && (c->s[c->t[i - 1].start] == 'i' || c->s[c->t[i - 1].start] == 'p'))) {
    if (l->month == 5 || l->month == 3) return month_cue(c, i);
    return wl > 3;
  }
  return 0;
}

/* A date starting with the month name at i (l its entry): "February 25,
** 2019", "Feb. 25", "Februari 2019", "March". */
static int month_date(const ctx_t *c, size_t i, const lexinfo_t *l, cand_t *k) {
  size_t j = i + 1;
  int y = 0, m = l->month, d = 0;
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
    return month_alone(c, i, l);
  }
  return 1;
}

/* A date starting with the day name at i: "Kamis (25/2)", "Senin (3/4)
** malam", "Minggu pagi", "Tuesday", "Wednesday, March 13". */
static int weekday_date(const ctx_t *c, size_t i, cand_t *k) {
  int y = 0, m = 0, d = 0;
  size_t e;
  k->a = i;
  k->b = i + 1;
  if (bracket_date(c, i + 1, &e, &y, &m, &d)) {
    k->b = e;
    date_value(k, y, m, d);
  } else if (is_char(c, i + 1, ',') && (cls(c, i + 2) & C_MONTH)) {
    /* "Wednesday, March 13" */
    cand_t k2;
    if (kata__ent_date_at(c, i + 2, &k2) && k2.b > i + 3) {
      k->b = k2.b;
      memcpy(k->value, k2.value, sizeof k->value);
    }
  }
  if (cls(c, k->b) & C_DAYPART && !(c->t[k->b].flags & T_CAP)) k->b++;
  return 1;
}

/* Does the year at i follow a cue ("pada 2009", "in 2009", "tahun 2021",
** "since 2013"), a capitalised word, or come before punctuation? */
static int year_cue(const ctx_t *c, size_t i) {
  uint32_t pc = i > 0 ? cls(c, i - 1) : 0;
  const char *pw = i > 0 ? c->s + c->t[i - 1].start : "";
  size_t pl = i > 0 ? c->t[i - 1].stop - c->t[i - 1].start : 0, nk;
  int cue = (pc & (C_LOCPREP | C_MONTH | C_DATEUNIT)) ||
            (pl == 4 && (memcmp(pw, "pada", 4) == 0 || memcmp(pw, "year", 4) == 0)) ||
            (pl == 5 && (memcmp(pw, "since", 5) == 0 || memcmp(pw, "sejak", 5) == 0 ||
                         memcmp(pw, "until", 5) == 0)) ||
            (pl == 6 && memcmp(pw, "hingga", 6) == 0) || (pl == 2 && memcmp(pw, "by", 2) == 0);
  nk = i + 1 < c->n ? (size_t)c->t[i + 1].kind : (size_t)KATA_PUNCT;
  return cue || nk == KATA_PUNCT || (i > 0 && c->t[i - 1].flags & T_CAP);
}

/* A count of days or more: "two days ago", "dua hari lalu", "the last
** three months", "beberapa bulan terakhir"; "12 years". c0: the classes
** of token i. */
static int count_date(const ctx_t *c, size_t i, uint32_t c0, cand_t *k) {
  double v;
  size_t a = i, e;
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
  return 0;
}

/* A relative date: "kemarin", "today", "hari ini", "pekan depan", "tahun
** lalu", "last year", "next Tuesday", and the counts of count_date. */
static int relative_date(const ctx_t *c, size_t i, uint32_t c0, cand_t *k) {
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
  return count_date(c, i, c0, k);
}

/* A date at token i, by itself (date_at adds what may surround one). */
static int date_core(const ctx_t *c, size_t i, cand_t *k) {
  uint32_t c0 = cls(c, i);
  const lexinfo_t *l = lex(c, i);
  int y = 0, m = 0, d = 0;
  k->type = KATA_ENT_DATE;
  k->value[0] = '\0';
  /* an ISO date, "1996-12-06": four, two and two digits, glued by hyphens */
  if (is_year(c, i, &y) && i + 4 < c->n && is_char(c, i + 1, '-') && is_char(c, i + 3, '-') &&
      (c->t[i + 1].flags & T_GLUED) && (c->t[i + 2].flags & T_GLUED) &&
      (c->t[i + 3].flags & T_GLUED) && (c->t[i + 4].flags & T_GLUED) &&
      c->t[i + 2].stop - c->t[i + 2].start == 2 && c->t[i + 4].stop - c->t[i + 4].start == 2 &&
      small_int(c, i + 2, 1, 12, &m) && small_int(c, i + 4, 1, 31, &d)) {
    k->a = i;
    k->b = i + 5;
    date_value(k, y, m, d);
    return 1;
  }
  /* "24-26 Maret": a range of days before a month */
  if (small_int(c, i, 1, 31, &d) && is_char(c, i + 1, '-') && (c->t[i + 1].flags & T_GLUED) &&
      small_int(c, i + 2, 1, 31, &d) && (cls(c, i + 3) & C_MONTH)) {
    k->a = i;
    k->b = i + 4;
    if (is_year(c, k->b, &y)) k->b++;
    return 1;
  }
  if ((c0 & C_WEEKDAY) && (c->t[i].flags & T_CAP)) return weekday_date(c, i, k);
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
  if ((c0 & C_MONTH) && (c->t[i].flags & T_CAP) && l) return month_date(c, i, l, k);
  /* a year after a cue: "pada 2009", "in 2009", "tahun 2021", "since 2013" */
  if (is_year(c, i, &y) && y >= 1900 && y <= 2100 && year_cue(c, i)) {
    k->a = i;
    k->b = i + 1;
    date_value(k, y, 0, 0);
    return 1;
  }
  return relative_date(c, i, c0, k);
}

static int is_ordinal(const ctx_t *c, size_t i) {
  return word_is(c, i, "first") || word_is(c, i, "second") || word_is(c, i, "third") ||
         word_is(c, i, "fourth");
}

/* A date with no value in tokens [a, b). */
static int bare_date(cand_t *k, size_t a, size_t b) {
  k->a = a;
  k->b = b;
  k->type = KATA_ENT_DATE;
  k->value[0] = '\0';
  return 1;
}

/* A holiday at i: "Lebaran 2025", "Idul Fitri 1446 Hijriah", "Christmas". */
static int holiday_date(const ctx_t *c, size_t i, cand_t *k) {
  size_t e = i + 1;
  if (is_name_word(c, e) && !(cls(c, e) & C_HOLIDAY) && c->t[e].stop - c->t[e].start <= 6) e++;
  if (e < c->n && c->t[e].kind == KATA_NUMBER && c->t[e].stop - c->t[e].start == 4) {
    e++;
    if (word_is(c, e, "Hijriah") || word_is(c, e, "H")) e++;
  }
  return bare_date(k, i, e);
}

/* A part of a year at i: "semester II-2025", "kuartal III", "quarter of
** 2025"; after an ordinal, "third quarter", it is found from the ordinal. */
static int period_date(const ctx_t *c, size_t i, cand_t *k) {
  int y;
  size_t e = i + 1;
  if (word_is(c, e, "of") && is_year(c, e + 1, &y)) e += 2;
  else if (c->t[e].kind == KATA_WORD || c->t[e].kind == KATA_NUMBER) {
    e++;
    if (is_char(c, e, '-') && is_year(c, e + 1, &y)) e += 2;
    else if (is_year(c, e, &y)) e++;
  } else return 0;
  bare_date(k, i, e);
  if (i > 0 && c->t[i - 1].kind == KATA_WORD && (c->t[i - 1].flags & T_LOWER) &&
      is_ordinal(c, i - 1))
    return 0; /* the ordinal starts it: found from there */
  return 1;
}

/* A season at i: "musim hujan", "summer"; "this season" is found from
** "this", and "musim" needs its kind. */
static int season_date(const ctx_t *c, size_t i, cand_t *k) {
  const char *w = c->s + c->t[i].start;
  bare_date(k, i, i + 1);
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

/* What may follow the date in k: the end of a range ("19-20", "9-11",
** "2021-2024", "2024/2025"), then "dini hari". */
static void date_tail(const ctx_t *c, cand_t *k) {
  int y;
  size_t e = k->b;
  if ((is_char(c, e, '-') || is_char(c, e, '/')) && (c->t[e].flags & T_GLUED) && e + 1 < c->n &&
      c->t[e + 1].kind == KATA_NUMBER && (c->t[e + 1].flags & T_GLUED) &&
      c->t[k->b - 1].kind == KATA_NUMBER && c->t[e + 1].stop - c->t[e + 1].start ==
      c->t[k->b - 1].stop - c->t[k->b - 1].start) {
    k->b = e + 2;
    if (is_year(c, k->b, &y) && !is_year(c, k->b - 1, &y)) k->b++;
  }
  if (word_is(c, k->b, "dini") && word_is(c, k->b + 1, "hari")) k->b += 2;
}

/* A date, with what may surround one: "awal"/"akhir" before a month or a
** year word, "the" before "last"/"past", a range, "dini hari" after a day;
** holidays, parts of a year, seasons. */
int kata__ent_date_at(const ctx_t *c, size_t i, cand_t *k) {
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
    return bare_date(k, i, i + 2);
  }
  if ((cls(c, i) & C_HOLIDAY) && (c->t[i].flags & T_CAP)) return holiday_date(c, i, k);
  if ((misc(c, i) & M_PERIOD) && i + 1 < c->n) return period_date(c, i, k);
  if ((misc(c, i + 1) & M_PERIOD) && is_ordinal(c, i)) { /* "third quarter (of 2025)" */
    int y;
    size_t e = i + 2;
    if (word_is(c, e, "of") && is_year(c, e + 1, &y)) e += 2;
    return bare_date(k, i, e);
  }
  if (misc(c, i) & M_SEASON) return season_date(c, i, k);
  if (!date_core(c, i, k)) return 0;
  date_tail(c, k);
  return 1;
}

/* }====================================================================== */

/* {======================================================================
** Times
** ======================================================================= */

/* A clock time at the NUMBER i: "14.30 WIB", "pukul 09.00", "2:30 p.m.",
** "14:00 GMT", "5 p.m." (a bare hour only with a meridiem). */
static int clock_time(const ctx_t *c, size_t i, cand_t *k) {
  const tok_t *t = &c->t[i];
  const char *w = c->s + t->start;
  size_t wl = t->stop - t->start, j = i + 1;
  int h, mi, ok = 0;
  if ((wl == 4 || wl == 5) && (w[wl - 3] == '.' || w[wl - 3] == ':')) {
    h = (wl == 5 ? (w[0] - '0') * 10 + (w[1] - '0') : w[0] - '0');
    mi = (w[wl - 2] - '0') * 10 + (w[wl - 1] - '0');
    ok = h <= 24 && mi < 60 && w[wl - 2] >= '0' && w[wl - 2] <= '9';
  } else if (small_int(c, i, 0, 24, &h) && is_char(c, i + 1, ':') && small_int(c, i + 2, 0, 59, &mi) &&
             c->t[i + 2].stop - c->t[i + 2].start == 2 && (c->t[i + 1].flags & T_GLUED)) {
    ok = 1;
    j = i + 3;
  } else if (small_int(c, i, 1, 12, &h)) {
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
  return 0;
}

/* A duration under a day: "2 jam", "45 minutes", "dua jam", "10 menit
** terakhir"; a match's minute: "menit ke-30", "menit ke-90+2". */
static int duration_time(const ctx_t *c, size_t i, cand_t *k) {
  size_t e;
  double v;
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
  return 0;
}

/* A part of the day: "malam ini", "tadi malam", "midday", "noon",
** "tonight". */
static int daypart_time(const ctx_t *c, size_t i, cand_t *k) {
  const tok_t *t = &c->t[i];
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

/* A time at token i: four digits and a zone ("0047 GMT"), a match's
** minute ("36th minute"), a clock time, a duration, a part of the day. */
int kata__ent_time_at(const ctx_t *c, size_t i, cand_t *k) {
  const tok_t *t = &c->t[i];
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
  if (t->kind == KATA_NUMBER && clock_time(c, i, k)) return 1;
  if (duration_time(c, i, k)) return 1;
  return daypart_time(c, i, k);
}

/* }====================================================================== */
