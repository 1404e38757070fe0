/*
** gazetteer.c: phrase dictionaries matched token by token, longest first.
** Keys are token forms in one interning table; every proper prefix is a key too.
*/
#include <string.h>

#include "gazetteer.h"
#include "internal.h"
#include "strtab.h"

/* {======================================================================
** Entity types
** ======================================================================= */

static const char *const type_names[KATA_ENT_NTYPES] = {
  NULL, "PERSON", "LOCATION", "ORGANIZATION", "DATE", "TIME", "MONEY",
  "PERCENT", "NUMBER", "URL", "EMAIL", "HASHTAG", "MENTION"
};

const char *kata_entity_type_name(int type) {
  return type > 0 && type < KATA_ENT_NTYPES ? type_names[type] : NULL;
}

int kata_entity_type_of(const char *name, size_t len) {
  int i;
  for (i = 1; i < KATA_ENT_NTYPES; i++)
    if (strlen(type_names[i]) == len && memcmp(type_names[i], name, len) == 0)
      return i;
  return 0;
}

/* }====================================================================== */

/* {======================================================================
** Prepared text: each token's matching form, preceded by its length
** ======================================================================= */

/*
** The forms buffer holds, for each token, its form's length as a LEB128
** varint and then the form. The forms of tokens i..j are therefore one
** contiguous, unambiguous string: the key the gazetteer stores for the
** phrase of those tokens, looked up without copying.
*/

static size_t varint_len(size_t n) {
  size_t k = 1;
  while (n >= 128) {
    n >>= 7;
    k++;
  }
  return k;
}

static void varint_put(char *p, size_t n) {
  while (n >= 128) {
    *p++ = (char)((n & 127) | 128);
    n >>= 7;
  }
  *p = (char)n;
}

/* Where the key of a phrase starting at token tk begins in the buffer. */
static size_t key_start(const kata__gaztok_t *tk) {
  return tk->off - varint_len(tk->len);
}

/*
** Copies the n bytes of s to d, lowering ASCII capitals when fold, up to
** the first byte that is not ASCII: returns how many were copied (n when
** all). Eight bytes at a time where the byte order allows and both s and d
** have room bytes: whole words are read and written past the token, but
** only its own bytes decide, and the caller's length cuts the rest off.
*/
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ASCII_WORDS 1
#endif

static inline size_t ascii_copy(char *d, const char *s, size_t n, size_t room,
                                int fold) {
  size_t k = 0;
#ifdef ASCII_WORDS
  const uint64_t hi = 0x8080808080808080ull, low7 = 0x7F7F7F7F7F7F7F7Full;
  while (k < n && room - k >= 8) {
    uint64_t w, mine = n - k >= 8 ? ~(uint64_t)0 : ~(uint64_t)0 >> (64 - 8 * (n - k));
    memcpy(&w, s + k, 8);
    if (w & hi & mine) break;
    if (fold) { /* lanes in 'A'..'Z' (7-bit sums: no carry between lanes) */
      uint64_t y = w & low7;
      w |= ((y + 0x3F3F3F3F3F3F3F3Full) & ~(y + 0x2525252525252525ull) & ~w & hi) >> 2;
    }
    memcpy(d + k, &w, 8);
    k += 8;
  }
  if (k >= n) return n;
#else
  (void)room;
#endif
  for (; k < n; k++) {
    unsigned char c = (unsigned char)s[k];
    if (c >= 0x80) break;
    d[k] = (char)(fold && (unsigned)(c - 'A') < 26u ? c + 32 : c);
  }
  return k;
}

