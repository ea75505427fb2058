/**
 * Every endpoint from the command line: one line per endpoint of the table, run by the built
 * binary (`livechat batch`, one process for all 64) against a served fake; each must have reached
 * the fake's route for that endpoint and been answered 2xx. A table endpoint without a line fails.
 */
import { LiveChatClient } from "@effect-livechat/core"
import { Endpoints, Goals, Visitors, Webhooks } from "@effect-livechat/resources"
import { LiveChatFake } from "@effect-livechat/testing"
import { NodeHttpClient } from "@effect/platform-node"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { commandName } from "../src/Cli.js"
import { livechat, runFake, type ServedFake, serveFake, temporaryDirectory } from "./support.js"

const seed: LiveChatFake.SeedOptions = { chats: 60, tickets: 30, agents: 4, groups: 3, seed: "cli" }
let served: ServedFake
beforeAll(async () => {
  served = await serveFake({ seed })
})
afterAll(() => served.close())

/** Ids of the fake's seeded records, read in process before the command line runs. */
const discover = (fake: ServedFake) =>
  Effect.gen(function*() {
    const goals = yield* Goals.list()
    const visitors = yield* Visitors.list()
    const webhooks = yield* Webhooks.list()
    return { goals: goals.map((g) => g.id), visitor: visitors[0].id, webhook: webhooks.events[0].id }
  }).pipe(
    Effect.provide(
      LiveChatClient.layer({ baseUrl: fake.url, auth: fake.fake.auth, rateLimit: false }).pipe(
        Layer.provide(NodeHttpClient.layerUndici),
        Layer.orDie
      )
    )
  )

const report = (name: string, extra = "") => `reports ${name} --date-from 2025-12-01 --date-to 2025-12-07${extra}`

