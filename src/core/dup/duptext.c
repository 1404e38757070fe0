/*
** duptext.c: what every host decides the same way about duplicates: the
** defaults, kind names, boilerplate lists, a text's duplicates and its
** deduplicated copy, and how index keys and corpus ids are stored.
*/
#include <string.h>

#include "internal.h"

void kata_dedup_opts_init(kata_dedup_opts_t *o) {
  memset(o, 0, sizeof *o);
  o->threshold = 0.8;
  o->min_words = 5;
  o->near = 1;
  o->containment = 0;
  o->shingle = 1;
  o->tails = NULL;
}

const char *kata_dup_kind_name(int kind) {
  static const char *const names[] = {"exact", "near", "teaser", "estimate"};
  return kind >= KATA_DUP_EXACT && kind <= KATA_DUP_ESTIMATE ? names[kind - 1] : NULL;
}

/* {======================================================================
** Boilerplate lists
** ======================================================================= */

struct kata_tails {
  kata_allocator_t A;
  const char **list; /* NULL-terminated; the caller's prefixes from nbuiltin on */
  size_t n, cap, nbuiltin;
};

kata_tails_t *kata_tails_new(const kata_allocator_t *A, int builtin) {
  const char *const *b = kata_dedup_tails();
  kata_tails_t *t = (kata_tails_t *)A->f(A->ud, NULL, 0, sizeof *t);
  size_t nb = 0;
  if (!t) return NULL;
  t->A = *A;
  while (builtin && b[nb]) nb++;
  t->cap = nb + 4;
  t->list = (const char **)A->f(A->ud, NULL, 0, t->cap * sizeof *t->list);
  if (!t->list) {
    A->f(A->ud, t, sizeof *t, 0);
    return NULL;
  }
  for (t->n = 0; t->n < nb; t->n++) t->list[t->n] = b[t->n];
  t->list[t->n] = NULL;
  t->nbuiltin = nb;
  return t;
}

int kata_tails_add(kata_tails_t *t, const char *prefix, size_t len) {
  const char *nul = (const char *)memchr(prefix, '\0', len);
  size_t k;
  char *copy;
  if (nul) len = (size_t)(nul - prefix); /* a C string ends there */
  if (len == 0) return KATA_EINVAL;
  if (len > KATA_DEDUP_TAIL_BYTES || t->n - t->nbuiltin >= KATA_DEDUP_TAILS_MAX)
    return KATA_ELIMIT; /* every line and sentence start is compared with each */
  if (t->n + 1 == t->cap) {
    size_t nc = t->cap * 2;
    const char **q;
    if (nc > (size_t)-1 / sizeof *q) return KATA_ELIMIT;
    q = (const char **)t->A.f(t->A.ud, t->list, t->cap * sizeof *q, nc * sizeof *q);
    if (!q) return KATA_ENOMEM;
    t->list = q;
    t->cap = nc;
  }
  if (!(copy = (char *)t->A.f(t->A.ud, NULL, 0, len + 1))) return KATA_ENOMEM;
  for (k = 0; k < len; k++)
    copy[k] = (char)(prefix[k] >= 'A' && prefix[k] <= 'Z' ? prefix[k] + 32 : prefix[k]);
  copy[len] = '\0';
  t->list[t->n++] = copy;
  t->list[t->n] = NULL;
  return KATA_OK;
}

const char *const *kata_tails_list(const kata_tails_t *t) { return t->list; }

void kata_tails_free(kata_tails_t *t) {
  size_t i;
  if (!t) return;
  for (i = t->nbuiltin; i < t->n; i++)
    t->A.f(t->A.ud, (void *)(uintptr_t)t->list[i], strlen(t->list[i]) + 1, 0);
  t->A.f(t->A.ud, t->list, t->cap * sizeof *t->list, 0);
  t->A.f(t->A.ud, t, sizeof *t, 0);
}

/* }====================================================================== */

/* {======================================================================
** The duplicates of a text, and the text without them
** ======================================================================= */