/*
** Appends the form of the token s[0, n) to b and sets *off and *flen; avail
** bytes can be read at s. All-ASCII tokens (most of them) take the fast
** path: NFKC leaves ASCII as it is and full case folding lowers it. Others
** go through kata_normalize, after which the varint in front may need more
** than its one byte.
*/
static int append_form(const kata_allocator_t *A, kata_buf_t *b, const char *s,
                       size_t n, size_t avail, unsigned flags, size_t *off,
                       size_t *flen) {
  size_t start = b->len, vl = varint_len(n), len, room;
  char *d;
  int rc;
  if (b->cap - b->len < n + 18 && (rc = kata_buf_reserve(A, b, n + 18)) != KATA_OK)
    return rc;
  varint_put(b->data + start, n);
  d = b->data + start + vl;
  if (!(flags & (KATA_GAZ_FOLD | KATA_GAZ_NFKC))) {
    memcpy(d, s, n);
  } else {
    room = b->cap - (start + vl);
    if (avail < room) room = avail;
    if (ascii_copy(d, s, n, room, (flags & KATA_GAZ_FOLD) != 0) < n) {
      /* not ASCII: normalise after a one-byte placeholder */
      b->len = start + 1;
      rc = kata_normalize(A, s, n,
                          (flags & KATA_GAZ_NFKC) ? KATA_FORM_NFKC : KATA_FORM_NONE,
                          (flags & KATA_GAZ_FOLD) ? KATA_NORM_FOLD : 0, b, NULL);
      if (rc != KATA_OK) {
        b->len = start;
        return rc;
      }
      len = b->len - start - 1;
      vl = varint_len(len);
      if (vl > 1) {
        if ((rc = kata_buf_reserve(A, b, vl - 1)) != KATA_OK) {
          b->len = start;
          return rc;
        }
        memmove(b->data + start + vl, b->data + start + 1, len);
      }
      varint_put(b->data + start, len);
      b->len = start + vl + len;
      *off = start + vl;
      *flen = len;
      return KATA_OK;
    }
  }
  b->len = start + vl + n;
  *off = start + vl;
  *flen = n;
  return KATA_OK;
}

void kata__gaztext_init(kata__gaztext_t *t) {
  t->tok = NULL;
  t->n = t->cap = 0;
  kata_buf_init(&t->forms);
  t->flags = 0;
}

void kata__gaztext_reset(kata__gaztext_t *t, unsigned flags) {
  t->n = 0;
  t->forms.len = 0;
  t->flags = flags & (KATA_GAZ_FOLD | KATA_GAZ_NFKC);
}

int kata__gaztext_reserve(const kata_allocator_t *A, kata__gaztext_t *t, size_t ntok,
                         size_t nbytes) {
  int rc;
  if (ntok > 0 && t->cap - t->n < ntok &&
      (rc = kata__grow(A, (void **)&t->tok, &t->cap, t->n + ntok - 1, sizeof *t->tok)) != KATA_OK)
    return rc;
  if (nbytes > (size_t)-1 - 32) return KATA_ELIMIT;
  return kata_buf_reserve(A, &t->forms, nbytes + 32);
}

int kata__gaztext_push(const kata_allocator_t *A, kata__gaztext_t *t, const char *s,
                      size_t len, size_t start, size_t stop, int kind) {
  kata__gaztok_t *g;
  int rc;
  if (kata__gaztext_push_short(t, s, len, start, stop, kind)) return KATA_OK;
  if (t->n == t->cap &&
      (rc = kata__grow(A, (void **)&t->tok, &t->cap, t->n, sizeof *t->tok)) != KATA_OK)
    return rc;
  g = &t->tok[t->n];
  rc = append_form(A, &t->forms, s + start, stop - start, len - start, t->flags, &g->off, &g->len);
  if (rc != KATA_OK) return rc;
  g->start = start;
  g->stop = stop;
  g->kind = kind;
  t->n++;
  return KATA_OK;
}

int kata__gaztext_finish(const kata_allocator_t *A, kata__gaztext_t *t) {
  /* Room for the hash's last eight-byte load (zeroed: nothing uninitialised
  ** is ever read). */
  int rc;
  if (t->n > 0) {
    if (t->forms.cap - t->forms.len < 8 && (rc = kata_buf_reserve(A, &t->forms, 8)) != KATA_OK)
      return rc;
    memset(t->forms.data + t->forms.len, 0, 8);
  }
  return KATA_OK;
}

int kata__gaztext_prepare(const kata_allocator_t *A, kata__gaztext_t *t,
                         const char *s, size_t len, unsigned flags) {
  kata_tokenizer_t it;
  kata_token_t tk;
  int rc = KATA_OK;
  kata__gaztext_reset(t, flags);
  kata_tokenizer_init(&it, s, len, 0);
  while (kata_tokenizer_next(&it, &tk))
    if ((rc = kata__gaztext_push(A, t, s, len, tk.start, tk.stop, (int)tk.kind)) != KATA_OK) break;
  if (rc == KATA_OK) rc = kata__gaztext_finish(A, t);
  if (rc != KATA_OK) {
    t->n = 0;
    t->forms.len = 0;
  }
  return rc;
}

