/**
 * The test projects of the monorepo: one per folder under `packages/`, plus `examples`.
 * Globbed from the file system so that a new package needs no edit here.
 *
 * Vitest 3.2 deprecates loading this file as a workspace file; the root
 * `vitest.config.ts` imports it and passes it as `test.projects` instead, so the layout
 * stays without the deprecation warning.
 */
import { existsSync, readdirSync } from "node:fs"
import { fileURLToPath } from "node:url"
import type { TestProjectInlineConfiguration } from "vitest/config"

const root = fileURLToPath(new URL(".", import.meta.url))

const project = (dir: string, name: string): TestProjectInlineConfiguration => ({
  extends: true,
  test: {
    name,
    include: [`${dir}/test/**/*.test.ts`],
    // A package's `test/globalSetup.ts`, when it has one, prepares what its tests need (sync: PostgreSQL;
    // cli: its build).
    ...(existsSync(`${root}${dir}/test/globalSetup.ts`) ? { globalSetup: [`${dir}/test/globalSetup.ts`] } : {})
  }
})

const packages = readdirSync(`${root}packages`, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(`${root}packages/${entry.name}/package.json`))
  .map((entry) => project(`packages/${entry.name}`, entry.name))

export default [...packages, project("examples", "examples")]
