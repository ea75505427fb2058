// A server in its own process that enforces `limit` requests per fixed window of `interval` ms
// (429 with Retry-After beyond it), so that arrival times are not skewed by the client's event loop.
// Started by World.test.ts; sends its port, then on "report" (IPC) what it saw ("reset" forgets it).
import * as Http from "node:http"
import { performance } from "node:perf_hooks"

const limit = Number(process.argv[2])
const interval = Number(process.argv[3])
const windows = new Map()
const arrivals = []
let rejected = 0
const server = Http.createServer((request, response) => {
  const at = performance.now()
  arrivals.push(at)
  const window = Math.floor(at / interval)
  const count = (windows.get(window) ?? 0) + 1
  windows.set(window, count)
  request.resume()
  request.on("end", () => {
    if (count > limit) {
      rejected++
      response.writeHead(429, { "content-type": "application/json", "retry-after": "1" }).end("{\"error\":\"Too many\"}")
    } else {
      response.writeHead(200, { "content-type": "application/json" }).end("[]")
    }
  })
})
server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }))
process.on("message", (message) => {
  if (message === "report") process.send({ arrivals, rejected, busiest: Math.max(...windows.values()) })
  if (message === "reset") {
    windows.clear()
    arrivals.length = 0
    rejected = 0
    process.send({ ok: true })
  }
  if (message === "close") server.close(() => process.exit(0))
})