void kata__gaztext_free(const kata_allocator_t *A, kata__gaztext_t *t) {
  if (t->tok) A->f(A->ud, t->tok, t->cap * sizeof *t->tok, 0);
  kata_buf_free(A, &t->forms);
  kata__gaztext_init(t);
}

/* }====================================================================== */

/* {======================================================================
** The gazetteer
** ======================================================================= */

#define KEY_FULL 1u   /* a phrase that was added */
#define KEY_PREFIX 2u /* a proper token-prefix of a longer phrase */

/* What a key stands for; kept by the key's id in the strtab. */
typedef struct gazkey {
  uint32_t voff, vlen; /* the value in g->values */
  unsigned char type, flags;
  uint16_t next; /* a prefix: bit (b & 15) for the first byte b of the form of
                 ** a token that follows it in some phrase (in the padding) */
} gazkey_t;

/* The bit of key info's next for a token whose form starts with b. */
#define NEXT_BIT(b) (1u << ((unsigned char)(b) & 15u))

struct kata_gazetteer {
  kata_allocator_t A;
  unsigned flags;
  kata__strtab_t keys; /* phrases and their proper prefixes */
  gazkey_t *info;     /* by key id */
  size_t info_cap;
  kata_buf_t values;
  size_t size;             /* phrases (KEY_FULL keys) */
  kata__gaztext_t scratch;  /* the phrase being added, tokenized */
  uint64_t *filter; /* two bits per one-token key's hash, 16 bits a key: most */
  unsigned fbits;   /* tokens of a text start no phrase, and a miss here */
  size_t nfirst;    /* spares a look into the (larger) table; fbits: log2 */
  uint32_t fshape[256]; /* before it: bit min(len, 31) of [first byte] of a */
                        /* first token's form (lower-case words, mostly, for */
                        /* a gazetteer of names: no hashing at all) */
};

/*
** The hash of a key, one token at a time, so that matching extends it by a
** token without hashing the prefix again. Forms are read eight bytes at a
** time, the last load masked: a prepared text keeps 8 bytes of room after
** its last form. Any hash would do for the table (the strtab takes it from
** the caller); the low bits pick the slot, so they take every input bit.
*/
#define HASH_SEED 0x6A09E667F3BCC909ull
#define HASH_MUL 0x9E3779B97F4A7C15ull

