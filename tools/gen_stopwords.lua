-- gen_stopwords.lua: builds src/core/keywords/stopwords_data.h, the built-in stop-word
-- lists behind src/core/keywords/stopwords.c, from the word lists in data/stopwords.
--
-- usage: lua5.4 tools/gen_stopwords.lua DIR [OUTPUT]
--   e.g. lua5.4 tools/gen_stopwords.lua data/stopwords > src/core/keywords/stopwords_data.h
--
-- Reads every DIR/<code>.txt (found with ls; <code>, the language code, is
-- [a-z][a-z0-9_]*). Each file: UTF-8, one word per line; lines whose first
-- non-blank character is '#' are comments; blank lines are ignored; leading
-- and trailing blanks (space, tab, CR) are trimmed. Every word must be valid
-- UTF-8, contain no white space or control characters, be in lower case
-- (checked fully for ASCII; for Latin-1, Latin Extended-A, Greek and
-- Cyrillic capitals; and for the letters that case-fold to something else
-- than themselves, like ß -> ss), and appear once per file.
--
-- Errors are reported as FILE:LINE: message on stderr, all of them, and the
-- script then exits with status 1 without writing anything. With OUTPUT the
-- header is written to OUTPUT.tmp and renamed to OUTPUT, so a failed run
-- never leaves a truncated header behind; without it, it goes to stdout.
--
-- A file needs at least one word, unless a "# no words:" comment says why
-- it has none (tools/gen_stopwords_iso.lua writes such a file for a
-- language that has a stemmer but no list in its source).
--
-- Output is deterministic: the hand-written lists, then the generated
-- ones, each group in byte order of the codes, and each list's words
-- sorted in byte order (strcmp order, so the C side may binary
-- search them), whatever their order in the file. Non-ASCII bytes are
-- written as three-digit octal escapes (\ooo), which cannot run into the
-- following character.

local USAGE = "usage: lua5.4 tools/gen_stopwords.lua DIR [OUTPUT]"

local dir, output = arg[1], arg[2]
if not dir or arg[3] or dir:sub(1, 1) == "-" then
  io.stderr:write(USAGE, "\n")
  os.exit(2)
end
dir = dir:gsub("(.)/+$", "%1")

