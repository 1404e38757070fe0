-- 01: loading the module: what `require "kata"` gives, on every interpreter.
-- Lua 5.1 compatible: no `//`, no utf8 library, no goto, no \u{} and no \xNN
-- escapes (Lua 5.1 reads "\x80" as the three characters "x80").

local kata = require("kata")

local API = {
  "segments", "sentences", "tokenize", "tokens", "words",
  "normalize", "casefold", "validate",
}

describe("kata module", function()
  it("loads as a table from lua/kata/init.lua", function()
    assert.is_table(kata)
    assert.equal(kata, require("kata")) -- cached, same table every time
    assert.equal(kata, package.loaded["kata"])
  end)

  it("exposes every documented function", function()
    for _, name in ipairs(API) do
      assert.is_function(kata[name], "kata." .. name .. " missing")
    end
  end)

  it("has the C core as kata.core with the same functions", function()
    local core = require("kata.core")
    assert.is_table(core)
    assert.not_equal(core, kata) -- init.lua copies into a table of its own
    for _, name in ipairs(API) do
      assert.equal(core[name], kata[name], name)
    end
    assert.equal(core.version, kata.version)
    assert.equal(core.unicode_version, kata.unicode_version)
  end)

  it("reports version 0.1.0", function()
    assert.equal("string", type(kata.version))
    assert.equal("0.1.0", kata.version)
    assert.truthy(kata.version:match("^%d+%.%d+%.%d+$"))
  end)

  it("reports Unicode version 15.0.0", function()
    assert.equal("string", type(kata.unicode_version))
    assert.equal("15.0.0", kata.unicode_version)
  end)

  it("does not set globals when loaded", function()
    assert.is_nil(rawget(_G, "kata"))
    assert.is_nil(rawget(_G, "core"))
  end)

  it("works the same after a fresh require (module reloaded)", function()
    local saved = package.loaded["kata"]
    package.loaded["kata"] = nil
    local again = require("kata")
    package.loaded["kata"] = saved
    assert.not_equal(saved, again)
    assert.same({ "Halo", "dunia" }, again.words("Halo, dunia!"))
    assert.equal(kata.tokenize, again.tokenize)
  end)

  it("opens again in the same state after the tagger and index are made", function()
    -- luaopen_kata_core runs again when package.loaded["kata.core"] is
    -- cleared (busted does it between files); the registry's cached
    -- objects must not stand in for the classes' metatables.
    assert.equal(1, #kata.entities("Jakarta"))
    assert.is_table(kata.gazetteer():match("x"))
    local saved_core, saved = package.loaded["kata.core"], package.loaded["kata"]
    package.loaded["kata.core"], package.loaded["kata"] = nil, nil
    local again = require("kata")
    package.loaded["kata.core"], package.loaded["kata"] = saved_core, saved
    assert.equal(1, #again.entities("Jakarta"))
    assert.equal(1, #kata.entities("Jakarta"))
    local g = again.gazetteer({ { "Jakarta", "LOCATION" } })
    assert.equal(1, #kata.entities("di Jakarta", { gazetteer = g }))
    assert.equal(1, again.index():size() + 1)
  end)

  it("runs on the interpreter busted was asked for", function()
    -- A smoke test that the module matches the running Lua (a 5.4 module
    -- in LuaJIT would not even load); the call must just work.
    local toks = kata.tokenize("ok")
    assert.equal(1, #toks)
    assert.same({ text = "ok", kind = "word", start = 1, stop = 2 }, toks[1])
    local v = _VERSION
    if rawget(_G, "jit") then
      assert.truthy(v == "Lua 5.1")
    end
    assert.truthy(v:match("^Lua 5%.[1-4]$"))
  end)
end)