static inline uint64_t hash_step(uint64_t h, const char *s, size_t len) {
  uint64_t w;
  h = (h ^ len) * HASH_MUL;
  while (len > 8) {
    memcpy(&w, s, 8);
    h = (h ^ w) * HASH_MUL;
    h ^= h >> 29;
    s += 8;
    len -= 8;
  }
  if (len) {
    memcpy(&w, s, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w >>= 64 - 8 * len;
#else
    w &= ~(uint64_t)0 >> (64 - 8 * len);
#endif
    h = (h ^ w) * HASH_MUL;
  }
  h ^= h >> 32;
  h *= HASH_MUL;
  return h ^ (h >> 29);
}

/* {------------------------------------------------------------------
** The filter of first tokens
** ------------------------------------------------------------------- */

#define FILTER_MIN_BITS 16

/* A blocked Bloom filter with two bits a key in one 512-bit block (one
** cache line): the block from one multiplicative hash of the key's low 32
** hash bits (all a stored key keeps), the two bits from two others. At 16
** to 32 bits a key it lets 0.4 to 1.5% of other tokens through. */
static inline size_t filter_block(uint64_t h, unsigned fbits) {
  return (size_t)((uint32_t)((uint32_t)h * 0x9E3779B1u) >> (32 - (fbits - 9))) << 3;
}
#define FILTER_BIT1(h) ((uint32_t)((uint32_t)(h) * 0x85EBCA6Bu) >> 23)
#define FILTER_BIT2(h) ((uint32_t)((uint32_t)(h) * 0xC2B2AE35u) >> 23)

static inline int filter_has(const kata_gazetteer_t *g, uint64_t h) {
  const uint64_t *b = g->filter + filter_block(h, g->fbits);
  uint32_t b1 = FILTER_BIT1(h), b2 = FILTER_BIT2(h);
  return (int)((b[b1 >> 6] >> (b1 & 63)) & (b[b2 >> 6] >> (b2 & 63)) & 1u);
}

static inline void filter_set(kata_gazetteer_t *g, uint64_t h) {
  uint64_t *b = g->filter + filter_block(h, g->fbits);
  uint32_t b1 = FILTER_BIT1(h), b2 = FILTER_BIT2(h);
  b[b1 >> 6] |= (uint64_t)1 << (b1 & 63);
  b[b2 >> 6] |= (uint64_t)1 << (b2 & 63);
}

/* Is the key k[0, len) that of a single token (its varint and form)? */
static int one_token(const char *k, size_t len) {
  size_t n = 0, v = 0;
  unsigned shift = 0;
  while (v < len && v < 10) {
    unsigned char c = (unsigned char)k[v++];
    n |= (size_t)(c & 127) << shift;
    if (!(c & 128)) break;
    shift += 7;
  }
  return n <= len - v && v + n == len;
}

/* Makes room in the filter for want one-token keys: a new, larger
** filter is filled from the stored (32-bit) hashes of the keys. */
static int filter_reserve(kata_gazetteer_t *g, size_t want) {
  unsigned nb = g->fbits ? g->fbits : FILTER_MIN_BITS;
  size_t id, bytes;
  uint64_t *f, *old = g->filter;
  unsigned oldbits = g->fbits;
  while (nb < 32 && ((size_t)1 << nb) / 16 < want) nb++; /* 16 bits a key */
  if (nb == g->fbits) return KATA_OK;
  bytes = ((size_t)1 << nb) / 8;
  f = (uint64_t *)g->A.f(g->A.ud, NULL, 0, bytes);
  if (!f) return KATA_ENOMEM;
  memset(f, 0, bytes);
  g->filter = f;
  g->fbits = nb;
  for (id = 0; id < g->keys.n; id++) {
    size_t len;
    const char *k = kata__strtab_key(&g->keys, id, &len);
    if (one_token(k, len)) filter_set(g, g->keys.ents[id].hash);
  }
  if (old) g->A.f(g->A.ud, old, ((size_t)1 << oldbits) / 8, 0);
  return KATA_OK;
}

/* }------------------------------------------------------------------ */

kata_gazetteer_t *kata_gazetteer_new(const kata_allocator_t *A, unsigned flags) {
  kata_gazetteer_t *g = (kata_gazetteer_t *)A->f(A->ud, NULL, 0, sizeof *g);
  if (!g) return NULL;
  g->A = *A;
  g->flags = flags & (KATA_GAZ_FOLD | KATA_GAZ_NFKC);
  kata__strtab_init(&g->keys, A);
  g->info = NULL;
  g->info_cap = 0;
  kata_buf_init(&g->values);
  g->size = 0;
  kata__gaztext_init(&g->scratch);
  g->filter = NULL;
  g->fbits = 0;
  g->nfirst = 0;
  memset(g->fshape, 0, sizeof g->fshape);
  return g;
}

void kata_gazetteer_free(kata_gazetteer_t *g) {
  kata_allocator_t A;
  if (!g) return;
  A = g->A;
  kata__strtab_free(&g->keys);
  if (g->info) A.f(A.ud, g->info, g->info_cap * sizeof *g->info, 0);
  kata_buf_free(&A, &g->values);
  kata__gaztext_free(&A, &g->scratch);
  if (g->filter) A.f(A.ud, g->filter, ((size_t)1 << g->fbits) / 8, 0);
  A.f(A.ud, g, sizeof *g, 0);
}

unsigned kata_gazetteer_flags(const kata_gazetteer_t *g) {
  return g->flags;
}

size_t kata_gazetteer_size(const kata_gazetteer_t *g) {
  return g->size;
}

size_t kata_gazetteer_memory(const kata_gazetteer_t *g) {
  return sizeof *g + kata__strtab_bytes(&g->keys) +
         g->info_cap * sizeof *g->info + g->values.cap +
         g->scratch.cap * sizeof *g->scratch.tok + g->scratch.forms.cap +
         (g->filter ? ((size_t)1 << g->fbits) / 8 : 0);
}

/*
** Interns the key of every token-prefix of the phrase in g->scratch: the
** proper ones marked KEY_PREFIX. A failure part way leaves only harmless
** prefix keys behind. Sets *last to the id of the whole phrase's key.
*/
static int add_keys(kata_gazetteer_t *g, size_t *last) {
  const kata__gaztext_t *t = &g->scratch;
  uint64_t h = HASH_SEED;
  size_t j, id = 0;
  int rc;
  for (j = 0; j < t->n; j++) {
    const kata__gaztok_t *tk = &t->tok[j];
    if (j > 0) /* id is the prefix before this token */
      g->info[id].next |= (uint16_t)(tk->len ? NEXT_BIT(t->forms.data[tk->off]) : 0xFFFFu);
    h = hash_step(h, t->forms.data + tk->off, tk->len);
    if (g->keys.n == g->info_cap &&
        (rc = kata__grow(&g->A, (void **)&g->info, &g->info_cap, g->keys.n,
                        sizeof *g->info)) != KATA_OK)
      return rc;
    if (j == 0 && (rc = filter_reserve(g, g->nfirst + 1)) != KATA_OK) return rc;
    rc = kata__strtab_intern_h(&g->keys, t->forms.data, tk->off + tk->len, h, &id);
    if (rc < 0) return rc;
    if (rc == 1) {
      memset(&g->info[id], 0, sizeof g->info[id]);
      if (j == 0) {
        g->nfirst++;
        filter_set(g, h);
        if (tk->len > 0)
          g->fshape[(unsigned char)t->forms.data[tk->off]] |= 1u << (tk->len < 31 ? tk->len : 31);
      }
    }
    if (j + 1 < t->n) g->info[id].flags |= KEY_PREFIX;
  }
  *last = id;
  return KATA_OK;
}

/* kata_gazetteer_add for a phrase known to be valid UTF-8 (the loader
** checks whole lines). */
static int add_valid(kata_gazetteer_t *g, const char *phrase, size_t plen,
                     int type, const char *value, size_t vlen) {
  gazkey_t *e;
  size_t id, inside = (size_t)-1;
  int rc;
  if (type <= KATA_ENT_NONE || type >= KATA_ENT_NTYPES) return KATA_EINVAL;
  if (plen > KATA_GAZ_MAX_PHRASE) return KATA_ELIMIT;
  rc = kata__gaztext_prepare(&g->A, &g->scratch, phrase, plen, g->flags);
  if (rc != KATA_OK) return rc;
  if (g->scratch.n == 0) return KATA_EINVAL;
  if (g->scratch.n > KATA_GAZ_MAX_TOKENS) return KATA_ELIMIT;
  if (vlen > UINT32_MAX - g->values.len) return KATA_ELIMIT;
  /* A value taken from this gazetteer stays valid across the reserve. */
  if (vlen && g->values.len && (uintptr_t)value >= (uintptr_t)g->values.data &&
      (uintptr_t)value < (uintptr_t)(g->values.data + g->values.len))
    inside = (size_t)((uintptr_t)value - (uintptr_t)g->values.data);
  if (vlen && (rc = kata_buf_reserve(&g->A, &g->values, vlen)) != KATA_OK)
    return rc;
  if (inside != (size_t)-1) value = g->values.data + inside;
  if ((rc = add_keys(g, &id)) != KATA_OK) return rc;
  e = &g->info[id];
  if (!(e->flags & KEY_FULL)) {
    e->flags |= KEY_FULL;
    g->size++;
  }
  e->type = (unsigned char)type;
  if (vlen == 0) {
    e->voff = e->vlen = 0;
  } else if (vlen <= e->vlen) { /* the new value fits where the old one was */
    memmove(g->values.data + e->voff, value, vlen);
    e->vlen = (uint32_t)vlen;
  } else {
    memmove(g->values.data + g->values.len, value, vlen);
    e->voff = (uint32_t)g->values.len;
    e->vlen = (uint32_t)vlen;
    g->values.len += vlen;
  }
  return KATA_OK;
}

int kata_gazetteer_add(kata_gazetteer_t *g, const char *phrase, size_t plen,
                       int type, const char *value, size_t vlen) {
  if (type > KATA_ENT_NONE && type < KATA_ENT_NTYPES && plen <= KATA_GAZ_MAX_PHRASE &&
      kata_utf8_validate(phrase, plen) != plen)
    return KATA_EUTF8;
  return add_valid(g, phrase, plen, type, value, vlen);
}

/* One step of a longest match: the key of the tokens so far (key[0,
** keylen), hash h) looked up; the phrase's tokens so far are ntok. Records
** a whole phrase in *best / *bestid; returns whether a longer one can
** follow. */
static int key_step(const kata_gazetteer_t *g, const char *key, size_t keylen, uint64_t h,
                    size_t ntok, size_t *best, long *bestid, unsigned *next) {
  long id = kata__strtab_find_h(&g->keys, key, keylen, h);
  unsigned f;
  if (id < 0) return 0;
  f = g->info[id].flags;
  *next = g->info[id].next;
  if (f & KEY_FULL) {
    *best = ntok;
    *bestid = id;
  }
  return (f & KEY_PREFIX) != 0;
}

/* Sets the type and value of the phrase bestid (none when -1). */
static void put_result(const kata_gazetteer_t *g, long bestid, int *type, const char **value,
                       size_t *vlen) {
  const gazkey_t *e;
  if (type) *type = KATA_ENT_NONE;
  if (value) *value = NULL;
  if (vlen) *vlen = 0;
  if (bestid < 0) return;
  e = &g->info[bestid];
  if (type) *type = e->type;
  if (e->vlen) {
    if (value) *value = g->values.data + e->voff;
    if (vlen) *vlen = e->vlen;
  }
}

size_t kata__gazetteer_longest(const kata_gazetteer_t *g, const kata__gaztext_t *t,
                              size_t i, int *type, const char **value, size_t *vlen) {
  const char *forms = t->forms.data;
  uint64_t h = HASH_SEED;
  size_t j, base, best = 0;
  long bestid = -1;
  unsigned next = 0;
  put_result(g, -1, type, value, vlen);
  if (i >= t->n || g->keys.n == 0 || t->flags != g->flags) return 0;
  base = key_start(&t->tok[i]);
  for (j = i; j < t->n && j - i < KATA_GAZ_MAX_TOKENS; j++) {
    const kata__gaztok_t *tk = &t->tok[j];
    if (j > i && tk->len && !(next & NEXT_BIT(forms[tk->off]))) break; /* no phrase goes on so */
    h = hash_step(h, forms + tk->off, tk->len);
    if (j == i && !filter_has(g, h)) return 0;
    if (!key_step(g, forms + base, tk->off + tk->len - base, h, j - i + 1, &best, &bestid,
                  &next))
      break;
  }
  put_result(g, bestid, type, value, vlen);
  return best;
}

/* Can a phrase of g start at token tk? 0 when it surely cannot: the first
** byte and length of its form are no first word's (the form is the bytes,
** or made in the small buffer d when it is ASCII), or its hash is not in
** the filter. 2 when it may, its form (48 bytes at most) in *form and the
** form's hash in *h; 1 when it may, or the token needs the full treatment. */
static int may_start(const kata_gazetteer_t *g, const char *s, size_t len,
                     const kata_gazspan_t *tk, char *d, const char **form, uint64_t *h) {
  size_t n = tk->stop - tk->start, room = len - tk->start;
  unsigned lenbit = n < 31 ? (unsigned)n : 31u;
  if (n == 0 || n > 48) return 1;
  if (!(g->flags & (KATA_GAZ_FOLD | KATA_GAZ_NFKC))) { /* the form is the bytes */
    if (!((g->fshape[(unsigned char)s[tk->start]] >> lenbit) & 1u)) return 0;
    if (room >= n + 8) {
      *h = hash_step(HASH_SEED, s + tk->start, n);
      *form = s + tk->start;
      return filter_has(g, *h) ? 2 : 0;
    }
  }
#if defined(ASCII_WORDS) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if (n <= 8 && room >= 8) { /* one word, hashed from the register: hash_step
    ** reading back the bytes just stored (and the zeros after them) would
    ** wait for the stores */
    uint64_t w;
    memcpy(&w, s + tk->start, 8);
    w &= ~(uint64_t)0 >> (64 - 8 * n);
    if (!(w & 0x8080808080808080ull)) {
      if (g->flags & KATA_GAZ_FOLD) /* as ascii_copy folds */
        w |= ((w + 0x3F3F3F3F3F3F3F3Full) & ~(w + 0x2525252525252525ull) & 0x8080808080808080ull) >> 2;
      if (!((g->fshape[(unsigned char)w] >> lenbit) & 1u)) return 0;
      memcpy(d, &w, 8);
      memset(d + 8, 0, 8);
      *h = (HASH_SEED ^ n) * HASH_MUL; /* hash_step of n <= 8 bytes */
      *h = (*h ^ w) * HASH_MUL;
      *h ^= *h >> 32;
      *h *= HASH_MUL;
      *h ^= *h >> 29;
      *form = d;
      return filter_has(g, *h) ? 2 : 0;
    }
  }
#endif
  if (room > 64) room = 64;
  if (ascii_copy(d, s + tk->start, n, room, (g->flags & KATA_GAZ_FOLD) != 0) < n) return 1;
  if (!((g->fshape[(unsigned char)d[0]] >> lenbit) & 1u)) return 0;
  memset(d + n, 0, 8);
  *h = hash_step(HASH_SEED, d, n);
  *form = d;
  return filter_has(g, *h) ? 2 : 0;
}

