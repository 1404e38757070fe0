-- gen_stopwords_iso.lua: writes data/stopwords/<code>.txt for every language
-- libstemmer stems, from the npm package stopwords-iso (MIT), so that kata
-- has stop words wherever it has a stemmer. en and id keep the project's
-- own lists (written for news; see docs/stopwords.md) and are not touched.
--
-- usage: lua5.4 tools/gen_stopwords_iso.lua PACKAGE_DIR OUTPUT_DIR
--   e.g. lua5.4 tools/gen_stopwords_iso.lua build/npm/node_modules/stopwords-iso data/stopwords
--   (make stopwords-iso installs the package from tools/stopwords-iso/ with
--   npm ci into build/npm, then runs this and make stopwords)
--
-- Needs kata built for this interpreter (LUA_PATH and LUA_CPATH as the
-- Makefile sets them): each word is put in the form kata matches, case-
-- folded then NFC (kata.casefold, kata.normalize), and split into kata's
-- word tokens (kata.tokenize). An entry that is several words ("des de",
-- "может быть") gives each of them; what is not a word token (digits,
-- punctuation, a lone apostrophe or combining mark) is dropped. Each
-- file's header says where its words come from, under what licence, and
-- what was changed. A language the package has no list for gets a file
-- with no words (and "# no words:" saying why): its code still takes a
-- stemmer, and the language guess still knows it by its script.
--
-- Checks the package is stopwords-iso 1.1.0 under MIT (the version the
-- lock file pins), and that data/stopwords/LICENSE-stopwords-iso is there.
-- Reads JSON with the small reader of tools/toollib.lua: the package is one
-- file.

local USAGE = "usage: lua5.4 tools/gen_stopwords_iso.lua PACKAGE_DIR OUTPUT_DIR"
local PACKAGE, VERSION, LICENSE = "stopwords-iso", "1.1.0", "MIT"

local pkgdir, outdir = arg[1], arg[2]
if not pkgdir or not outdir or arg[3] then
  io.stderr:write(USAGE, "\n")
  os.exit(2)
end

local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/toollib.lua")("gen_stopwords_iso")
local fatal, read, json_decode, kata = T.fatal, T.read, T.json_decode, T.kata

-- The languages Snowball has algorithms for, by the ISO 639-1 code kata
-- takes (src/core/keywords/stem.c), with their English names.
local LANGUAGES = {
  {"ar", "Arabic"}, {"ca", "Catalan"}, {"da", "Danish"}, {"de", "German"},
  {"el", "Greek"}, {"en", "English"}, {"es", "Spanish"}, {"eu", "Basque"},
  {"fi", "Finnish"}, {"fr", "French"}, {"ga", "Irish"}, {"hi", "Hindi"},
  {"hu", "Hungarian"}, {"hy", "Armenian"}, {"id", "Indonesian"},
  {"it", "Italian"}, {"lt", "Lithuanian"}, {"ne", "Nepali"}, {"nl", "Dutch"},
  {"no", "Norwegian"}, {"pt", "Portuguese"}, {"ro", "Romanian"},
  {"ru", "Russian"}, {"sr", "Serbian"}, {"sv", "Swedish"}, {"ta", "Tamil"},
  {"tr", "Turkish"}, {"yi", "Yiddish"},
}
-- The project's own lists, never replaced.
local OWN = {en = true, id = true}

-- Corrections of the package's data, each said in the file's header.
local FIXES = {
  -- stopwords-el writes U+2206 INCREMENT where GREEK SMALL LETTER DELTA
  -- is meant (δεν, ιδιος, οποιοδηποτε): in text those words have a delta.
  el = {{"\226\136\134", "\206\180", "U+2206 INCREMENT (∆) read as δ (U+03B4), as meant"}},
}

local meta = json_decode(read(pkgdir .. "/package.json"), pkgdir .. "/package.json")
if meta.name ~= PACKAGE or meta.version ~= VERSION or meta.license ~= LICENSE then
  fatal("%s is %s %s (%s); expected %s %s (%s)", pkgdir, tostring(meta.name),
        tostring(meta.version), tostring(meta.license), PACKAGE, VERSION, LICENSE)
end
local data = json_decode(read(pkgdir .. "/" .. (meta.main or "stopwords-iso.json")), "stopwords-iso.json")
if not io.open(outdir .. "/LICENSE-stopwords-iso", "rb") then
  fatal("%s/LICENSE-stopwords-iso is missing: the lists need their licence beside them", outdir)
end

