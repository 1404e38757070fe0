/*
** stopwords.c: word sets, the built-in stop-word lists (data/stopwords,
** compiled in), and a language guess from how often each list's words occur.
*/
#include <string.h>

#include <utf8proc.h>

#include "internal.h"
#include "strtab.h"

#include "stopwords_data.h"

kata_wordset_t *kata_wordset_new(const kata_allocator_t *A) {
  kata__strtab_t *t = (kata__strtab_t *)A->f(A->ud, NULL, 0, sizeof *t);
  if (t) kata__strtab_init(t, A);
  return t;
}

void kata_wordset_free(kata_wordset_t *ws) {
  kata_allocator_t A;
  if (!ws) return;
  A = ws->A;
  kata__strtab_free(ws);
  A.f(A.ud, ws, sizeof *ws, 0);
}

int kata_wordset_add(kata_wordset_t *ws, const char *s, size_t len) {
  kata_buf_t b;
  size_t id;
  int rc;
  kata_buf_init(&b);
  rc = kata_normalize(&ws->A, s, len, KATA_FORM_NFC, KATA_NORM_FOLD, &b, NULL);
  if (rc == KATA_OK) rc = kata__strtab_intern(ws, b.data ? b.data : "", b.len, &id);
  kata_buf_free(&ws->A, &b);
  return rc < 0 ? rc : KATA_OK;
}

int kata_wordset_has(const kata_wordset_t *ws, const char *s, size_t len) {
  return kata__strtab_find(ws, s, len) >= 0;
}

size_t kata_wordset_size(const kata_wordset_t *ws) { return ws->n; }

const char *const *kata_stoplist(const char *lang, size_t *count) {
  size_t i;
  for (i = 0; kata_stoplists[i].lang; i++)
    if (strcmp(kata_stoplists[i].lang, lang) == 0) {
      if (count) *count = kata_stoplists[i].count;
      return kata_stoplists[i].words;
    }
  return NULL;
}

const char *kata_stoplist_lang(size_t i) {
  size_t n = sizeof kata_stoplists / sizeof kata_stoplists[0] - 1;
  return i < n ? kata_stoplists[i].lang : NULL;
}

