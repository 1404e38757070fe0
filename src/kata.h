/*
** kata.h: the public C API of kata's core.
** Plain C99; never includes lua.h, so the core can live in any host.
*/
#ifndef KATA_H
#define KATA_H

#include <stddef.h>
#include <stdint.h>

#define KATA_VERSION "0.1.0"

/* What this header declares is the whole public API: a shared build
** exports it, and nothing else of the core (built with -fvisibility=hidden,
** and the private headers say hidden too). */
#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility push(default)
#endif

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
  KATA_ELIMIT = -4, /* a documented limit was exceeded */
  KATA_EFORMAT = -5, /* a file is not in the expected format */
  KATA_EIO = -6,    /* a read or write callback failed */
  KATA_ENOLIST = -7, /* a language without a built-in stop-word list */
  KATA_ENOSTEM = -8, /* a language Snowball has no stemmer for */
  KATA_ELANG = -9    /* a language code nothing knows */
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
  size_t no_email; /* private: no e-mail address starts before this */
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

/* {======================================================================
** Paragraphs
** ======================================================================= */

typedef enum kata_parmode {
  KATA_PAR_AUTO,  /* BLANK if the text has a blank line, else WRAP */
  KATA_PAR_BLANK, /* blank lines (of only white space) end paragraphs */
  KATA_PAR_LINE,  /* every line is a paragraph */
  KATA_PAR_WRAP   /* every line, but a run of hard-wrapped lines is one */
} kata_parmode_t;

/* Narrows [*start, *stop) of s to exclude White_Space code points at both
** ends (zero-width format characters such as U+200B are kept). */
void kata_trim(const char *s, size_t *start, size_t *stop);

/* The mode KATA_PAR_AUTO resolves to for s. */
kata_parmode_t kata_paragraph_mode(const char *s, size_t len);

/*
** Finds the next paragraph at or after *pos: sets [*start, *stop) to its
** text without the surrounding white space and *pos past it. Returns 0 when
** there is none. mode is BLANK, LINE or WRAP (resolve AUTO first). WRAP
** joins a line to the next when it does not end a sentence, is 30 to 100
** code points wide (as wrapped text is), is within a quarter of the run's
** first line in width, and the next line is not much wider.
*/
int kata_paragraph_next(const char *s, size_t len, size_t *pos,
                        kata_parmode_t mode, size_t *start, size_t *stop);

/*
** Appends to out the text of s's distinct paragraphs (mode AUTO), first
** occurrences in order, joined by blank lines. A paragraph's fingerprint
** is its tokens but punctuation and space, case-folded: changes of case,
** quotes, punctuation and spacing do not make a paragraph new.
*/
int kata_unique_paragraphs(const kata_allocator_t *A, const char *s, size_t len,
                           kata_buf_t *out);

/* }====================================================================== */

/* {======================================================================
** Duplicate paragraphs
** ======================================================================= */

typedef struct kata_dedup_opts {
  double threshold;         /* near duplicates: similarity at least this */
  size_t min_words;         /* shorter paragraphs are matched exactly only */
  int near;                 /* 0: exact duplicates only */
  int containment;          /* measure |A n B| / min(|A|, |B|), not Jaccard */
  int shingle;              /* words per shingle, 1 to 5 */
  const char *const *tails; /* boilerplate prefixes (lower case ASCII),
                               NULL-terminated; NULL: the built-in list */
} kata_dedup_opts_t;

/* A tails list holds at most KATA_DEDUP_TAILS_MAX prefixes besides the
** built-in ones, each of 1 to KATA_DEDUP_TAIL_BYTES bytes (KATA_EINVAL
** otherwise): every line and sentence start is compared with each. */
#define KATA_DEDUP_TAILS_MAX 64
#define KATA_DEDUP_TAIL_BYTES 64

/* KATA_DUP_ESTIMATE: a near duplicate by an index's estimate only (an
** index without a confirmation store): kata_duplicates might not report
** the pair; KATA_DUP_NEAR is always a real similarity. */
enum { KATA_DUP_EXACT = 1, KATA_DUP_NEAR, KATA_DUP_TEASER, KATA_DUP_ESTIMATE };
#define KATA_NO_DUP ((size_t)-1)

typedef struct kata_dup {
  size_t dup_of;     /* the paragraph it repeats, or KATA_NO_DUP */
  double similarity; /* 1 for exact duplicates and teasers */
  int kind;          /* KATA_DUP_*, 0 when not a duplicate */
} kata_dup_t;

/*
** Finds the duplicates among n paragraphs: out[i] says which earlier first
** occurrence paragraph i repeats. Exact: the same text after NFKC, case
** folding, white space, quote and dash unification and dropping the
** surrounding punctuation. Near: word-shingle MinHash (64 hashes) and LSH
** (16 bands of 4) find candidates, whose real similarity must reach the
** threshold. A trailing boilerplate line ("Baca juga: ...") is set aside
** first. A teaser (ending in "..." or U+2026) whose words open a longer
** paragraph is a duplicate of it, even of a later one.
*/
int kata_duplicates(const kata_allocator_t *A, const char *const *texts,
                    const size_t *lens, size_t n, const kata_dedup_opts_t *o,
                    kata_dup_t *out);

/* The built-in boilerplate prefixes, NULL-terminated. */
const char *const *kata_dedup_tails(void);

/* The defaults: threshold 0.8, min_words 5, near, Jaccard, shingles of one
** word, the built-in boilerplate prefixes. */
void kata_dedup_opts_init(kata_dedup_opts_t *o);

/* "exact", "near", "teaser", "estimate" for KATA_DUP_*; NULL for 0 or out
** of range. */
const char *kata_dup_kind_name(int kind);

