-- wrk script: a Login-with-Amazon callback with a fresh code per request, for Para or for ASP.NET Core's AddOAuth.
-- wrk ... -s signin.lua URL -- USERS PREFIX [PAIRS]
--   USERS > 0: code u<n % USERS>-<n>: the fake maps it to one of USERS Amazon accounts (existing users after warm-up).
--   USERS = 0: code <PREFIX><time>x<n>-<n>: a new Amazon account, so a new user, on every request.
--   No PAIRS: Para's callback, /amazon_auth?code=…&state=para.
--   PAIRS: AddOAuth's callback, /signin-amazon; each request also needs a protected state and its correlation cookie,
--   taken round-robin from PAIRS, a file of "state<TAB>cookie" lines made by `Para.Security.Benchmarks oauth-pairs`.
-- Every answer must be the success redirect (302, Location /); anything else is counted and reported as BAD.
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
  if args[3] then
    for line in io.lines(args[3]) do
      local state, cookie = line:match("^([^\t]+)\t(.+)$")
      if state then
        table.insert(states, state)
        table.insert(cookies, cookie)
      end
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
  if #states == 0 then
    return wrk.format("GET", "/amazon_auth?code=" .. code .. "&state=para")
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
