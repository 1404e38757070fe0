-- bench/language/run.lua: how often kata.language names the language of a
-- sentence it has never seen (make bench-language; docs/stopwords.md).
--
-- usage: lua5.4 bench/language/run.lua [N] [--dev] [--errors]
--   N: sentences per language (default 300); --errors prints each miss to
--   stderr; --dev reads the development sample instead of the test one.
--
-- The sentences are the translations that Debian's packages install as
-- gettext catalogues (/usr/share/locale/<locale>/LC_MESSAGES/*.mo), read
-- here at run time and never copied into the project; English is their
-- msgids. None of them was used to write or tune a stop-word list, so they
-- are held apart from the lists by construction. A message counts as a
-- sentence when, after its format directives (%s, %1$d, {name}), markup
-- (<b>, &amp;), accelerators (_File, &Open) and line breaks are taken
-- out, it has at least MIN_WORDS words and more letters than anything
-- else, and differs from its msgid (an untranslated message is English).
-- Per language the sentences are ordered by their FNV-1a hash (a fixed,
-- spread-out order): the first N are the development sample, the next N
-- the test sample. The guess's rules (docs/stopwords.md) were chosen
-- looking at the misses on the development sample only; the figures in
-- the docs are the test sample's. Also reported: the share right of the
-- sentences with at least 10 words, and of "paragraphs" of three sample
-- sentences in a row joined by spaces.
--
-- Needs: Lua 5.3 or 5.4 (string.unpack), kata built (make), and catalogues
-- for the languages, which come with the packages installed; `sh
-- bench/language/deps.sh` installs a few packages with translations into
-- every language kata guesses.

local kata = require("kata")

local N, SHOW, DEV = 300, false, false
for _, a in ipairs(arg) do
  if a == "--errors" then
    SHOW = true
  elseif a == "--dev" then
    DEV = true
  else
    N = assert(tonumber(a), "usage: run.lua [N] [--dev] [--errors]")
  end
end
local MIN_WORDS = 5
local LOCALE = "/usr/share/locale"

-- The languages kata knows (a stemmer and a built-in list each), with the
-- locale folders that hold them. sr is Serbian in Cyrillic (sr@latin is
-- another folder, not read).
local LANGS = {}
local CODES = {"ar", "ca", "da", "de", "el", "en", "es", "eu", "fi", "fr", "ga", "hi", "hu",
               "hy", "id", "it", "lt", "ne", "nl", "no", "pt", "ro", "ru", "sr", "sv", "ta",
               "tr", "yi"}
local DIRS = {no = {"nb", "no"}, pt = {"pt", "pt_BR"}}
for _, c in ipairs(CODES) do LANGS[#LANGS + 1] = {code = c, dirs = DIRS[c] or {c}} end

local function read(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end

-- The (msgid, msgstr) pairs of a .mo file: the first form of each, context
-- dropped. Returns an empty list for anything that is not a catalogue.
local function mo_pairs(path)
  local s = read(path)
  local out = {}
  if not s or #s < 28 then return out end
  local e
  local magic = string.unpack("<I4", s)
  if magic == 0x950412de then e = "<" elseif magic == 0xde120495 then e = ">" else return out end
  local n, oo, to = string.unpack(e .. "I4I4I4", s, 9)
  local function str(tab, i)
    local len, off = string.unpack(e .. "I4I4", s, tab + 8 * i + 1)
    if off + len > #s then return nil end
    local v = s:sub(off + 1, off + len)
    v = v:match("^[^%z]*") -- the first plural form
    return (v:gsub("^.*\4", "")) -- msgctxt EOT msgid
  end
  for i = 0, n - 1 do
    local id, tr = str(oo, i), str(to, i)
    if id and tr and id ~= "" and tr ~= "" then out[#out + 1] = {id, tr} end
  end
  return out
end

local function files_in(dir)
  local p = io.popen("ls -1 '" .. dir .. "' 2>/dev/null")
  local t = {}
  for name in p:lines() do
    if name:sub(-3) == ".mo" then t[#t + 1] = dir .. "/" .. name end
  end
  p:close()
  table.sort(t)
  return t
end

-- The message as prose: no directives, markup, accelerators or breaks.
local function clean(m)
  m = m:gsub("%%%d*%$?[-+ #0]*%d*%.?%d*[hlLqjzt]*[diouxXeEfFgGcsp%%]", " ")
  m = m:gsub("%%[%a_]+", " "):gsub("{[^{}]*}", " "):gsub("<[^<>]*>", " ")
  m = m:gsub("&%a+;", " "):gsub("&(%w)", "%1"):gsub("_(%w)", "%1")
  m = m:gsub("\\[nt]", " "):gsub("%s+", " ")
  return (m:gsub("^ ", ""):gsub(" $", ""))
end

local function is_sentence(m)
  local words = kata.words(m)
  if #words < MIN_WORDS then return false end
  local letters = 0
  for _, w in ipairs(words) do
    if not w:match("^[%d.,]+$") then letters = letters + #w end
  end
  return letters * 2 > #m, #words
end

local function fnv(s)
  local h = 2166136261
  for i = 1, #s do h = ((h ~ s:byte(i)) * 16777619) & 0xffffffff end
  return h
end

-- The sentences of a language: msgstrs of its folders (msgids for en).
local function sentences(lang)
  local seen, list = {}, {}
  local dirs = lang.code == "en" and {"de", "fr", "es"} or lang.dirs
  for _, d in ipairs(dirs) do
    for _, path in ipairs(files_in(LOCALE .. "/" .. d .. "/LC_MESSAGES")) do
      for _, p in ipairs(mo_pairs(path)) do
        local m = lang.code == "en" and p[1] or (p[2] ~= p[1] and p[2])
        if m then
          m = clean(m)
          local ok, nw = is_sentence(m)
          if ok and not seen[m] then
            seen[m] = true
            list[#list + 1] = {text = m, words = nw, h = fnv(m)}
          end
        end
      end
    end
  end
  table.sort(list, function(a, b)
    if a.h ~= b.h then return a.h < b.h end
    return a.text < b.text
  end)
  local out, from = {}, DEV and 0 or N
  for i = from + 1, math.min(from + N, #list) do out[#out + 1] = list[i] end
  return out, #list
end

print(string.format("kata %s, %d languages, %s sample: up to %d sentences each (of %d+ words)",
                    kata.version, #LANGS, DEV and "development" or "test", N, MIN_WORDS))
print("")
print("| language | sentences | right | und | wrong (most often) | right, 10+ words | right, 3 sentences |")
print("| --- | ---: | ---: | ---: | --- | ---: | ---: |")
local total, right_all = 0, 0
for _, lang in ipairs(LANGS) do
  local list, avail = sentences(lang)
  local right, und, wrong, long, long_right = 0, 0, {}, 0, 0
  for _, s in ipairs(list) do
    local g = kata.language(s.text)
    if s.words >= 10 then long = long + 1 end
    if g == lang.code then
      right = right + 1
      if s.words >= 10 then long_right = long_right + 1 end
    elseif g == "und" then
      und = und + 1
    else
      wrong[g] = (wrong[g] or 0) + 1
    end
    if SHOW and g ~= lang.code then io.stderr:write(lang.code, " -> ", g, ": ", s.text, "\n") end
  end
  local ws = {}
  for g, c in pairs(wrong) do ws[#ws + 1] = {g, c} end
  table.sort(ws, function(a, b) return a[2] > b[2] or (a[2] == b[2] and a[1] < b[1]) end)
  local wtext = {}
  for i = 1, math.min(3, #ws) do wtext[i] = ws[i][1] .. " " .. ws[i][2] end
  local triples, triples_right = 0, 0
  for i = 3, #list, 3 do
    local joined = list[i - 2].text .. " " .. list[i - 1].text .. " " .. list[i].text
    triples = triples + 1
    if kata.language(joined) == lang.code then triples_right = triples_right + 1 end
  end
  local n = #list
  total, right_all = total + n, right_all + right
  local function pct(a, b) return b > 0 and string.format("%.1f%%", 100 * a / b) or "-" end
  print(string.format("| %s | %d%s | %s | %d | %s | %s (%d) | %s |", lang.code, n,
                      n < N and string.format(" (of %d)", avail) or "", pct(right, n), und,
                      table.concat(wtext, ", "), pct(long_right, long), long,
                      pct(triples_right, triples)))
end
print("")
print(string.format("all: %d of %d right (%.1f%%)", right_all, total, 100 * right_all / math.max(total, 1)))