/*
** A boilerplate list for kata_dedup_opts_t's tails: the built-in prefixes
** (when builtin is true) extended by the caller's, kept as lower-cased
** (ASCII) copies up to a NUL byte. kata_tails_add gives KATA_EINVAL for an
** empty prefix, KATA_ELIMIT past KATA_DEDUP_TAILS_MAX prefixes or for one
** longer than KATA_DEDUP_TAIL_BYTES.
*/
typedef struct kata_tails kata_tails_t;

kata_tails_t *kata_tails_new(const kata_allocator_t *A, int builtin);
int kata_tails_add(kata_tails_t *t, const char *prefix, size_t len);
const char *const *kata_tails_list(const kata_tails_t *t); /* NULL-terminated */
void kata_tails_free(kata_tails_t *t);

/*
** The paragraphs of s in mode (AUTO: resolved for s) and which of them
** repeat: spans gets two size_t per paragraph (0-based start and stop,
** stop exclusive), dups a kata_dup_t each as kata_duplicates finds them,
** *n their number (both buffers' contents are replaced).
*/
int kata_text_duplicates(const kata_allocator_t *A, const char *s, size_t len,
                         kata_parmode_t mode, const kata_dedup_opts_t *o,
                         kata_buf_t *spans, kata_buf_t *dups, size_t *n);

/*
** Appends s without its repeated paragraphs to out: the text before the
** first paragraph, then each kept paragraph with the separator that
** followed it, the last kept one with the text's own ending. Kept
** paragraphs are unchanged byte for byte; *removed counts the others.
*/
int kata_dedupe(const kata_allocator_t *A, const char *s, size_t len, kata_parmode_t mode,
                const kata_dedup_opts_t *o, kata_buf_t *out, size_t *removed);

/* The same from kata_text_duplicates' answer for s (its n spans and dups):
** a host that wants both finds the duplicates once. */
int kata_dedupe_text(const kata_allocator_t *A, const char *s, size_t len, const size_t *spans,
                     const kata_dup_t *dups, size_t n, kata_buf_t *out, size_t *removed);

/*
** A streaming duplicate index across documents. Each paragraph added keeps
** a 28-byte record (b-bit MinHash: 7 LSH bands of 4 six-bit rows, 32 one-bit
** values, 16 bits of its text's hash) and its key; 7 cuckoo tables of 4-byte
** slots find candidates. A paragraph under min_words words (or every one
** when near is 0) keeps the 64-bit hash of its normalised text instead and
** is matched exactly. Without a confirmation store, near similarity is
** estimated from the records (the text is not kept; standard error about
** 0.05 at 0.8) and such a hit's kind is KATA_DUP_ESTIMATE, not
** KATA_DUP_NEAR: kata_duplicates may reject the pair. Options as for
** kata_duplicates, but containment is not supported (KATA_EINVAL).
** At most 33,554,430 paragraphs (KATA_ELIMIT beyond).
*/
typedef struct kata_index kata_index_t;

#define KATA_INDEX_FORMAT 2 /* the version of the saved format (1 loads too, without a store) */

typedef struct kata_index_hit {
  size_t id;         /* the earlier paragraph (0-based, in order of adding), or KATA_NO_DUP */
  double similarity; /* 1 for an exact duplicate, else the real value (with a
                     ** store) or the estimate */
  int kind;          /* KATA_DUP_EXACT, KATA_DUP_NEAR (confirmed by the store) or
                     ** KATA_DUP_ESTIMATE (no store); 0 when none */
} kata_index_hit_t;

/*
** The confirmation store, optional: a file where the index keeps each long
** paragraph's shingles (sorted 32-bit hashes) so that candidates are
** confirmed exactly, as kata_duplicates does. It opens with a header of
** KATA_STORE_HEADER bytes that names it by an identifier (KATA_STORE_ID
** bytes the caller draws at random); a saved index records that
** identifier and the bytes in use, never a path. The caller does the I/O:
** read_at reads up to n bytes at off and returns how many (fewer only at
** the end of the file) or -1; write_at writes the n bytes at off and
** returns 0, or -1 on failure. A failed write may have written part of
** its bytes: the index then writes its next entry at the same offset, so
** write_at must write at off, not append. write_at is NULL for a store
** opened read-only: such an index adds nothing (KATA_EIO).
*/
typedef struct kata_store {
  long (*read_at)(void *ud, uint64_t off, void *p, size_t n);
  int (*write_at)(void *ud, uint64_t off, const void *p, size_t n);
} kata_store_t;

#define KATA_STORE_ID 16
#define KATA_STORE_HEADER 32

/* A new index. With io (and ud for it) it keeps a confirmation store in an
** empty file, named id, whose header it writes first (KATA_EIO if that
** fails); io NULL: no store. */
int kata_index_new(const kata_allocator_t *A, const kata_dedup_opts_t *o,
                   const kata_store_t *io, void *ud, const unsigned char *id,
                   kata_index_t **out);

/* Whether a loaded index has a store (1, with the bytes of it in use in
** *used) or not (0). An index with one adds and looks up nothing until it
** is attached. */
int kata_index_has_store(const kata_index_t *x, uint64_t *used);

/*
** Attaches a loaded index's store, a file of size bytes read (and written)
** through io and ud: its header must be a store's, with the identifier the
** index records, and it must hold the bytes in use. Otherwise KATA_EFORMAT
** with a message in err ("is not a kata store file", "is from another
** index", ...; errlen bytes, NUL-terminated). New entries go after the
** size bytes, never over them.
*/
int kata_index_attach_store(kata_index_t *x, const kata_store_t *io, void *ud, uint64_t size,
                            char *err, size_t errlen);
void kata_index_free(kata_index_t *x);