/* Can the token tk of s follow a prefix whose next bits are next? 0 when
** its form surely starts with a byte no phrase has there: when its first
** two bytes are ASCII, the form starts with the first, or with it in lower
** case when g folds (neither folding nor NFKC changes an ASCII letter but
** its case, nor joins it to the ASCII byte after it); NEXT_BIT does not
** see the case (bit 5). */
static int may_follow(const char *s, const kata_gazspan_t *tk, unsigned next) {
  size_t n = tk->stop - tk->start;
  unsigned char b;
  if (n == 0) return 1;
  b = (unsigned char)s[tk->start];
  if (b >= 0x80 || (n > 1 && (unsigned char)s[tk->start + 1] >= 0x80)) return 1;
  return (next & NEXT_BIT(b)) != 0;
}

/* kata__gazetteer_longest at token i of tk, each form made in scratch as
** the match goes on; form0 (NULL for none) is the first token's form,
** already made by may_start, h0 its hash. */
static size_t longest_at(const kata_allocator_t *A, const kata_gazetteer_t *g,
                         const char *s, size_t len, const kata_gazspan_t *tk, size_t n,
                         size_t i, const char *form0, uint64_t h0, kata_buf_t *scratch,
                         long *bestid, int *err) {
  uint64_t h = HASH_SEED;
  size_t j = i, best = 0;
  unsigned next = 0;
  scratch->len = 0; /* the key is built from its start: varint, form, ... */
  if (form0) { /* as the loop's first step would make it: a varint of one byte */
    size_t n0 = tk[i].stop - tk[i].start;
    int rc;
    if (scratch->cap < n0 + 9 && (rc = kata_buf_reserve(A, scratch, n0 + 9)) != KATA_OK) {
      *err = rc;
      return 0;
    }
    varint_put(scratch->data, n0);
    if (n0 <= 8) memcpy(scratch->data + 1, form0, 8); /* one move: form0 has 8 bytes readable
                                                       ** (may_start's), the room is n0 + 9 */
    else memcpy(scratch->data + 1, form0, n0);
    scratch->len = n0 + 1;
    memset(scratch->data + scratch->len, 0, 8); /* hash_step's last load */
    h = h0;
    if (!key_step(g, scratch->data, n0 + 1, h, 1, &best, bestid, &next)) return best;
    j = i + 1;
  }
  for (; j < n && j - i < KATA_GAZ_MAX_TOKENS; j++) {
    size_t off, flen;
    int rc;
    if (j > i && !may_follow(s, &tk[j], next)) break; /* no phrase goes on so */
    rc = append_form(A, scratch, s + tk[j].start, tk[j].stop - tk[j].start,
                         len - tk[j].start, g->flags, &off, &flen);
    if (rc == KATA_OK && scratch->cap - scratch->len < 8) rc = kata_buf_reserve(A, scratch, 8);
    if (rc != KATA_OK) {
      *err = rc;
      return 0;
    }
    memset(scratch->data + scratch->len, 0, 8); /* hash_step's last load */
    h = hash_step(h, scratch->data + off, flen);
    if (j == i && !filter_has(g, h)) return 0;
    if (!key_step(g, scratch->data, off + flen, h, j - i + 1, &best, bestid, &next)) break;
  }
  return best;
}

