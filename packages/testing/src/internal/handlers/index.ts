/**
 * Every endpoint's implementation in the fake, by group.
 */
import type { Handlers } from "../handler.js"
import type { State } from "../state.js"
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

export const handlers: Handlers = {
  Agents: Agents.handlers,
  Archives: Archives.handlers,
  CannedResponses: CannedResponses.handlers,
  Goals: Goals.handlers,
  Greetings: Greetings.handlers,
  Groups: Groups.handlers,
  Reports: Reports.handlers,
  Status: Status.handlers,
  Tags: Tags.handlers,
  Tickets: Tickets.handlers,
  Visitors: Visitors.handlers,
  Webhooks: Webhooks.handlers
}

/** Seeds every group's records when the fake starts. */
export const initialize = (state: State): void => {
  Agents.initialize(state)
  Archives.initialize(state)
  CannedResponses.initialize(state)
  Goals.initialize(state)
  Greetings.initialize(state)
  Groups.initialize(state)
  Reports.initialize(state)
  Status.initialize(state)
  Tags.initialize(state)
  Tickets.initialize(state)
  Visitors.initialize(state)
  Webhooks.initialize(state)
}