/*
** Looks up the paragraph s[0, n) and fills *hit. When it is not a duplicate
** and add is true, adds it under key (any bytes, kept as given).
*/
int kata_index_add(kata_index_t *x, const char *s, size_t n, const char *key,
                   size_t klen, int add, kata_index_hit_t *hit);

/*
** A paragraph prepared for kata_index_add elsewhere (another process): its
** record, its query set (a long one's sorted distinct 32-bit shingle
** hashes, which a store confirms near matches with) and its key, appended
** to out as one item: a tag byte, a check of the options (4 bytes), the
** record (8 bytes for a short paragraph, 28 for a long one), the key's
** length (a varint) and the key, and for a long paragraph the set's size
** (a varint) and 4 bytes a hash; KATA_PREPARED_MIN bytes at least. Made
** by an index with the same options (near, shingle, min_words, tails; the
** threshold and the store do not matter), which adds and looks up
** nothing. Items are made in any order and concatenated; adding them in
** the order of the paragraphs gives what kata_index_add of the
** paragraphs in that order gives.
*/
#define KATA_PREPARED_MIN 14
int kata_index_prepare(kata_index_t *x, const char *s, size_t n, const char *key, size_t klen,
                       kata_buf_t *out);

/*
** Adds (or, add false, looks up) the item at p[0, n), made by
** kata_index_prepare, as kata_index_add would the paragraph; *used gets
** the item's length (the next item follows) and *key, *klen its key (in
** p). With a prefix (plen > 0 bytes), the key added is the prefix then
** the item's key without its first byte (the tag kata_key_string and
** kata_key_int put first: so a prefix made by kata_key_string gives the
** string key prefix .. key); the hits' ids are as without. Bytes that are
** not an item of an index with x's options give KATA_EFORMAT and a
** message in err (errlen bytes, NUL-terminated; may be NULL), *used 0 and
** nothing added. Otherwise the answers and errors of kata_index_add
** (KATA_ELIMIT, KATA_EIO, KATA_ENOMEM: the index as it was), with *used
** set.
*/
int kata_index_add_prepared(kata_index_t *x, const char *p, size_t n, const char *prefix,
                            size_t plen, size_t *used, int add, kata_index_hit_t *hit,
                            const char **key, size_t *klen, char *err, size_t errlen);

size_t kata_index_size(const kata_index_t *x);

/* The key of paragraph i (< size), not NUL-terminated. */
const char *kata_index_key(const kata_index_t *x, size_t i, size_t *len);

/* Bytes held: records and tables; keys and their offsets. */
void kata_index_memory(const kata_index_t *x, size_t *index_bytes, size_t *key_bytes);

/* Writes n bytes; returns 0 on success. */
typedef int (*kata_write_f)(void *ud, const void *p, size_t n);
/* Reads up to n bytes; returns how many (0 at the end or on an error). */
typedef size_t (*kata_read_f)(void *ud, void *p, size_t n);

/*
** An index sharded over servers (the Redis module's KATA.SHARD.*, see
** docs/redis.md): a paragraph's record, made by a client's index (no
** store), is kept once in a home shard with its key and gets an id there;
** its parts (7 bands, then the exact part) are kept in 8 part shards, one
** table each, mapping the part's key to ids. A lookup finds the ids in
** each part, fetches their records from their homes, and
** kata_record_pick decides as kata_index_add would.
*/
#define KATA_RECORD_SIZE 28
#define KATA_RECORD_PARTS 8     /* 7 bands and the exact part */
#define KATA_SHARD_HOME (-1)    /* a shard of records, not of a part */
#define KATA_SHARD_FOUND_MAX 8  /* ids one part's lookup gives */
#define KATA_SHARD_ID_MAX ((1u << 25) - 2)

/* The record of paragraph s[0, n) as x would keep it (x has no store:
** KATA_EINVAL otherwise); adds and looks up nothing. */
int kata_index_record(kata_index_t *x, const char *s, size_t n, unsigned char rec[KATA_RECORD_SIZE]);

/* Whether rec has a key in part (0-7), in *key: every record is in the
** exact part, a long paragraph's in the 7 bands too. */
int kata_record_key(const unsigned char rec[KATA_RECORD_SIZE], int part, uint64_t *key);

/* Which of n sub-parts (1 to KATA_SHARD_SUBPARTS_MAX) of part (0-7) keeps
** rec's key: 0 to n - 1, from bits of the key that a part shard does not
** use (so the entries of one sub-part still spread over its table), or -1
** when rec has no key in part or n is out of range. */
#define KATA_SHARD_SUBPARTS_MAX 4096
int kata_record_route(const unsigned char rec[KATA_RECORD_SIZE], int part, uint32_t n);

typedef struct kata_record_cand {
  uint32_t id;
  int part;                  /* the part it was found in */
  const unsigned char *rec;  /* its record, KATA_RECORD_SIZE bytes */
} kata_record_cand_t;

/* The hit among the candidates found for q (parts in any order), as
** kata_index_add picks it with x's threshold. A candidate whose part is
** not 0-7 is never weighed. */
void kata_record_pick(const kata_index_t *x, const unsigned char q[KATA_RECORD_SIZE],
                      const kata_record_cand_t *c, size_t n, kata_index_hit_t *hit);

typedef struct kata_shard kata_shard_t;

/* A new shard: part 0-7, or KATA_SHARD_HOME number home of homes (its ids
** are home, home + homes, home + 2 * homes, ...). KATA_EINVAL otherwise. */
int kata_shard_new(const kata_allocator_t *A, int part, uint32_t home, uint32_t homes,
                   kata_shard_t **out);
void kata_shard_free(kata_shard_t *s);
int kata_shard_part(const kata_shard_t *s); /* 0-7 or KATA_SHARD_HOME */
void kata_shard_home(const kata_shard_t *s, uint32_t *home, uint32_t *homes);
size_t kata_shard_size(const kata_shard_t *s);
size_t kata_shard_memory(const kata_shard_t *s);

