/**
 * Type-checks the code examples of the docs: every ```ts block in the JSDoc of the packages'
 * sources and in the READMEs. Each block is written to build/examples/ as a module and checked with
 * the project's compiler settings; `pnpm typecheck` runs it after checking the sources.
 */
import { execFileSync } from "node:child_process"
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("..", import.meta.url))
const out = `${root}build/examples`

const walk = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((name) => {
    const path = `${dir}/${name}`
    if (name === "node_modules" || name === "dist" || name === "internal") return []
    return statSync(path).isDirectory() ? walk(path) : [path]
  })

const blocks = (text: string, jsdoc: boolean): Array<string> => {
  const found: Array<string> = []
  const fence = jsdoc ? /^\s*\* ```ts\n([\s\S]*?)^\s*\* ```/gm : /^```ts\n([\s\S]*?)^```/gm
  for (const match of text.matchAll(fence)) {
    found.push(jsdoc ? match[1].replace(/^\s*\* ?/gm, "") : match[1])
  }
  return found
}

const sources = [
  ...readdirSync(`${root}packages`)
    .filter((pkg) => existsSync(`${root}packages/${pkg}/src`))
    .flatMap((pkg) => walk(`${root}packages/${pkg}/src`))
    .filter((f) => f.endsWith(".ts")),
  `${root}README.md`,
  ...readdirSync(`${root}packages`).map((pkg) => `${root}packages/${pkg}/README.md`)
]

rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
let count = 0
for (const file of sources) {
  let text: string
  try {
    text = readFileSync(file, "utf8")
  } catch {
    continue
  }
  const name = file.slice(root.length).replace(/[/.]/g, "_")
  blocks(text, file.endsWith(".ts")).forEach((code, i) => {
    // Each block is a module of its own; names it declares but does not use are fine in an example.
    writeFileSync(`${out}/${name}_${i}.ts`, `// From ${file.slice(root.length)}\nexport {}\n${code}`)
    count++
  })
}
writeFileSync(
  `${out}/tsconfig.json`,
  JSON.stringify({
    extends: "../../tsconfig.json",
    compilerOptions: { noUnusedLocals: false, noUnusedParameters: false, noEmit: true },
    include: ["./*.ts"]
  })
)
execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, "-p", `${out}/tsconfig.json`], {
  stdio: "inherit"
})
console.log(`${count} examples from the docs type-check`)
