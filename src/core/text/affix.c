/*
** affix.c: what the affixes of an Indonesian word say of it, without a
** dictionary: a verb's affix (the key phrases leave such words out of a
** phrase) and a noun made from a verb or adjective (the names leave such
** a word out of a person's name it opens).
*/
#include "internal.h"

static int vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

/*
** Does the folded Indonesian word w[0, n) carry a verb's affix: meN- in
** the spellings it takes before a stem (meng-a, meny-a, mem-b, men-d,
** me-l ...; not "menteri", "media", "metode" ...), di-, ter-, or -kan
** (not the nouns peN-...-an, ke-...-an: "pendidikan", "kebijakan"), or the
** ending -nya ("kartunya")? Without a part-of-speech model these are the
** cues that a run of content words is a noun with its verb ("pns sibuk
** mengantre"). Words of 6 bytes or more.
*/
int kata__id_verb(const char *w, size_t n) {
  char c;
  if (n < 6) return 0;
  if (w[0] == 'm' && w[1] == 'e') {
    c = w[2];
    if (c == 'n' && w[3] == 'g') return vowel(w[4]) || w[4] == 'g' || w[4] == 'h' || w[4] == 'k';
    if (c == 'n' && w[3] == 'y') return vowel(w[4]);
    if (c == 'm') return vowel(w[3]) || w[3] == 'b' || w[3] == 'p' || w[3] == 'f';
    if (c == 'n') return vowel(w[3]) || w[3] == 'd' || w[3] == 'c' || w[3] == 'j' ||
                        w[3] == 'z' || w[3] == 's';
    return c == 'l' || c == 'r' || c == 'w' || c == 'y';
  }
  if (w[0] == 'd' && w[1] == 'i') return 1;
  if (w[0] == 't' && w[1] == 'e' && w[2] == 'r') return 1;
  if (memcmp(w + n - 3, "kan", 3) == 0)
    return !(w[0] == 'p' && w[1] == 'e') && !(w[0] == 'k' && w[1] == 'e');
  if (memcmp(w + n - 3, "nya", 3) == 0) return 1;
  return 0;
}

/*
** Is w[0, n) an Indonesian noun of the circumfixes peN-...-an, per-...-an
** or ke-...-an, written with a capital or not ("Pernyataan", "kehadiran",
** "Pengakuan", "Kemaritiman"): ASCII letters, 8 bytes or more (a stem of
** three letters at least), the first letter in either case and the rest
** in small letters? Such words are also the heads of many names of
** offices and places ("Kementerian", "Kecamatan", "Pengadilan"), which
** the caller tells apart.
*/
int kata__id_nominal(const char *w, size_t n) {
  size_t i;
  if (n < 8 || (w[0] != 'p' && w[0] != 'P' && w[0] != 'k' && w[0] != 'K') || w[1] != 'e' ||
      w[n - 2] != 'a' || w[n - 1] != 'n')
    return 0;
  for (i = 1; i < n; i++)
    if (w[i] < 'a' || w[i] > 'z') return 0;
  return 1;
}
