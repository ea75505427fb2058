/**
 * The table of every endpoint of the API: one descriptor per endpoint (see `Endpoint` in core).
 * The group modules' functions, the fake server, the catalogue in the README and the tests all
 * read it.
 *
 * @since 0.1.0
 */
import type { Endpoint } from "@effect-livechat/core"
import * as Agents from "./Agents.js"
import * as Archives from "./Archives.js"
import * as CannedResponses from "./CannedResponses.js"
import * as Goals from "./Goals.js"
import * as Greetings from "./Greetings.js"
import * as Groups from "./Groups.js"
import * as Reports from "./Reports.js"
import * as Status from "./Status.js"
import * as Tags from "./Tags.js"
import * as Tickets from "./Tickets.js"
import * as Visitors from "./Visitors.js"
import * as Webhooks from "./Webhooks.js"

/**
 * The endpoints by group and name.
 *
 * @since 0.1.0
 * @category table
 */
export const groups = {
  Agents: Agents.endpoints,
  Archives: Archives.endpoints,
  CannedResponses: CannedResponses.endpoints,
  Goals: Goals.endpoints,
  Greetings: Greetings.endpoints,
  Groups: Groups.endpoints,
  Reports: Reports.endpoints,
  Status: Status.endpoints,
  Tags: Tags.endpoints,
  Tickets: Tickets.endpoints,
  Visitors: Visitors.endpoints,
  Webhooks: Webhooks.endpoints
} as const

/**
 * Every endpoint, in the reference's order.
 *
 * @since 0.1.0
 * @category table
 */
export const table: ReadonlyArray<Endpoint.Endpoint> = Object.values(groups).flatMap((group) =>
  Object.values(group) as ReadonlyArray<Endpoint.Endpoint>
)

/**
 * The catalogue of every endpoint as a Markdown table (group, function, method, path, summary),
 * as `packages/resources/README.md` shows it.
 *
 * @since 0.1.0
 * @category docs
 */
export const catalogue = (): string => {
  const rows = table.map((endpoint) =>
    `| ${endpoint.group} | \`${endpoint.group}.${endpoint.name}\` | ${endpoint.method} | \`${endpoint.path}\` | ${endpoint.summary} |`
  )
  return [
    `${table.length} endpoints in ${Object.keys(groups).length} groups.`,
    "",
    "| group | function | method | path | what it does |",
    "|---|---|---|---|---|",
    ...rows
  ].join("\n")
}
