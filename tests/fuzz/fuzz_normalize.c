/*
** fuzz_normalize.c: libFuzzer target for kata_normalize and kata_buf_*.
**
** The first input byte picks the options, the rest is the text:
**   bits 0-2  form: 0-4 KATA_FORM_NONE..NFKD, 5 an unknown form (5), 6-7 NFC
**   bit 3     KATA_NORM_FOLD
**   bit 4     KATA_NORM_STRICT
**   bits 5-6  0-3 bytes already in the output buffer (kata_normalize appends)
**   bit 7     make the allocator fail once, at the call numbered by the
**             second byte mod 8 (the text then starts at the third byte)
**
** All memory goes through a counting allocator with the lua_Alloc contract:
** every block passed back (to grow or free) must be live and of the size
** the caller says; a failed call leaves the block as it was. After
** kata_buf_free nothing may be outstanding.
**
** Results are checked against a model of what kata.h documents, built on
** utf8proc_map directly: valid runs are normalised with the utf8proc
** options of the form (STABLE, COMPOSE/DECOMPOSE, COMPAT, CASEFOLD), the
** maximal ill-formed subparts between them are copied byte for byte, and in
** strict mode invalid input is KATA_EUTF8 with *errpos the first bad byte.
** Long runs of combining marks included: kata orders them itself (n log n),
** utf8proc_map (quadratic) is the reference. For valid text, also
** NFC(NFC(x)) == NFC(x) and NFC(NFD(x)) == NFC(x).
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "kata.h"

#define CHECK(cond, what)                                                   \
  do {                                                                      \
    if (!(cond)) {                                                          \
      fprintf(stderr, "fuzz_normalize: %s (%s:%d)\n", what, __FILE__,      \
              __LINE__);                                                    \
      abort();                                                              \
    }                                                                       \
  } while (0)

/* {======================================================================
** A counting allocator
** ======================================================================= */

#define MAXBLOCKS 64

typedef struct counter {
  void *ptr[MAXBLOCKS];
  size_t size[MAXBLOCKS];
  size_t nblocks, bytes; /* outstanding */
  unsigned long calls;   /* calls that (re)allocate */
  unsigned long fail_at; /* 1-based call to fail, 0 for none */
  int failed;
} counter_t;

static size_t find_block(counter_t *c, void *ptr, size_t osize) {
  size_t i;
  for (i = 0; i < c->nblocks; i++)
    if (c->ptr[i] == ptr) {
      CHECK(c->size[i] == osize, "osize is not the size of the block");
      return i;
    }
  CHECK(0, "block passed to the allocator is not live");
  return 0;
}

static void *counting_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  counter_t *c = (counter_t *)ud;
  size_t i = 0;
  void *p;
  if (ptr != NULL) i = find_block(c, ptr, osize);
  if (nsize == 0) { /* free */
    if (ptr != NULL) {
      c->bytes -= osize;
      c->ptr[i] = c->ptr[c->nblocks - 1];
      c->size[i] = c->size[c->nblocks - 1];
      c->nblocks--;
      free(ptr);
    }
    return NULL;
  }
  c->calls++;
  if (c->fail_at != 0 && c->calls == c->fail_at) {
    c->failed = 1;
    return NULL; /* ptr stays valid */
  }
  /* malloc + copy + free rather than realloc: a stale pointer to the old
     block is then always a use after free that ASan sees. */
  p = malloc(nsize);
  CHECK(p != NULL, "out of memory");
  if (ptr != NULL) {
    memcpy(p, ptr, osize < nsize ? osize : nsize);
    free(ptr);
    c->bytes -= osize;
    c->ptr[i] = p;
    c->size[i] = nsize;
  } else {
    CHECK(c->nblocks < MAXBLOCKS, "too many live blocks");
    c->ptr[c->nblocks] = p;
    c->size[c->nblocks] = nsize;
    c->nblocks++;
  }
  c->bytes += nsize;
  return p;
}

/* }====================================================================== */

/* {======================================================================
** The model
** ======================================================================= */

static utf8proc_option_t options_for(kata_form_t form, unsigned flags) {
  utf8proc_option_t o = UTF8PROC_STABLE;
  if (form == KATA_FORM_NFC || form == KATA_FORM_NFKC) o |= UTF8PROC_COMPOSE;
  if (form == KATA_FORM_NFD || form == KATA_FORM_NFKD) o |= UTF8PROC_DECOMPOSE;
  if (form == KATA_FORM_NFKC || form == KATA_FORM_NFKD) o |= UTF8PROC_COMPAT;
  if (flags & KATA_NORM_FOLD) o |= UTF8PROC_CASEFOLD;
  return o;
}

typedef struct bytes {
  char *data;
  size_t len, cap;
} bytes_t;

static void bytes_add(bytes_t *b, const void *s, size_t n) {
  if (b->len + n > b->cap) {
    b->cap = (b->len + n) * 2 + 16;
    b->data = (char *)realloc(b->data, b->cap);
    CHECK(b->data != NULL, "out of memory");
  }
  if (n) memcpy(b->data + b->len, s, n);
  b->len += n;
}

static void model_run(bytes_t *out, const char *s, size_t len,
                      utf8proc_option_t opt) {
  utf8proc_uint8_t *dst = NULL;
  utf8proc_ssize_t n;
  if (len == 0) return;
  n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &dst,
                   opt);
  CHECK(n >= 0, "utf8proc_map rejected a valid run");
  bytes_add(out, dst, (size_t)n);
  free(dst);
}