/* A part: the ids (at most KATA_SHARD_FOUND_MAX, some may be false
** matches) put with rec's key; returns how many. */
int kata_shard_find(const kata_shard_t *s, const unsigned char rec[KATA_RECORD_SIZE],
                    uint32_t out[KATA_SHARD_FOUND_MAX]);
/* A part: puts id under rec's key (nothing when rec has no key in this
** part, when id is there already, or when 4 ids share the key, as in one
** kata_index_t). A part's table grows only when 95% full; in a band
** part, as in one index's band tables, an entry the cuckoo walk (or the
** growing table's rebuild) leaves without a slot is dropped (it stays in
** its other parts). */
int kata_shard_put(kata_shard_t *s, const unsigned char rec[KATA_RECORD_SIZE], uint32_t id);
/* A home: keeps rec and key (klen below 2^32: KATA_EINVAL otherwise);
** *id gets its id (KATA_ELIMIT past KATA_SHARD_ID_MAX). */
int kata_shard_add(kata_shard_t *s, const unsigned char rec[KATA_RECORD_SIZE], const char *key,
                   size_t klen, uint32_t *id);
/* A home: the record of id and its key, or NULL when id is not here. */
const unsigned char *kata_shard_get(const kata_shard_t *s, uint32_t id, const char **key,
                                    size_t *klen);

/* Saves and loads a shard (KATA_EFORMAT with a message for bad bytes). */
int kata_shard_save(const kata_shard_t *s, kata_write_f f, void *ud);
int kata_shard_load(const kata_allocator_t *A, kata_read_f f, void *ud, kata_shard_t **out,
                    char *err, size_t errlen);

/* Saves the index in the documented format (KATA_EIO when f fails). */
int kata_index_save(const kata_index_t *x, kata_write_f f, void *ud);

/*
** Loads an index saved by kata_index_save. A file that is not one, or is
** truncated or damaged, gives KATA_EFORMAT and a message naming the byte
** in err (errlen bytes, NUL-terminated). Checked before use: every field,
** offset and the checksum.
*/
int kata_index_load(const kata_allocator_t *A, kata_read_f f, void *ud,
                    kata_index_t **out, char *err, size_t errlen);

/*
** Keys (of an index, and a corpus's document ids) as the hosts store them:
** '$' and a string's bytes, or '#' and an integer in decimal, so that the
** integer 1 and the string "1" stay two keys and an index saved by one
** host reads the same in another.
*/
enum { KATA_KEY_STRING = 1, KATA_KEY_INTEGER };
#define KATA_KEY_INT_SIZE 22 /* "#-9223372036854775808" and its NUL */

/* Writes the key of v to out (NUL-terminated); returns its length. */
size_t kata_key_int(long long v, char out[KATA_KEY_INT_SIZE]);
/* Appends the key of the string s to out. */
int kata_key_string(const kata_allocator_t *A, const char *s, size_t len, kata_buf_t *out);
/* What a stored key k holds: KATA_KEY_INTEGER with its value in *v, or
** KATA_KEY_STRING; either way *text is what follows the tag (tlen bytes). */
int kata_key_decode(const char *k, size_t len, const char **text, size_t *tlen, long long *v);

/* }====================================================================== */

/* {======================================================================
** Entity types and gazetteers: phrase dictionaries, token-aligned, longest
** match first, case- and normalisation-insensitive by option.
** ======================================================================= */

/* Entity types; 0 is "none". */
enum {
  KATA_ENT_NONE = 0,
  KATA_ENT_PERSON,
  KATA_ENT_LOCATION,
  KATA_ENT_ORGANIZATION,
  KATA_ENT_DATE,
  KATA_ENT_TIME,
  KATA_ENT_MONEY,
  KATA_ENT_PERCENT,
  KATA_ENT_NUMBER,
  KATA_ENT_URL,
  KATA_ENT_EMAIL,
  KATA_ENT_HASHTAG,
  KATA_ENT_MENTION,
  KATA_ENT_NTYPES
};

/* "PERSON", ... by type (NULL for 0 or out of range); the type of a name
** (exact, upper case), or 0. */
const char *kata_entity_type_name(int type);
int kata_entity_type_of(const char *name, size_t len);

#define KATA_GAZ_FOLD (1u << 0) /* match case-insensitively (full case folding) */
#define KATA_GAZ_NFKC (1u << 1) /* match NFKC forms (compatibility variants) */

#define KATA_GAZ_MAX_TOKENS 32    /* tokens in a phrase */
#define KATA_GAZ_MAX_PHRASE 1024  /* bytes in a phrase */

typedef struct kata_gazetteer kata_gazetteer_t;

kata_gazetteer_t *kata_gazetteer_new(const kata_allocator_t *A, unsigned flags);
void kata_gazetteer_free(kata_gazetteer_t *g);
unsigned kata_gazetteer_flags(const kata_gazetteer_t *g);

/*
** Adds a phrase (its tokens: words, numbers, punctuation and symbols, white
** space between them ignored) with a type and an optional value (any bytes,
** vlen 0 for none). A phrase added again replaces the type and value.
** KATA_EINVAL: no token, or a type out of range; KATA_ELIMIT: over
** KATA_GAZ_MAX_TOKENS tokens or KATA_GAZ_MAX_PHRASE bytes; KATA_EUTF8:
** invalid UTF-8 in the phrase.
*/
int kata_gazetteer_add(kata_gazetteer_t *g, const char *phrase, size_t plen,
                       int type, const char *value, size_t vlen);