size_t kata_gazetteer_next_at(const kata_allocator_t *A, const kata_gazetteer_t *g,
                              const char *s, size_t len, const kata_gazspan_t *tk,
                              size_t n, size_t *i, kata_buf_t *scratch, int *type,
                              const char **value, size_t *vlen, int *err) {
  size_t k, m = 0;
  long bestid = -1;
  *err = KATA_OK;
  if (g->keys.n == 0) {
    *i = n;
    put_result(g, -1, type, value, vlen);
    return 0;
  }
  for (k = *i; k < n; k++) {
    uint64_t buf[8], h = 0; /* 64 bytes: a form of up to 48 and the hash's last load */
    const char *form = NULL;
    int may = may_start(g, s, len, &tk[k], (char *)buf, &form, &h);
    if (may &&
        ((m = longest_at(A, g, s, len, tk, n, k, may == 2 ? form : NULL, h, scratch, &bestid,
                         err)) > 0 ||
         *err != KATA_OK))
      break;
  }
  *i = k;
  if (*err != KATA_OK) m = 0;
  put_result(g, m > 0 ? bestid : -1, type, value, vlen);
  return m;
}

/* }====================================================================== */

/* {======================================================================
** Loading TSV
** ======================================================================= */

static int is_blank(const char *s, size_t n) {
  size_t k;
  for (k = 0; k < n; k++)
    if (s[k] != ' ' && s[k] != '\t') return 0;
  return 1;
}

