-- kata-scm-1.rockspec: builds and installs kata from a checkout.
--
--   luarocks --lua-version 5.4 make --tree /tmp/rt54
--   eval "$(luarocks --lua-version 5.4 --tree /tmp/rt54 path)"
--   lua5.4 -e 'print(require("kata").tokenize("hi there")[2].text)'
--
-- Lua 5.1 and LuaJIT share the 5.1 tree. Built against Lua 5.1's headers
-- (the default of `luarocks --lua-version 5.1 make --tree /tmp/rt51`), the
-- module loads in both lua5.1 and luajit: it does not link liblua, and it
-- brings its own copies of the few 5.2 API functions it uses (src/lua_kata/compat.h).
-- LuaJIT users build against LuaJIT's headers instead, either per command
--   luarocks --lua-version 5.1 make --tree /tmp/rt51 \
--     LUA_INCDIR=/usr/include/luajit-2.1
-- or once in their luarocks configuration, which also makes the installed
-- `kata` command run under luajit rather than lua5.1:
--   luarocks --lua-version 5.1 config variables.LUA_INCDIR /usr/include/luajit-2.1
--   luarocks --lua-version 5.1 config lua_interpreter luajit
-- A module built that way calls LuaJIT's own luaL_setfuncs, so it loads in
-- luajit only, not in PUC Lua 5.1.
--
-- The core is C99 (src/kata.h); luarocks' default CFLAGS ("-O2 -fPIC") with
-- gcc's default dialect (gnu17) compile it as it is, no -std needed.
-- The C dependencies are utf8proc (normalisation, case folding) and the
-- Snowball stemmers' libstemmer: Debian's libutf8proc-dev and
-- libstemmer-dev, or point luarocks at other copies with UTF8PROC_DIR=...
-- and STEMMER_DIR=... (or their _INCDIR/_LIBDIR).
--
-- The source list below is the Makefile's CORE_SRC plus src/lua_kata/*.c,
-- and every file of lua/kata/ is a module; `make check-rockspec` checks both.

rockspec_format = "3.0"
package = "kata"
version = "scm-1"

-- kata has no public repository yet. `luarocks make` builds from the
-- directory it is run in and never fetches source.url; "." says just that
-- rather than naming a URL that does not exist. Replace it with the real
-- "git+https://..." address once there is one, so that
-- `luarocks build kata` and `luarocks install` can fetch the source.
source = {
  url = ".",
}

description = {
  summary = "Text analytics for Lua: keywords, duplicate paragraphs and named entities of news text",
  detailed = [[
kata reads news and scraped text: it finds its keywords and key phrases
(frequency, TF-IDF over a corpus, YAKE!), the paragraphs it repeats (exact,
near and teaser copies within a text, and across any number of documents
through a streaming duplicate index), and its named entities (people,
places, organisations, dates, times, money, percentages, numbers, URLs,
e-mail addresses, hashtags, mentions; gazetteers of your own), and
guesses its language. Underneath it splits text into paragraphs,
sentences and words after Unicode UAX #29, tokenizes URLs, #hashtags,
@mentions and emoji, normalises and case-folds through utf8proc, and
stems with Snowball. kata.analyze gives it all in one report, and
kata.pipeline chains the steps over many files. The work is done by a
C99 core with one Lua binding (kata.core); it runs on Lua 5.1-5.4 and
LuaJIT, and comes with a `kata` command-line tool and a Neovim plugin.
]],
  license = "MIT; built-in data: data/*/NOTICE (GeoNames CC BY 4.0, idn-area-data ODbL 1.0)",
  labels = { "text", "unicode", "nlp", "tokenizer", "keywords", "deduplication", "ner" },
}

dependencies = {
  "lua >= 5.1",
}

external_dependencies = {
  UTF8PROC = {
    header = "utf8proc.h",
    library = "utf8proc",
  },
  STEMMER = {
    header = "libstemmer.h",
    library = "stemmer",
  },
}

build = {
  type = "builtin",
  modules = {
    ["kata.core"] = {
      sources = {
        "src/lua_kata/core.c",
        "src/lua_kata/util.c",
        "src/lua_kata/text.c",
        "src/lua_kata/keywords.c",
        "src/lua_kata/dup.c",
        "src/lua_kata/entities.c",
        "src/core/buf.c",
        "src/core/strtab.c",
        "src/core/unicode/utf8.c",
        "src/core/unicode/ucd.c",
        "src/core/unicode/wordbreak.c",
        "src/core/unicode/sentbreak.c",
        "src/core/unicode/normalize.c",
        "src/core/text/tokenize.c",
        "src/core/text/paragraphs.c",
        "src/core/text/affix.c",
        "src/core/keywords/count.c",
        "src/core/keywords/corpus.c",
        "src/core/keywords/stem.c",
        "src/core/keywords/stopwords.c",
        "src/core/keywords/yake.c",
        "src/core/keywords/keywords.c",
        "src/core/keywords/keyphrase.c",
        "src/core/dup/dedup.c",
        "src/core/dup/dupindex.c",
        "src/core/dup/indexfile.c",
        "src/core/dup/duptext.c",
        "src/core/dup/shard.c",
        "src/core/entities/gazetteer.c",
        "src/core/entities/lexicon.c",
        "src/core/entities/tokens.c",
        "src/core/entities/patterns.c",
        "src/core/entities/dates.c",
        "src/core/entities/names.c",
        "src/core/entities/tagger.c",
        "src/core/entities/values.c",
        "src/core/entities/model.c",
        "src/core/entities/learned.c",
      },
      incdirs = { "$(UTF8PROC_INCDIR)", "$(STEMMER_INCDIR)", "src", "src/core" },
      libdirs = { "$(UTF8PROC_LIBDIR)", "$(STEMMER_LIBDIR)" },
      libraries = { "utf8proc", "stemmer", "m" },
    },
    ["kata"] = "lua/kata/init.lua",
    ["kata.cli"] = "lua/kata/cli.lua",
    ["kata.cli_format"] = "lua/kata/cli_format.lua",
    ["kata.cli_help"] = "lua/kata/cli_help.lua",
    ["kata.pipeline"] = "lua/kata/pipeline.lua",
    ["kata.util"] = "lua/kata/util.lua",
    ["kata.health"] = "lua/kata/health.lua",
    ["kata.redis_cluster"] = "lua/kata/redis_cluster.lua",
    ["kata.resp"] = "lua/kata/resp.lua",
    ["kata.redis_dup"] = "lua/kata/redis_dup.lua",
    ["kata.nvim"] = "lua/kata/nvim/init.lua",
    ["kata.nvim.config"] = "lua/kata/nvim/config.lua",
    ["kata.nvim.load"] = "lua/kata/nvim/load.lua",
    ["kata.nvim.marks"] = "lua/kata/nvim/marks.lua",
    ["kata.nvim.commands"] = "lua/kata/nvim/commands.lua",
  },
  install = {
    bin = {
      kata = "bin/kata",
    },
  },
}
