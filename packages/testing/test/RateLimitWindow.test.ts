/**
 * The fake's server-side rate limit counted in fixed windows (`window: "fixed"`), as many servers
 * count, against the default sliding window: the decisions request by request.
 */
import { describe, expect, it } from "@effect/vitest"
import { FaultState } from "../src/internal/faults.js"

const decisions = (window: "fixed" | "sliding", times: ReadonlyArray<number>) => {
  const faults = new FaultState({ rateLimit: { limit: 2, interval: "1 second", window } }, 1)
  return times.map((t) => {
    const decision = faults.decide(t)
    return decision._tag === "RateLimited" ? `429 after ${decision.retryAfterSeconds}s` : decision._tag
  })
}

describe("rateLimit windows", () => {
  it("fixed: the count starts again at each multiple of the interval", () => {
    expect(decisions("fixed", [900, 950, 990, 1000, 1500, 1999, 2000])).toEqual([
      "Pass",
      "Pass",
      "429 after 1s",
      "Pass", // a new window began at 1000
      "Pass",
      "429 after 1s",
      "Pass"
    ])
  })

  it("sliding: a request waits until the oldest counted start is an interval old", () => {
    expect(decisions("sliding", [900, 950, 990, 1000, 1899, 1900, 1950])).toEqual([
      "Pass",
      "Pass",
      "429 after 1s",
      "429 after 1s", // 900 and 950 are still within the last second
      "429 after 1s",
      "Pass", // 900 is a second old
      "Pass" // 950 too
    ])
  })
})