local errors = {}
local function err(where, fmt, ...)
  errors[#errors + 1] = where .. ": " .. string.format(fmt, ...)
end

local function fatal(fmt, ...)
  io.stderr:write("gen_stopwords: ", string.format(fmt, ...), "\n")
  os.exit(2)
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

-- The *.txt files of dir, by `ls`.
local function list_files()
  local q = "'" .. dir:gsub("'", "'\\''") .. "'"
  local p = io.popen("ls -1 -- " .. q, "r")
  if not p then fatal("cannot run ls on %s", dir) end
  local names = {}
  for name in p:lines() do
    if name:sub(-4) == ".txt" then names[#names + 1] = name end
  end
  local ok = p:close()
  if not ok then fatal("cannot list directory %s", dir) end
  table.sort(names, byte_less)
  return names
end

-- Code points that are white space or invisible format characters.
local SPACE = {
  [0x85] = true, [0xA0] = true, [0x1680] = true, [0x180E] = true,
  [0x2028] = true, [0x2029] = true, [0x202F] = true, [0x205F] = true,
  [0x3000] = true, [0xFEFF] = true, [0x200B] = true, [0x200C] = true,
  [0x200D] = true, [0x2060] = true,
}
for cp = 0x2000, 0x200A do SPACE[cp] = true end

-- Letters whose case folding is not themselves although they are not
-- capitals: the word would never match a folded token.
local FOLDS_TO = {
  [0xDF] = "ss", [0x149] = "\202\188n", [0x17F] = "s", [0x3C2] = "\207\131",
}

-- Capital letters in the blocks we can check without the Unicode tables.
local function is_capital(cp)
  if cp >= 0xC0 and cp <= 0xDE then return cp ~= 0xD7 end -- Latin-1
  if cp >= 0x100 and cp <= 0x137 then return cp % 2 == 0 end -- Latin Ext-A
  if cp >= 0x139 and cp <= 0x148 then return cp % 2 == 1 end
  if cp >= 0x14A and cp <= 0x177 then return cp % 2 == 0 end
  if cp == 0x178 then return true end
  if cp >= 0x179 and cp <= 0x17E then return cp % 2 == 1 end
  if cp >= 0x391 and cp <= 0x3A9 then return cp ~= 0x3A2 end -- Greek
  if cp >= 0x400 and cp <= 0x42F then return true end -- Cyrillic
  if cp == 0x1E9E then return true end -- capital sharp s
  return false
end

-- Returns an error message for a bad word, or nil.
local function check_word(w)
  local n, pos = utf8.len(w)
  if not n then
    return string.format("invalid UTF-8 at byte %d of the word", pos)
  end
  for _, cp in utf8.codes(w) do
    if cp == 0x20 or cp == 0x09 or cp == 0x0B or cp == 0x0C or cp == 0x0D
        or SPACE[cp] then
      return string.format("word contains white space (U+%04X): %q", cp, w)
    end
    if cp < 0x20 or (cp >= 0x7F and cp <= 0x9F) then
      return string.format("word contains a control character (U+%04X)", cp)
    end
    if is_capital(cp) then
      return string.format("word is not lower case (U+%04X): %s", cp, w)
    end
    if FOLDS_TO[cp] then
      return string.format("U+%04X case-folds to %q; write the folded form",
                           cp, FOLDS_TO[cp])
    end
  end
  if w ~= w:lower() then
    return string.format("word is not lower case: %s (write %s)", w, w:lower())
  end
  return nil
end

-- Reads one list; returns its words (in file order) or nil after errors.
local function read_list(path)
  local f, msg = io.open(path, "rb")
  if not f then fatal("%s", msg) end
  local text = f:read("a")
  f:close()
  if text:sub(1, 3) == "\239\187\191" then text = text:sub(4) end -- BOM
  local words, first, nerr = {}, {}, #errors
  local lineno, empty_ok = 0, false
  for line in (text:sub(-1) == "\n" and text or text .. "\n"):gmatch("([^\n]*)\n") do
    lineno = lineno + 1
    local w = line:gsub("^[ \t\r]+", ""):gsub("[ \t\r]+$", "")
    if w:match("^#%s*no words:") then empty_ok = true end
    if w ~= "" and w:sub(1, 1) ~= "#" then
      local where = path .. ":" .. lineno
      local problem = check_word(w)
      if problem then
        err(where, "%s", problem)
      elseif first[w] then
        err(where, "duplicate word '%s' (first at line %d)", w, first[w])
      else
        first[w] = lineno
        words[#words + 1] = w
      end
    end
  end
  if #words == 0 and #errors == nerr and not empty_ok then
    err(path, "no words (a list left empty on purpose says why in a '# no words:' comment)")
  elseif #words > 0 and empty_ok then
    err(path, "a list with words has a '# no words:' comment")
  end
  if #errors > nerr then return nil end
  return words, text:match("^[^\n]*GENERATED") ~= nil
end

-- A C string literal for w.
local function c_string(w)
  return '"' .. w:gsub('[%c"\\?\128-\255]', function(c)
    if c == '"' or c == "\\" or c == "?" then return "\\" .. c end
    return string.format("\\%03o", c:byte())
  end) .. '"'
end

local files = list_files()
local lists = {}
for _, name in ipairs(files) do
  local code = name:sub(1, -5)
  local path = dir .. "/" .. name
  if not code:match("^[a-z][a-z0-9_]*$") then
    err(path, "language code '%s' must match [a-z][a-z0-9_]*", code)
  else
    local words, generated = read_list(path)
    if words then lists[#lists + 1] = { code = code, words = words, generated = generated } end
  end
end
if #files == 0 then err(dir, "no *.txt word lists") end
-- The hand-written lists first, then the generated ones, each group in
-- byte order of the codes (a host that takes only the first few lists
-- keeps the project's own).
table.sort(lists, function(a, b)
  if a.generated ~= b.generated then return b.generated end
  return byte_less(a.code, b.code)
end)

if #errors > 0 then
  for _, e in ipairs(errors) do io.stderr:write(e, "\n") end
  io.stderr:write(string.format("gen_stopwords: %d error%s, nothing written\n",
                                #errors, #errors == 1 and "" or "s"))
  os.exit(1)
end

local out = {}
local function emit(s) out[#out + 1] = s end

local codes = {}
for i, l in ipairs(lists) do codes[i] = l.code end
emit(string.format(
  "/* GENERATED by tools/gen_stopwords.lua from data/stopwords/%s.txt; do not edit. */\n",
  #codes == 1 and codes[1] or "{" .. table.concat(codes, ",") .. "}"))
emit("#ifndef KATA_STOPWORDS_DATA_H\n#define KATA_STOPWORDS_DATA_H\n\n")
emit("#include <stddef.h>\n")

for _, l in ipairs(lists) do
  local sorted = {}
  for i, w in ipairs(l.words) do sorted[i] = w end
  table.sort(sorted, byte_less)
  emit(string.format("\n/* %s: %d words, in byte order */\n", l.code, #sorted))
  emit(string.format("static const char *const kata_stopwords_%s[] = {\n", l.code))
  local line = " "
  for _, w in ipairs(sorted) do
    local item = " " .. c_string(w) .. ","
    if #line + #item > 78 then
      emit(line .. "\n")
      line = " "
    end
    line = line .. item
  end
  emit(line .. "\n  NULL\n};\n")
end

emit("\nstatic const struct kata_stoplist {\n")
emit("  const char *lang;\n  const char *const *words;\n  size_t count;\n")
emit("} kata_stoplists[] = {\n")
for _, l in ipairs(lists) do
  emit(string.format('  {"%s", kata_stopwords_%s, %d},\n', l.code, l.code, #l.words))
end
emit("  {NULL, NULL, 0}\n};\n\n")

-- Every word of every list once, in byte order, with a bit per list that
-- holds it (bit i: kata_stoplists[i]): one search finds all its languages.
if #lists > 32 then
  io.stderr:write("gen_stopwords: more than 32 lists do not fit the index's masks\n")
  os.exit(1)
end
local masks, all = {}, {}
for i, l in ipairs(lists) do
  for _, w in ipairs(l.words) do
    if not masks[w] then
      masks[w] = 0
      all[#all + 1] = w
    end
    masks[w] = masks[w] | (1 << (i - 1))
  end
end
table.sort(all, byte_less)
emit(string.format("/* Every word of the lists, %d, in byte order, with a bit per list. */\n", #all))
emit("static const struct kata_stopword_entry {\n  const char *word;\n  unsigned long langs;\n")
emit("} kata_stopword_index[] = {\n")
for _, w in ipairs(all) do
  emit(string.format("  {%s, 0x%xul},\n", c_string(w), masks[w]))
end
emit("  {NULL, 0}\n};\n\n")
emit(string.format("#define KATA_STOPWORD_INDEX_SIZE %d\n\n", #all))
-- A filter before the search: bit min(len, 63) of [first byte] is set when
-- some word starts with that byte and has that many bytes.
local shape = {}
for b = 0, 255 do shape[b] = 0 end
for _, w in ipairs(all) do
  local b = w:byte(1)
  shape[b] = shape[b] | (1 << math.min(#w, 63))
end
emit("/* Bit min(len, 63) of [first byte]: some word of the index is like it. */\n")
emit("static const unsigned long long kata_stopword_shape[256] = {\n")
for b = 0, 255, 4 do
  emit(string.format("  0x%xull, 0x%xull, 0x%xull, 0x%xull,\n", shape[b], shape[b + 1], shape[b + 2], shape[b + 3]))
end
emit("};\n\n")
local longest, most = 0, 0
for _, l in ipairs(lists) do
  most = math.max(most, #l.words)
  for _, w in ipairs(l.words) do longest = math.max(longest, #w) end
end
emit(string.format("/* How many lists, the longest word (bytes) and the longest list. */\n" ..
                   "#define KATA_STOPLISTS %d\n#define KATA_STOPWORD_MAX_BYTES %d\n" ..
                   "#define KATA_STOPLIST_MAX_WORDS %d\n\n", #lists, longest, most))
emit("#endif /* KATA_STOPWORDS_DATA_H */\n")

local text = table.concat(out)
if output then
  local tmp = output .. ".tmp"
  local f, msg = io.open(tmp, "wb")
  if not f then fatal("%s", msg) end
  f:write(text)
  if not f:close() then fatal("cannot write %s", tmp) end
  local ok, rmsg = os.rename(tmp, output)
  if not ok then fatal("%s", rmsg) end
else
  io.stdout:write(text)
end