/*
** Adds the entries of TSV text: per line "phrase<TAB>TYPE[<TAB>value]";
** CRLF or LF; lines that are blank or start with '#' are skipped. On a
** malformed line (no tab, unknown type, empty phrase, too long, invalid
** UTF-8, more than 3 fields) returns KATA_EFORMAT with *errline (1-based)
** and *errmsg (a static text such as "unknown type", which cannot name
** the type); entries before it stay added. Other errors (KATA_ENOMEM)
** also set *errline, and *errmsg to kata_errmsg's text.
*/
int kata_gazetteer_load(kata_gazetteer_t *g, const char *text, size_t len,
                        size_t *errline, const char **errmsg);

size_t kata_gazetteer_size(const kata_gazetteer_t *g);   /* entries */
size_t kata_gazetteer_memory(const kata_gazetteer_t *g); /* bytes held */

/*
** The same, straight from the text, for a text matched once: tk[0, n) are
** the tokens of s[0, len) (0-based spans, no white space, in order: what
** kata__gaztext_prepare would push). From token *i on, finds the first token
** where a phrase of g starts: sets *i to it (n when there is none) and
** returns the phrase's tokens (0: none), with *type, *value, *vlen as
** above. Forms are made only where a lookup needs them, in scratch (reused
** from call to call; the caller frees it). On a failed allocation returns
** 0 with *err set (KATA_OK otherwise).
*/
typedef struct kata_gazspan {
  size_t start, stop;
} kata_gazspan_t;

size_t kata_gazetteer_next_at(const kata_allocator_t *A, const kata_gazetteer_t *g,
                              const char *s, size_t len, const kata_gazspan_t *tk,
                              size_t n, size_t *i, kata_buf_t *scratch, int *type,
                              const char **value, size_t *vlen, int *err);

/* }====================================================================== */

/* {======================================================================
** Entities
** ======================================================================= */

/* The tagger's built-in data (lexicon, gazetteers), parsed once. */
typedef struct kata_tagger kata_tagger_t;

kata_tagger_t *kata_tagger_new(const kata_allocator_t *A);
void kata_tagger_free(kata_tagger_t *tg);

/* A tagger keeps its working memory between calls (one caller at a time);
** this frees it. */
void kata_tagger_trim(kata_tagger_t *tg);

/*
** The name model's weights (a file tools/train_ner.lua writes; the format
** is in data/ner/README.md): data[0, len) replaces the built-in weights
** (copied; data may go after). data NULL: no model (names from the rules
** alone); len 0 with data not NULL: the built-in weights again (loaded on
** first use). KATA_EFORMAT when the bytes are not such a file or are
** damaged (header, sizes, bitmap or checksum), KATA_ENOMEM; the tagger
** keeps its model then.
*/
int kata_tagger_model(kata_tagger_t *tg, const void *data, size_t len);

/* The bytes the tagger's loaded name model holds (0 when none is loaded). */
size_t kata_tagger_model_memory(const kata_tagger_t *tg);

typedef struct kata_ent {
  size_t start, stop; /* 0-based, stop exclusive */
  int type;           /* KATA_ENT_* */
  char value[48];     /* the normalised value, "" when none; for a phrase
                      ** of a caller's gazetteer its value cut to 47 bytes */
  const char *gvalue; /* a caller's gazetteer phrase: its value as given,
                      ** gvlen bytes (NULL when none); points into that
                      ** gazetteer, valid while it is neither changed nor freed */
  size_t gvlen;
} kata_ent_t;

typedef struct kata_ent_opts {
  unsigned types; /* bit (1 << type) per type kept; 0: every type */
  kata_gazetteer_t *const *gazetteers; /* the caller's, looked up first */
  size_t ngazetteers;
  int no_model;   /* 1: names from the rules alone, not the name model */
} kata_ent_opts_t;

/*
** Tags s: *out gets *n entities in text order, never overlapping (free it
** with kata_entities_free). o may be NULL.
*/
int kata_entities(kata_tagger_t *tg, const char *s, size_t len,
                  const kata_ent_opts_t *o, kata_ent_t **out, size_t *n);
void kata_entities_free(kata_tagger_t *tg, kata_ent_t *e, size_t n);

/* An entity's value, typed. */
enum {
  KATA_VALUE_NONE = 0,
  KATA_VALUE_INTEGER, /* a whole number or percentage: integer (and number) */
  KATA_VALUE_NUMBER,  /* a number or percentage with decimals: number */
  KATA_VALUE_MONEY,   /* number is the amount, text the currency ("" when none) */
  KATA_VALUE_STRING   /* text: a date, a time, ... or a caller's gazetteer value as given */
};

typedef struct kata_value {
  int kind;         /* KATA_VALUE_* */
  long long integer;
  double number;
  const char *text; /* points into the entity (or its gazetteer) */
  size_t len;
} kata_value_t;

/* The value of e: a caller's gazetteer value as given, else the tagger's
** (the number a money amount, number or percentage starts with, read
** without the C locale). */
void kata_entity_value(const kata_ent_t *e, kata_value_t *v);

/* }====================================================================== */

/* {======================================================================
** Word sets, stop words and stemming
** ======================================================================= */

/* A set of strings (stop words, a user's list). */
typedef struct kata_strtab kata_wordset_t;

kata_wordset_t *kata_wordset_new(const kata_allocator_t *A);
void kata_wordset_free(kata_wordset_t *ws);
/* Adds the case-folded form of s; returns KATA_OK or an error. */
int kata_wordset_add(kata_wordset_t *ws, const char *s, size_t len);
/* Is s (already folded by the caller) in the set? */
int kata_wordset_has(const kata_wordset_t *ws, const char *s, size_t len);
size_t kata_wordset_size(const kata_wordset_t *ws);

/* The built-in stop words of lang ("en", "de", ...), NULL-terminated, or
** NULL; kata_stoplist_lang(i) names the i-th built-in list (NULL past the
** end). Every language libstemmer stems has one (those with no source list
** an empty one: ne, sr, ta, yi); en and id come first. */
const char *const *kata_stoplist(const char *lang, size_t *count);
const char *kata_stoplist_lang(size_t i);

