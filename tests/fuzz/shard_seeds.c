/*
** shard_seeds.c: writes the seeds/shard-*.bin of fuzz_shard: saved part
** and home shards (the mode byte, a spare byte, the bytes) and two streams
** of operations. Built and run by hand against the core:
**   gcc -std=c99 -Isrc tests/fuzz/shard_seeds.c build/lua5.4/libkata.a \
**     -lutf8proc -lstemmer -lm -o /tmp/shard_seeds && /tmp/shard_seeds tests/fuzz/seeds
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kata.h"
static void *af(void *ud, void *p, size_t o, size_t n) { (void)ud; (void)o; if (!n) { free(p); return NULL; } return realloc(p, n); }
static int fw(void *ud, const void *p, size_t n) { return fwrite(p, 1, n, (FILE *)ud) == n ? 0 : -1; }
static unsigned long long r = 1234567;
static unsigned char rb(void) { r ^= r << 13; r ^= r >> 7; r ^= r << 17; return (unsigned char)(r >> 29); }
int main(int argc, char **argv) {
  kata_allocator_t A = {af, NULL};
  kata_shard_t *p, *h;
  unsigned char rec[28];
  unsigned i, j, id;
  FILE *f;
  char path[256];
  for (int which = 0; which < 4; which++) {
    unsigned n = which == 0 ? 0 : which == 1 ? 5 : which == 2 ? 40 : 90;
    kata_shard_new(&A, which == 3 ? 7 : which, 0, 1, &p);
    kata_shard_new(&A, KATA_SHARD_HOME, which % 3, 3, &h);
    for (i = 0; i < n; i++) {
      for (j = 0; j < 28; j++) rec[j] = rb();
      rec[25] = (i % 5 == 0) ? 0x80 : 0;
      kata_shard_put(p, rec, i);
      kata_shard_add(h, rec, "#k", i % 3, &id);
    }
    snprintf(path, sizeof path, "%s/shard-part-%u.bin", argv[1], n);
    f = fopen(path, "wb"); fputc(which & 1 ? 2 : 0, f); fputc(0, f); kata_shard_save(p, fw, f); fclose(f);
    snprintf(path, sizeof path, "%s/shard-home-%u.bin", argv[1], n);
    f = fopen(path, "wb"); fputc(0, f); fputc(0, f); kata_shard_save(h, fw, f); fclose(f);
    kata_shard_free(p); kata_shard_free(h);
  }
  /* op streams: puts and adds, repeats */
  for (int which = 0; which < 2; which++) {
    snprintf(path, sizeof path, "%s/shard-ops-%s.bin", argv[1], which ? "enomem" : "mixed");
    f = fopen(path, "wb");
    fputc(which ? 0x80 | 0x0F : 0x0F, f); fputc(which ? 40 : 0, f);
    for (i = 0; i < 100; i++) {
      unsigned char op = (unsigned char)((i % 3 ? 1 : 0) | (i % 7) << 1);
      if (i % 4 == 0 || i < 10) for (j = 0; j < 28; j++) rec[j] = rb();
      rec[25] = 0;
      fputc(op, f); fwrite(rec, 1, 28, f);
      id = i % 4 == 1 ? i - 1 : i;
      for (j = 0; j < 4; j++) fputc((int)((id >> (8 * j)) & 255), f);
    }
    fclose(f);
  }
  (void)argc;
  return 0;
}
