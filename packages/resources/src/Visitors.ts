/**
 * Visitors: the real-time visitors of your website, and the custom details shown to agents about them.
 *
 * @since 0.1.0
 */
import { Endpoint, Fields, type LiveChatClient, type LiveChatError, Visitor } from "@effect-livechat/core"
import { type Effect, Schema } from "effect"

const group = "Visitors"

/**
 * The states `GET /visitors` filters on: `chatting`, `queued`, `browsing`, `invited`,
 * `refused invitation`, `chat closed`.
 *
 * @since 0.1.0
 * @category inputs
 */
export const StateFilter = Schema.Literal(
  "chatting",
  "queued",
  "browsing",
  "invited",
  "refused invitation",
  "chat closed"
)

/**
 * The input of {@link list}.
 *
 * @since 0.1.0
 * @category inputs
 */
export const ListInput = Schema.Struct({
  state: Schema.optional(StateFilter),
  group: Schema.optional(Schema.Array(Fields.NonNegativeInt).annotations({ description: "list of group ids" })),
  count: Schema.optional(
    Fields.Flag.annotations({ description: "1: answer with the number of visitors instead of the list" })
  )
})

/**
 * The answer of `GET /visitors?count=1`: the number of visitors. The reference does not show this
 * answer; it is read as a number (or a numeric string) or an object holding it in `count`, and
 * written (by the fake) as `{ "count": n }`.
 *
 * @since 0.1.0
 * @category outputs
 */
export const VisitorCount: Schema.Schema<number, number | string | { readonly count: number | string }> = Schema
  .transform(
    Schema.Union(Fields.NonNegativeInt, Schema.Struct({ count: Fields.NonNegativeInt })),
    Schema.typeSchema(Fields.NonNegativeInt),
    {
      strict: true,
      decode: (answer) => typeof answer === "number" ? answer : answer.count,
      encode: (count) => ({ count })
    }
  )

/**
 * One piece of data shown to the agent: a `name` and a `value`; with a `url`, the value is the
 * link's anchor text.
 *
 * @since 0.1.0
 * @category inputs
 */
export const DetailField = Schema.Struct({
  name: Fields.NonEmpty,
  value: Schema.Union(Schema.String, Fields.FiniteNumber),
  url: Schema.optional(Fields.Url)
})

/**
 * The input of {@link addDetails}. `license_id` and `token` come from a `chat_started` webhook.
 *
 * @since 0.1.0
 * @category inputs
 */
export const AddDetailsInput = Schema.Struct({
  visitor_id: Fields.NonEmpty.annotations({ description: "the visitor's id" }),
  license_id: Fields.PositiveInt,
  token: Schema.Union(Schema.Redacted(Fields.NonEmpty), Fields.NonEmpty).annotations({
    description: "the token sent by the webhook; a Redacted (or a plain string)"
  }),
  id: Schema.String.pipe(
    Schema.pattern(/^[!-~]+$/, { message: () => "must hold only letters, digits and punctuation marks" })
  ),
  fields: Schema.Array(DetailField).pipe(Schema.minItems(1, { message: () => "must hold at least one field" })),
  icon: Schema.optional(
    Schema.String.pipe(
      Schema.pattern(/^(?![a-z][a-z\d+.-]*:\/\/)\S+$/i, {
        message: () => "must be an address without the http:// prefix (e.g. example.com/icon.png)"
      })
    ).annotations({
      // fast-check cannot generate from a lookahead: addresses of the documented form.
      arbitrary: () => (fc) => fc.stringMatching(/^[a-z\d-]{1,12}\.[a-z]{2,4}\/[\w./-]{1,20}$/)
    })
  )
})

/**
 * The Visitors endpoints, as data.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = {
  list: Endpoint.make({
    group,
    name: "list",
    summary: "Returns the visitors on the pages with the tracking code installed.",
    method: "GET",
    path: "/visitors",
    input: ListInput,
    output: Schema.Union(Schema.Array(Visitor.Visitor), VisitorCount)
  }),
  addDetails: Endpoint.make({
    group,
    name: "addDetails",
    summary: "Displays additional information about a visitor in the LiveChat apps.",
    method: "POST",
    path: "/visitors/{visitor_id}/details",
    input: AddDetailsInput,
    output: Fields.Result,
    authenticate: false
  })
} as const

/**
 * Returns the visitors on the pages with the tracking code installed: location, pages visited,
 * greetings, and (while chatting) the chat, its agents and the pre-chat survey.
 *
 * `GET /visitors`
 *
 * @param input.state - only visitors in this state: `chatting`, `queued`, `browsing`, `invited`,
 * `refused invitation` or `chat closed` (the reference also says only `chatting` and `queued` filter).
 * @param input.group - only visitors of these groups (sent as `group[]`).
 * @param input.count - `1`: answer with the number of visitors instead of the list (see
 * {@link VisitorCount} for how the answer is read).
 *
 * @example
 * ```ts
 * import { Visitors } from "@effect-livechat/resources"
 *
 * const chatting = Visitors.list({ state: "chatting", group: [0] }) // the visitors
 * const howMany = Visitors.list({ state: "chatting", count: 1 }) // their number
 * ```
 *
 * @since 0.1.0
 * @category endpoints
 */
export const list: {
  (
    input: typeof ListInput.Type & { readonly count: 1 }
  ): Effect.Effect<number, LiveChatError, LiveChatClient.LiveChatClient>
  (
    input?: typeof ListInput.Type & { readonly count?: 0 | undefined }
  ): Effect.Effect<ReadonlyArray<Visitor.Visitor>, LiveChatError, LiveChatClient.LiveChatClient>
} = Endpoint.call(endpoints.list) as never

/**
 * Displays additional information about a visitor in the LiveChat apps, e.g. data from your own
 * database shown to the agent during the chat. Works along with webhooks only: a `chat_started`
 * webhook gives the `license_id` and `token` this call authenticates with, so it needs no agent
 * credentials (the client sends no `Authorization` header, and works with `Auth.none`).
 *
 * `POST /visitors/<VISITOR_ID>/details`
 *
 * @param input.visitor_id - the visitor's id (the path segment).
 * @param input.license_id - required; sent by the webhook.
 * @param input.token - required; sent by the webhook (a `Redacted`, or a plain string).
 * @param input.id - required; names your data set (e.g. `my-app`): letters, digits and punctuation marks only.
 * @param input.fields - required; the data, `{ name, value, url? }` each (sent as `fields[0][name]=…`).
 * @param input.icon - the address of a 64x64 px icon shown next to the data, without the `http://`
 * prefix, served over https.
 *
 * @example
 * ```ts
 * import { Visitors } from "@effect-livechat/resources"
 * import { Redacted } from "effect"
 *
 * const added = Visitors.addDetails({
 *   visitor_id: "S1352647457.ac951bfe2e",
 *   license_id: 12345,
 *   token: Redacted.make("26132406c42c96ba61ed42689b70f719"),
 *   id: "my-app",
 *   fields: [{ name: "Age", value: 36 }]
 * })
 * ```
 *
 * @since 0.1.0
 * @category endpoints
 */
export const addDetails = Endpoint.call(endpoints.addDetails)
