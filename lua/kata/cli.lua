--- kata.cli: the `kata` command-line front end (bin/kata is a thin wrapper).
-- Subcommands read files or standard input; they print tokens, a report or
-- keywords.
-- Runs on Lua 5.1-5.4 and LuaJIT: no goto, no integer division, no utf8 library.
-- @module kata.cli

local M = {}

local concat, format = table.concat, string.format

-- kata (and with it the C module) is loaded on first use, so `kata --help`
-- works even before the module is built.
local kata_lib
local function kata()
  if not kata_lib then kata_lib = require("kata") end
  return kata_lib
end

-- The entity types in the order reports list them (kata.entity_types,
-- which needs no C module: kata.util).
local ENTITY_TYPES = require("kata.util").entity_types

local F = require("kata.cli_format")
M.json_string, M.json_number, M.escape_text, M.report_json =
  F.json_string, F.json_number, F.escape_text, F.report_json
local json_number, json_keywords = F.json_number, F.json_keywords
local json_entity_value, text_entity_value, report_text =
  F.json_entity_value, F.text_entity_value, F.report_text

-- The help texts (kata.cli_help).
local HELP = require("kata.cli_help")

-- {======================================================================
-- Commands
-- ======================================================================

-- Splits args (from index 2 on, after the command) into options and files.
-- spec maps an option to true (a flag) or "value" (takes an argument).
-- Returns opts, files or nil, message.
local COMMON = {["--strict"] = true, ["--progress"] = true, ["--no-progress"] = true,
                ["-h"] = true, ["--help"] = true, ["-j"] = "value", ["--worker"] = "value"}

local parse, expand, buffer

-- parse() for a command, with its help: returns opts, files; or nil, nil,
-- 0 when the help was asked for (and printed); or nil, message. files is
-- {"-"} when none is given, and directories are expanded (see expand).
local function options(args, io_, name, spec)
  local opts, files = parse(args, spec)
  if opts and (opts["-h"] or opts["--help"]) then
    io_.out:write(HELP[name])
    return nil, nil, 0
  end
  if opts then
    local j = opts["-j"]
    if j and not (j:match("^%d+$") and tonumber(j) >= 1) then
      return nil, format("option '-j' needs a positive integer, got '%s'", j)
    end
    local w = opts["--worker"]
    if w and not w:match("^%d+/%d+$") then return nil, format("bad --worker '%s'", w) end
    if #files == 0 then files[1] = "-" end
    files = expand(files)
  end
  return opts, files
end

function parse(args, spec)
  local opts, files, i, only_files = {}, {}, 2, false
  for k, v in pairs(COMMON) do
    if spec[k] == nil then spec[k] = v end
  end
  while i <= #args do
    local a = args[i]
    if only_files or a == "-" or a:sub(1, 1) ~= "-" then
      files[#files + 1] = a
    elseif a == "--" then
      only_files = true
    else
      local name, value = a, nil
      if a:sub(1, 2) == "--" then
        local eq = a:find("=", 3, true)
        if eq then name, value = a:sub(1, eq - 1), a:sub(eq + 1) end
      elseif #a > 2 then
        name, value = a:sub(1, 2), a:sub(3)
      end
      local kind = spec[name]
      if not kind then return nil, format("unknown option '%s'", a) end
      if kind == "value" then
        if not value then
          i = i + 1
          value = args[i]
          if not value then return nil, format("option '%s' needs a value", name) end
        end
        opts[name] = value
      else
        if value then return nil, format("option '%s' takes no value", name) end
        opts[name] = true
      end
    end
    i = i + 1
  end
  return opts, files
end

-- A string quoted for sh.
local function shell_quote(s)
  return "'" .. s:gsub("'", "'\\''") .. "'"
end

-- Whether path names a directory: "path/." opens only then (a regular
-- file or a FIFO gives "Not a directory"), and nothing is read.
local function is_directory(path)
  if path == "-" then return false end
  local f = io.open(path .. "/.", "rb")
  if not f then return false end
  f:close()
  return true
end

-- The regular files under the directory dir, recursively, sorted by path
-- byte by byte: `find DIR -type f -print0` (Lua cannot list a directory),
-- so symbolic links inside it are not followed. Returns the list and
-- find's complaints (unreadable subdirectories...), or nil.
local function list_files(dir)
  local err_file = os.tmpname()
  local arg = dir:sub(1, 1) == "-" and "./" .. dir or dir
  local p = io.popen("find " .. shell_quote(arg) .. " -type f -print0 2>" .. shell_quote(err_file))
  local list = {}
  if p then
    local names = p:read("*a") or ""
    p:close()
    for name in names:gmatch("%Z+") do list[#list + 1] = name end
  end
  local f = io.open(err_file, "rb")
  local complaint = f and f:read("*a") or ""
  if f then f:close() end
  os.remove(err_file)
  table.sort(list)
  complaint = complaint:gsub("%s+$", "")
  return list, complaint ~= "" and complaint or (not p and "cannot run find" or nil)
end

-- The inputs, each directory replaced by the files under it. The result
-- is an array of paths, with `listed[i]` true for a file found in a
-- directory (read only if it is text), `failed[i]` a message for a
-- directory that could not be listed in full, and `several` true when
-- there is more than one input or a directory.
function expand(files)
  local out = {listed = {}, failed = {}, several = #files > 1}
  for _, path in ipairs(files) do
    if is_directory(path) then
      out.several = true
      local list, complaint = list_files(path)
      for _, name in ipairs(list) do
        out[#out + 1] = name
        out.listed[#out] = true
      end
      if complaint then
        out[#out + 1] = path
        out.failed[#out] = complaint
      end
    else
      out[#out + 1] = path
    end
  end
  out.several = out.several or #out > 1
  return out
end

-- The reason part of an io.open / read message ("x: No such file ...").
local function reason(path, msg)
  msg = tostring(msg or "read error")
  local prefix = path .. ": "
  if msg:sub(1, #prefix) == prefix then return msg:sub(#prefix + 1) end
  return msg
end

-- An input this big (bytes) gets a progress bar of its own bytes.
local BIG = 1048576

-- Reads a file (or stdin for "-") whole. Returns the text or nil, reason;
-- with text_only, false (nothing more read) when a NUL byte is in the
-- first 8 KiB. With on_read, a file of BIG bytes or more is read in blocks,
-- on_read(bytes read, size) after each.
local function read_input(path, stdin, text_only, on_read)
  if path == "-" then
    local s, msg = stdin:read("*a")
    if not s then return nil, reason("-", msg) end
    return s
  end
  local f, msg = io.open(path, "rb")
  if not f then return nil, reason(path, msg) end
  if text_only then
    -- a regular file (find -type f): read again from the start after this
    local head = f:read(8192)
    if head and head:find("%z") then
      f:close()
      return false
    end
    f:seek("set", 0)
  end
  local size = on_read and f:seek("end") or 0
  if size and size >= BIG then
    f:seek("set", 0)
    local parts, got = {}, 0
    while true do
      local block = f:read(BIG)
      if not block then break end
      parts[#parts + 1] = block
      got = got + #block
      on_read(got, size)
    end
    f:close()
    return concat(parts)
  end
  if on_read then f:seek("set", 0) end
  local s, rmsg = f:read("*a")
  f:close()
  if not s then return nil, reason(path, rmsg) end
  return s
end

-- Whether standard error is a terminal (asked once, of the shell: plain Lua
-- has no isatty).
local stderr_tty
local function stderr_is_tty()
  if stderr_tty == nil then
    local ok, how, code = os.execute("test -t 2")
    stderr_tty = (ok == true and how == "exit" and code == 0) or ok == 0
  end
  return stderr_tty
end

-- A progress bar on err, redrawn in place: bar.files(12, 40, name) after
-- each of several inputs ("[#####.....] 12/40 name"), bar.bytes(done,
-- total, what, name) within a big one ("[##........] 12.0/50.0 MB reading
-- name"), bar.stop() to leave the line.
local function progress_bar(err)
  local width, open = 24, false
  local function draw(ratio, label, name)
    local fill = math.floor(width * ratio)
    if fill > width then fill = width end
    if #name > 40 then name = "..." .. name:sub(-37) end
    err:write(format("\r[%s%s] %-26s %-40s", string.rep("#", fill), string.rep(".", width - fill),
                     label, M.escape_text(name)))
    open = true
  end
  local bar = {}
  function bar.stop()
    if open then err:write("\n") end
    open = false
  end
  function bar.files(done, total, name)
    draw(done / total, format("%d/%d", done, total), name)
    if done == total then bar.stop() end
  end
  function bar.bytes(done, total, what, name)
    draw(total > 0 and done / total or 1, format("%.1f/%.1f MB %s", done / 1e6, total / 1e6, what),
         name)
  end
  return bar
end

-- The progress bar of a run, or nil: when standard error is a terminal (or
-- with --progress), never with --no-progress; it shows each of several
-- inputs, and the bytes of an input of 1 MiB or more as they are read and
-- processed.
local function progress_of(opts, io_)
  if opts["--no-progress"] then return nil end
  if opts["--progress"] or (io_.err == io.stderr and stderr_is_tty()) then
    return progress_bar(io_.err)
  end
end

-- Runs fn(name, text, several, tick, i) for each input (files as options
-- gives them; i its place among them); unreadable ones are reported on err and skipped, and so are
-- ones with invalid UTF-8 under --strict. A file found in a directory is
-- skipped quietly when it is not text: a NUL byte in its first 8 KiB. fn
-- may call tick(bytes) with how much of the text it has processed, for
-- the progress bar. Returns 0, 1 when an input was bad data, or 2 when one
-- could not be read.
local each_input_here, each_input_workers

-- The number of cores: nproc, else the processors in /proc/cpuinfo, else 1.
local cores
local function core_count()
  if cores then return cores end
  local p = io.popen("nproc 2>/dev/null")
  local n = p and tonumber((p:read("*a") or ""):match("%d+"))
  if p then p:close() end
  if not n then
    local f = io.open("/proc/cpuinfo", "rb")
    local info = f and f:read("*a") or ""
    if f then f:close() end
    local _, count = info:gsub("\nprocessor%s*:", "")
    if info:find("^processor%s*:") then count = count + 1 end
    n = count > 0 and count or 1
  end
  cores = n
  return n
end

-- About the bytes of the files: the sizes of at most 64 of them, evenly
-- spread over the list, times the files over the files measured (a file
-- that cannot be opened counts 0). Opening every file of a large folder
-- would cost more than it decides.
local function input_bytes(files)
  local step = math.max(1, math.ceil(#files / 64))
  local total, measured = 0, 0
  for i = 1, #files, step do
    local f = io.open(files[i], "rb")
    if f then
      total = total + (f:seek("end") or 0)
      f:close()
    end
    measured = measured + 1
  end
  return total * #files / measured
end

-- The cores other processes leave idle: the cores less the load average
-- of the last minute (/proc/loadavg), rounded; all of them when it cannot
-- be read.
local function idle_cores()
  local f = io.open("/proc/loadavg", "rb")
  local load = f and tonumber((f:read("*l") or ""):match("^%s*([%d.]+)"))
  if f then f:close() end
  if not load then return core_count() end
  return math.max(0, math.floor(core_count() - load + 0.5))
end

local function each_input(files, io_, fn, opts, par)
  opts = opts or {}
  -- -j N (default: the cores): N worker processes, each running this
  -- command with --worker K/N on every Nth input, their output merged
  -- here in input order. Only for a command that gives par, from bin/kata
  -- (M.self), for two inputs or more, none of them standard input. par.sep
  -- goes between two inputs' output; par.merge(i, name, output), when
  -- given, takes each input's output instead of writing it. par.min_bytes
  -- (a command whose first process does much of the work): without -j, a
  -- worker for each min_bytes of input (input_bytes) and for each idle
  -- core (idle_cores) at most, and one process when that makes fewer than
  -- two.
  local jobs = tonumber(opts["-j"] or "") or core_count()
  if par and M.self and not opts["--worker"] and jobs > 1 and #files > 1 then
    local stdin = false
    for _, path in ipairs(files) do stdin = stdin or path == "-" end
    if not stdin and par.min_bytes and not opts["-j"] then
      jobs = math.min(jobs, math.floor(input_bytes(files) / par.min_bytes))
      if jobs > 1 then jobs = math.min(jobs, idle_cores()) end
    end
    if not stdin and jobs > 1 then
      return each_input_workers(files, io_, opts, par, math.min(jobs, #files))
    end
  end
  return each_input_here(files, io_, fn, opts)
end

-- A worker's records on its standard output, one per input of its share:
-- "INDEX STATUS OUTLEN ERRLEN\n" then the input's output and error bytes.
-- io_.out and io_.err are buffers (M.main makes them for --worker).
function each_input_workers(files, io_, opts, par, n)
  local cmd = {}
  for i, a in ipairs(M.self) do cmd[i] = shell_quote(a) end
  local skip = false
  for i = 1, #io_.args do
    local a = io_.args[i]
    if skip then
      skip = false
    elseif a == "-j" then
      skip = true
    elseif a:sub(1, 2) ~= "-j" and a ~= "--progress" then
      cmd[#cmd + 1] = shell_quote(a)
    end
  end
  cmd[#cmd + 1] = "--no-progress"
  local base = concat(cmd, " ")
  local procs = {}
  for k = 1, n do procs[k] = io.popen(base .. " --worker " .. k .. "/" .. n, "r") end
  local bar = progress_of(opts, io_)
  local status, wrote = 0, false
  for i, path in ipairs(files) do
    local p = procs[(i - 1) % n + 1]
    local head = p and p:read("*l")
    local idx, st, olen, elen = (head or ""):match("^(%d+) (%d) (%d+) (%d+)$")
    if tonumber(idx) ~= i then
      io_.err:write(format("kata: a worker stopped before '%s'\n", path))
      status = 2
      break
    end
    local o = tonumber(olen) > 0 and p:read(tonumber(olen)) or ""
    local e = tonumber(elen) > 0 and p:read(tonumber(elen)) or ""
    if o ~= "" and par.merge then
      par.merge(i, path, o)
    elseif o ~= "" then
      if wrote and par.sep then io_.out:write(par.sep) end
      wrote = true
      io_.out:write(o)
    end
    if e ~= "" then
      if io_.out.flush then io_.out:flush() end
      io_.err:write(e)
    end
    st = tonumber(st)
    if st == 2 then status = 2 elseif st == 1 and status == 0 then status = 1 end
    if bar then bar.files(i, #files, path) end
  end
  for _, p in ipairs(procs) do p:close() end
  return status
end

function each_input_here(files, io_, fn, opts)
  local status = 0
  local worker = opts["--worker"]
  local wk, wn = 1, 1
  if worker then wk, wn = worker:match("^(%d+)/(%d+)$") end
  wk, wn = tonumber(wk), tonumber(wn)
  local listed, failed = files.listed or {}, files.failed or {}
  local several = files.several
  if several == nil then several = #files > 1 end
  local bar = progress_of(opts, io_)
  local progress = bar and #files > 1 and bar.files
  local noop = function() end
  for i, path in ipairs(files) do
    if (i - 1) % wn + 1 == wk then
      local fs = 0
      local s, msg
      local on_read = bar and function(done, size) bar.bytes(done, size, "read", path) end
      if failed[i] then
        msg = failed[i]
      else
        s, msg = read_input(path, io_.stdin, listed[i], on_read)
      end
      if s then
        local ok, bad = true, nil
        if opts["--strict"] then ok, bad = kata().validate(s) end
        local tick = noop
        if bar and #s >= BIG then
          tick = function(done) bar.bytes(done, #s, "done", path) end
          tick(0)
        end
        if ok then
          fn(path, s, several, tick, i)
          if tick ~= noop then
            tick(#s)
            if not progress then bar.stop() end
          end
        else
          io_.err:write(format("kata: %s: invalid UTF-8 at byte %d\n", path, bad))
          if status == 0 then status = 1 end
          fs = 1
        end
      elseif s == nil then
        io_.err:write(format("kata: cannot read '%s': %s\n", path, msg))
        status = 2
        fs = 2
      end -- false: a file in a directory that is not text, skipped
      if progress then progress(i, #files, path) end
      if worker then
        local o, e = io_.out:take(), io_.err:take()
        io_.real_out:write(format("%d %d %d %d\n", i, fs, #o, #e), o, e)
        io_.real_out:flush()
      end
    end
  end
  return status
end

-- A text over 1.5 x CHUNK bytes is read by kata entities (and its
-- entities by kata analyze) in pieces of about CHUNK bytes ending at a
-- paragraph break (a blank line; else a line end), so that its memory
-- follows the piece, not the text: fn(piece, offset) for each, offset the
-- bytes before the piece (kata.util.each_piece). 256 KiB: the tagger's
-- peak grows faster than its piece (1 MiB pieces: 4.6 times a 50 MB
-- input; 256 KiB: 2.5 times).
local CHUNK = 262144
local function each_piece(s, fn)
  return require("kata.util").each_piece(s, CHUNK, fn)
end

local COMMANDS = {}

function COMMANDS.tokens(args, io_)
  local spec = {["--json"] = true, ["--spaces"] = true, ["--fold"] = true}
  local opts, files, done = options(args, io_, "tokens", spec)
  if not opts then return done, files end
  local topts = {spaces = opts["--spaces"] or nil, fold = opts["--fold"] or nil}
  local json, out = opts["--json"], io_.out
  return each_input(files, io_, function(name, s, several)
    local prefix = ""
    if several then
      prefix = json and '"file":' .. M.json_string(name) .. "," or M.escape_text(name) .. "\t"
    end
    -- Lines are written in batches: one write per token is what costs most.
    local lines, n = {}, 0
    for text, kind, start, stop in kata().tokens(s, topts) do
      n = n + 1
      if json then
        lines[n] = format('{%s"text":%s,"kind":"%s","start":%d,"stop":%d}\n',
                          prefix, M.json_string(text), kind, start, stop)
      else
        lines[n] = format("%s%d\t%d\t%s\t%s\n", prefix, start, stop, kind, M.escape_text(text))
      end
      if n == 512 then
        out:write(concat(lines))
        n = 0
      end
    end
    out:write(concat(lines, "", 1, n))
  end, opts)
end

-- Writes spans {text, start, stop} of one input as tab-separated lines or
-- JSON Lines, with the file name first when there are several inputs.
local function write_spans(out, name, several, json, spans)
  local prefix = ""
  if several then
    prefix = json and '"file":' .. M.json_string(name) .. "," or M.escape_text(name) .. "\t"
  end
  local lines, n = {}, 0
  for _, p in ipairs(spans) do
    n = n + 1
    if json then
      lines[n] = format('{%s"text":%s,"start":%d,"stop":%d}\n', prefix, M.json_string(p.text),
                        p.start, p.stop)
    else
      lines[n] = format("%s%d\t%d\t%s\n", prefix, p.start, p.stop, M.escape_text(p.text))
    end
    if n == 512 then
      out:write(concat(lines))
      n = 0
    end
  end
  out:write(concat(lines, "", 1, n))
end

function COMMANDS.sentences(args, io_)
  local opts, files, done = options(args, io_, "sentences", {["--json"] = true})
  if not opts then return done, files end
  return each_input(files, io_, function(name, s, several)
    -- The trimmed sentences, found in order in s: only white space lies
    -- between one and the next, so the first match from there is it.
    local spans, from = {}, 1
    for _, text in ipairs(kata().sentences(s, {trim = true})) do
      local start = s:find(text, from, true)
      if start then
        spans[#spans + 1] = {text = text, start = start, stop = start + #text - 1}
        from = start + #text
      end
    end
    write_spans(io_.out, name, several, opts["--json"], spans)
  end, opts)
end

function COMMANDS.paragraphs(args, io_)
  local opts, files, done = options(args, io_, "paragraphs", {["--json"] = true, ["--by"] = "value"})
  if not opts then return done, files end
  local by = opts["--by"] or "auto"
  if by ~= "auto" and by ~= "blank" and by ~= "line" then
    return nil, format("option '--by' needs auto, blank or line, got '%s'", by)
  end
  return each_input(files, io_, function(name, s, several)
    write_spans(io_.out, name, several, opts["--json"], kata().paragraphs(s, {by = by}))
  end, opts)
end

-- The value of -n: a whole number (capped where kata.keywords stops), or
-- nil, message.
local function count_option(opts)
  local v = opts["-n"]
  if not v then return 10 end
  if not v:match("^%d+$") then
    return nil, format("option '-n' needs a whole number, got '%s'", v)
  end
  local n = tonumber(v)
  if n > 1073741824 then n = 1073741824 end
  return n
end

-- Checks counting options against the library (an unknown language raises
-- there): nil when fine, else the reason, without the "bad argument" part.
local function check_counting(kopts)
  local ok, msg = pcall(kata().count, "", kopts)
  if ok then return nil end
  msg = tostring(msg)
  return msg:match("%((.*)%)$") or msg
end

-- The value of --threshold: a number from 0 to 1, or nil, message.
local function threshold_option(opts)
  local v = opts["--threshold"]
  if not v then return nil end
  local t = tonumber(v)
  if not t or t < 0 or t > 1 then
    return nil, format("option '--threshold' needs a number from 0 to 1, got '%s'", v)
  end
  return t
end

-- The value of --lang for entities and analysis: en, id or auto.
local function lang_option(opts)
  local v = opts["--lang"] or "auto"
  if v ~= "en" and v ~= "id" and v ~= "auto" then
    return nil, format("option '--lang' needs en, id or auto, got '%s'", v)
  end
  return v
end

-- The value of --lang for analysis: auto, or any code kata.analyze takes
-- (a built-in list or a stemmer: en, id, fr, de, ...).
local function analyze_lang_option(opts)
  local v = opts["--lang"] or "auto"
  local ok = pcall(kata().analyze, "", {lang = v, counts = false, paragraphs = false,
                                        keywords = false, key_phrases = false, entities = false})
  if not ok then
    return nil, format("option '--lang' needs auto or a language code kata knows, got '%s'", v)
  end
  return v
end

function COMMANDS.analyze(args, io_)
  local spec = {["--json"] = true, ["-n"] = "value", ["--lang"] = "value",
                ["--threshold"] = "value", ["--keep-duplicates"] = true,
                ["--all-paragraphs"] = true}
  local opts, files, done = options(args, io_, "analyze", spec)
  if not opts then return done, files end
  local top, msg = count_option(opts)
  if not top then return nil, msg end
  local lang, threshold
  lang, msg = analyze_lang_option(opts)
  if not lang then return nil, msg end
  threshold, msg = threshold_option(opts)
  if msg then return nil, msg end
  -- piece: the entities of a big input are tagged in pieces, as kata
  -- entities reads it (see each_piece)
  local aopts = {lang = lang, n = top, threshold = threshold, piece = CHUNK, paragraphs = "duplicates",
                 duplicates = not opts["--keep-duplicates"] and "mark" or false,
                 unique_paragraphs = not (opts["--all-paragraphs"] or opts["--keep-duplicates"])}
  local first = true
  -- (a worker's reports are parted by the process merging them: par.sep)
  local worker = opts["--worker"]
  return each_input(files, io_, function(name, s)
    local r = kata().analyze(s, aopts)
    r.paragraphs = r.paragraphs or {}
    if opts["--json"] then
      io_.out:write(M.report_json(r, name))
    else
      if not first and not worker then io_.out:write("\n") end
      io_.out:write(report_text(name, r, top))
    end
    first = false
  end, opts, {sep = not opts["--json"] and "\n" or nil})
end

-- Loads the --gazetteer files: a list of gazetteers, or nil, the message
-- and the exit status: 1 for a malformed line ("FILE:LINE: message"), 2
-- for a file that cannot be read (missing, not a regular file, too large).
local function load_gazetteers(paths)
  local list = {}
  for _, path in ipairs(paths) do
    local g = kata().gazetteer()
    local ok, msg = g:load(path)
    if not ok then
      msg = tostring(msg)
      if msg:sub(1, #path + 1) == path .. ":" and msg:find("^%d+: ", #path + 2) then
        return nil, msg, 1
      end
      return nil, format("cannot read '%s': %s", path, reason(path, msg)), 2
    end
    list[#list + 1] = g
  end
  return list
end

function COMMANDS.entities(args, io_)
  local gaz = {}
  -- --gazetteer may repeat: gather them before the common parse.
  local rest = {args[1]}
  local i = 2
  while i <= #args do
    local a = args[i]
    if a == "--gazetteer" and args[i + 1] then
      gaz[#gaz + 1] = args[i + 1]
      i = i + 2
    elseif a:sub(1, 12) == "--gazetteer=" then
      gaz[#gaz + 1] = a:sub(13)
      i = i + 1
    else
      rest[#rest + 1] = a
      i = i + 1
    end
  end
  local spec = {["--json"] = true, ["--lang"] = "value", ["--types"] = "value",
                ["--gazetteer"] = "value"}
  local opts, files, done = options(rest, io_, "entities", spec)
  if not opts then return done, files end
  local lang, msg = lang_option(opts)
  if not lang then return nil, msg end
  local eopts = {lang = lang}
  if opts["--types"] then
    eopts.types = {}
    for t in opts["--types"]:gmatch("[^,%s]+") do
      local T = t:upper()
      local known = false
      for _, name in ipairs(ENTITY_TYPES) do known = known or name == T end
      if not known then return nil, format("unknown entity type '%s'", t) end
      eopts.types[T] = true
    end
  end
  if #gaz > 0 then
    local list, gmsg, gstatus = load_gazetteers(gaz)
    if not list then
      io_.err:write(format("kata entities: %s\n", gmsg))
      return gstatus
    end
    eopts.gazetteer = list
  end
  local json, out = opts["--json"], io_.out
  return each_input(files, io_, function(name, s, several, tick)
    local prefix = ""
    if several then
      prefix = json and '"file":' .. M.json_string(name) .. "," or M.escape_text(name) .. "\t"
    end
    each_piece(s, function(piece, at)
      local lines = {}
      for k, e in ipairs(kata().entities(piece, eopts)) do
        local start, stop = e.start + at, e.stop + at
        if json then
          local v = e.value ~= nil and ',"value":' .. json_entity_value(e.value) or ""
          lines[k] = format('{%s"text":%s,"type":"%s","start":%d,"stop":%d%s}\n', prefix,
                            M.json_string(e.text), e.type, start, stop, v)
        else
          local v = e.value ~= nil and "\t" .. M.escape_text(text_entity_value(e.value)) or ""
          lines[k] = format("%s%d\t%d\t%s\t%s%s\n", prefix, start, stop, e.type,
                            M.escape_text(e.text), v)
        end
      end
      out:write(concat(lines))
      lines = nil -- luacheck: ignore 311
      collectgarbage() -- the piece's entities, before the next piece's
      tick(at + #piece)
    end)
  end, opts, {})
end

-- Writes a summary line on err once what is on out is written, so the two
-- come in order when they go to the same place.
local function summary(io_, ...)
  if io_.out.flush then io_.out:flush() end
  io_.err:write(format(...))
end

-- The line of byte offset pos in s (1-based).
local function line_at(s, pos, cache)
  -- cache: {pos = last offset asked, line = its line}; offsets come in order
  local from, line = 1, 1
  if cache.pos and cache.pos <= pos then from, line = cache.pos, cache.line end
  while true do -- a find for each line end: no copy of the text between
    local nl = s:find("\n", from, true)
    if not nl or nl >= pos then break end
    line, from = line + 1, nl + 1
  end
  cache.pos, cache.line = pos, line
  return line
end

-- Writes one repeat of kata dedupe --list: paragraph j of name (at line,
-- p its paragraph) repeats paragraph dj of dname (at dline).
local function write_repeat(out, json, name, j, line, p, dname, dj, dline, kind, sim)
  if json then
    out:write(format('{"file":%s,"paragraph":%d,"line":%d,"start":%d,"stop":%d,' ..
                     '"dup_file":%s,"dup_paragraph":%d,"dup_line":%d,"kind":"%s",' ..
                     '"similarity":%s,"text":%s}\n', M.json_string(name), j, line,
                     p.start, p.stop, M.json_string(dname), dj, dline, kind,
                     json_number(sim), M.json_string(p.text)))
  else
    out:write(format("%s:%d\tparagraph %d\trepeats\t%s:%d\tparagraph %d\t(%s, %.3f)\n",
                     M.escape_text(name), line, j, M.escape_text(dname), dline, dj, kind, sim))
  end
end

-- kata dedupe --redis: every paragraph through the index shared on a
-- Redis Cluster (kata.redis_dup), its id "PARAGRAPH:LINE:FILE".
local function dedupe_redis(opts, files, io_, dopts)
  local replicas = tonumber(opts["--replicas"] or "0")
  if not replicas or replicas < 0 or replicas % 1 ~= 0 then
    return nil, format("option '--replicas' needs a whole number, got '%s'", opts["--replicas"])
  end
  local ok, cluster = pcall(require, "kata.redis_cluster")
  if not ok then return nil, "--redis needs LuaSocket (Debian: lua-socket)" end
  local c, err = cluster.connect(opts["--redis"])
  if not c then
    io_.err:write(format("kata dedupe: %s\n", err))
    return 2
  end
  local d = require("kata.redis_dup").new(c, opts["--index"] or "kata",
    {threshold = dopts.threshold, method = dopts.method, replicas = replicas})
  local found, paragraphs, failed = 0, 0, nil
  local status = each_input(files, io_, function(name, s)
    local cache = {}
    for j, p in ipairs(kata().paragraphs(s, {by = dopts.by})) do
      paragraphs = paragraphs + 1
      local line = line_at(s, p.start, cache)
      local good, of, sim, kind = pcall(d.add, d, j .. ":" .. line .. ":" .. name, p.text)
      if not good then
        failed = of
        break
      end
      if of then
        found = found + 1
        local dj, dline, dname = of:match("^(%d+):(%d+):(.*)$")
        write_repeat(io_.out, opts["--json"], name, j, line, p, dname or of, tonumber(dj) or 0,
                     tonumber(dline) or 0, kind, sim)
      end
    end
  end, opts)
  c:close()
  if failed then
    io_.err:write(format("kata dedupe: %s\n", failed))
    return 1
  end
  summary(io_, "kata dedupe: %d of %d paragraphs repeat an earlier one\n", found, paragraphs)
  return status
end

-- kata dedupe without -j: a worker for each 1.5 MB of input and for each
-- idle core at most, one process below 3 MB or two idle cores (docs/cli.md:
-- there the workers' start and pipes, and the first process's share of
-- busy cores, cost about what they save).
local DEDUPE_WORKER_BYTES = 1500000

function COMMANDS.dedupe(args, io_)
  local spec = {["--threshold"] = "value", ["--exact"] = true, ["--by"] = "value",
                ["--json"] = true, ["--list"] = true, ["--redis"] = "value",
                ["--index"] = "value", ["--replicas"] = "value"}
  local opts, files, done = options(args, io_, "dedupe", spec)
  if not opts then return done, files end
  local threshold, msg = threshold_option(opts)
  if msg then return nil, msg end
  local by = opts["--by"] or "auto"
  if by ~= "auto" and by ~= "blank" and by ~= "line" then
    return nil, format("option '--by' needs auto, blank or line, got '%s'", by)
  end
  local dopts = {threshold = threshold, by = by, method = opts["--exact"] and "exact" or nil}
  local out = io_.out
  if opts["--redis"] then return dedupe_redis(opts, files, io_, dopts) end
  if #files <= 1 and not files.several and not opts["--list"] and not opts["--json"] then
    local removed = 0
    local status = each_input(files, io_, function(_, s)
      local text, n = kata().dedupe(s, dopts)
      out:write(text)
      removed = n
    end, opts)
    if status == 0 then
      summary(io_, "kata dedupe: %d duplicate paragraph%s removed\n", removed,
              removed == 1 and "" or "s")
    end
    return status
  end

  -- One input: the pairs kata.duplicates finds, which are what kata dedupe
  -- removes (teasers too), listed.
  if #files <= 1 and not files.several then
    local found, paragraphs = 0, 0
    local status = each_input(files, io_, function(name, s)
      local cache, paras = {}, kata().paragraphs(s, {by = by})
      paragraphs = #paras
      for j, d in ipairs(kata().duplicates(s, dopts)) do
        if d then
          found = found + 1
          local p, o = paras[j], paras[d.dup_of]
          write_repeat(out, opts["--json"], name, j, line_at(s, p.start, cache), p,
                       name, d.dup_of, line_at(s, o.start, cache), d.kind, d.similarity)
        end
      end
    end, opts)
    if status == 0 then
      summary(io_, "kata dedupe: %d of %d paragraphs repeat an earlier one\n", found, paragraphs)
    end
    return status
  end

  -- Every paragraph of every input through one index, with a store so
  -- near matches are confirmed exactly. Each input is prepared first:
  -- its paragraphs' records, shingle sets and keys (idx:prepare, which
  -- depends on nothing before it), by -j's worker processes when there
  -- are several, else here; the one index then adds the prepared inputs
  -- in input order (idx:add_prepared), so a paragraph repeats the first
  -- earlier one whatever the file, as one process finds it.
  local json = opts["--json"]
  local prep = kata().index({threshold = threshold, method = dopts.method})
  -- The prepared paragraphs of input i (text s). A paragraph's key is
  -- what a repeat line shows of it: with --json "I:J:LINE:START:STOP"
  -- (input, paragraph, line, bytes), which the first process turns into
  -- the line's fields; else "LINE\tparagraph J", which the first process
  -- adds under "NAME:LINE\tparagraph J" (idx:add_prepared's prefix
  -- "NAME:"), the text a repeat line shows of a repeat and of the
  -- paragraph it repeats alike: a line is two keys joined.
  local function prepare(i, s)
    local keys, texts, cache = {}, {}, {}
    for j, p in ipairs(kata().paragraphs(s, {by = by})) do
      local line = line_at(s, p.start, cache)
      keys[j] = json and format("%d:%d:%d:%d:%d", i, j, line, p.start, p.stop)
                or line .. "\tparagraph " .. j
      texts[j] = p.text
    end
    return prep:prepare(keys, texts)
  end
  if opts["--worker"] then
    -- a worker of -j: each input's prepared paragraphs, to the process
    -- that adds them; with --json, their length first and the input's
    -- text after them (the repeats' "text")
    return each_input(files, io_, function(_, s, _, _, i)
      local items = prepare(i, s)
      if json then
        io_.out:write(#items, "\n", items, s)
      else
        io_.out:write(items)
      end
    end, opts, {})
  end

  -- The store's file is removed as soon as the index has it open (POSIX
  -- keeps it until closed), so no exit leaves it behind: not SIGPIPE from
  -- `| head`, not an error; where an open file cannot be removed, it is
  -- at the end.
  local store = os.tmpname()
  local idx, imsg = kata().index({threshold = threshold, method = dopts.method, store = store})
  local gone = os.remove(store)
  if not idx then
    io_.err:write(format("kata dedupe: %s\n", imsg))
    return 2
  end
  local found, paragraphs, failed = 0, 0, nil
  -- The inputs' names as the lines show them, by the input's number as a
  -- key gives it (a string): made once each.
  local shown = setmetatable({}, {__index = function(t, k)
    local name = files[tonumber(k)]
    local v = json and M.json_string(name) or M.escape_text(name)
    t[k] = v
    return v
  end})
  -- With --json, what a line shows of the earlier paragraph whose key is
  -- k: made once for each of the last 65,536 asked for (boilerplate
  -- repeats one paragraph many times).
  local dup_parts, ndup = {}, 0
  local function dup_part(k)
    local v = dup_parts[k]
    if v then return v end
    local di, dj, dline = k:match("^(%d+):(%d+):(%d+)")
    v = format('"dup_file":%s,"dup_paragraph":%s,"dup_line":%s', shown[di], dj, dline)
    if ndup == 65536 then dup_parts, ndup = {}, 0 end
    dup_parts[k], ndup = v, ndup + 1
    return v
  end
  -- A text line's end, "\t(KIND, SIMILARITY)\n", by kind and similarity:
  -- made once for each (most repeats are exact, similarity 1).
  local ends, nends = {}, 0
  local function line_end(kind, sim)
    local of_kind = ends[kind]
    if not of_kind then
      of_kind = {}
      ends[kind] = of_kind
    end
    local v = of_kind[sim]
    if v then return v end
    v = format("\t(%s, %.3f)\n", kind, sim)
    if nends == 65536 then ends, nends = {[kind] = {}}, 0 end
    ends[kind][sim], nends = v, nends + 1
    return v
  end
  -- Adds input i's prepared paragraphs (items) and lists its repeats, as
  -- write_repeat does; s is its text, needed for --json only.
  local function add(i, items, s)
    local name = shown[tostring(i)]
    local hits, n, amsg = idx:add_prepared(items, not json and name .. ":" or nil)
    paragraphs = paragraphs + n
    local lines, m = {}, 0
    for h = 1, #hits, 5 do
      m, found = m + 1, found + 1
      if json then
        local line, start, stop = hits[h + 1]:match("^%d+:%d+:(%d+):(%d+):(%d+)$")
        lines[m] = format('{"file":%s,"paragraph":%d,"line":%s,"start":%s,"stop":%s,%s,' ..
                          '"kind":"%s","similarity":%s,"text":%s}\n', name, hits[h], line,
                          start, stop, dup_part(hits[h + 2]), hits[h + 4],
                          json_number(hits[h + 3]),
                          M.json_string(s:sub(tonumber(start), tonumber(stop))))
      else -- the keys: "NAME:LINE\tparagraph J"
        lines[m] = hits[h + 1] .. "\trepeats\t" .. hits[h + 2] .. line_end(hits[h + 4], hits[h + 3])
      end
      if m == 512 then
        out:write(concat(lines))
        m = 0
      end
    end
    out:write(concat(lines, "", 1, m))
    if amsg then
      failed = amsg -- the paragraph that failed counts; the input's others are left
      paragraphs = paragraphs + 1
    end
  end
  local status = each_input(files, io_, function(_, s, _, _, i)
    add(i, prepare(i, s), s)
  end, opts, {min_bytes = DEDUPE_WORKER_BYTES, merge = function(i, _, o)
    if not json then return add(i, o) end
    local nl = o:find("\n", 1, true)
    local len = tonumber(o:sub(1, nl - 1))
    add(i, o:sub(nl + 1, nl + len), o:sub(nl + len + 1))
  end})
  idx = nil -- luacheck: ignore 311
  collectgarbage()
  if not gone then os.remove(store) end
  if failed then
    io_.err:write(format("kata dedupe: %s\n", failed))
    return 1
  end
  summary(io_, "kata dedupe: %d of %d paragraphs repeat an earlier one\n", found, paragraphs)
  return status
end

-- Writes one input's keywords as tab-separated lines or one JSON line.
local function write_keywords(out, name, several, method, list, json)
  if json then
    out:write(format('{"file":%s,"method":"%s","keywords":%s}\n', M.json_string(name),
                     method, json_keywords(list)))
    return
  end
  local prefix = several and M.escape_text(name) .. "\t" or ""
  local lines = {}
  for i, kw in ipairs(list) do
    lines[i] = format("%s%.6g\t%d\t%s\n", prefix, kw.score, kw.count, M.escape_text(kw.term))
  end
  out:write(concat(lines))
end

local METHODS = {keyphrase = true, frequency = true, tfidf = true, yake = true}

function COMMANDS.keywords(args, io_)
  local spec = {["--method"] = "value", ["-n"] = "value", ["--lang"] = "value",
                ["--stem"] = true, ["--ngrams"] = "value", ["--no-stopwords"] = true,
                ["--json"] = true, ["--all-paragraphs"] = true}
  local opts, files, done = options(args, io_, "keywords", spec)
  if not opts then return done, files end
  local method = opts["--method"] or "keyphrase"
  if not METHODS[method] then
    return nil, format("unknown method '%s' (keyphrase, frequency, tfidf or yake)", method)
  end
  local n, msg = count_option(opts)
  if not n then return nil, msg end
  local kopts = {lang = opts["--lang"], stem = opts["--stem"] or nil}
  if opts["--no-stopwords"] then kopts.stopwords = false end
  if opts["--all-paragraphs"] then kopts.unique_paragraphs = false end
  if opts["--ngrams"] then
    local v = opts["--ngrams"]
    local lo, hi = v:match("^(%d)%-(%d)$")
    if not lo then
      lo = v:match("^%d$")
      hi = lo
    end
    lo, hi = tonumber(lo), tonumber(hi)
    if not lo or lo < 1 or hi > 3 or lo > hi then
      return nil, format("option '--ngrams' needs N or LO-HI, from 1 to 3, got '%s'", v)
    end
    kopts.ngrams = lo == hi and lo or {lo, hi}
  end
  msg = check_counting(kopts)
  if msg then return nil, msg end
  local json, out = opts["--json"], io_.out

  if method ~= "tfidf" then
    local k = kata()
    local call = {n = n, method = method}
    for key, v in pairs(kopts) do call[key] = v end
    return each_input(files, io_, function(name, s, several)
      write_keywords(out, name, several, method, k.keywords(s, call), json)
    end, opts, {})
  end

  -- TF-IDF: every input is a document of one corpus, then each is ranked
  -- against it.
  local docs = {}
  local status = each_input(files, io_, function(name, s, several)
    docs[#docs + 1] = {name = name, text = s, several = several}
  end, opts)
  local corpus = kata().corpus(kopts)
  for _, d in ipairs(docs) do corpus:add(d.text) end
  for _, d in ipairs(docs) do
    write_keywords(out, d.name, d.several, method, corpus:keywords(d.text, {n = n}), json)
  end
  return status
end

-- A stream kept in memory: write, and take (what was written, emptied).
function buffer()
  local b = {parts = {}}
  function b.write(self, ...)
    for i = 1, select("#", ...) do self.parts[#self.parts + 1] = select(i, ...) end
    return self
  end
  function b.flush() end
  function b.take(self)
    local parts = self.parts
    local t = #parts == 1 and parts[1] or concat(parts) -- one part: no copy
    self.parts = {}
    return t
  end
  return b
end

local function version()
  local k = kata()
  local jit = rawget(_G, "jit")
  local lua = jit and jit.version or _VERSION
  return format("kata %s (Unicode %s, %s)\n", k.version, k.unicode_version, lua)
end

--- Runs the command line.
-- @tparam table args the arguments, as in Lua's global `arg` (args[1] is the
--   command); only the array part is read
-- @param[opt=io.stdout] out where results go (anything with a `write` method)
-- @param[opt=io.stderr] err where error messages go
-- @param[opt=io.stdin] stdin what `-` (or no FILE) reads, with a `read` method
-- @treturn integer the exit status: 0 success, 2 usage error or unreadable input
function M.main(args, out, err, stdin)
  local io_ = {out = out or io.stdout, err = err or io.stderr, stdin = stdin or io.stdin,
               args = args}
  for _, a in ipairs(args) do
    if a == "--worker" or a:sub(1, 9) == "--worker=" then
      -- a worker of -j: each input's output and errors are kept, then sent
      -- as one record (each_input_here)
      io_.real_out, io_.out, io_.err = io_.out, buffer(), buffer()
      break
    end
  end
  local cmd = args[1]
  if cmd == nil then
    io_.err:write(HELP.main)
    return 2
  end
  if cmd == "-h" or cmd == "--help" then
    io_.out:write(HELP.main)
    return 0
  end
  if cmd == "--version" then
    io_.out:write(version())
    return 0
  end
  if cmd == "help" then
    local topic = args[2]
    if topic == nil or HELP[topic] and topic ~= "main" then
      io_.out:write(HELP[topic or "main"])
      return 0
    end
    io_.err:write(format("kata: no help for '%s'\nTry 'kata --help'.\n", topic))
    return 2
  end
  local run = COMMANDS[cmd]
  if not run then
    local what = cmd:sub(1, 1) == "-" and "unknown option" or "unknown command"
    io_.err:write(format("kata: %s '%s'\nTry 'kata --help'.\n", what, cmd))
    return 2
  end
  local status, msg = run(args, io_)
  if not status then
    io_.err:write(format("kata %s: %s\nTry 'kata %s --help'.\n", cmd, msg, cmd))
    return 2
  end
  return status
end

-- }======================================================================

return M