int kata_text_duplicates(const kata_allocator_t *A, const char *s, size_t len,
                         kata_parmode_t mode, const kata_dedup_opts_t *o,
                         kata_buf_t *spans, kata_buf_t *dups, size_t *n) {
  const char **texts;
  size_t *lens, *sp, pos = 0, a, b, i, bytes;
  int rc = KATA_OK;
  if (mode == KATA_PAR_AUTO) mode = kata_paragraph_mode(s, len);
  spans->len = dups->len = 0;
  *n = 0;
  while (kata_paragraph_next(s, len, &pos, mode, &a, &b)) {
    size_t pair[2];
    pair[0] = a;
    pair[1] = b;
    if ((rc = kata_buf_append(A, spans, (const char *)pair, sizeof pair)) != KATA_OK) return rc;
    (*n)++;
  }
  if (*n > ((size_t)-1) / (sizeof(kata_dup_t) + sizeof(char *) + sizeof(size_t)))
    return KATA_ELIMIT;
  if ((rc = kata_buf_reserve(A, dups, (*n ? *n : 1) * sizeof(kata_dup_t))) != KATA_OK) return rc;
  bytes = (*n ? *n : 1) * (sizeof *texts + sizeof *lens);
  texts = (const char **)A->f(A->ud, NULL, 0, bytes);
  if (!texts) return KATA_ENOMEM;
  lens = (size_t *)(void *)(texts + (*n ? *n : 1));
  sp = (size_t *)(void *)spans->data;
  for (i = 0; i < *n; i++) {
    texts[i] = s + sp[2 * i];
    lens[i] = sp[2 * i + 1] - sp[2 * i];
  }
  rc = kata_duplicates(A, texts, lens, *n, o, (kata_dup_t *)(void *)dups->data);
  if (rc == KATA_OK) dups->len = *n * sizeof(kata_dup_t);
  A->f(A->ud, texts, bytes, 0);
  return rc;
}

int kata_dedupe_text(const kata_allocator_t *A, const char *s, size_t len, const size_t *sp,
                     const kata_dup_t *d, size_t n, kata_buf_t *out, size_t *removed) {
  size_t i, last;
  int rc = KATA_OK;
  *removed = 0;
  if (n == 0) {
    rc = kata_buf_append(A, out, s, len);
  } else {
    last = n;
    for (i = n; i-- > 0;)
      if (d[i].dup_of == KATA_NO_DUP) {
        last = i;
        break;
      }
    rc = kata_buf_append(A, out, s, sp[0]);
    for (i = 0; i < n && rc == KATA_OK; i++) {
      if (d[i].dup_of != KATA_NO_DUP) {
        (*removed)++;
        continue;
      }
      rc = kata_buf_append(A, out, s + sp[2 * i], sp[2 * i + 1] - sp[2 * i]);
      if (rc != KATA_OK) break;
      if (i == last) rc = kata_buf_append(A, out, s + sp[2 * n - 1], len - sp[2 * n - 1]);
      else rc = kata_buf_append(A, out, s + sp[2 * i + 1], sp[2 * i + 2] - sp[2 * i + 1]);
    }
  }
  return rc;
}

int kata_dedupe(const kata_allocator_t *A, const char *s, size_t len, kata_parmode_t mode,
                const kata_dedup_opts_t *o, kata_buf_t *out, size_t *removed) {
  kata_buf_t spans, dups;
  size_t n;
  int rc;
  kata_buf_init(&spans);
  kata_buf_init(&dups);
  *removed = 0;
  rc = kata_text_duplicates(A, s, len, mode, o, &spans, &dups, &n);
  if (rc == KATA_OK)
    rc = kata_dedupe_text(A, s, len, (const size_t *)(void *)spans.data,
                          (const kata_dup_t *)(void *)dups.data, n, out, removed);
  kata_buf_free(A, &spans);
  kata_buf_free(A, &dups);
  return rc;
}

/* }====================================================================== */

/* {======================================================================
** Keys
** ======================================================================= */

size_t kata_key_int(long long v, char out[KATA_KEY_INT_SIZE]) {
  /* unsigned: -2^63 has no positive counterpart in a long long */
  unsigned long long u = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;
  char digits[20];
  size_t n = 0, k = 0;
  do {
    digits[n++] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  out[k++] = '#';
  if (v < 0) out[k++] = '-';
  while (n) out[k++] = digits[--n];
  out[k] = '\0';
  return k;
}

int kata_key_string(const kata_allocator_t *A, const char *s, size_t len, kata_buf_t *out) {
  int rc = kata_buf_append(A, out, "$", 1);
  return rc == KATA_OK ? kata_buf_append(A, out, s, len) : rc;
}

int kata_key_decode(const char *k, size_t len, const char **text, size_t *tlen, long long *v) {
  *text = len ? k + 1 : k;
  *tlen = len ? len - 1 : 0;
  *v = 0;
  if (len > 0 && k[0] == '#') {
    unsigned long long u = 0; /* unsigned: no overflow on -2^63 or a damaged key */
    size_t i = 1;
    int neg = len > 1 && k[1] == '-';
    for (i += (size_t)neg; i < len; i++) u = u * 10 + (unsigned)(k[i] - '0');
    *v = (long long)(neg ? 0 - u : u);
    return KATA_KEY_INTEGER;
  }
  return KATA_KEY_STRING;
}

/* }====================================================================== */
