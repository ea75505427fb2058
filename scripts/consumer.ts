/**
 * `pnpm consumer`: the packages as a user gets them. After `pnpm build` and `pnpm pack:all`, it
 * makes a project in the system's temporary folder (outside the workspace), installs the tarballs
 * with the README's own Install command (npm, from its cache where it can), then checks:
 *
 * - types: `tsc --noEmit` with `skipLibCheck: false` under `NodeNext` and under `Bundler`, over
 *   every entry point of every package imported from an ES module and from a CommonJS one (`.cts`),
 *   the READMEs' TypeScript snippets, and checks that the published types keep their precision
 *   (streams' error types are not `any`; `catchTags` handlers get typed parameters);
 * - runtime: `require` and `import` of every entry point; the in-process fake bundled for a
 *   browser (no Node module may be needed) and run; the `livechat-fake` binary started, and the
 *   READMEs' runnable snippets run against it, each printing what it computes;
 * - what npm shows: LICENSE, metadata, no workspace-only export condition, README links that work
 *   outside the repository.
 *
 * It prints a matrix (resolution × module system × result) and fails when any check fails.
 */
import { buildSync, transformSync } from "esbuild"
import { execFileSync, spawn } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { tarballOf } from "./pack.js"
import { packages, root } from "./packages.js"

const dir = mkdtempSync(`${tmpdir()}/effect-livechat-consumer-`)
const keep = process.argv.includes("--keep")
const all = packages()
const results: Array<{ readonly check: string; readonly ok: boolean; readonly detail: string }> = []

const started = Date.now()
const record = (check: string, ok: boolean, detail = "") => {
  results.push({ check, ok, detail })
  const at = `[${((Date.now() - started) / 1000).toFixed(0)} s]`
  console.log(`${ok ? "ok  " : "FAIL"} ${at} ${check}${detail === "" ? "" : `: ${detail}`}`)
}

const run = (command: string, args: ReadonlyArray<string>, env: NodeJS.ProcessEnv = {}) => {
  try {
    const out = execFileSync(command, args, {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 180_000
    })
    return { ok: true, out }
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string }
    return { ok: false, out: `${e.stdout ?? ""}${e.stderr ?? ""}` || e.message }
  }
}

/** Every public entry point: `@effect-livechat/core`, `@effect-livechat/core/Auth`, … */
const entryPoints = all.flatMap((pkg) =>
  Object.keys(pkg.manifest.exports as object)
    .filter((key) => key !== "./package.json")
    .map((key) => (key === "." ? pkg.manifest.name : `${pkg.manifest.name}/${key.slice(2)}`))
)

