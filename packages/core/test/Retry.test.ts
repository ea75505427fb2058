/** The retry policy: which failures are retried, after which delays, and when it gives up. */
import type { MockTransport } from "@effect-livechat/testing"
import { describe, expect, it } from "@effect/vitest"
import { Clock, type Duration, Effect, Fiber, TestClock } from "effect"
import { request, send, sent, testLayer } from "./support.js"

type Script = ReadonlyArray<MockTransport.Reply | "hang">

/** Answers the n-th attempt with script[n] (the last entry repeats), recording when each came. */
const scripted = (script: Script) => {
  const times: Array<number> = []
  const handler: MockTransport.Handler = (_, index) =>
    Effect.gen(function*() {
      times.push(yield* Clock.currentTimeMillis)
      const step = script[Math.min(index, script.length - 1)]
      return step === "hang" ? yield* Effect.never : step
    })
  return { handler, times }
}

const ok = { status: 200, body: { id: 1, name: "a" } }

/** Runs one request to the end, moving the test clock on by `advance`. */
const run = (
  script: Script,
  method: "GET" | "POST" | "PUT" | "DELETE" = "GET",
  options: Parameters<typeof testLayer>[1] = {},
  advance: Duration.DurationInput = "10 minutes"
) => {
  const { handler, times } = scripted(script)
  return Effect.gen(function*() {
    const fiber = yield* Effect.fork(
      Effect.either(send(request(method, "/things/1", method === "GET" ? undefined : { name: "a" })))
    )
    yield* TestClock.adjust(advance)
    const result = yield* Fiber.join(fiber)
    const requests = yield* sent
    return { result, times, attempts: requests.length }
  }).pipe(Effect.provide(testLayer(handler, { retry: { jitter: false }, ...options })))
}