/* What kata_normalize should append in non-strict mode. */
static void model(bytes_t *out, const char *s, size_t len, kata_form_t form,
                  unsigned flags) {
  utf8proc_option_t opt = options_for(form, flags);
  size_t pos = 0, run = 0;
  while (pos < len) {
    int32_t cp;
    size_t n = kata_utf8_decode(s, len, pos, &cp);
    if (cp < 0) {
      model_run(out, s + run, pos - run, opt);
      bytes_add(out, s + pos, n);
      run = pos + n;
    }
    pos += n;
  }
  model_run(out, s + run, len - run, opt);
}

/* }====================================================================== */

/* kata_normalize into a fresh buffer; checks the memory on the way out. */
static void normalize_plain(const char *s, size_t len, kata_form_t form,
                            bytes_t *res) {
  counter_t c;
  kata_allocator_t A;
  kata_buf_t out;
  int rc;
  memset(&c, 0, sizeof c);
  A.f = counting_alloc;
  A.ud = &c;
  kata_buf_init(&out);
  rc = kata_normalize(&A, s, len, form, KATA_NORM_STRICT, &out, NULL);
  CHECK(rc == KATA_OK, "valid text not normalised");
  res->len = 0;
  bytes_add(res, out.data, out.len);
  kata_buf_free(&A, &out);
  CHECK(c.bytes == 0 && c.nblocks == 0, "bytes outstanding after free");
}

static int same(const bytes_t *a, const bytes_t *b) {
  return a->len == b->len && (a->len == 0 ||
                              memcmp(a->data, b->data, a->len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char filler[] = "k\xC3\xA5";
  counter_t c;
  kata_allocator_t A;
  kata_buf_t out;
  bytes_t want = {NULL, 0, 0};
  const char *s;
  size_t len, prefix, firstbad, errpos = (size_t)-1;
  unsigned sel, flags = 0;
  kata_form_t form;
  int rc, bad_form;

  if (size == 0) return 0;
  sel = data[0] & 7;
  form = sel <= 5 ? (kata_form_t)sel : KATA_FORM_NFC;
  bad_form = sel == 5;
  if (data[0] & 8) flags |= KATA_NORM_FOLD;
  if (data[0] & 16) flags |= KATA_NORM_STRICT;
  prefix = (data[0] >> 5) & 3;
  memset(&c, 0, sizeof c);
  s = (const char *)data + 1;
  len = size - 1;
  if (data[0] & 128) {
    if (size < 2) return 0;
    c.fail_at = 1 + data[1] % 8;
    s++;
    len--;
  }
  A.f = counting_alloc;
  A.ud = &c;

  kata_buf_init(&out);
  if (prefix) {
    rc = kata_buf_append(&A, &out, filler, prefix);
    if (c.failed) {
      CHECK(rc == KATA_ENOMEM && out.len == 0, "failed append");
      c.fail_at = 0;
      c.failed = 0;
      rc = kata_buf_append(&A, &out, filler, prefix);
    }
    CHECK(rc == KATA_OK && out.len == prefix, "append");
  }

  rc = kata_normalize(&A, s, len, form, flags, &out, &errpos);
  CHECK(rc == KATA_OK || rc == KATA_ENOMEM || rc == KATA_EUTF8 ||
            rc == KATA_EINVAL || rc == KATA_ELIMIT,
        "unknown result code");
  CHECK(strcmp(kata_errmsg(rc), "unknown error") != 0, "no message");
  CHECK(out.len <= out.cap, "len past cap");
  CHECK(out.len >= prefix && (prefix == 0 ||
                              memcmp(out.data, filler, prefix) == 0),
        "what was in the buffer changed");
  /* The only live block is the buffer's. */
  CHECK(c.nblocks == (out.data != NULL), "stray allocation");
  CHECK(out.data == NULL || (c.ptr[0] == out.data && c.size[0] == out.cap),
        "buffer does not match its block");

  firstbad = kata_utf8_validate(s, len);
  if (bad_form) {
    CHECK(rc == KATA_EINVAL && out.len == prefix, "unknown form accepted");
  } else if (c.failed) {
    CHECK(rc == KATA_ENOMEM, "allocation failure not reported");
  } else if ((flags & KATA_NORM_STRICT) && firstbad < len) {
    CHECK(rc == KATA_EUTF8, "invalid UTF-8 accepted in strict mode");
    CHECK(errpos == firstbad, "errpos is not the first bad byte");
  } else {
    CHECK(rc == KATA_OK, "normalisation failed");
    model(&want, s, len, form, flags);
    CHECK(out.len - prefix == want.len &&
              (want.len == 0 ||
               memcmp(out.data + prefix, want.data, want.len) == 0),
          "result differs from utf8proc_map");
  }

  kata_buf_free(&A, &out);
  CHECK(out.data == NULL && out.len == 0 && out.cap == 0, "buffer not reset");
  CHECK(c.bytes == 0 && c.nblocks == 0, "bytes outstanding after free");

  /* Stability of the normal forms, on valid text. */
  if (firstbad == len) {
    bytes_t nfc = {NULL, 0, 0}, twice = {NULL, 0, 0}, nfd = {NULL, 0, 0};
    normalize_plain(s, len, KATA_FORM_NFC, &nfc);
    normalize_plain(nfc.data ? nfc.data : "", nfc.len, KATA_FORM_NFC, &twice);
    CHECK(same(&nfc, &twice), "NFC(NFC(x)) != NFC(x)");
    normalize_plain(s, len, KATA_FORM_NFD, &nfd);
    normalize_plain(nfd.data ? nfd.data : "", nfd.len, KATA_FORM_NFC, &twice);
    CHECK(same(&nfc, &twice), "NFC(NFD(x)) != NFC(x)");
    free(nfc.data);
    free(twice.data);
    free(nfd.data);
  }
  free(want.data);
  return 0;
}
