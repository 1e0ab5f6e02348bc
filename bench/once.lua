-- wrk script: POST each line of $BODIES once, in order, with the partner's
-- headers (bench/mock-bench.sh's pool of sealed commits, each for its own
-- booking: a repeated commit is answered 08 without a change, another
-- path).  When the pool runs out the thread stops; wrk still divides by the
-- whole duration, so mock-bench reports a pool that ran out.
local headers = {
	["apikey"] = os.getenv("API_KEY"),
	["x-ibe-req-name"] = os.getenv("ACCESS_CODE"),
	["Content-Type"] = "application/json",
}
local bodies = {}
for line in io.lines(os.getenv("BODIES")) do
	bodies[#bodies + 1] = line
end
local sent = 0

function request()
	sent = sent + 1
	if sent >= #bodies then
		-- The loop stops before an answer to anything sent from now on.
		wrk.thread:stop()
		sent = #bodies
	end
	return wrk.format("POST", nil, headers, bodies[sent])
end
