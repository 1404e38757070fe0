/*
** model.h: the name model's scorer, private to the core. Loads the weights
** that tools/train_ner.lua writes (data/ner/model.bin; its README has the
** format and every feature) and labels a text's tokens with them, exactly
** as the trainer's Lua scorer does. The tagger gives what it knows of each
** token (its lexicon classes, the gazetteer and rule spans around it); the
** scorer works out the rest (case, shape, position, the document's evidence).
** The tagger calls it from learned.c.
*/
#ifndef KATA_MODEL_H
#define KATA_MODEL_H

#include "kata.h"

/* Private to the core: never exported from a shared build. */
#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility push(hidden)
#endif

/* The labels, in the file's order. */
enum {
  KATA__NER_O,
  KATA__NER_B_PER,
  KATA__NER_I_PER,
  KATA__NER_B_LOC,
  KATA__NER_I_LOC,
  KATA__NER_B_ORG,
  KATA__NER_I_ORG,
  KATA__NER_NLABELS
};

/*
** A span tag of a token, for the gazetteer and rule fields below: 0 when
** the token lies wholly inside no span, else 1 + 2 * (type - 1) + inside,
** type a kata_entity_type (KATA_ENT_PERSON...), inside 0 for the first
** token of the span (B-) and 1 for the others (I-).
*/
#define KATA__NER_TAG(type, inside) ((unsigned char)(1 + 2 * ((type) - 1) + ((inside) ? 1 : 0)))

/* What the scorer needs to be told of a token. */
typedef struct kata__ner_tok {
  size_t start, stop; /* s[start, stop), no white space; a possessive 's
                         is a token of its own (data/ner/README.md) */
  kata_kind_t kind;
  uint64_t lex;       /* the lexicon classes of the token in ASCII lower
                         case: bit kata__ner_lex_class(name) for each */
  unsigned char gaz;  /* the built-in gazetteers, byte for byte: a tag of
                         PERSON, LOCATION or ORGANIZATION, or 0 */
  unsigned char gazf; /* the same with case folded */
  unsigned char rule; /* the rules' entities: a tag of any of the 12 types */
} kata__ner_tok_t;

typedef struct kata__ner_model kata__ner_model_t;

/*
** The bit of a lexicon class ("TITLE", "ORGHEAD"... as in
** data/entities/lexicon.tsv) in kata__ner_tok_t.lex, or -1 for a name the
** model does not know.
*/
int kata__ner_lex_class(const char *name, size_t len);

/*
** Loads a model from the bytes of its file (copied: data may go after).
** KATA_EFORMAT when the file is not a model this scorer reads, or is
** truncated or damaged (its header, sizes, bitmap or checksum disagree);
** KATA_ENOMEM. On error *out is NULL and nothing is left allocated.
*/
int kata__ner_load(const kata_allocator_t *A, const void *data, size_t len,
                   kata__ner_model_t **out);
void kata__ner_free(const kata_allocator_t *A, kata__ner_model_t *m);

/* Whether the model reads the rules' proposals (the header's rules=yes). */
int kata__ner_uses_rules(const kata__ner_model_t *m);

/* The bytes the loaded model holds. */
size_t kata__ner_memory(const kata__ner_model_t *m);

/*
** Labels the n tokens of s (in text order): labels[i] is one of the
** KATA__NER_ labels. The tokens make one document (its words' other
** mentions are evidence). KATA_ENOMEM, KATA_ELIMIT (over 2^28 tokens) or
** KATA_EINVAL (a token outside s or out of order, a bad tag).
*/
int kata__ner_tag(const kata_allocator_t *A, const kata__ner_model_t *m,
                  const char *s, size_t len, const kata__ner_tok_t *tok,
                  size_t n, unsigned char *labels);

/* The scorer's word class of t[0, n) (0-based index into its class names)
** and *cases (bit 1 an ASCII capital, bit 2 an ASCII small letter), as
** it reads a token with room bytes readable from t: eight or more take
** the word-at-a-time path for words of up to eight bytes. For the tests:
** both paths must agree. */
int kata__ner_word_class(const kata__ner_model_t *m, const char *t, size_t n, size_t room,
                         unsigned char *cases);

/* The same with its working block in *work (reused from call to call; the
** caller frees it): a block of some hundred KB a call would otherwise come
** back from the system as fresh pages. */
int kata__ner_tag_in(const kata_allocator_t *A, const kata__ner_model_t *m,
                     const char *s, size_t len, const kata__ner_tok_t *tok,
                     size_t n, unsigned char *labels, kata_buf_t *work);

#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility pop
#endif

#endif
