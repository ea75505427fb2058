/**
 * The floors of `pnpm bench`'s memory stage, each in a process of its own (see `memory.ts`):
 * every page of one query of the fake at `--url`, 8 in flight, read by the bench's plain
 * `HttpClient` loop decoding the same Schema (`--contender http`), or its raw undici loop
 * (`--contender undici`; `undici-compiled` decoding the same Schema with `Compiled`); prints one
 * JSON line (`measure.ts`).
 *
 *   memoryFloors.ts --url http://127.0.0.1:port --login … --key … [--concurrency 8] --contender http|undici|undici-compiled
 */
import { parseArgs } from "node:util"
import { platform, undici } from "./contenders.js"
import { measure } from "./measure.js"

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    login: { type: "string" },
    key: { type: "string" },
    concurrency: { type: "string", default: "8" },
    contender: { type: "string", default: "undici" }
  }
})
const target = { url: values.url ?? "", login: values.login ?? "", apiKey: values.key ?? "" }
const floor = values.contender === "http" ? platform(target) : undici(target)
const decoding = values.contender === "http" ? "schema" : values.contender === "undici-compiled" ? "compiled" : "none"
await measure(floor.export(Number(values.concurrency), decoding), () => floor.close())