/* The position of the folded word w (len bytes) in kata_stopword_index,
** or -1: a binary search, as the generator sorts it in byte order. */
static long index_find(const char *w, size_t len) {
  size_t lo = 0, hi = KATA_STOPWORD_INDEX_SIZE;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const char *x = kata_stopword_index[mid].word;
    int r = strncmp(x, w, len);
    if (r == 0) r = x[len] != '\0'; /* x is longer: x > w */
    if (r == 0) return (long)mid;
    if (r < 0) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

/* {======================================================================
** The language guess
** ======================================================================= */

/* Every built-in list has a place in the guess's arrays. */
#if KATA_STOPLISTS > KATA_MAX_LANGS
#error "more built-in stop-word lists than KATA_MAX_LANGS: raise it in kata.h"
#endif

#define DISTINCT_MAX 1024 /* words per list tracked for distinct hits */
#if KATA_STOPLIST_MAX_WORDS > DISTINCT_MAX
#error "a built-in stop-word list is longer than DISTINCT_MAX"
#endif

/* Room for a folded word: longer ones are no stop word (the longest is
** KATA_STOPWORD_MAX_BYTES), though their script still counts. */
#define WORD_MAX 64
#if KATA_STOPWORD_MAX_BYTES >= WORD_MAX
#error "a built-in stop word is longer than WORD_MAX"
#endif

/* The scripts the guess tells apart, by a word's first letter. */
enum { SC_OTHER, SC_LATIN, SC_GREEK, SC_CYRILLIC, SC_ARMENIAN, SC_HEBREW,
       SC_ARABIC, SC_DEVANAGARI, SC_TAMIL };

static int script_of(int32_t cp) {
  if (cp < 0x80) return IS_ASCII_LETTER(cp) ? SC_LATIN : SC_OTHER;
  if (cp < 0x250 || (cp >= 0x1E00 && cp < 0x1F00)) return SC_LATIN;
  if ((cp >= 0x370 && cp < 0x400) || (cp >= 0x1F00 && cp < 0x2000)) return SC_GREEK;
  if (cp >= 0x400 && cp < 0x530) return SC_CYRILLIC;
  if ((cp >= 0x530 && cp < 0x590) || (cp >= 0xFB13 && cp <= 0xFB17)) return SC_ARMENIAN;
  if ((cp >= 0x590 && cp < 0x600) || (cp >= 0xFB1D && cp < 0xFB50)) return SC_HEBREW;
  if ((cp >= 0x600 && cp < 0x700) || (cp >= 0x750 && cp < 0x780) ||
      (cp >= 0x8A0 && cp < 0x900) || (cp >= 0xFB50 && cp < 0xFE00) ||
      (cp >= 0xFE70 && cp < 0xFF00))
    return SC_ARABIC;
  if (cp >= 0x900 && cp < 0x980) return SC_DEVANAGARI;
  if (cp >= 0xB80 && cp < 0xC00) return SC_TAMIL;
  return SC_OTHER;
}

/* Is any of the code points [lo, hi] in the folded word w? */
static int has_range(const char *w, size_t n, int32_t lo, int32_t hi) {
  size_t i = 0;
  while (i < n) {
    int32_t cp;
    i += kata__decode(w, n, i, &cp);
    if (cp >= lo && cp <= hi) return 1;
  }
  return 0;
}

/* Is the folded word w Yiddish by its spelling: the ligatures װ ױ ײ
** (U+05F0-U+05F2, U+FB1F), rafe (U+05BF, as in פֿ), or an alef with
** pasekh or komets (אַ אָ)? Hebrew writes none of them in running text. */
static int yiddish_spelling(const char *w, size_t n) {
  size_t i;
  if (has_range(w, n, 0x5F0, 0x5F2) || has_range(w, n, 0x5BF, 0x5BF) ||
      has_range(w, n, 0xFB1F, 0xFB1F))
    return 1;
  for (i = 0; i + 3 < n; i++) /* U+05D0 then U+05B7 or U+05B8 */
    if ((unsigned char)w[i] == 0xD7 && (unsigned char)w[i + 1] == 0x90 &&
        (unsigned char)w[i + 2] == 0xD6 &&
        ((unsigned char)w[i + 3] == 0xB7 || (unsigned char)w[i + 3] == 0xB8))
      return 1;
  return 0;
}

/* Cyrillic letters of Serbian that Russian lacks (ђ, ј, љ, њ, ћ, џ), and of
** Russian that Serbian lacks (ё, й, щ, ъ, ы, ь, э). */
static int serbian_letters(const char *w, size_t n) {
  size_t i = 0;
  while (i < n) {
    int32_t cp;
    i += kata__decode(w, n, i, &cp);
    if (cp == 0x452 || (cp >= 0x458 && cp <= 0x45B) || cp == 0x45F) return 1;
  }
  return 0;
}

static int russian_letters(const char *w, size_t n) {
  size_t i = 0;
  while (i < n) {
    int32_t cp;
    i += kata__decode(w, n, i, &cp);
    if (cp == 0x451 || cp == 0x439 || (cp >= 0x449 && cp <= 0x44D && cp != 0x44E))
      return 1;
  }
  return 0;
}

/*
** The most frequent function words of the languages that have a stemmer
** but no stop-word list, for the guess only (they are no stop words):
** Nepali beside Hindi, Serbian beside Russian, Yiddish written without
** points. Words the other language has too are listed (and then count
** half for each); the others tell them apart.
*/
static const char *const marks_ne[] = {
  "छ", "छन्", "छैन", "हो", "होइन", "थियो", "थिए", "र", "पनि", "यो", "त्यो",
  "यस", "उक्त", "को", "का", "की", "मा", "जब", "वा", "यदि", "तथा", "गर्न",
  "गर्नुहोस्", "हुन्छ", "हुँदैन", "हुन", "भएको", "गरेको", "गरिएको", "लागि",
  "सक्छ", "सक्दैन", "सकिएन", "भन्दा", "कुनै", "सबै", "भने", "गर्दा", "भयो",
  "नै", "मात्र", "रहेको", "हुने", "गर्ने", "तपाईं", "तपाईँ", "त्यहाँ",
  "यहाँ", "धेरै", NULL
};
static const char *const marks_sr[] = {
  "и", "у", "на", "да", "не", "за", "по", "о", "из", "до", "без", "или", "ни",
  "то", "су", "од", "се", "као", "али", "што", "са", "ако", "када", "кад",
  "може", "могу", "треба", "због", "преко", "сада", "између", "иако", "док",
  "шта", "зато", "према", "овде", "тамо", "овог", "ових", "овим", "тог", "тих",
  NULL
};
static const char *const marks_yi[] = {
  "און", "איז", "דער", "דאס", "פון", "מיט", "ניט", "נישט", "צו", "אויף",
  "וואס", "זיך", "האט", "קען", "ווערט", "אויך", "אדער", "נאר", "מען", "עס",
  "דעם", "זיין", "זענען", "געווען", "וועט", "ווען", "אונדז", NULL
};

/* Function words of Hebrew that Yiddish does not use: a text with many is
** Hebrew, which kata does not know, not Yiddish. */
static const char *const hebrew_words[] = {
  "של", "את", "על", "זה", "זאת", "לא", "הוא", "היא", "הם", "עם", "כי", "גם",
  "אבל", "או", "יש", "אני", "אנחנו", "רק", "עוד", "כבר", "שלא", "היה", NULL
};

/* How a language's words are known beyond its stop-word list. */
enum {
  BY_LIST,      /* its stop words only */
  BY_SCRIPT,    /* every word in its script (the only language in it) */
  BY_ARABIC,    /* Arabic script without the letters of Persian or Urdu */
  BY_SERBIAN,   /* Cyrillic with a letter of Serbian's own */
  BY_RUSSIAN,   /* Cyrillic with a letter of Russian's own */
  BY_YIDDISH,   /* Hebrew script spelt the Yiddish way */
  BY_LETTERS    /* a letter of its own (few others have it) */
};

typedef struct lang_rule {
  const char *code;
  unsigned char script, by;
  const char *const *marks; /* NULL-terminated, or NULL */
  int32_t letters[6];       /* BY_LETTERS: letters of its own, 0-ended */
} lang_rule_t;

/* Latin letters that few of kata's languages have (after case folding). */
#define L_TR {0x131, 0x11F, 0x15F, 0}         /* ı ğ ş */
#define L_RO {0x103, 0x219, 0x21B, 0x163, 0x15F, 0} /* ă ș ț ţ ş */
#define L_HU {0x151, 0x171, 0}                /* ő ű */
#define L_LT {0x117, 0x12F, 0x173, 0x16B, 0}  /* ė į ų ū */
#define L_PT {0xE3, 0xF5, 0}                  /* ã õ */
#define L_ES {0xF1, 0}                        /* ñ */
#define L_CA {0xB7, 0x140, 0}                 /* l·l, ŀ */
#define L_FR {0x153, 0}                       /* œ */
#define L_DANO {0xE6, 0xF8, 0}                /* æ ø */

static const lang_rule_t rules[] = {
  {"ar", SC_ARABIC, BY_ARABIC, NULL, {0}},   {"el", SC_GREEK, BY_SCRIPT, NULL, {0}},
  {"hi", SC_DEVANAGARI, BY_LIST, NULL, {0}}, {"hy", SC_ARMENIAN, BY_SCRIPT, NULL, {0}},
  {"ne", SC_DEVANAGARI, BY_LIST, marks_ne, {0}},
  {"ru", SC_CYRILLIC, BY_RUSSIAN, NULL, {0}},
  {"sr", SC_CYRILLIC, BY_SERBIAN, marks_sr, {0}},
  {"ta", SC_TAMIL, BY_SCRIPT, NULL, {0}},    {"yi", SC_HEBREW, BY_YIDDISH, marks_yi, {0}},
  {"tr", SC_LATIN, BY_LETTERS, NULL, L_TR},  {"ro", SC_LATIN, BY_LETTERS, NULL, L_RO},
  {"hu", SC_LATIN, BY_LETTERS, NULL, L_HU},  {"lt", SC_LATIN, BY_LETTERS, NULL, L_LT},
  {"pt", SC_LATIN, BY_LETTERS, NULL, L_PT},  {"es", SC_LATIN, BY_LETTERS, NULL, L_ES},
  {"ca", SC_LATIN, BY_LETTERS, NULL, L_CA},  {"fr", SC_LATIN, BY_LETTERS, NULL, L_FR},
  {"da", SC_LATIN, BY_LETTERS, NULL, L_DANO}, {"no", SC_LATIN, BY_LETTERS, NULL, L_DANO},
  {NULL, 0, 0, NULL, {0}}
};

static const lang_rule_t *rule_of(const char *code) {
  size_t i;
  for (i = 0; rules[i].code; i++)
    if (strcmp(rules[i].code, code) == 0) return &rules[i];
  return NULL;
}

static int in_words(const char *const *list, const char *w, size_t n) {
  size_t i;
  for (i = 0; list[i]; i++)
    if (strlen(list[i]) == n && memcmp(list[i], w, n) == 0) return 1;
  return 0;
}

/* Does the folded word w (of script sc) point to the language of rule r
** other than by its stop-word list (1), or to another language of its
** script that kata does not know (-1: Persian or Urdu for Arabic, Hebrew
** for Yiddish), or neither (0)? */
static int known_by_rule(const lang_rule_t *r, int sc, const char *w, size_t n) {
  size_t i;
  if (!r || r->script != sc) return 0;
  switch (r->by) {
  case BY_SCRIPT: return 1;
  case BY_ARABIC: return has_range(w, n, 0x671, 0x6FF) ? -1 : 1;
  case BY_SERBIAN: if (serbian_letters(w, n)) return 1; break;
  case BY_RUSSIAN: if (russian_letters(w, n)) return 1; break;
  case BY_YIDDISH:
    if (yiddish_spelling(w, n) || in_words(r->marks, w, n)) return 1;
    return in_words(hebrew_words, w, n) ? -1 : 0;
  case BY_LETTERS:
    for (i = 0; r->letters[i]; i++)
      if (has_range(w, n, r->letters[i], r->letters[i])) return 1;
    break;
  default: break;
  }
  return r->marks && in_words(r->marks, w, n);
}

/* Case-folds the word s[0, n) into w as kata_normalize does for text in NFC
** (ASCII by hand, the rest by utf8proc's full case folding); returns its
** length, or 0 when it needs WORD_MAX bytes or more. */
static size_t fold_word(const char *s, size_t n, char *w) {
  size_t i = 0, o = 0;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    int32_t cp, out[4];
    utf8proc_ssize_t k, j;
    int bound = 0;
    if (c < 0x80) {
      if (o + 1 >= WORD_MAX) return 0;
      w[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
      i++;
      continue;
    }
    {
      size_t step = kata_utf8_decode(s, n, i, &cp);
      if (cp < 0) { /* invalid bytes stay as they are */
        if (o + step >= WORD_MAX) return 0;
        memcpy(w + o, s + i, step);
        o += step;
        i += step;
        continue;
      }
      i += step;
    }
    k = utf8proc_decompose_char(cp, out, 4, UTF8PROC_CASEFOLD, &bound);
    if (k < 1 || k > 4) {
      out[0] = cp;
      k = 1;
    }
    for (j = 0; j < k; j++) {
      if (o + 4 >= WORD_MAX) return 0;
      o += (size_t)utf8proc_encode_char(out[j], (utf8proc_uint8_t *)w + o);
    }
  }
  return o;
}

/*
** Both hit counts: the built-in lists through their index (sets NULL) or
** the word sets given. A word points to each language whose list holds it,
** and to a language that its script or spelling names (rules above); its
** unit of evidence is shared out evenly among them, so the words that
** several languages have weigh less than the ones that tell them apart. A
** language whose script shows another language kata does not know in at
** least a quarter of its words (Persian in Arabic script, Hebrew in
** Hebrew's) gets no evidence at all.
*/
static size_t language_hits(const char *s, size_t len,
                            const kata_wordset_t *const *sets, size_t nl,
                            size_t *hits, size_t *distinct, size_t *words) {
  size_t i;
  kata_tokenizer_t t;
  kata_token_t tok;
  char w[WORD_MAX];
  /* words seen: by position in the index, or by id in each set */
  unsigned char seen_index[KATA_STOPWORD_INDEX_SIZE / 8 + 1];
  unsigned char seen[KATA_MAX_LANGS][DISTINCT_MAX / 8];
  const lang_rule_t *rule[KATA_MAX_LANGS];
  size_t own[KATA_MAX_LANGS], foreign[KATA_MAX_LANGS];
  if (nl > KATA_MAX_LANGS) nl = KATA_MAX_LANGS;
  if (sets) memset(seen, 0, sizeof seen);
  else memset(seen_index, 0, sizeof seen_index);
  for (i = 0; i < nl; i++) {
    rule[i] = rule_of(kata_stoplists[i].lang);
    hits[i] = distinct[i] = own[i] = foreign[i] = 0;
  }
  *words = 0;
  if (len > KATA_LANGUAGE_SAMPLE) len = KATA_LANGUAGE_SAMPLE;
  kata_tokenizer_init(&t, s, len, 0);
  while (kata_tokenizer_next(&t, &tok)) {
    size_t n, k = 0, j;
    size_t in[KATA_MAX_LANGS];
    long at[KATA_MAX_LANGS], pos = -1;
    unsigned long mask = 0;
    uint64_t h = 0;
    int32_t cp;
    int sc, first = 0, ascii;
    if (tok.kind != KATA_WORD) continue;
    (*words)++;
    kata__decode(s, len, tok.start, &cp);
    sc = script_of(cp);
    n = fold_word(s + tok.start, tok.stop - tok.start, w);
    ascii = n > 0; /* a word too long to fold still has a script */
    for (j = 0; j < n && ascii; j++) ascii = (unsigned char)w[j] < 0x80;
    if (!sets && n > 0 &&
        ((kata_stopword_shape[(unsigned char)w[0]] >> n) & 1u) &&
        (pos = index_find(w, n)) >= 0) {
      mask = kata_stopword_index[pos].langs;
      first = !(seen_index[pos / 8] & (1 << (pos % 8)));
      seen_index[pos / 8] |= (unsigned char)(1 << (pos % 8));
    }
    for (i = 0; i < nl; i++) {
      long a = -1;
      int by = ascii ? 0 : known_by_rule(rule[i], sc, w, n); /* no rule is ASCII */
      if (!sets) {
        a = (mask >> i) & 1u ? pos : -1;
      } else if (n > 0 && kata__wordset_may_have(sets[i], w, n)) {
        if (h == 0) h = kata__hash(w, n);
        a = kata__strtab_find_h(sets[i], w, n, h);
      }
      if (by < 0) foreign[i]++;
      if (a >= 0 || by > 0) {
        in[k] = i;
        at[k++] = a;
        own[i]++;
      }
    }
    for (j = 0; j < k; j++) {
      long a = at[j];
      i = in[j];
      hits[i] += KATA_LANGUAGE_UNIT / k;
      if (a < 0) continue;
      if (!sets) {
        distinct[i] += first;
      } else if (a < DISTINCT_MAX && !(seen[i][a / 8] & (1 << (a % 8)))) {
        seen[i][a / 8] |= (unsigned char)(1 << (a % 8));
        distinct[i]++;
      }
    }
  }
  for (i = 0; i < nl; i++)
    if (foreign[i] && foreign[i] * 3 >= own[i]) hits[i] = distinct[i] = 0;
  return nl;
}

size_t kata_language_hits(const char *s, size_t len, size_t *hits,
                          size_t *distinct, size_t max, size_t *words) {
  size_t nl = 0;
  while (nl < max && nl < KATA_MAX_LANGS && kata_stoplist_lang(nl)) nl++;
  return language_hits(s, len, NULL, nl, hits, distinct, words);
}

size_t kata_language_hits_sets(const char *s, size_t len,
                               const kata_wordset_t *const *sets, size_t nsets,
                               size_t *hits, size_t *distinct, size_t *words) {
  size_t nl = 0;
  while (nl < nsets && nl < KATA_MAX_LANGS && kata_stoplist_lang(nl)) nl++;
  return language_hits(s, len, sets, nl, hits, distinct, words);
}

/*
** The language with the most evidence wins; confidence grows with its lead
** over the runner-up, as a share of the words (a lead of 0.2, typical of a
** paragraph of real prose, is full confidence).
*/
const char *kata_language(const char *s, size_t len, double *confidence) {
  size_t hits[KATA_MAX_LANGS], distinct[KATA_MAX_LANGS], words, nl;
  nl = kata_language_hits(s, len, hits, distinct, KATA_MAX_LANGS, &words);
  return kata_language_guess(hits, nl, words, confidence);
}

const char *kata_language_guess(const size_t *hits, size_t nl, size_t words,
                                double *confidence) {
  size_t i, best = 0, second;
  for (i = 1; i < nl; i++)
    if (hits[i] > hits[best]) best = i;
  second = best == 0 ? (nl > 1 ? 1 : 0) : 0;
  for (i = 0; i < nl; i++)
    if (i != best && hits[i] > hits[second]) second = i;
  if (words == 0 || nl == 0 || hits[best] == 0 ||
      (nl > 1 && hits[best] == hits[second])) {
    *confidence = 0;
    return "und";
  }
  {
    double lead = (double)(hits[best] - (second != best ? hits[second] : 0)) /
                  ((double)words * KATA_LANGUAGE_UNIT);
    *confidence = lead >= 0.2 ? 1.0 : lead / 0.2;
  }
  return kata_stoplists[best].lang;
}

/* }====================================================================== */
