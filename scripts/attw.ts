/**
 * `pnpm attw`: Are the Types Wrong? on every packed package (`pnpm pack:all` first), under node16
 * (from ESM and from CommonJS) and bundler resolution; fails on any problem it reports.
 */
import { execFileSync } from "node:child_process"
import { tarballOf } from "./pack.js"
import { packages, root } from "./packages.js"

let failed = 0
for (const pkg of packages()) {
  try {
    const out = execFileSync(
      process.execPath,
      [
        `${root}node_modules/@arethetypeswrong/cli/dist/index.js`,
        tarballOf(pkg.manifest.name, pkg.manifest.version),
        "--profile",
        "node16",
        "--no-definitely-typed",
        "--format",
        "table-flipped",
        "--no-color"
      ],
      { encoding: "utf8" }
    )
    console.log(out)
  } catch (error) {
    failed++
    console.log((error as { stdout?: string }).stdout ?? String(error))
  }
}
if (failed > 0) {
  console.error(`attw: problems in ${failed} package(s)`)
  process.exit(1)
}
