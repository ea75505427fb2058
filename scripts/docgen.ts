/**
 * `pnpm docgen`: the API reference, generated from the JSDoc by `@effect/docgen` as Effect's
 * packages do: `packages/<name>/docs/modules/*.md` for every package (git-ignored: generated in CI,
 * never committed). It fails when an export lacks `@since` or when a JSDoc `@example` does not
 * type-check (docgen compiles them with the package's `docgen.json` options, against the sources).
 */
import { spawn } from "node:child_process"
import { delimiter } from "node:path"
import { packages, root } from "./packages.js"

const docgen = (path: string) =>
  new Promise<{ readonly path: string; readonly ok: boolean; readonly out: string }>((resolve) => {
    const child = spawn(process.execPath, [`${root}node_modules/@effect/docgen/bin.cjs`], {
      cwd: path,
      // docgen runs `tsc` from the PATH to check the examples.
      env: { ...process.env, PATH: `${root}node_modules/.bin${delimiter}${process.env.PATH}` },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let out = ""
    child.stdout.on("data", (chunk) => (out += chunk))
    child.stderr.on("data", (chunk) => (out += chunk))
    child.on("close", (code) => resolve({ path, ok: code === 0, out }))
  })

const results = await Promise.all(packages().map((pkg) => docgen(pkg.path)))
for (const result of results) {
  const failed = !result.ok || /ERROR/.test(result.out)
  console.log(`${failed ? "FAIL" : "ok  "} ${result.path.slice(root.length)}docs`)
  if (failed) console.log(result.out)
}
if (results.some((result) => !result.ok || /ERROR/.test(result.out))) process.exit(1)
