-- wrk script: POST each line of $BODIES once, in order, with the partner's
-- headers (bench/mock-bench.sh's pool of sealed commits, each for its own
-- booking: a repeated commit is answered 08 without a change, another
-- path).  When the pool runs out the thread stops and the summary says
-- "pool used up": wrk still divides by the whole duration, so that rate is
-- the pool's size, not the server's.
local headers = {
	["apikey"] = os.getenv("API_KEY"),
	["x-ibe-req-name"] = os.getenv("ACCESS_CODE"),
	["Content-Type"] = "application/json",
}
local bodies = {}
for line in io.lines(os.getenv("BODIES")) do
	bodies[#bodies + 1] = line
end
sent = 0
used_up = false

local threads = {}
function setup(thread)
	threads[#threads + 1] = thread
end

function request()
	sent = sent + 1
	if sent >= #bodies then
		-- The loop stops before an answer to anything sent from now on.
		used_up = true
		wrk.thread:stop()
		sent = #bodies
	end
	return wrk.format("POST", nil, headers, bodies[sent])
end

function done(summary, latency, requests)
	for _, t in ipairs(threads) do
		if t:get("used_up") then
			io.write("pool used up\n")
		end
	end
end
