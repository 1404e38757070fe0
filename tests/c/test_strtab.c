/*
** test_strtab.c: the string table's key compare and kata__hash's tail,
** both made of word loads (overlapping for 1 to 16 bytes), against a byte
** at a time: every length from 0 to 40 and a change at every position.
*/
#include "check.h"
#include "strtab.h"

static test_alloc_t ta;
static kata_allocator_t A = {test_allocf, &ta};

/* kata__hash as a byte loop: the tail's bytes assembled one by one. */
static uint64_t hash_bytes(const char *s, size_t len) {
  const uint64_t m = 0x9E3779B97F4A7C15ull;
  uint64_t h = 0x2545F4914F6CDD1Dull ^ (len * m), w;
  size_t k;
  for (; len >= 8; s += 8, len -= 8) {
    for (w = 0, k = 0; k < 8; k++) w |= (uint64_t)(unsigned char)s[k] << (8 * k);
    h = (h ^ w) * m;
    h ^= h >> 29;
  }
  if (len) {
    for (w = 0, k = 0; k < len; k++) w |= (uint64_t)(unsigned char)s[k] << (8 * k);
    h = (h ^ w) * m;
  }
  h ^= h >> 32;
  h *= m;
  return h ^ (h >> 29);
}

int main(void) {
  kata__strtab_t t;
  char key[48], other[48];
  size_t len, p, id, added = 0;
  ta.budget = -1;
  kata__strtab_init(&t, &A);
  for (p = 0; p < sizeof key; p++) key[p] = (char)('a' + p % 26);
  for (len = 0; len <= 40; len++) {
    check(kata__hash(key, len) == hash_bytes(key, len));
    check(kata__strtab_intern(&t, key, len, &id) == 1);
    added++;
    for (p = 0; p < len; p++) { /* the key with byte p changed: another key */
      memcpy(other, key, len);
      other[p] = (char)(other[p] ^ 0x80);
      check(kata__hash(other, len) == hash_bytes(other, len));
      check(kata__same_bytes(key, other, len) == 0);
      check(kata__same_bytes(key, key, len) == 1);
      check(kata__strtab_find(&t, other, len) < 0);
      check(kata__strtab_intern(&t, other, len, &id) == 1);
      added++;
      check(kata__strtab_find(&t, other, len) == (long)id);
    }
  }
  check(t.n == added);
  for (len = 0; len <= 40; len++) { /* each length's first key found again */
    long f = kata__strtab_find(&t, key, len);
    check(f >= 0 && (size_t)f < t.n);
    check(kata__strtab_intern(&t, key, len, &id) == 0 && (long)id == f);
  }
  kata__strtab_free(&t);
  check(ta.live == 0);
  return check_report("test_strtab");
}