describe("every endpoint from the command line", () => {
  it("reaches all 64 endpoints of the table, each answered 2xx", { timeout: 60_000 }, async () => {
    const fake = served.fake
    const ids = await Effect.runPromise(discover(served))
    const chat = fake.chatAt(0).id
    const ticket = LiveChatFake.seed(seed).tickets.at(0).id
    const [goal1, goal2, goal3] = ids.goals
    const visitorToken = Redacted.value(fake.credentials.visitorToken)
    // One line per endpoint, by its full name; flags as a user writes them (nested fields as JSON).
    const lines: Record<string, string> = {
      "Agents.list": `agents list --status "accepting chats"`,
      "Agents.get": "agents get --login john.doe@mycompany.com",
      "Agents.create":
        `agents create --login jane.roe@mycompany.com --name "Jane Roe" --permission normal --groups 1 --groups 2 --notifications '{"new_visitor":1,"incoming_chat":1,"returning_visitor":0,"queued_visitor":1,"visitor_is_typing":0,"new_goal":1}'`,
      "Agents.update":
        `agents update --login jane.roe@mycompany.com --status "not accepting chats" --max-chats-count 3`,
      "Agents.resetApiKey": "agents reset-api-key --login jane.roe@mycompany.com",
      "Agents.remove": "agents remove --login jane.roe@mycompany.com",
      "Archives.list": "archives list --tag sales --tag support --has-goal 0 --page 1",
      "Archives.get": `archives get --chat-id ${chat}`,
      "Archives.sendTranscript": `archives send-transcript --chat-id ${chat} --to someone@example.com`,
      "Archives.updateTags": `archives update-tags --chat-id ${chat} --tag sales --tag feedback`,
      "CannedResponses.list": "canned-responses list --group 0",
      "CannedResponses.get": "canned-responses get --canned-response-id 1",
      "CannedResponses.create": `canned-responses create --text "See you soon" --tags bye --tags soon`,
      "CannedResponses.update": `canned-responses update --canned-response-id 1 --text "Anything else?"`,
      "CannedResponses.remove": "canned-responses remove --canned-response-id 3",
      "Goals.list": "goals list",
      "Goals.get": `goals get --goal-id ${goal1}`,
      "Goals.markAsSuccessful":
        `goals mark-as-successful --goal-id ${goal1} --visitor-id ${ids.visitor} --order-price 10`,
      "Goals.create":
        `goals create --name checkout --type url --url https://shop.example.com/thanks --match-type exact`,
      "Goals.update": `goals update --goal-id ${goal2} --name "renamed goal" --active 0`,
      "Goals.remove": `goals remove --goal-id ${goal3}`,
      "Greetings.list": "greetings list --group 0",
      "Greetings.get": "greetings get --greeting-id 1",
      "Greetings.create":
        `greetings create --name "Shoes" --group 1 --json '{"rules":[{"type":"visit_time_page","value":15,"operator":"greater_than"}]}'`,
      "Greetings.update": "greetings update --greeting-id 1 --active 0",
      "Greetings.remove": "greetings remove --greeting-id 2",
      "Groups.list": "groups list",
      "Groups.get": "groups get --group-id 1",
      "Groups.create": "groups create --name Returns --agents john.doe@mycompany.com --language en",
      "Groups.update": "groups update --group-id 2 --name Tech",
      "Groups.remove": "groups remove --group-id 3",
      "Reports.totalChats": report("total-chats", " --group-by day"),
      "Reports.chatEngagement": report("chat-engagement"),
      "Reports.chatRatings": report("chat-ratings"),
      "Reports.chatRanking": report("chat-ranking"),
      "Reports.queuedVisitors": report("queued-visitors"),
      "Reports.queueWaitingTimes": report("queue-waiting-times"),
      "Reports.availability": report("availability", " --agent john.doe@mycompany.com"),
      "Reports.chattingTime": report("chatting-time"),
      "Reports.chatsFirstResponseTime": report("chats-first-response-time"),
      "Reports.chatsResponseTime": report("chats-response-time"),
      "Reports.agentsOccupancy": "reports agents-occupancy --weekday mon",
      "Reports.goals": report("goals"),
      "Reports.greetings": report("greetings"),
      "Reports.newTickets": report("new-tickets"),
      "Reports.ticketsFirstResponseTime": report("tickets-first-response-time"),
      "Reports.solvedTickets": report("solved-tickets", " --tag sales"),
      "Reports.ticketsResolutionTime": report("tickets-resolution-time"),
      "Reports.ticketSources": report("ticket-sources"),
      "Reports.ticketRatings": report("ticket-ratings"),
      "Reports.ticketRanking": report("ticket-ranking"),
      "Status.get": "status get --group 1",
      "Tags.list": "tags list --group 0",
      "Tags.create": "tags create --tag returns --author john.doe@mycompany.com --group 0",
      "Tags.remove": "tags remove --tag returns --group 0",
      "Tickets.list": "tickets list --status open --order asc",
      "Tickets.get": `tickets get --ticket-id ${ticket}`,
      "Tickets.create":
        `tickets create --message "My order is late" --requester '{"mail":"ann@example.com","name":"Ann"}'`,
      "Tickets.updateTags": `tickets update-tags --ticket-id ${ticket} --tag sales`,
      "Visitors.list": "visitors list --state chatting --group 1",
      "Visitors.addDetails":
        `visitors add-details --visitor-id ${ids.visitor} --license-id ${fake.credentials.licenseId} --token ${visitorToken} --id my-app --fields '[{"name":"plan","value":"pro"}]'`,
      "Webhooks.list": "webhooks list",
      "Webhooks.create":
        "webhooks create --event-type chat_started --data-types chat --data-types visitor --url https://hooks.example.com/lc",
      "Webhooks.remove": `webhooks remove --id ${ids.webhook}`
    }

    const names = Endpoints.table.map((e) => `${e.group}.${e.name}`)
    expect(names).toHaveLength(64)
    // A line per endpoint, and each line is the endpoint's own command.
    expect(names.filter((name) => lines[name] === undefined)).toEqual([])
    for (const endpoint of Endpoints.table) {
      expect(lines[`${endpoint.group}.${endpoint.name}`]).toMatch(
        new RegExp(`^${commandName(endpoint.group)} ${commandName(endpoint.name)}( |$)`)
      )
    }

    await runFake(fake.clearRequests)
    const ran = await livechat(["batch"], { env: served.env, stdin: names.map((name) => lines[name]).join("\n") })
    expect(ran.stderr).toBe("")
    expect(ran.code).toBe(0)
    // One JSON answer per line, in order.
    const answers = ran.stdout.trim().split("\n").map((line) => JSON.parse(line))
    expect(answers).toHaveLength(64)

    const requests = await runFake(fake.requests)
    const reached = new Map(requests.map((r) => [r.endpoint, r.status]))
    const unreached = names.filter((name) => {
      const status = reached.get(name)
      return status === undefined || status < 200 || status > 299
    })
    expect(unreached).toEqual([])
    // What the flags said arrived: a repeated flag is an array, a choice its literal, JSON a nested field.
    const created = requests.find((r) => r.endpoint === "Agents.create")!
    expect(decodeURIComponent(created.body ?? "")).toContain("groups[]=1&groups[]=2")
    expect(decodeURIComponent(created.body ?? "")).toContain("notifications[incoming_chat]=1")
    const listed = requests.find((r) => r.endpoint === "Agents.list")!
    expect(listed.query).toEqual([["status", "accepting chats"]])
    // The whole input as JSON, from a file or standard input; flags override it.
    const file = join(temporaryDirectory(), "input.json")
    writeFileSync(file, JSON.stringify({ login: "nobody@example.com", status: "offline" }))
    const [fromFile, fromStdin] = await Promise.all([
      livechat(["agents", "get", "--input", file, "--json", "{\"login\":\"john.doe@mycompany.com\"}"], {
        env: served.env
      }),
      livechat(["agents", "get", "--input", "-"], { env: served.env, stdin: "{\"login\":\"john.doe@mycompany.com\"}" })
    ])
    expect(fromFile.stderr).toMatch(/^InvalidInput: agents get: "status" is not a field of this command/)
    expect(JSON.parse(fromStdin.stdout).login).toBe("john.doe@mycompany.com")
    // Secrets in answers stay redacted on the command line too.
    expect(ran.stdout).not.toContain(Redacted.value(fake.credentials.apiKey))
    expect(answers[names.indexOf("Agents.get")].api_key).toBe("<redacted>")
  })
})