/*
** Every line is added as it is read. On an error *errline is its number
** (1-based) and *errmsg a static text: the line's fault for KATA_EFORMAT,
** else kata_errmsg(code) (out of memory, a limit of the value buffer).
*/
int kata_gazetteer_load(kata_gazetteer_t *g, const char *text, size_t len,
                        size_t *errline, const char **errmsg) {
  size_t pos = 0, line = 0;
  const char *msg = NULL;
  int rc = KATA_OK;
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) pos = 3; /* a BOM */
  { /* The filter sized for a first token a line up front: a million
    ** lines would otherwise rebuild it a dozen times. Only a speed-up:
    ** when memory is short, the lines find out one by one. */
    size_t lines = 1;
    const char *p = text, *end = text + len;
    while ((p = (const char *)memchr(p, '\n', (size_t)(end - p))) != NULL) {
      lines++;
      p++;
    }
    if (lines > 64 && lines < UINT32_MAX / 4) (void)filter_reserve(g, g->nfirst + lines);
  }
  while (pos < len) {
    const char *p = text + pos, *nl = (const char *)memchr(p, '\n', len - pos);
    const char *tab, *tab2, *value = NULL;
    size_t n = nl ? (size_t)(nl - p) : len - pos, plen, rest, tlen, vlen = 0;
    int type;
    pos += n + (nl != NULL);
    line++;
    if (n > 0 && p[n - 1] == '\r') n--;
    if (is_blank(p, n) || p[0] == '#') continue;
    rc = KATA_EFORMAT;
    if (kata_utf8_validate(p, n) != n) {
      msg = "invalid UTF-8";
      break;
    }
    if (!(tab = (const char *)memchr(p, '\t', n))) {
      msg = "missing tab";
      break;
    }
    plen = (size_t)(tab - p);
    rest = n - plen - 1;
    tlen = rest;
    if ((tab2 = (const char *)memchr(tab + 1, '\t', rest)) != NULL) {
      tlen = (size_t)(tab2 - tab - 1);
      value = tab2 + 1;
      vlen = rest - tlen - 1;
      if (memchr(value, '\t', vlen)) {
        msg = "too many fields";
        break;
      }
    }
    if (!(type = kata_entity_type_of(tab + 1, tlen))) {
      msg = "unknown type";
      break;
    }
    rc = add_valid(g, p, plen, type, value, vlen);
    if (rc == KATA_OK) continue;
    if (rc == KATA_EINVAL) { /* the type is valid: no token */
      msg = "empty phrase";
      rc = KATA_EFORMAT;
    } else if (rc == KATA_ELIMIT && (plen > KATA_GAZ_MAX_PHRASE ||
                                     g->scratch.n > KATA_GAZ_MAX_TOKENS)) {
      msg = "phrase too long";
      rc = KATA_EFORMAT;
    } else {
      msg = kata_errmsg(rc);
    }
    break;
  }
  if (errline) *errline = rc == KATA_OK ? 0 : line;
  if (errmsg) *errmsg = rc == KATA_OK ? NULL : msg;
  return rc;
}

/* }====================================================================== */