/* At least the number of built-in lists (28 today): the size of the arrays
** a host passes to the kata_language_hits functions, and of any per-list
** table it keeps. The core refuses to build with more lists. */
#define KATA_MAX_LANGS 32

/* A Snowball stemmer (libstemmer, which allocates with malloc itself). */
typedef struct kata_stemmer kata_stemmer_t;

/* lang is a Snowball name or ISO code ("english", "en", "id", ...); NULL
** when libstemmer has no such algorithm. */
kata_stemmer_t *kata_stemmer_new(const char *lang);
void kata_stemmer_free(kata_stemmer_t *st);
/* Stems w; the result stays valid until the next call on st. NULL when
** out of memory. */
const char *kata_stem(kata_stemmer_t *st, const char *w, size_t len,
                      size_t *outlen);

/* Bytes of a text that the language guess reads: enough to decide. */
#define KATA_LANGUAGE_SAMPLE ((size_t)1 << 16)

/* The unit of the evidence the guess counts: a word that points to k
** languages adds KATA_LANGUAGE_UNIT / k to each of them. */
#define KATA_LANGUAGE_UNIT 2520

/* Counts, for each built-in list i (up to max, at most KATA_MAX_LANGS), the
** evidence for its language among the words of s's first
** KATA_LANGUAGE_SAMPLE bytes (hits[i], in KATA_LANGUAGE_UNIT per word), and
** how many different words of the list occur (distinct[i]), and all the
** words; returns the number of lists counted. A word points to each
** language whose list holds its case-folded form, and to the languages its
** script or spelling names: Greek, Armenian, Tamil (any word in the
** script), Arabic (without the letters of Persian and Urdu), Serbian and
** Russian (Cyrillic letters of their own), Yiddish (its spelling), and a
** few function words of ne, sr and yi, which have no list. */
size_t kata_language_hits(const char *s, size_t len, size_t *hits,
                          size_t *distinct, size_t max, size_t *words);

/* The same with the lists as word sets (faster: hashing, not searching);
** sets[i] must hold the i-th built-in list, folded (nsets at most
** KATA_MAX_LANGS count). */
size_t kata_language_hits_sets(const char *s, size_t len,
                               const kata_wordset_t *const *sets, size_t nsets,
                               size_t *hits, size_t *distinct, size_t *words);

/* kata_language from counts made by kata_language_hits: the language with
** the most evidence, "und" when none has any or two tie. */
const char *kata_language_guess(const size_t *hits, size_t nl, size_t words,
                                double *confidence);

/* Guesses the language of s from the built-in stop-word lists: returns its
** code (or "und") and sets *confidence in [0, 1]. */
const char *kata_language(const char *s, size_t len, double *confidence);

/* }====================================================================== */

/* {======================================================================
** Counting terms
** ======================================================================= */

#define KATA_COUNT_FOLD (1u << 0)    /* count case-folded forms */
#define KATA_COUNT_NUMBERS (1u << 1) /* count number tokens too */
#define KATA_COUNT_NOFAST (1u << 2)  /* tests: never take the ASCII fast path */

typedef struct kata_count_opts {
  unsigned flags;
  size_t min_length;          /* in code points; 0 or 1: any */
  int ngram_min, ngram_max;   /* words per term, 1 <= min <= max <= 3 */
  const kata_wordset_t *stopwords; /* NULL: none; matched on folded forms */
  kata_stemmer_t *stemmer;    /* NULL: no stemming */
} kata_count_opts_t;

typedef struct kata_counter kata_counter_t;

kata_counter_t *kata_counter_new(const kata_allocator_t *A);
void kata_counter_free(kata_counter_t *c);

/* Counts the terms of s into c. Returns KATA_OK or an error code; after
** an error c is as it was (kata_counter_add_word's window too). */
int kata_counter_add(kata_counter_t *c, const char *s, size_t len,
                     const kata_count_opts_t *o);
/* Where a phrase stands when words are fed one at a time. */
typedef struct kata_window {
  int run, head;
} kata_window_t;

/* Counts one word given directly (from the caller's list), continuing the
** phrase in *win (n-grams span consecutive words); win NULL: on its own. */
int kata_counter_add_word(kata_counter_t *c, const char *w, size_t len,
                          const kata_count_opts_t *o, kata_window_t *win);

/* Distinct terms so far; ids are 0 .. size-1. */
size_t kata_counter_size(const kata_counter_t *c);
/* Occurrences counted so far (the sum of all counts). */
uint64_t kata_counter_total(const kata_counter_t *c);
uint64_t kata_counter_count(const kata_counter_t *c, size_t id);
/* The term as reported: with stemming, its most frequent surface form. */
const char *kata_counter_term(kata_counter_t *c, size_t id, size_t *len);
/* The term as counted (the stem when stemming). */
const char *kata_counter_key(const kata_counter_t *c, size_t id, size_t *len);
/* The id of a counted key, or -1. */
long kata_counter_find(const kata_counter_t *c, const char *key, size_t len);
/* Bytes of memory the counter holds. */
size_t kata_counter_bytes(const kata_counter_t *c);

/* A term and its score, as ranked by kata_counter_rank. */
typedef struct kata_ranked {
  size_t id;
  double score;
} kata_ranked_t;

/*
** The n best terms of c by score (higher first; ties by reported term, in
** byte order), written to out; *nout is how many. out needs room for the
** smaller of n and kata_counter_size(c) only (a heap of that size: work
** and memory follow the terms, not n). scores[id] gives each term's
** score; NULL ranks by count.
*/
int kata_counter_rank(kata_counter_t *c, const double *scores, size_t n,
                      kata_ranked_t *out, size_t *nout);