describe("retry policy", () => {
  it.effect("a GET is retried after 503 and 502 with exponential backoff (500 ms, then 1 s)", () =>
    Effect.gen(function*() {
      const { attempts, result, times } = yield* run([{ status: 503 }, { status: 502 }, ok])
      expect(result._tag).toBe("Right")
      expect(attempts).toBe(3)
      expect(times).toEqual([0, 500, 1500])
    }))

  for (const status of [408, 429, 500, 504]) {
    it.effect(`a GET is retried after ${status}`, () =>
      Effect.gen(function*() {
        const { attempts, result } = yield* run([{ status }, ok])
        expect(result._tag).toBe("Right")
        expect(attempts).toBe(2)
      }))
  }

  for (const status of [400, 401, 403, 404, 501]) {
    it.effect(`a GET is not retried after ${status}`, () =>
      Effect.gen(function*() {
        const { attempts, result } = yield* run([{ status }, ok])
        expect(result._tag).toBe("Left")
        expect(attempts).toBe(1)
      }))
  }

  it.effect("a GET is retried after a reset connection and after a truncated body", () =>
    Effect.gen(function*() {
      const { attempts, result } = yield* run([{ fail: "ECONNRESET" }, { status: 200, body: "{\"id\":1,\"na" }, ok])
      expect(result._tag).toBe("Right")
      expect(attempts).toBe(3)
    }))

  it.effect("Retry-After in seconds is honoured in full, beyond the backoff", () =>
    Effect.gen(function*() {
      const { times } = yield* run([{ status: 429, headers: { "retry-after": "3" } }, ok])
      expect(times).toEqual([0, 3000])
    }))

  it.effect("Retry-After as an HTTP-date is honoured in full", () =>
    Effect.gen(function*() {
      const date = new Date(5000).toUTCString()
      const { times } = yield* run([{ status: 503, headers: { "retry-after": date } }, {
        status: 429,
        headers: { "retry-after": date }
      }, ok])
      // 503 at 0: until the date (5 s); 429 at 5 s: the date has passed, so the backoff (1 s).
      expect(times).toEqual([0, 5000, 6000])
    }))

  it.effect("Retry-After longer than maxDelay is still honoured", () =>
    Effect.gen(function*() {
      const { times } = yield* run([{ status: 429, headers: { "retry-after": "120" } }, ok], "GET", {
        retry: { jitter: false, maxDelay: "5 seconds" }
      })
      expect(times).toEqual([0, 120_000])
    }))

  for (const method of ["POST", "PUT", "DELETE"] as const) {
    it.effect(`a ${method} is never retried after a 5xx`, () =>
      Effect.gen(function*() {
        const { attempts, result } = yield* run([{ status: 500 }, ok], method)
        expect(attempts).toBe(1)
        expect(result._tag).toBe("Left")
        if (result._tag === "Left") expect(result.left._tag).toBe("ServerError")
      }))

    it.effect(`a ${method} is never retried after a timeout`, () =>
      Effect.gen(function*() {
        const { attempts, result } = yield* run(["hang", ok], method, {
          retry: { jitter: false },
          timeout: "2 seconds"
        })
        expect(attempts).toBe(1)
        expect(result._tag).toBe("Left")
        if (result._tag === "Left" && result.left._tag === "TransportError") expect(result.left.reason).toBe("Timeout")
      }))

    it.effect(`a ${method} is never retried after a reset connection (it may have arrived)`, () =>
      Effect.gen(function*() {
        const { attempts } = yield* run([{ fail: "ECONNRESET" }, ok], method)
        expect(attempts).toBe(1)
      }))

    it.effect(`a ${method} is retried when the connection was refused (it never arrived)`, () =>
      Effect.gen(function*() {
        const { attempts, result } = yield* run([{ fail: "ECONNREFUSED" }, ok], method)
        expect(attempts).toBe(2)
        expect(result._tag).toBe("Right")
      }))

    it.effect(`a ${method} is retried after 429 (the server refused it)`, () =>
      Effect.gen(function*() {
        const { attempts, result, times } = yield* run([{ status: 429, headers: { "retry-after": "2" } }, ok], method)
        expect(attempts).toBe(2)
        expect(times).toEqual([0, 2000])
        expect(result._tag).toBe("Right")
      }))
  }

  it.effect("a GET that times out is retried", () =>
    Effect.gen(function*() {
      const { attempts, result, times } = yield* run(["hang", ok], "GET", {
        retry: { jitter: false },
        timeout: "2 seconds"
      })
      expect(attempts).toBe(2)
      expect(times).toEqual([0, 2500])
      expect(result._tag).toBe("Right")
    }))

  it.effect("when the budget is exhausted the last typed error is returned", () =>
    Effect.gen(function*() {
      const { attempts, result, times } = yield* run([{ status: 503 }, { status: 502 }, { status: 500 }], "GET", {
        retry: { jitter: false, times: 2 }
      })
      expect(attempts).toBe(3)
      expect(times).toEqual([0, 500, 1500])
      expect(result._tag).toBe("Left")
      if (result._tag === "Left" && result.left._tag === "ServerError") expect(result.left.status).toBe(500)
    }))

  it.effect("retry: false makes a single attempt", () =>
    Effect.gen(function*() {
      const { attempts } = yield* run([{ status: 503 }, ok], "GET", { retry: false })
      expect(attempts).toBe(1)
    }))

  it.effect("delays are capped at maxDelay", () =>
    Effect.gen(function*() {
      const { times } = yield* run([{ status: 503 }], "GET", {
        retry: { jitter: false, times: 4, base: "1 second", maxDelay: "3 seconds" }
      })
      expect(times).toEqual([0, 1000, 3000, 6000, 9000])
    }))

  it.effect("jitter keeps each delay within 80% to 120% of the backoff", () =>
    Effect.gen(function*() {
      const { times } = yield* run([{ status: 503 }], "GET", { retry: { times: 3, base: "1 second" } })
      const delays = times.slice(1).map((t, i) => t - times[i])
      expect(delays).toHaveLength(3)
      delays.forEach((delay, i) => {
        const nominal = 1000 * 2 ** i
        expect(delay).toBeGreaterThanOrEqual(nominal * 0.8)
        expect(delay).toBeLessThanOrEqual(nominal * 1.2)
      })
    }))
})
