-- wrk script: ASP.NET Core AddOAuth callback (/signin-amazon), a fresh code per request, same code scheme as
-- signin-para.lua. Each request also needs a protected state and its correlation cookie: PAIRS is a file of
-- "state<TAB>cookie" lines made by `Para.Security.Benchmarks oauth-pairs`, used round-robin.
-- wrk ... -s signin-oauth.lua URL -- USERS PREFIX PAIRS
local threads = {}
function setup(thread) table.insert(threads, thread) end

counter = 0
bad = 0
local users, prefix = 1000, "n"
local states, cookies = {}, {}

function init(args)
  users = tonumber(args[1]) or 1000
  -- The clock makes the new-user codes of every wrk run (warm-up and rounds) distinct.
  prefix = (args[2] or "n") .. os.time() .. "x"
  for line in io.lines(args[3]) do
    local state, cookie = line:match("^([^\t]+)\t(.+)$")
    if state then
      table.insert(states, state)
      table.insert(cookies, cookie)
    end
  end
end

function request()
  counter = counter + 1
  local code
  if users > 0 then
    code = "u" .. (counter % users) .. "-" .. counter
  else
    code = prefix .. counter .. "-" .. counter
  end
  local i = (counter % #states) + 1
  return wrk.format("GET", "/signin-amazon?code=" .. code .. "&state=" .. states[i], { Cookie = cookies[i] })
end

function response(status, headers, body)
  if status ~= 302 or headers["Location"] ~= "/" then bad = bad + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("bad") end
  io.write(string.format("BAD %d\n", total))
end