/** The TypeScript blocks of the READMEs (root and packages). */
const readmes = [`${root}README.md`, ...all.map((pkg) => `${pkg.path}README.md`)].filter(existsSync)
const snippets = readmes.flatMap((file) =>
  [...readFileSync(file, "utf8").matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((match, i) => ({
    name: `${file.slice(root.length).replace(/\W+/g, "_")}_${i}`,
    code: match[1]
  }))
)

// 1. Install with the README's command, the tarballs in place of the registry's packages.
const installSection = /^## Install\n([\s\S]*?)(?=^## )/m.exec(readFileSync(`${root}README.md`, "utf8"))?.[1] ?? ""
const installs = [...installSection.matchAll(/^```sh\n([\s\S]*?)^```/gm)]
  .flatMap((block) => block[1].split("\n"))
  .map((line) => line.replace(/#.*/, "").trim())
  .filter((line) => line.startsWith("npm install "))
writeFileSync(`${dir}/package.json`, JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2))
const npmFlags = ["--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"]
let installed = installs.length > 0
if (!installed) record("install", false, "the README has no `## Install` section with an `npm install` command")
// The project's own tools come with the last command: the types of Node, ws and pg (the latter two
// for @effect/platform-node's and @effect/sql-pg's declarations), to type-check with skipLibCheck: false.
const tooling = ["@types/node@20.19.43", "@types/ws@^8", "@types/pg@^8"]
for (const [index, line] of installs.entries()) {
  if (!installed) break
  const args = line.split(/\s+/).slice(1).map((arg) => {
    const pkg = all.find((p) => p.manifest.name === arg)
    return pkg === undefined ? arg : tarballOf(pkg.manifest.name, pkg.manifest.version)
  })
  const result = run("npm", [...args, ...(index === installs.length - 1 ? tooling : []), ...npmFlags])
  installed = result.ok
  record(`install: ${line}`, result.ok, result.ok ? "" : result.out.slice(0, 1500))
}
if (installed) {
  const missing = all.filter((pkg) => !existsSync(`${dir}/node_modules/${pkg.manifest.name}/package.json`))
  installed = missing.length === 0
  if (!installed) {
    record(
      "install",
      false,
      `not installed by the README's commands: ${missing.map((p) => p.manifest.name)}`
    )
  }
}
if (!installed) finish()

// 2. The sources: every entry point from ESM and from CommonJS, the READMEs' snippets, precision.
mkdirSync(`${dir}/src`)
const importAll = entryPoints.map((entry, i) => `import * as m${i} from "${entry}"`).join("\n")
const useAll = `export const modules = [${entryPoints.map((_, i) => `m${i}`).join(", ")}]\n`
writeFileSync(`${dir}/src/entries.ts`, `${importAll}\n${useAll}`)
writeFileSync(`${dir}/src/entries.cts`, `${importAll}\n${useAll}`)
const installedPackage = (specifier: string) => {
  const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]
  return existsSync(`${dir}/node_modules/${name}/package.json`)
}
const usable = snippets.filter((snippet) =>
  [...snippet.code.matchAll(/from "([^"]+)"/g)].every((match) => installedPackage(match[1]))
)
for (const snippet of usable) writeFileSync(`${dir}/src/${snippet.name}.ts`, `export {}\n${snippet.code}`)
writeFileSync(
  `${dir}/src/precision.ts`,
  `import { Archives, Tickets } from "@effect-livechat/streams"
import { Effect, Stream } from "effect"

type IsAny<T> = 0 extends 1 & T ? true : false
type ErrorOf<S> = S extends Stream.Stream<infer _A, infer E, infer _R> ? E : never
export const archivesStream: IsAny<ErrorOf<ReturnType<typeof Archives.stream>>> = false
export const archivesPages: IsAny<ErrorOf<ReturnType<typeof Archives.pages>>> = false
export const ticketsStream: IsAny<ErrorOf<ReturnType<typeof Tickets.stream>>> = false
export const ticketsPages: IsAny<ErrorOf<ReturnType<typeof Tickets.pages>>> = false
// A handler's parameter is the tagged error itself (an implicit any fails under strict).
export const handled = Archives.stream({}).pipe(
  Stream.runCount,
  Effect.catchTags({ RateLimited: (error) => Effect.succeed(error.retryAfter), PageFailed: (error) => Effect.succeed(error.page) })
)
export const precise: IsAny<Effect.Effect.Error<typeof handled>> = false
`
)

// 3. Types, with the libraries' declarations checked too.
const tsconfig = (name: string, compilerOptions: object, include: ReadonlyArray<string>) =>
  writeFileSync(
    `${dir}/${name}`,
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        lib: ["ES2022", "DOM"],
        types: ["node"],
        strict: true,
        skipLibCheck: false,
        noEmit: true,
        ...compilerOptions
      },
      include
    })
  )
tsconfig("tsconfig.nodenext.json", { module: "NodeNext", moduleResolution: "NodeNext" }, ["src/*.ts", "src/*.cts"])
tsconfig("tsconfig.bundler.json", { module: "Preserve", moduleResolution: "Bundler" }, ["src/*.ts", "src/*.cts"])
const tsc = `${root}node_modules/typescript/bin/tsc`
/** Runs a command in the project without blocking (the two compilations run side by side). */
const runAsync = (command: string, args: ReadonlyArray<string>) =>
  new Promise<{ readonly ok: boolean; readonly out: string }>((resolve) => {
    const child = spawn(command, args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] })
    let out = ""
    child.stdout.on("data", (chunk) => (out += chunk))
    child.stderr.on("data", (chunk) => (out += chunk))
    child.on("close", (code) => resolve({ ok: code === 0, out }))
  })
