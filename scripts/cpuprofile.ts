/**
 * `node --import tsx scripts/cpuprofile.ts file.cpuprofile [top]`: the functions with the most self time in a
 * V8 CPU profile (as written by `node --cpu-prof`), with their share and location.
 */
import { readFileSync } from "node:fs"

interface Node {
  readonly id: number
  readonly callFrame: { functionName: string; url: string; lineNumber: number }
}
const [file, top = "40"] = process.argv.slice(2)
const profile = JSON.parse(readFileSync(file, "utf8")) as {
  nodes: ReadonlyArray<Node>
  samples: ReadonlyArray<number>
  timeDeltas: ReadonlyArray<number>
}
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const self = new Map<string, number>()
let total = 0
profile.samples.forEach((id, i) => {
  const frame = byId.get(id)!.callFrame
  const where = frame.url.replace(/^.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, "").replace(
    /^file:\/\/.*\/packages\//,
    ""
  )
  const key = `${frame.functionName || "(anonymous)"}  ${where}:${frame.lineNumber + 1}`
  const delta = profile.timeDeltas[i] ?? 0
  self.set(key, (self.get(key) ?? 0) + delta)
  total += delta
})
const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(top))
for (const [key, micros] of rows) console.log(`${((micros / total) * 100).toFixed(1).padStart(5)}%  ${key}`)
console.log(`total ${(total / 1000).toFixed(0)} ms`)
