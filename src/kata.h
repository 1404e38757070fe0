/*
** kata.h: the public C API of kata's core.
** Plain C99; never includes lua.h, so the core can live in any host.
*/
#ifndef KATA_H
#define KATA_H

#include <stddef.h>
#include <stdint.h>

#define KATA_VERSION "0.1.0"

/* {======================================================================
** Allocation and errors
** ======================================================================= */

/*
** The caller's allocator, with the contract of Lua's lua_Alloc: nsize == 0
** frees ptr and returns NULL; otherwise (re)allocates ptr from osize to
** nsize bytes and returns NULL on failure, leaving ptr untouched.
*/
typedef void *(*kata_alloc_f)(void *ud, void *ptr, size_t osize, size_t nsize);

typedef struct kata_allocator {
  kata_alloc_f f;
  void *ud;
} kata_allocator_t;

enum {
  KATA_OK = 0,
  KATA_ENOMEM = -1, /* the allocator failed */
  KATA_EUTF8 = -2,  /* invalid UTF-8 in strict mode */
  KATA_EINVAL = -3, /* bad argument (unknown form or flag) */
  KATA_ELIMIT = -4  /* a documented limit was exceeded */
};

/* A static English message for an error code. */
const char *kata_errmsg(int code);

/* A growable byte buffer whose memory comes from a kata_allocator_t. */
typedef struct kata_buf {
  char *data;
  size_t len, cap;
} kata_buf_t;

void kata_buf_init(kata_buf_t *b);
int kata_buf_reserve(const kata_allocator_t *A, kata_buf_t *b, size_t extra);
int kata_buf_append(const kata_allocator_t *A, kata_buf_t *b, const char *s,
                    size_t n);
void kata_buf_free(const kata_allocator_t *A, kata_buf_t *b);

/* }====================================================================== */

/* {======================================================================
** UTF-8 and Unicode data
** ======================================================================= */

/* The Unicode version the generated tables were built from, "15.0.0". */
const char *kata_unicode_version(void);

/*
** Decodes the code point starting at s[pos] (pos < len). Returns the number
** of bytes it takes (>= 1). Invalid input yields *cp = -1 and the length of
** the maximal ill-formed subsequence (Unicode's "U+FFFD substitution of
** maximal subparts"), so callers never lose or shift bytes.
*/
size_t kata_utf8_decode(const char *s, size_t len, size_t pos, int32_t *cp);

/* Offset of the first invalid byte, or len when s is valid UTF-8. */
size_t kata_utf8_validate(const char *s, size_t len);

/* }====================================================================== */

/* {======================================================================
** Segmentation (UAX #29). Positions are 0-based byte offsets.
** ======================================================================= */

/*
** The next word boundary after pos (pos < len, pos on a boundary): the
** segment is s[pos, result). Stateless; pure function of the text.
*/
size_t kata_word_next(const char *s, size_t len, size_t pos);

/* The next sentence boundary after pos (pos < len, pos on a boundary). */
size_t kata_sentence_next(const char *s, size_t len, size_t pos);

/* }====================================================================== */

/* {======================================================================
** Tokens
** ======================================================================= */

typedef enum kata_kind {
  KATA_WORD,
  KATA_NUMBER,
  KATA_PUNCT,
  KATA_SYMBOL,
  KATA_EMOJI,
  KATA_URL,
  KATA_EMAIL,
  KATA_HASHTAG,
  KATA_MENTION,
  KATA_SPACE,
  KATA_NKINDS
} kata_kind_t;

/* "word", "number", ..., "space". */
const char *kata_kind_name(kata_kind_t kind);

/* Tokenizer flags. */
#define KATA_TOK_SPACES (1u << 0) /* also yield white-space tokens */

typedef struct kata_token {
  size_t start, stop; /* 0-based, stop exclusive: s[start, stop) */
  kata_kind_t kind;
} kata_token_t;

/* An iterator over the tokens of s; holds no memory, needs no freeing. */
typedef struct kata_tokenizer {
  const char *s;
  size_t len, pos;
  unsigned flags;
} kata_tokenizer_t;

void kata_tokenizer_init(kata_tokenizer_t *t, const char *s, size_t len,
                         unsigned flags);

/* Fills *tok with the next token and returns 1, or returns 0 at the end. */
int kata_tokenizer_next(kata_tokenizer_t *t, kata_token_t *tok);

/* }====================================================================== */

/* {======================================================================
** Normalisation and case folding (through utf8proc)
** ======================================================================= */

typedef enum kata_form {
  KATA_FORM_NONE, /* no normalisation (with KATA_NORM_FOLD: folding only) */
  KATA_FORM_NFC,
  KATA_FORM_NFD,
  KATA_FORM_NFKC,
  KATA_FORM_NFKD
} kata_form_t;

#define KATA_NORM_FOLD (1u << 0)   /* full case folding (CaseFolding C+F) */
#define KATA_NORM_STRICT (1u << 1) /* invalid UTF-8 is an error */

/*
** Appends the normalised (and/or folded) form of s to out. Invalid UTF-8 is
** copied through byte for byte unless KATA_NORM_STRICT, where the result is
** KATA_EUTF8 and *errpos (if not NULL) is the offset of the first bad byte.
** NFKC with KATA_NORM_FOLD is Unicode's NFKC_Casefold minus the removal of
** default-ignorable code points.
*/
int kata_normalize(const kata_allocator_t *A, const char *s, size_t len,
                   kata_form_t form, unsigned flags, kata_buf_t *out,
                   size_t *errpos);

/* }====================================================================== */

#endif
