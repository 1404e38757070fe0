-- digest.lua: a deterministic text form of any values, for the hosts
-- (oom.lua, threads.lua) to compare results: tables by sorted keys,
-- floats with 17 digits, userdata and functions by their type only.
local function ser(v, out)
  local t = type(v)
  if t == "table" then
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = k end
    table.sort(keys, function(a, b)
      local ta, tb = type(a), type(b)
      if ta ~= tb then return ta < tb end
      if ta == "number" or ta == "string" then return a < b end
      return tostring(a) < tostring(b)
    end)
    out[#out + 1] = "{"
    for _, k in ipairs(keys) do
      ser(k, out)
      out[#out + 1] = "="
      ser(v[k], out)
      out[#out + 1] = ","
    end
    out[#out + 1] = "}"
  elseif t == "number" then
    out[#out + 1] = math.type(v) == "integer" and tostring(v) or string.format("%.17g", v)
  elseif t == "string" then
    out[#out + 1] = string.format("%q", v)
  elseif t == "nil" or t == "boolean" then
    out[#out + 1] = tostring(v)
  else
    out[#out + 1] = t
  end
end

return function(...)
  local out = { tostring(select("#", ...)), ":" }
  for i = 1, select("#", ...) do
    ser((select(i, ...)), out)
    out[#out + 1] = ";"
  end
  return table.concat(out)
end