-- Byte-order comparison, independent of the C library's locale.
local function byte_less(a, b)
  local n = math.min(#a, #b)
  for i = 1, n do
    local x, y = a:byte(i), b:byte(i)
    if x ~= y then return x < y end
  end
  return #a < #b
end

-- The words of one entry, in the form kata matches, and what was done.
local function words_of(entry, fixes)
  local w = entry
  for _, f in ipairs(fixes) do w = w:gsub(f[1], f[2]) end
  w = kata.normalize(kata.casefold(w), "nfc")
  local out, other = {}, false
  for _, t in ipairs(kata.tokenize(w)) do
    if t.kind == "word" then out[#out + 1] = t.text else other = true end
  end
  return out, other
end

local function quote_list(t, max)
  local shown = {}
  for i = 1, math.min(#t, max) do shown[i] = t[i] end
  local s = table.concat(shown, " ")
  if #t > max then s = s .. string.format(" (and %d more)", #t - max) end
  return s
end

local function write(path, text)
  local f, msg = io.open(path .. ".tmp", "wb")
  if not f then fatal("%s", msg) end
  f:write(text)
  if not f:close() then fatal("cannot write %s.tmp", path) end
  local renamed, rmsg = os.rename(path .. ".tmp", path)
  if not renamed then fatal("%s", rmsg) end
end

local SOURCE = string.format("# Source: the npm package %s %s (file %s, key \"%%s\"),\n" ..
                             "# from the stopwords-iso project (GitHub: stopwords-iso/stopwords-iso).\n" ..
                             "# Licence: %s, Copyright (c) 2016 Gene Diaz; the text is in\n" ..
                             "# LICENSE-stopwords-iso beside this file.\n",
                             PACKAGE, VERSION, meta.main or "stopwords-iso.json", LICENSE)

local summary = {}
for _, l in ipairs(LANGUAGES) do
  local code, name = l[1], l[2]
  local stems = pcall(kata.stem, "a", code)
  if OWN[code] then
    summary[#summary + 1] = string.format("%s: the project's own list, kept", code)
  elseif not stems then
    summary[#summary + 1] = string.format("%s: libstemmer has no %s stemmer here, skipped", code, name)
  else
    local head = {string.format("# %s (%s) stop words. GENERATED by tools/gen_stopwords_iso.lua; do not edit\n" ..
                                "# (make stopwords-iso writes it again, make stopwords compiles it).\n", name, code)}
    local entries = data[code]
    local words = {}
    if not entries then
      head[#head + 1] = string.format("# no words: the npm package %s %s has no list for %s. The file is\n" ..
                                      "# here so that lang = \"%s\" works (it stems, with no stop words) and the\n" ..
                                      "# language guess can still name %s (docs/stopwords.md).\n",
                                      PACKAGE, VERSION, name, code, name)
    else
      head[#head + 1] = SOURCE:format(code)
      local seen, dropped, split, changed = {}, {}, {}, 0
      for _, e in ipairs(entries) do
        local ws, other = words_of(e, FIXES[code] or {})
        if #ws == 0 then
          dropped[#dropped + 1] = e
        else
          if #ws > 1 then split[#split + 1] = "\"" .. e .. "\"" end
          if #ws == 1 and (other or ws[1] ~= e) then changed = changed + 1 end
          for _, w in ipairs(ws) do
            if not seen[w] then
              seen[w] = true
              words[#words + 1] = w
            end
          end
        end
      end
      table.sort(words, byte_less)
      head[#head + 1] = string.format("# %d entries, %d words: each case-folded and in NFC (the form kata\n" ..
                                      "# matches; %d changed by it or by losing punctuation), split into\n" ..
                                      "# kata's word tokens, duplicates once.\n", #entries, #words, changed)
      if #split > 0 then
        head[#head + 1] = string.format("# Split into words: %s.\n", quote_list(split, 8))
      end
      if #dropped > 0 then
        head[#head + 1] = string.format("# Dropped (no word in them): %s.\n", quote_list(dropped, 12))
      end
      for _, f in ipairs(FIXES[code] or {}) do
        head[#head + 1] = string.format("# Corrected: %s.\n", f[3])
      end
    end
    local text = table.concat(head) .. (#words > 0 and "\n" .. table.concat(words, "\n") .. "\n" or "")
    write(outdir .. "/" .. code .. ".txt", text)
    summary[#summary + 1] = string.format("%s: %d words%s", code, #words,
                                          entries and "" or " (no list in the package)")
  end
end
io.stderr:write("gen_stopwords_iso: ", table.concat(summary, "; "), "\n")
