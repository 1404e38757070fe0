-- What the documentation says of the code, checked against it: the API
-- summary of docs/api.md, the rockspec's description, the README's
-- install steps.
local kata = require("kata")
local helpers = require("spec_helpers")

local ROOT = helpers.TESTS .. "/../"

local function read(path)
  local s = helpers.read_file(ROOT .. path)
  assert(s, "cannot read " .. path)
  return s
end

-- The anchor GitHub gives a heading: lower case, punctuation other than
-- - and _ dropped, spaces as -.
local function anchor(heading)
  return (heading:lower():gsub("[^%w%s_%-]", ""):gsub("%s", "-"))
end

describe("documentation", function()
  -- Regression: the table at the top of api.md left out paragraphs,
  -- duplicates, dedupe, index, entities, gazetteer and the pipeline.
  it("docs/api.md's summary lists every field of kata and the pipeline, each link to a heading", function()
    local doc = read("docs/api.md")
    local summary = doc:match("\n| function | returns |\n| %-%-%- | %-%-%- |\n(.-)\n\n")
    assert.is_string(summary)
    local missing = {}
    for name in pairs(kata) do
      if not summary:find("`kata." .. name .. "[`(]") then missing[#missing + 1] = name end
    end
    table.sort(missing)
    assert.equal("", table.concat(missing, " "))
    assert.truthy(summary:find('[`require("kata.pipeline")`](#katapipeline)', 1, true))
    local anchors = {}
    for heading in doc:gmatch("\n#+ ([^\n]+)") do anchors[anchor(heading)] = true end
    local links = 0
    for a in summary:gmatch("%]%(#([^)]+)%)") do
      links = links + 1
      assert.is_true(anchors[a] == true, "no heading for #" .. a)
    end
    assert.is_true(links >= 24)
  end)

  -- Regression: the rockspec spoke of segmentation, tokens and counts only.
  it("the rockspec's summary and description say what kata does", function()
    local spec, src = {}, read("kata-scm-1.rockspec")
    local setfenv = rawget(_G, "setfenv")
    local chunk
    if setfenv then -- Lua 5.1, LuaJIT
      chunk = assert(rawget(_G, "loadstring")(src, "=rockspec"))
      setfenv(chunk, spec)
    else
      chunk = assert(load(src, "=rockspec", "t", spec))
    end
    chunk()
    local summary, detailed = spec.description.summary, spec.description.detailed
    for _, word in ipairs({"keywords", "duplicate paragraphs", "named entities"}) do
      assert.truthy(summary:find(word, 1, true), word)
    end
    for _, word in ipairs({"YAKE!", "TF-IDF", "near", "duplicate index", "people", "places",
                           "organisations", "gazetteers", "language", "UAX #29", "kata.analyze",
                           "kata.pipeline", "command-line", "Neovim"}) do
      assert.truthy(detailed:find(word, 1, true), word)
    end
  end)

  -- Regression: the README gave `luarocks make --local` without the
  -- `eval "$(luarocks path)"` that lets Lua find what it installed.
  it("README: luarocks make --local comes with eval \"$(luarocks path)\"", function()
    local readme = read("README.md")
    local block = readme:match("\n```sh\n([^`]-make %-%-local.-)```")
    assert.is_string(block)
    local rest = readme:sub((readme:find(block, 1, true)) + #block)
    local eval = rest:match("^.-\n```sh\n([^`]-)```")
    assert.truthy(eval and eval:find('eval "$(luarocks --lua-version 5.4 path)"', 1, true), eval)
  end)
end)
