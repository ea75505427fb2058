/**
 * `node --import tsx packages/streams/bench/parts.ts [gets] [rounds] [get|list]`: what each promise
 * of the client costs a request. One `GET /agents/{login}` after another (or, with `list`, 10,000
 * chats read page by page with 8 in flight) against a fake served by another process, by the plain
 * `HttpClient` loop decoding the same Schema (the floor) and by this client
 * with its defaults, with a cap on starts that is never reached, then with one part at a time turned off (the per-attempt timeout, the rate
 * limiter, the retry policy) and with all three off. All contenders run in this one process, in
 * rounds whose order alternates; prints the median CPU µs a request of each and its difference to
 * the floor.
 */
import { startFake } from "../../testing/bench/fake.js"
import { client, platform } from "./contenders.js"
import { compareCpu } from "./cpu.js"

const [getsArg = "1000", roundsArg = "9", mode = "get"] = process.argv.slice(2)
const gets = Number(getsArg)
const rounds = Number(roundsArg)

const fake = await startFake(["--chats", mode === "list" ? "10000" : "100"])
const floor = platform(fake)
const variants = [
  ["client (defaults)", {}],
  // As `pnpm bench` configures it: a cap that is never reached, so only the cap's bookkeeping costs.
  ["client, capped at 1,000,000/s", { rateLimit: { limit: 1_000_000, concurrency: 64 } }],
  ["client, no timeout", { timeout: false }],
  ["client, no rate limiter", { rateLimit: false }],
  ["client, no retry", { retry: false }],
  ["client, none of the three", { timeout: false, rateLimit: false, retry: false }]
] as const
const clients = variants.map(([name, options]) => [name, client(fake, options)] as const)
const calls = mode === "list" ? 400 : gets
const contenders = mode === "list"
  ? [
    ["HttpClient + Schema", floor.export(8, "schema")] as const,
    ["HttpClient + Compiled", floor.export(8, "compiled")] as const,
    ...clients.map(([name, ours]) => [name, ours.list(8)] as const)
  ]
  : [
    ["HttpClient + Schema", floor.getAgent(gets, "schema")] as const,
    ...clients.map(([name, ours]) => [name, ours.getAgent(gets)] as const)
  ]

const signal = new AbortController().signal
try {
  await compareCpu(contenders.map(([name, run]) => [name, () => run(signal)] as const), {
    calls,
    rounds,
    unit: "request"
  })
} finally {
  fake.stop()
  await floor.close()
  for (const [, ours] of clients) await ours.close()
}
