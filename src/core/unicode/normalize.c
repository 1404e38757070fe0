/*
** normalize.c: Unicode normalisation forms and full case folding, done by
** utf8proc into memory from the caller's allocator. Invalid bytes pass through.
*/
#include <string.h>

#include <utf8proc.h>

#include "kata.h"

static utf8proc_option_t options_of(kata_form_t form, unsigned flags) {
  utf8proc_option_t o = UTF8PROC_STABLE;
  switch (form) {
    case KATA_FORM_NFC: o |= UTF8PROC_COMPOSE; break;
    case KATA_FORM_NFD: o |= UTF8PROC_DECOMPOSE; break;
    case KATA_FORM_NFKC: o |= UTF8PROC_COMPOSE | UTF8PROC_COMPAT; break;
    case KATA_FORM_NFKD: o |= UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT; break;
    default: break;
  }
  if (flags & KATA_NORM_FOLD) o |= UTF8PROC_CASEFOLD;
  return o;
}

static int ccc(int32_t cp) {
  return cp < 0x300 ? 0 : utf8proc_get_property(cp)->combining_class;
}

/*
** Canonical ordering (a stable sort by combining class of each run of
** non-starters): insertion sort for the short runs of real text, merge sort
** through scratch memory for long ones, so hostile text stays n log n.
** utf8proc's own ordering swaps one step at a time, quadratic in a run.
*/
static int canonical_order(const kata_allocator_t *A, int32_t *cp, size_t n) {
  size_t i = 0;
  while (i < n) {
    size_t a, b, j, k;
    if (ccc(cp[i]) == 0) {
      i++;
      continue;
    }
    for (a = i, b = i + 1; b < n && ccc(cp[b]) != 0; b++) {}
    if (b - a <= 32) {
      for (j = a + 1; j < b; j++) {
        int32_t x = cp[j];
        int cx = ccc(x);
        for (k = j; k > a && ccc(cp[k - 1]) > cx; k--) cp[k] = cp[k - 1];
        cp[k] = x;
      }
    } else {
      size_t m = b - a, width;
      int32_t *tmp = (int32_t *)A->f(A->ud, NULL, 0, m * sizeof *tmp);
      if (!tmp) return KATA_ENOMEM;
      for (width = 1; width < m; width *= 2) {
        size_t lo;
        for (lo = 0; lo < m; lo += 2 * width) {
          size_t mid = lo + width < m ? lo + width : m;
          size_t hi = lo + 2 * width < m ? lo + 2 * width : m;
          size_t x = lo, y = mid, t = lo;
          while (x < mid && y < hi)
            tmp[t++] = ccc(cp[a + y]) < ccc(cp[a + x]) ? cp[a + y++] : cp[a + x++];
          while (x < mid) tmp[t++] = cp[a + x++];
          while (y < hi) tmp[t++] = cp[a + y++];
        }
        memcpy(cp + a, tmp, m * sizeof *tmp);
      }
      A->f(A->ud, tmp, m * sizeof *tmp, 0);
    }
    i = b;
  }
  return KATA_OK;
}

/*
** Normalises the valid UTF-8 run s[0, len) onto the end of out: each code
** point is decomposed (and folded) by utf8proc into out's spare room
** (4-aligned), ordered here, composed by utf8proc, then encoded in place
** and moved down to out->len.
*/
static int normalize_run(const kata_allocator_t *A, const char *s, size_t len,
                         utf8proc_option_t opt, kata_buf_t *out) {
  size_t room = len + 16, w = 0, pos = 0, base, k, bytes = 0;
  int32_t *cps;
  int rc, bound = 0;
  for (;;) { /* room for `room` code points after out->len */
    base = (out->len + 3) & ~(size_t)3;
    if (room > ((size_t)-1 >> 3) - base) return KATA_ELIMIT;
    rc = kata_buf_reserve(A, out, base - out->len + room * 4);
    if (rc != KATA_OK) return rc;
    cps = (int32_t *)(void *)(out->data + base);
    while (pos < len) {
      int32_t cp;
      size_t n = kata_utf8_decode(s, len, pos, &cp);
      utf8proc_ssize_t d = utf8proc_decompose_char(
          cp, cps + w, (utf8proc_ssize_t)(room - w), opt, &bound);
      if (d < 0) return KATA_EUTF8;
      if ((size_t)d > room - w) break; /* grow, then go on from this one */
      w += (size_t)d;
      pos += n;
    }
    if (pos >= len) break;
    room = room * 2 + 16;
  }
  if ((opt & (UTF8PROC_COMPOSE | UTF8PROC_DECOMPOSE)) &&
      (rc = canonical_order(A, cps, w)) != KATA_OK)
    return rc;
  if (opt & UTF8PROC_COMPOSE) {
    utf8proc_ssize_t n = utf8proc_normalize_utf32(cps, (utf8proc_ssize_t)w, opt);
    if (n < 0) return KATA_EUTF8;
    w = (size_t)n;
  }
  for (k = 0; k < w; k++) /* in place: the bytes of cps[k] are read first */
    bytes += (size_t)utf8proc_encode_char(cps[k], (utf8proc_uint8_t *)cps + bytes);
  memmove(out->data + out->len, cps, bytes);
  out->len += bytes;
  return KATA_OK;
}

int kata_normalize(const kata_allocator_t *A, const char *s, size_t len,
                   kata_form_t form, unsigned flags, kata_buf_t *out,
                   size_t *errpos) {
  utf8proc_option_t opt;
  size_t pos = 0, k;
  int rc;
  if ((unsigned)form > KATA_FORM_NFKD) return KATA_EINVAL;
  if (len == 0) return KATA_OK;
  for (k = 0; k < len && (unsigned char)s[k] < 0x80; k++) {}
  if (k == len) { /* ASCII: every form is the identity, folding is tolower */
    rc = kata_buf_reserve(A, out, len);
    if (rc != KATA_OK) return rc;
    if (flags & KATA_NORM_FOLD) {
      char *d = out->data + out->len;
      for (k = 0; k < len; k++)
        d[k] = (char)(s[k] >= 'A' && s[k] <= 'Z' ? s[k] + 32 : s[k]);
    } else if (len) {
      memcpy(out->data + out->len, s, len);
    }
    out->len += len;
    return KATA_OK;
  }
  opt = options_of(form, flags);
  while (pos < len) {
    size_t bad = pos + kata_utf8_validate(s + pos, len - pos);
    if (bad > pos && (rc = normalize_run(A, s + pos, bad - pos, opt, out)) != KATA_OK)
      return rc;
    if (bad < len) {
      int32_t cp;
      size_t n = kata_utf8_decode(s, len, bad, &cp);
      if (flags & KATA_NORM_STRICT) {
        if (errpos) *errpos = bad;
        return KATA_EUTF8;
      }
      rc = kata_buf_append(A, out, s + bad, n); /* invalid: kept as it is */
      if (rc != KATA_OK) return rc;
      bad += n;
    }
    pos = bad;
  }
  return KATA_OK;
}