/* }====================================================================== */

/* {======================================================================
** YAKE! keyword extraction (one document, no corpus)
** ======================================================================= */

typedef struct kata_yake_opts {
  unsigned flags;       /* KATA_COUNT_FOLD: report folded forms */
  int ngram_max;        /* longest candidate, 1 to 3 words */
  size_t min_length;    /* shorter words (code points) count as stop words */
  const kata_wordset_t *stopwords;
  kata_stemmer_t *stemmer; /* NULL: terms are folded words */
  double dedup;         /* drop a candidate this similar to a better one */
  const char *lang;     /* "en": a lower-case verb form or adverb (-ed,
                        ** -ing, -ly) is a candidate only alone; NULL: none */
} kata_yake_opts_t;

typedef struct kata_yake kata_yake_t;

kata_yake_t *kata_yake_new(const kata_allocator_t *A);
void kata_yake_free(kata_yake_t *y);
/* The most keywords kata_yake_run gives, whatever n asks: its
** near-duplicate filter compares each with all those kept before it. */
#define KATA_YAKE_MAX 100

/* Extracts up to n keywords of s (at most one per candidate phrase and at
** most KATA_YAKE_MAX); use a fresh kata_yake_t per text. */
int kata_yake_run(kata_yake_t *y, const char *s, size_t len,
                  const kata_yake_opts_t *o, size_t n);
size_t kata_yake_size(const kata_yake_t *y);
/* The i-th keyword, best first: its most frequent surface form, YAKE's
** score (lower is better) and its number of occurrences. */
const char *kata_yake_term(const kata_yake_t *y, size_t i, size_t *len);
double kata_yake_score(const kata_yake_t *y, size_t i);
uint64_t kata_yake_count(const kata_yake_t *y, size_t i);

/* }====================================================================== */

/* {======================================================================
** Key phrases (one document, no corpus): names and noun-phrase-like runs
** ======================================================================= */

#define KATA_KEYPHRASE_NGRAM_MAX 4

typedef struct kata_keyphrase_opts {
  unsigned flags;          /* KATA_COUNT_FOLD: report folded forms */
  int ngram_max;           /* longest phrase, 1 to KATA_KEYPHRASE_NGRAM_MAX */
  const kata_wordset_t *stopwords; /* NULL: none; matched on folded forms */
  kata_stemmer_t *stemmer; /* NULL: words are grouped by their folded form */
  const char *lang;        /* "en": English word rarity and phrase edges;
                           ** anything else (or NULL): every word equally rare */
} kata_keyphrase_opts_t;

typedef struct kata_keyphrase kata_keyphrase_t;

kata_keyphrase_t *kata_keyphrase_new(const kata_allocator_t *A);
void kata_keyphrase_free(kata_keyphrase_t *k);

/*
** Extracts up to n key phrases of s. k may be reused: each run forgets the
** last one's results. KATA_EINVAL for ngram_max out of range, KATA_ENOMEM
** (k then holds no results). Invalid UTF-8 is read around, as the
** tokenizer does.
*/
int kata_keyphrase_run(kata_keyphrase_t *k, const char *s, size_t len,
                       const kata_keyphrase_opts_t *o, size_t n);
size_t kata_keyphrase_size(const kata_keyphrase_t *k);
/* The i-th phrase, best first: its most frequent spelling (words joined by
** one space; folded with KATA_COUNT_FOLD), its score (higher is better)
** and how often it occurs. */
const char *kata_keyphrase_term(const kata_keyphrase_t *k, size_t i, size_t *len);
double kata_keyphrase_score(const kata_keyphrase_t *k, size_t i);
uint64_t kata_keyphrase_count(const kata_keyphrase_t *k, size_t i);

/* The Zipf value (log10 of occurrences per billion words) of a folded word
** in the built-in frequencies of lang ("en"), or 0 when it is not listed. */
double kata_word_zipf(const char *lang, const char *w, size_t len);

/* }====================================================================== */

/* {======================================================================
** A corpus: document frequencies for TF-IDF
** ======================================================================= */

typedef struct kata_corpus kata_corpus_t;

kata_corpus_t *kata_corpus_new(const kata_allocator_t *A);
void kata_corpus_free(kata_corpus_t *k);

/*
** Adds a document: every distinct key counted in doc adds one to its
** document frequency. id (may be NULL) names the document; a second
** document with the same id is refused with 0. Returns 1 when added, or
** an error code (KATA_ENOMEM) with the corpus as it was.
*/
int kata_corpus_add(kata_corpus_t *k, const kata_counter_t *doc,
                    const char *id, size_t idlen);
size_t kata_corpus_size(const kata_corpus_t *k);
uint64_t kata_corpus_df(const kata_corpus_t *k, const char *key, size_t len);
/* Smoothed inverse document frequency: ln((1 + N) / (1 + df)) + 1. */
double kata_corpus_idf(const kata_corpus_t *k, const char *key, size_t len);
size_t kata_corpus_bytes(const kata_corpus_t *k);

/* }====================================================================== */

/* {======================================================================
** Keywords: the choices every host makes the same way (languages, stop
** words and stemmers for a text, defaults, scores)
** ======================================================================= */

/*
** The built-in stop-word sets (one per language and per mix of languages)
** and Snowball stemmers, made on first use and kept: one per host state (a
** Lua state, a Redis module), used by one caller at a time.
*/
typedef struct kata_langs kata_langs_t;

kata_langs_t *kata_langs_new(const kata_allocator_t *A);
void kata_langs_free(kata_langs_t *l);

/* The stemmer of lang, kept by l: KATA_OK, KATA_ENOSTEM or KATA_ENOMEM. */
int kata_langs_stemmer(kata_langs_t *l, const char *lang, kata_stemmer_t **st);

