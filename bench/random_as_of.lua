-- wrk script: each request asks for a different day (as_of, a random day from 1997-01-01 to 2026-12-31),
-- so no answer is served from the response cache; the report comes from bench/report.lua.
dofile("bench/report.lua")

local first = os.time({ year = 1997, month = 1, day = 1, hour = 12 })
local span_days = 30 * 365
local threads = 0

setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end

init = function(args)
  math.randomseed(os.time() * 100 + id)
end

request = function()
  local day = os.date("!%Y-%m-%d", first + math.random(0, span_days) * 86400)
  local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. separator .. "as_of=" .. day)
end
