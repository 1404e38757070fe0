/*
** stem.c: Snowball stemmers through libstemmer, named by ISO code or by
** Snowball's own name. libstemmer allocates with malloc; nothing else here.
*/
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "kata.h"

struct kata_stemmer {
  struct sb_stemmer *sb;
};

/* ISO 639-1 codes for Snowball's algorithm names. */
static const char *const iso_names[][2] = {
  {"ar", "arabic"}, {"ca", "catalan"}, {"da", "danish"}, {"de", "german"},
  {"el", "greek"}, {"en", "english"}, {"es", "spanish"}, {"eu", "basque"},
  {"fi", "finnish"}, {"fr", "french"}, {"ga", "irish"}, {"hi", "hindi"},
  {"hu", "hungarian"}, {"hy", "armenian"}, {"id", "indonesian"},
  {"it", "italian"}, {"lt", "lithuanian"}, {"ne", "nepali"}, {"nl", "dutch"},
  {"no", "norwegian"}, {"pt", "portuguese"}, {"ro", "romanian"},
  {"ru", "russian"}, {"sr", "serbian"}, {"sv", "swedish"}, {"ta", "tamil"},
  {"tr", "turkish"}, {"yi", "yiddish"}, {NULL, NULL}
};

kata_stemmer_t *kata_stemmer_new(const char *lang) {
  kata_stemmer_t *st;
  struct sb_stemmer *sb;
  int i;
  for (i = 0; iso_names[i][0]; i++)
    if (strcmp(lang, iso_names[i][0]) == 0) {
      lang = iso_names[i][1];
      break;
    }
  sb = sb_stemmer_new(lang, "UTF_8");
  if (!sb) return NULL;
  st = (kata_stemmer_t *)malloc(sizeof *st);
  if (!st) {
    sb_stemmer_delete(sb);
    return NULL;
  }
  st->sb = sb;
  return st;
}

void kata_stemmer_free(kata_stemmer_t *st) {
  if (!st) return;
  sb_stemmer_delete(st->sb);
  free(st);
}

const char *kata_stem(kata_stemmer_t *st, const char *w, size_t len,
                      size_t *outlen) {
  const sb_symbol *r;
  if (len > 1u << 20) { /* no stemmer rule reaches that far */
    *outlen = len;
    return w;
  }
  r = sb_stemmer_stem(st->sb, (const sb_symbol *)w, (int)len);
  if (!r) return NULL;
  *outlen = (size_t)sb_stemmer_length(st->sb);
  return (const char *)r;
}