const compiled = await Promise.all(
  ["nodenext", "bundler"].map((resolution) => runAsync(process.execPath, [tsc, "-p", `tsconfig.${resolution}.json`]))
)
for (const [index, resolution] of ["nodenext", "bundler"].entries()) {
  const result = compiled[index]
  const errors = result.out.split("\n").filter((line) => /error TS\d+/.test(line))
  const cjs = errors.filter((line) => /\.cts\(|\/dist\/cjs\//.test(line))
  const esm = errors.filter((line) => !cjs.includes(line) && !/node_modules\/(effect|@effect)\//.test(line))
  const shared = errors.filter((line) => /node_modules\/(effect|@effect)\//.test(line))
  const name = resolution === "nodenext" ? "NodeNext" : "Bundler"
  const show = (lines: ReadonlyArray<string>) => `${lines.length} errors\n      ${lines.slice(0, 12).join("\n      ")}`
  record(`tsc ${name} × ESM (import)`, result.ok || (esm.length + shared.length === 0), show([...esm, ...shared]))
  record(`tsc ${name} × CommonJS (.cts)`, result.ok || (cjs.length + shared.length === 0), show([...cjs, ...shared]))
  if (!result.ok && errors.length === 0) record(`tsc ${name}`, false, result.out.slice(0, 1500))
}

// 4. Runtime: require and import of every entry point.
const loader = (load: string) =>
  `const entries = ${JSON.stringify(entryPoints)}
let count = 0
for (const entry of entries) {
  const module = ${load}
  if (Object.keys(module).length === 0) throw new Error(entry + " exports nothing")
  count++
}
for (const name of ${JSON.stringify(all.map((p) => p.manifest.name))}) {
  if (${load.replace("entry", `name + "/package.json"`)}.name !== name) throw new Error(name + "/package.json")
}
console.log(count + " entry points")
`
writeFileSync(`${dir}/require.cjs`, loader("require(entry)"))
writeFileSync(
  `${dir}/import.mjs`,
  loader("await import(entry)").replace(
    /await import\(name \+ "\/package.json"\)/,
    "(await import(name + \"/package.json\", { with: { type: \"json\" } })).default"
  )
)
for (const [label, file] of [["Node × CommonJS (require)", "require.cjs"], ["Node × ESM (import)", "import.mjs"]]) {
  const result = run(process.execPath, [file])
  const lines = result.out.trim().split("\n")
  record(`${label} of every entry point`, result.ok, lines.find((line) => /Error/.test(line)) ?? lines.at(-1) ?? "")
}

// 5. What npm shows: the license, the metadata, no workspace-only condition, no link that leaves the package.
for (const pkg of all) {
  const installedAt = `${dir}/node_modules/${pkg.manifest.name}`
  const manifest = JSON.parse(readFileSync(`${installedAt}/package.json`, "utf8"))
  const problems = [
    ...["license", "repository", "homepage", "bugs", "keywords", "engines", "main", "module", "types"]
      .filter((field) => manifest[field] === undefined)
      .map((field) => `no "${field}"`),
    ...(existsSync(`${installedAt}/LICENSE`) ? [] : ["no LICENSE file"]),
    ...(JSON.stringify(manifest.exports).includes("@effect-livechat/source")
      ? ["the source condition is published"]
      : []),
    ...[...readFileSync(`${installedAt}/README.md`, "utf8").matchAll(/\]\(([^)\s]+)\)/g)]
      .map((match) => match[1])
      .filter((link) => !/^(https?:|#|mailto:)/.test(link))
      .map((link) => `README link that leaves the package: ${link}`)
  ]
  record(
    `published manifest, LICENSE and README links of ${pkg.manifest.name}`,
    problems.length === 0,
    problems.join("; ")
  )
}
const rootLinks = [...readFileSync(`${root}README.md`, "utf8").matchAll(/\]\(([^)\s#]+)[^)]*\)/g)]
  .map((match) => match[1])
  .filter((link) => !/^(https?:|mailto:)/.test(link) && !existsSync(`${root}${link}`))
record("the root README's links point into the repository or the web", rootLinks.length === 0, rootLinks.join(", "))

// 6. The in-process fake needs nothing from Node: bundle it for a browser, then run the bundle.
writeFileSync(
  `${dir}/browser.ts`,
  `import { Agents } from "@effect-livechat/resources"
import { LiveChatFake } from "@effect-livechat/testing"
import { Effect } from "effect"

Effect.runPromise(Agents.list().pipe(Effect.provide(LiveChatFake.layer({ seed: { agents: 3 } })))).then(
  (agents) => console.log(\`\${agents.length} agents from the in-process fake\`)
)
`
)
try {
  buildSync({
    entryPoints: [`${dir}/browser.ts`],
    bundle: true,
    platform: "browser",
    format: "esm",
    outfile: `${dir}/browser.bundle.mjs`,
    absWorkingDir: dir,
    logLevel: "silent"
  })
  const result = run(process.execPath, ["browser.bundle.mjs"])
  record("browser bundle of the in-process fake (no Node modules), run", result.ok, result.out.trim())
} catch (error) {
  record("browser bundle of the in-process fake (no Node modules)", false, String(error).slice(0, 1500))
}

// 7. The README's runnable snippets against the fake served by the package's binary.
// A snippet that serves until interrupted (a webhook receiver) says so, and is type-checked only.
const runnable = usable.filter((snippet) =>
  /\b(runMain|runPromise|runFork)\b/.test(snippet.code) && !snippet.code.includes("// Runs until interrupted")
)
await new Promise<void>((resolve) => {
  const child = spawn(`${dir}/node_modules/.bin/livechat-fake`, ["--chats", "300", "--seed", "consumer"], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"]
  })
  let out = ""
  // The snippets run once, on the first chunk that completes the credentials (later chunks of the
  // fake's banner must not run them again against a fake already stopped).
  let started = false
  const timer = setTimeout(() => {
    record("livechat-fake starts and prints its URL and credentials", false, `no URL after 30 s: ${out}`)
    child.kill()
    resolve()
  }, 30_000)
  child.on("exit", (code) => {
    clearTimeout(timer)
    if (!results.some((r) => r.check.startsWith("livechat-fake"))) {
      record("livechat-fake starts and prints its URL and credentials", false, `exited with ${code}: ${out}`)
    }
    resolve()
  })
  child.stderr.on("data", (chunk) => (out += chunk))
  child.stdout.on("data", (chunk) => {
    out += chunk
    const env = {
      LIVECHAT_BASE_URL: /LIVECHAT_BASE_URL=(\S+)/.exec(out)?.[1],
      LIVECHAT_LOGIN: /LIVECHAT_LOGIN=(\S+)/.exec(out)?.[1],
      LIVECHAT_API_KEY: /LIVECHAT_API_KEY=(\S+)/.exec(out)?.[1]
    }
    if (
      started || env.LIVECHAT_BASE_URL === undefined || env.LIVECHAT_LOGIN === undefined ||
      env.LIVECHAT_API_KEY === undefined
    ) {
      return
    }
    started = true
    clearTimeout(timer)
    record("livechat-fake starts and prints its URL and credentials", true, env.LIVECHAT_BASE_URL)
    // The installed `livechat` (the bundle, with its chunks and better-sqlite3 resolved from the
    // project's node_modules): help, a call, and a sync into SQLite.
    const livechat = (args: ReadonlyArray<string>) => run(`${dir}/node_modules/.bin/livechat`, args, env)
    const help = livechat(["--help"])
    record("livechat --help from the installed package", help.ok && help.out.includes("USAGE"), help.out.slice(0, 200))
    const listed = livechat(["agents", "list"])
    record(
      "livechat agents list against the served fake",
      listed.ok && listed.out.startsWith("["),
      listed.out.slice(0, 200)
    )
    const synced = livechat(["sync", "--database", `file:${dir}/mirror.db`, "--quiet"])
    record(
      "livechat sync into SQLite (the sync's chunk and the native driver load)",
      synced.ok && /^chats +full/m.test(synced.out),
      synced.out.slice(0, 400)
    )
    if (runnable.length === 0) record("README snippets run", false, "no runnable snippet found")
    for (const snippet of runnable) {
      const { code } = transformSync(snippet.code, { loader: "ts", format: "esm" })
      writeFileSync(`${dir}/${snippet.name}.mjs`, code)
      const result = run(process.execPath, [`${snippet.name}.mjs`], env)
      const printed = result.out.trim()
      record(
        `README snippet ${snippet.name} runs against the served fake and prints its result`,
        result.ok && printed !== "",
        printed === "" ? "printed nothing" : printed.split("\n").slice(0, 4).join(" | ").slice(0, 400)
      )
    }
    child.kill()
  })
})

finish()

function finish(): never {
  const failed = results.filter((r) => !r.ok)
  console.log(`\nconsumer project: ${dir}`)
  console.log(`${results.length - failed.length} consumer checks passed, ${failed.length} failed`)
  if (!keep) rmSync(dir, { recursive: true, force: true })
  process.exit(failed.length === 0 ? 0 : 1)
}
