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

/*
** Normalises the valid UTF-8 run s[0, len) onto the end of out. The code
** points are decoded into out's spare room (4-aligned) and re-encoded in
** place by utf8proc, then moved down to out->len.
*/
static int normalize_run(const kata_allocator_t *A, const char *s, size_t len,
                         utf8proc_option_t opt, kata_buf_t *out) {
  size_t room = len + 16; /* code points; most runs do not grow */
  for (;;) {
    size_t base = (out->len + 3) & ~(size_t)3;
    utf8proc_ssize_t n, bytes;
    int32_t *cps;
    int rc;
    if (room > ((size_t)-1 >> 3) - base) return KATA_ELIMIT;
    rc = kata_buf_reserve(A, out, base - out->len + room * 4);
    if (rc != KATA_OK) return rc;
    cps = (int32_t *)(void *)(out->data + base);
    n = utf8proc_decompose_custom((const utf8proc_uint8_t *)s,
                                  (utf8proc_ssize_t)len, cps,
                                  (utf8proc_ssize_t)room, opt, NULL, NULL);
    if (n < 0) return KATA_EUTF8; /* cannot happen on a validated run */
    if ((size_t)n > room) {
      room = (size_t)n;
      continue;
    }
    bytes = utf8proc_reencode(cps, n, opt);
    if (bytes < 0) return KATA_EUTF8;
    memmove(out->data + out->len, cps, (size_t)bytes);
    out->len += (size_t)bytes;
    return KATA_OK;
  }
}

/*
** Normalises a valid run in pieces: a piece ends before the 31st non-starter
** in a row. utf8proc's canonical ordering is quadratic in the length of a
** run of combining marks; real text never has more than a few, and UAX #15's
** Stream-Safe Text Format draws the line at 30 as well.
*/
#define MAX_NONSTARTERS 30

static int normalize_pieces(const kata_allocator_t *A, const char *s,
                            size_t len, utf8proc_option_t opt, kata_buf_t *out) {
  size_t pos = 0, piece = 0, marks = 0;
  int rc;
  while (pos < len) {
    int32_t cp;
    size_t n = kata_utf8_decode(s, len, pos, &cp);
    if (cp >= 0x300 && utf8proc_get_property(cp)->combining_class > 0) {
      if (++marks > MAX_NONSTARTERS) {
        if ((rc = normalize_run(A, s + piece, pos - piece, opt, out)) != KATA_OK)
          return rc;
        piece = pos;
        marks = 1;
      }
    } else {
      marks = 0;
    }
    pos += n;
  }
  return normalize_run(A, s + piece, len - piece, opt, out);
}

int kata_normalize(const kata_allocator_t *A, const char *s, size_t len,
                   kata_form_t form, unsigned flags, kata_buf_t *out,
                   size_t *errpos) {
  utf8proc_option_t opt;
  size_t pos = 0, k;
  int rc;
  if ((unsigned)form > KATA_FORM_NFKD) return KATA_EINVAL;
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
    if (bad > pos && (rc = normalize_pieces(A, s + pos, bad - pos, opt, out)) != KATA_OK)
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
