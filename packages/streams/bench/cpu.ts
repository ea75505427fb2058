/**
 * Shared by the small measurements (`decode.ts`, `layer.ts`, `parts.ts`): a saved page of chats
 * as the fake serves it, and contenders compared by their CPU in one process.
 */
import { LiveChatFake } from "@effect-livechat/testing"
import { HttpClient } from "@effect/platform"
import { Effect, Redacted } from "effect"
import { median } from "../../../scripts/stats.js"

/** The text of page 1 of `GET /chats` (25 chats), as an in-process fake of `chats` chats answers it. */
export const savedPage = (chats = 100): Promise<string> =>
  Effect.runPromise(
    Effect.gen(function*() {
      const fake = yield* LiveChatFake.LiveChatFake
      const { apiKey, login } = fake.credentials
      const http = yield* HttpClient.HttpClient
      const response = yield* http.get("https://api.livechatinc.com/chats?page=1", {
        headers: {
          authorization: `Basic ${Buffer.from(`${login}:${Redacted.value(apiKey)}`).toString("base64")}`,
          "x-api-version": "2"
        }
      })
      return yield* response.text
    }).pipe(Effect.provide(LiveChatFake.layer({ seed: { chats } })))
  )

/**
 * Runs every contender once to warm up, then `rounds` times in alternating order (forward, then
 * backward), and prints the median CPU µs of each per call (`calls` a run) and its difference to
 * the first contender's.
 */
export const compareCpu = async (
  contenders: ReadonlyArray<readonly [name: string, run: () => unknown]>,
  { calls, rounds, unit = "call" }: { readonly calls: number; readonly rounds: number; readonly unit?: string }
): Promise<void> => {
  const samples = new Map<string, Array<number>>(contenders.map(([name]) => [name, []]))
  for (let round = 0; round <= rounds; round++) {
    const order = round % 2 === 0 ? contenders : [...contenders].reverse()
    for (const [name, run] of order) {
      const cpu = process.cpuUsage()
      await run()
      const used = process.cpuUsage(cpu)
      if (round > 0) samples.get(name)!.push((used.user + used.system) / calls) // round 0 warms up
    }
  }
  const base = median(samples.get(contenders[0][0])!)
  console.table(contenders.map(([name]) => {
    const m = median(samples.get(name)!)
    return { contender: name, [`CPU µs / ${unit}`]: Math.round(m * 10) / 10, "over the first": Math.round(m - base) }
  }))
}
