/**
 * The floors of `pnpm bench`'s memory stage, each in a process of its own (see `memory.ts`):
 * every page of one query of the fake at `--url`, 8 in flight, read by the bench's plain
 * `HttpClient` loop decoding the same Schema (`--contender http`), or its raw undici loop
 * (`--contender undici`; `undici-compiled` decoding the same Schema with `Compiled`); prints one
 * JSON line (`measure.ts`).
 *
 *   memoryFloors.ts --url http://127.0.0.1:port --login … --key … [--concurrency 8] --contender http|undici|undici-compiled
 */
import { platform, undici } from "./contenders.js"
import { childArgs, measure } from "./measure.js"

const { concurrency, contender, target } = childArgs("undici")
const floor = contender === "http" ? platform(target) : undici(target)
const decoding = contender === "http" ? "schema" : contender === "undici-compiled" ? "compiled" : "none"
await measure(floor.export(concurrency, decoding), () => floor.close())
