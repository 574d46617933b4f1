-- wrk script: casts real ballots, each body of FILE (one JSON ballot per
-- line, from `ballot_load prepare`) once, the lines split among wrk's
-- threads. A reply other than 200 counts as an error; a thread that runs out
-- of ballots starts its list again (the identical ballot again is answered
-- with the same receipt, which is not a new ballot), and the summary says so:
-- prepare more ballots than the run can cast.
--   wrk -t2 -c64 -d10s -s bench/http/cast.lua URL -- FILE THREADS
local threads = {}
local count = 0

function setup(thread)
  thread:set("id", count)
  count = count + 1
  table.insert(threads, thread)
end

function init(args)
  bodies = {}
  local line_no = 0
  for line in io.lines(args[1]) do
    if line_no % tonumber(args[2]) == id then bodies[#bodies + 1] = line end
    line_no = line_no + 1
  end
  next_body = 1
  wrapped = 0
  refused = 0
end

function request()
  if next_body > #bodies then
    next_body = 1
    wrapped = wrapped + 1
  end
  local body = bodies[next_body]
  next_body = next_body + 1
  return wrk.format("POST", "/api/v1/public/ballot/cast", { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  if status ~= 200 then refused = refused + 1 end
end

function done(summary, latency, requests)
  local wrapped_total, refused_total = 0, 0
  for _, t in ipairs(threads) do
    wrapped_total = wrapped_total + t:get("wrapped")
    refused_total = refused_total + t:get("refused")
  end
  io.write(string.format("ballots refused: %d\n", refused_total))
  if wrapped_total > 0 then io.write("WARNING: ran out of prepared ballots; the rate counts re-sends\n") end
end
