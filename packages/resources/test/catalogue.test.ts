/**
 * The catalogue holds exactly the reference's 64 endpoints, each with a function in its group's module.
 */
import * as Resources from "@effect-livechat/resources"
import { Endpoints } from "@effect-livechat/resources"
import { describe, expect, it } from "@effect/vitest"
import { readFileSync } from "node:fs"
import { withCatalogue } from "../../../scripts/docs.js"
import { requests } from "./support.js"

describe("catalogue", () => {
  it("has exactly the 64 endpoints of the reference", () => {
    expect(Endpoints.table).toHaveLength(64)
    const ours = Endpoints.table.map((e) => `${e.method} ${e.path} ${e.group}.${e.name}`).sort()
    const reference = requests.map((r) => `${r.method} ${r.path} ${r.group}.${r.fn}`).sort()
    expect(ours).toEqual(reference)
  })

  it("exports a function for every endpoint of the table", () => {
    for (const endpoint of Endpoints.table) {
      const module = (Resources as unknown as Record<string, Record<string, unknown>>)[endpoint.group]
      expect(typeof module?.[endpoint.name], `${endpoint.group}.${endpoint.name}`).toBe("function")
    }
  })
})

describe("README catalogue", () => {
  it("is the catalogue generated from the table (run `pnpm docs:gen` after changing an endpoint)", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8")
    expect(readme).toBe(withCatalogue(readme))
    const rows = readme.split("\n").filter((line) => /^\| \w+ \| `/.test(line))
    expect(rows).toHaveLength(64)
  })
})

describe("JSDoc", () => {
  it("every endpoint function documents its method and path", () => {
    const normalise = (path: string) => path.replace(/<[^>]+>|\{[^}]+\}/g, "*")
    for (const endpoint of Endpoints.table) {
      const source = readFileSync(new URL(`../src/${endpoint.group}.ts`, import.meta.url), "utf8")
      const documented = Array.from(
        source.matchAll(/^ \* `(GET|POST|PUT|DELETE) (\/[^`]*)`/gm),
        (m) => `${m[1]} ${normalise(m[2])}`
      )
      expect(documented, `${endpoint.group}.${endpoint.name}`).toContain(
        `${endpoint.method} ${normalise(endpoint.path)}`
      )
    }
  })
})
