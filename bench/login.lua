-- wrk script: POST the sealed login body in $BODY with the partner's headers.
wrk.method = "POST"
wrk.headers["apikey"] = os.getenv("API_KEY")
wrk.headers["x-ibe-req-name"] = os.getenv("ACCESS_CODE")
wrk.headers["Content-Type"] = "application/json"
local f = io.open(os.getenv("BODY"), "r")
wrk.body = f:read("*a")
f:close()