#define KATA_LANG_STOPWORDS (1u << 0) /* the built-in stop words of the language */
#define KATA_LANG_STEM (1u << 1)      /* its stemmer */

typedef struct kata_lang_choice {
  const char *lang;                /* the code settled on ("und": no guess) */
  const kata_wordset_t *stopwords; /* NULL: none */
  kata_stemmer_t *stemmer;         /* NULL: none */
} kata_lang_choice_t;

/*
** Settles the language of the text s (NULL: no text) for lang, "auto" or
** a code. "auto" guesses from s; its stop words are the guessed language's
** list plus that of any language with a tenth of its hits from three
** different stop words (an English summary in Indonesian news), or every
** list when the guess is weak (confidence under 0.5); it stems in the
** language guessed, never in "und". A code must have a built-in list when
** KATA_LANG_STOPWORDS asks for it (KATA_ENOLIST), a stemmer when
** KATA_LANG_STEM does (KATA_ENOSTEM; "und" stems nothing), and one or the
** other when neither is asked for (KATA_ELANG; "und" is taken).
*/
int kata_langs_resolve(kata_langs_t *l, const char *lang, unsigned flags, const char *s,
                       size_t len, kata_lang_choice_t *out);

enum { KATA_KW_FREQUENCY, KATA_KW_TFIDF, KATA_KW_YAKE, KATA_KW_KEYPHRASE };
#define KATA_KW_DEFAULT (-1) /* ngram_min, ngram_max, min_length: the method's;
                             ** method: KATA_KW_TFIDF with a corpus, else
                             ** KATA_KW_KEYPHRASE (kata_kw_method) */

/* What to count and rank; kata_kw_opts_init sets the defaults. Every
** host takes these defaults, so a text gets the same counts and keywords
** on every route; scraped text repeats paragraphs (a teaser, a copy the
** page template prints twice), which by default count once. */
typedef struct kata_kw_opts {
  unsigned flags;      /* KATA_COUNT_FOLD (default) and KATA_COUNT_NUMBERS */
  int method;          /* KATA_KW_DEFAULT (default), _FREQUENCY, _TFIDF,
                       ** _YAKE or _KEYPHRASE */
  int ngram_min, ngram_max; /* words per term; default 1 (YAKE and
                            ** KEYPHRASE: up to 3) */
  long min_length;     /* code points; default 2 (YAKE: 3) */
  const char *lang;    /* "auto" (default) or a code */
  int stopwords;       /* 1: the built-in lists (default); 0: none */
  const kata_wordset_t *own_stopwords; /* the caller's instead; NULL: none */
  int stem;            /* stem in the language settled on */
  int unique_paragraphs; /* 1 (default): a paragraph repeated in the text
                          ** counts once (kata_unique_paragraphs); 0: every
                          ** paragraph counts, repeats too */
  size_t n;            /* keywords wanted, 10 */
  const kata_corpus_t *corpus; /* the document frequencies of TF-IDF */
} kata_kw_opts_t;

void kata_kw_opts_init(kata_kw_opts_t *o);

/* The method o asks for, its default settled (see KATA_KW_DEFAULT). */
int kata_kw_method(const kata_kw_opts_t *o);
/* The name of a method ("frequency", "tfidf", "yake", "keyphrase"), or
** NULL; and the method of a name, or -1. Every host takes these names. */
const char *kata_kw_method_name(int method);
int kata_kw_method_of(const char *name, size_t len);

/* The counting options o gives for the text s (NULL: words fed one by
** one, nothing to guess from), the language settled through l; *lang (if
** not NULL) is the code settled on. Errors as kata_langs_resolve's. */
int kata_kw_count_opts(kata_langs_t *l, const kata_kw_opts_t *o, const char *s, size_t len,
                       kata_count_opts_t *c, const char **lang);

/* Counts the terms of s into c with those options (each distinct
** paragraph once with unique_paragraphs). */
int kata_kw_count(kata_langs_t *l, kata_counter_t *c, const char *s, size_t len,
                  const kata_kw_opts_t *o, const char **lang);

/*
** The inverse document frequency in k of a term of one to three words (or
** numbers), counted as o counted k's documents but without stop words or
** a minimum length (KATA_EINVAL for another number of words).
*/
int kata_kw_idf(kata_langs_t *l, const kata_corpus_t *k, const char *term, size_t len,
                const kata_kw_opts_t *o, double *idf);

/* One keyword. score is higher for better ones whatever the method:
** relative frequency, count x idf, the key-phrase score, or 1 / (1 + yake)
** with YAKE, whose own score (lower is better) is yake (0 for the other
** methods). */
typedef struct kata_keyword {
  const char *term;
  size_t len;
  uint64_t count;
  double score, yake;
} kata_keyword_t;

typedef struct kata_keywords kata_keywords_t;

/*
** The o->n best keywords of s by o->method (TF-IDF: against o->corpus,
** KATA_EINVAL without one; YAKE: ngram_max 3, min_length 3 and a
** similarity of 0.9 for dropping a near copy of a better keyword, unless
** given; KEYPHRASE, the default without a corpus: phrases of up to
** ngram_max 3 words, grouped by stem whenever the language has a stemmer,
** min_length ignored). Memory from l's allocator; free *out with
** kata_keywords_free.
*/
int kata_keywords(kata_langs_t *l, const char *s, size_t len, const kata_kw_opts_t *o,
                  kata_keywords_t **out);
size_t kata_keywords_size(const kata_keywords_t *r);
/* The i-th keyword, best first; its term lives as long as r. */
const kata_keyword_t *kata_keywords_get(const kata_keywords_t *r, size_t i);
void kata_keywords_free(kata_keywords_t *r);

/* }====================================================================== */

#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility pop
#endif

#endif
