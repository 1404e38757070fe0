/*
** docs.c: what COMMAND DOCS and COMMAND INFO say of each KATA.* command
** (RedisModule_SetCommandInfo, Redis 7.0): summary, arguments, since,
** complexity, arity and the keys of KATA.DUP.*; docs/redis.md has more.
*/
#include <string.h>

#include "redis_kata.h"

#define SINCE KATA_VERSION
#define TEXT_O "O(N) where N is the length of the text"

/* An argument that is not a key; a pure token; the end of a list. */
#define ARG(nm, ty, tok, fl) \
  {.name = nm, .type = REDISMODULE_ARG_TYPE_##ty, .key_spec_index = -1, .token = tok, .flags = fl}
#define SUB(nm, ty, tok, fl, sub)                                                                \
  {.name = nm, .type = REDISMODULE_ARG_TYPE_##ty, .key_spec_index = -1, .token = tok, .flags = fl, \
   .subargs = sub}
#define TOKEN(tok) ARG(tok, PURE_TOKEN, tok, REDISMODULE_CMD_ARG_OPTIONAL)
#define CHOICE(w) {.name = w, .type = REDISMODULE_ARG_TYPE_PURE_TOKEN, .key_spec_index = -1, .token = w}
#define END {0}
#define OPT REDISMODULE_CMD_ARG_OPTIONAL
/* the text first, or last after TEXT (for redis-cli -x) */
#define TEXT_FIRST ARG("text", STRING, NULL, 0)
#define TEXT_LAST ARG("text_last", STRING, "TEXT", OPT)
#define KEY {.name = "key", .type = REDISMODULE_ARG_TYPE_KEY, .key_spec_index = 0}

static RedisModuleCommandArg forms[] = {CHOICE("nfc"), CHOICE("nfd"), CHOICE("nfkc"),
                                        CHOICE("nfkd"), END};
static RedisModuleCommandArg bys[] = {CHOICE("auto"), CHOICE("blank"), CHOICE("line"), END};
static RedisModuleCommandArg kw_methods[] = {CHOICE("frequency"), CHOICE("yake"), END};
static RedisModuleCommandArg dup_methods[] = {CHOICE("near"), CHOICE("exact"), END};
static RedisModuleCommandArg measures[] = {CHOICE("jaccard"), CHOICE("containment"), END};
static RedisModuleCommandArg ent_langs[] = {CHOICE("id"), CHOICE("en"), CHOICE("auto"), END};
static RedisModuleCommandArg repeats[] = {CHOICE("UNIQUE_PARAGRAPHS"), CHOICE("ALL_PARAGRAPHS"),
                                          END};
static RedisModuleCommandArg ngrams[] = {ARG("min", INTEGER, NULL, 0),
                                         ARG("max", INTEGER, NULL, OPT), END};

static RedisModuleCommandArg tokenize_args[] = {
  TEXT_FIRST, TOKEN("FOLD"), SUB("form", ONEOF, "NORMALIZE", OPT, forms), TOKEN("SPACES"),
  TOKEN("STRICT"), TEXT_LAST, END};
static RedisModuleCommandArg paragraphs_args[] = {TEXT_FIRST, SUB("by", ONEOF, "BY", OPT, bys),
                                                  TEXT_LAST, END};
static RedisModuleCommandArg language_args[] = {TEXT_FIRST, TEXT_LAST, END};
static RedisModuleCommandArg keywords_args[] = {
  TEXT_FIRST, ARG("n", INTEGER, "N", OPT), SUB("method", ONEOF, "METHOD", OPT, kw_methods),
  ARG("lang", STRING, "LANG", OPT), SUB("ngrams", BLOCK, "NGRAMS", OPT, ngrams),
  ARG("min_length", INTEGER, "MIN_LENGTH", OPT), TOKEN("STEM"), TOKEN("NOSTOPWORDS"),
  TOKEN("NOFOLD"), TOKEN("NUMBERS"), SUB("repeats", ONEOF, NULL, OPT, repeats), TEXT_LAST, END};
static RedisModuleCommandArg entities_args[] = {
  TEXT_FIRST, SUB("lang", ONEOF, "LANG", OPT, ent_langs),
  ARG("type", STRING, "TYPES", OPT | REDISMODULE_CMD_ARG_MULTIPLE), TOKEN("STRICT"), TEXT_LAST,
  END};
static RedisModuleCommandArg analyze_args[] = {
  TEXT_FIRST, ARG("n", INTEGER, "N", OPT), ARG("lang", STRING, "LANG", OPT),
  ARG("threshold", DOUBLE, "THRESHOLD", OPT), SUB("by", ONEOF, "BY", OPT, bys),
  SUB("repeats", ONEOF, NULL, OPT, repeats), TOKEN("KEEP_DUPLICATES"), TEXT_LAST, END};
/* the duplicate options of KATA.DEDUPE and KATA.DUPLICATES */
#define DUP_OPTS                                                                               \
  ARG("threshold", DOUBLE, "THRESHOLD", OPT), ARG("min_words", INTEGER, "MIN_WORDS", OPT),     \
    SUB("method", ONEOF, "METHOD", OPT, dup_methods), ARG("shingle", INTEGER, "SHINGLE", OPT), \
    ARG("prefix", STRING, "BOILERPLATE", OPT | REDISMODULE_CMD_ARG_MULTIPLE_TOKEN),            \
    TOKEN("NOBOILERPLATE")
static RedisModuleCommandArg dedupe_args[] = {
  TEXT_FIRST, SUB("by", ONEOF, "BY", OPT, bys), SUB("measure", ONEOF, "MEASURE", OPT, measures),
  DUP_OPTS, TEXT_LAST, END};
static RedisModuleCommandArg create_args[] = {KEY, DUP_OPTS, END};
static RedisModuleCommandArg add_args[] = {KEY, ARG("id", STRING, NULL, 0),
                                           ARG("paragraph", STRING, NULL, 0), END};
static RedisModuleCommandArg check_args[] = {KEY, ARG("paragraph", STRING, NULL, 0), END};
static RedisModuleCommandArg size_args[] = {KEY, END};
static RedisModuleCommandArg restore_args[] = {KEY, ARG("bytes", STRING, NULL, 0), END};
static RedisModuleCommandArg sfind_args[] = {KEY, ARG("part", INTEGER, NULL, 0),
                                             ARG("record", STRING, NULL, 0), END};
static RedisModuleCommandArg sput_args[] = {KEY, ARG("part", INTEGER, NULL, 0),
                                            ARG("record", STRING, NULL, 0),
                                            ARG("id", INTEGER, NULL, 0), END};
static RedisModuleCommandArg sadd_args[] = {KEY, ARG("home", INTEGER, NULL, 0),
                                            ARG("homes", INTEGER, NULL, 0),
                                            ARG("record", STRING, NULL, 0),
                                            ARG("id", STRING, NULL, 0), END};
static RedisModuleCommandArg sget_args[] = {
  KEY, ARG("number", INTEGER, NULL, REDISMODULE_CMD_ARG_MULTIPLE), END};

/* The key of KATA.DUP.*: the first argument, with these flags. */
#define KEYSPEC(fl)                                                               \
  {{.flags = fl, .begin_search_type = REDISMODULE_KSPEC_BS_INDEX, .bs.index.pos = 1, \
    .find_keys_type = REDISMODULE_KSPEC_FK_RANGE, .fk.range = {0, 1, 0}},          \
   {0}}
static RedisModuleCommandKeySpec ks_create[] = KEYSPEC(REDISMODULE_CMD_KEY_RW | REDISMODULE_CMD_KEY_INSERT);
static RedisModuleCommandKeySpec ks_add[] =
  KEYSPEC(REDISMODULE_CMD_KEY_RW | REDISMODULE_CMD_KEY_ACCESS | REDISMODULE_CMD_KEY_INSERT);
static RedisModuleCommandKeySpec ks_read[] = KEYSPEC(REDISMODULE_CMD_KEY_RO | REDISMODULE_CMD_KEY_ACCESS);
static RedisModuleCommandKeySpec ks_size[] = KEYSPEC(REDISMODULE_CMD_KEY_RO);
static RedisModuleCommandKeySpec ks_restore[] = KEYSPEC(REDISMODULE_CMD_KEY_OW | REDISMODULE_CMD_KEY_UPDATE);

#define INFO(sum, cx, ar, ks, a) \
  {.version = REDISMODULE_COMMAND_INFO_VERSION, .summary = sum, .complexity = cx, .since = SINCE, \
   .arity = ar, .key_specs = ks, .args = a}

typedef struct named_info {
  const char *name;
  RedisModuleCommandInfo info;
} named_info_t;

static named_info_t infos[] = {
  {"kata.tokenize", INFO("The tokens of a text (kata.tokenize).", TEXT_O, -2, NULL, tokenize_args)},
  {"kata.paragraphs",
   INFO("The paragraphs of a text and their offsets (kata.paragraphs).", TEXT_O, -2, NULL,
        paragraphs_args)},
  {"kata.language",
   INFO("The language of a text and the guess's confidence (kata.language).",
        "O(min(N, 65536)) where N is the length of the text: only its first 64 KiB are read", -2, NULL,
        language_args)},
  {"kata.keywords",
   INFO("The keywords or key phrases of a text (kata.keywords).", TEXT_O, -2, NULL,
        keywords_args)},
  {"kata.entities",
   INFO("The named entities of a text, with their values (kata.entities).", TEXT_O, -2, NULL,
        entities_args)},
  {"kata.analyze",
   INFO("One report of a text: language, counts, keywords, key phrases, entities by type and "
        "repeated paragraphs (kata.analyze).",
        TEXT_O, -2, NULL, analyze_args)},
  {"kata.dedupe",
   INFO("The text without its repeated paragraphs (kata.dedupe).",
        "O(N) where N is the length of the text", -2, NULL, dedupe_args)},
  {"kata.duplicates",
   INFO("For each paragraph of a text, the earlier one it repeats (kata.duplicates).", TEXT_O, -2,
        NULL, dedupe_args)},
  {"kata.dup.create",
   INFO("Creates an empty near-duplicate index at the key, with its options.", "O(1)", -2,
        ks_create, create_args)},
  {"kata.dup.add",
   INFO("Looks a paragraph up in the index at the key and adds it under an id unless it "
        "repeats one there.",
        "O(N) where N is the length of the paragraph", 4, ks_add, add_args)},
  {"kata.dup.check",
   INFO("Looks a paragraph up in the index at the key without adding it.",
        "O(N) where N is the length of the paragraph", 3, ks_read, check_args)},
  {"kata.dup.size", INFO("How many paragraphs the index at the key holds.", "O(1)", 2, ks_size,
                         size_args)},
  {"kata.dup.restore",
   INFO("Replaces the key with an index saved by kata_index_save (an AOF rewrite writes these).",
        "O(N) where N is the size of the saved index", 3, ks_restore, restore_args)},
  {"kata.shard.find",
   INFO("The ids under a record's key in a part of an index sharded over a cluster.", "O(1)", 4,
        ks_read, sfind_args)},
  {"kata.shard.put",
   INFO("Puts an id under a record's key in a part of a sharded index.", "O(1) amortized", 5,
        ks_add, sput_args)},
  {"kata.shard.add",
   INFO("Keeps a record and its id in a home of a sharded index; replies with its number.",
        "O(1) amortized", 6, ks_add, sadd_args)},
  {"kata.shard.get",
   INFO("The records and ids of numbers kept in a home of a sharded index.",
        "O(N) where N is the number of numbers", -3, ks_read, sget_args)},
  {"kata.shard.size", INFO("How many entries or records a shard holds.", "O(1)", 2, ks_size,
                           size_args)},
  {"kata.shard.restore",
   INFO("Replaces the key with a shard saved by kata_shard_save (an AOF rewrite writes these).",
        "O(N) where N is the size of the saved shard", 3, ks_restore, restore_args)},
  {NULL, {0}}
};

RedisModuleCommandInfo *rk_command_info(const char *name) {
  named_info_t *i;
  for (i = infos; i->name; i++)
    if (strcmp(i->name, name) == 0) return &i->info;
  return NULL;
}
