-- wrk script: Para's Login-with-Amazon callback, a fresh code per request.
-- wrk ... -s signin-para.lua URL -- USERS PREFIX
--   USERS > 0: code u<n % USERS>-<n>: the fake maps it to one of USERS Amazon accounts (existing users after warm-up).
--   USERS = 0: code <PREFIX><time>x<n>-<n>: a new Amazon account, so a new Para user, on every request.
-- Every answer must be Para's success redirect (302, Location /); anything else is counted and reported as BAD.
local threads = {}
function setup(thread) table.insert(threads, thread) end

counter = 0
bad = 0
local users, prefix = 1000, "n"

function init(args)
  users = tonumber(args[1]) or 1000
  -- The clock makes the new-user codes of every wrk run (warm-up and rounds) distinct.
  prefix = (args[2] or "n") .. os.time() .. "x"
end

function request()
  counter = counter + 1
  local code
  if users > 0 then
    code = "u" .. (counter % users) .. "-" .. counter
  else
    code = prefix .. counter .. "-" .. counter
  end
  return wrk.format("GET", "/amazon_auth?code=" .. code .. "&state=para")
end

function response(status, headers, body)
  if status ~= 302 or headers["Location"] ~= "/" then bad = bad + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("bad") end
  io.write(string.format("BAD %d\n", total))
end
