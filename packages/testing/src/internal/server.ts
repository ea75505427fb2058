/**
 * The fake server's request handling, shared by both faces (the in-process `HttpClient` and the
 * real HTTP server): faults, routing by the endpoint table, authentication, input validation with
 * the endpoint's input Schema, the handler, and the answer encoded with the endpoint's output Schema.
 */
import { Compiled, Endpoint, Wire } from "@effect-livechat/core"
import { Endpoints } from "@effect-livechat/resources"
import { Clock, Effect, Either, type ParseResult, Redacted, Schema } from "effect"
import type { ParseOptions } from "effect/SchemaAST"
import type { Decision, FaultState } from "./faults.js"
import { type Context, EncodedPage, type Failure, type Handlers } from "./handler.js"
import type { State } from "./state.js"

/** A request as the fake receives it. */
export interface FakeRequest {
  readonly method: string
  readonly url: URL
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: string | undefined
}

/** The fake's answer; `fault` tells the face to break the connection instead, or cut the body. */
export interface FakeResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  readonly fault?: "reset" | "truncate" | undefined
}

/**
 * The fake's answer as the faces send it: the body as text, or as UTF-8 bytes (a page spliced
 * from its records' JSON), which a face sends as they are.
 */
export interface RawResponse extends Omit<FakeResponse, "body"> {
  readonly body: string | Uint8Array<ArrayBuffer>
}

/** What the fake recorded of a request. */
export interface Recorded {
  readonly method: string
  readonly path: string
  readonly query: Wire.Pairs
  readonly headers: Readonly<Record<string, string>>
  readonly body: string | undefined
  /** The endpoint it was routed to (`Archives.list`), if any. */
  readonly endpoint: string | undefined
  readonly status: number
  /** When it arrived, in the fake's clock (millis). */
  readonly at: number
}

interface Route {
  readonly endpoint: Endpoint.Endpoint
  readonly pattern: RegExp
  readonly handler: (input: unknown, context: Context) => Effect.Effect<unknown, Failure>
  /** The input's decoder and the answer's encoder, compiled once. */
  readonly decode: (input: unknown, options: ParseOptions) => Either.Either<unknown, ParseResult.ParseError>
  readonly encode: (output: unknown) => Either.Either<unknown, ParseResult.ParseError>
}

/** The first segment of a path (`chats` of `/chats/abc`): routes are looked up by it. */
const firstSegment = (path: string): string => {
  const end = path.indexOf("/", 1)
  return end === -1 ? path.slice(1) : path.slice(1, end)
}

const jsonHeaders: Readonly<Record<string, string>> = { "content-type": "application/json" }

const json = (status: number, value: unknown, headers: Record<string, string> = {}): FakeResponse => ({
  status,
  headers: { ...jsonHeaders, ...headers },
  body: JSON.stringify(value)
})

const failure = (status: number, error: string, headers?: Record<string, string>) => json(status, { error }, headers)

const inputOptions: ParseOptions = { errors: "all", onExcessProperty: "error" }

/**
 * Query parameters an endpoint ignores rather than refuses: `GET /tickets` takes no `timezone`
 * (the reference lists it for chats only), so the license's time zone applies whatever is sent.
 */
const ignoredParameters: Readonly<Record<string, ReadonlyArray<string>>> = { "Tickets.list": ["timezone"] }

const compile = (template: string): RegExp =>
  new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{(\w+)\\?\}/g, "([^/]+)")}/?$`)

const utf8 = new TextEncoder()
const fromUtf8 = new TextDecoder()
const comma = 0x2c

/**
 * The UTF-8 JSON of a page whose records are already JSON: the page's shell (`{"chats":[],…}`)
 * encoded with the endpoint's output Schema, the records spliced into its empty list.
 */
const splice = (route: Route, page: EncodedPage): Either.Either<Uint8Array<ArrayBuffer>, ParseResult.ParseError> =>
  Either.map(route.encode({ [page.field]: [], total: page.total, pages: page.pages }), (shell) => {
    const text = JSON.stringify(shell)
    const list = `${JSON.stringify(page.field)}:[`
    const at = text.indexOf(list) + list.length
    if (at < list.length || text[at] !== "]") throw new Error(`no empty "${page.field}" list in ${text}`)
    const head = utf8.encode(text.slice(0, at))
    const tail = utf8.encode(text.slice(at))
    let size = head.length + tail.length + Math.max(0, page.records.length - 1)
    for (const record of page.records) size += record.length
    const bytes = new Uint8Array(size)
    bytes.set(head, 0)
    let offset = head.length
    for (let i = 0; i < page.records.length; i++) {
      if (i > 0) bytes[offset++] = comma
      bytes.set(page.records[i], offset)
      offset += page.records[i].length
    }
    bytes.set(tail, offset)
    return bytes
  })

/** An answer with its body as text (what `Fake.handle` gives). */
const asText = (response: RawResponse): FakeResponse =>
  typeof response.body === "string" ? response as FakeResponse : { ...response, body: fromUtf8.decode(response.body) }

/** The problems of an input, as the client words them (`InvalidInput`), with the first field named too. */
const reasons = (operation: string, error: ParseResult.ParseError): string => {
  const invalid = Endpoint.invalidInput(operation, error)
  return invalid.field === "" ? invalid.detail : `${invalid.field}: ${invalid.detail}`
}

/** What a hook run after each answer learns of it (see `Fake.onAnswer`). */
export interface Answered {
  /** The endpoint it was routed to (`Archives.list`), if any. */
  readonly endpoint: string | undefined
  readonly query: Wire.Pairs
  readonly status: number
  /** Answers given so far, this one included. */
  readonly count: number
  /** The fake's clock, in unix seconds. */
  readonly now: number
}

export interface ServerOptions {
  readonly state: State
  readonly faults: FaultState
  readonly handlers: Handlers
  readonly record: boolean
  /** When the fake started, in the clock's millis: its clock shows the seed's end then. */
  readonly startedAt: number
}

export const makeServer = (options: ServerOptions) => {
  const { faults, handlers, state } = options
  const routes: ReadonlyArray<Route> = Endpoints.table.map((endpoint) => ({
    endpoint,
    pattern: compile(endpoint.path),
    handler: (input, context) =>
      (handlers as unknown as Record<string, Record<string, Route["handler"]>>)[endpoint.group][endpoint.name](
        input,
        context
      ),
    decode: Schema.decodeUnknownEither(endpoint.input as Schema.Schema<unknown, unknown>),
    encode: Compiled.encodeEither(endpoint.output as Schema.Schema<unknown, unknown>)
  }))
  const bySegment = new Map<string, Array<Route>>()
  for (const route of routes) {
    const segment = firstSegment(route.endpoint.path)
    bySegment.set(segment, [...(bySegment.get(segment) ?? []), route])
  }
  /** The requests received, as they came: their query is decoded when they are read (`requests`). */
  const recorded: Array<Omit<Recorded, "query"> & { readonly search: string }> = []
  const requests = (): ReadonlyArray<Recorded> =>
    recorded.map(({ search, ...request }) => ({ ...request, query: Wire.decodePairs(search) }))
  const clearRequests = () => {
    recorded.length = 0
  }
  /** Run after each answer, before the next request is handled: changes to the archive between two reads. */
  const hook: { current: ((answered: Answered) => void) | undefined } = { current: undefined }
  let answers = 0

  const authenticate = (headers: Readonly<Record<string, string>>): string | undefined => {
    const header = headers["authorization"] ?? ""
    const [scheme, value = ""] = header.split(" ", 2)
    if (scheme?.toLowerCase() === "basic") {
      let decoded = ""
      try {
        decoded = atob(value)
      } catch {
        return undefined
      }
      const colon = decoded.indexOf(":")
      const agent = state.agents.get(decoded.slice(0, colon))
      return agent?.api_key !== undefined && colon > 0 && Redacted.value(agent.api_key) === decoded.slice(colon + 1)
        ? agent.login
        : undefined
    }
    if (scheme?.toLowerCase() === "bearer") {
      const login = state.tokens.get(value)
      return login !== undefined && state.agents.has(login) ? login : undefined
    }
    return undefined
  }

  /** The fake's clock at `millis`: the seed's end when the fake started, then moving on. */
  const clock = (millis: number) => state.seed.to + Math.floor((millis - options.startedAt) / 1000)

  /** New records arriving while clients read (the drift knob), after each answer. */
  const drift = (now: number) => {
    state.arriveChats(faults.faults.drift?.chatsPerRequest ?? 0, now)
    state.arriveTickets(faults.faults.drift?.ticketsPerRequest ?? 0, now)
  }

  const parseBody = (request: FakeRequest): Either.Either<Record<string, unknown>, string> => {
    const text = request.body ?? ""
    if (text === "") return Either.right({})
    if ((request.headers["content-type"] ?? "").includes("json")) {
      try {
        const value: unknown = JSON.parse(text)
        return typeof value === "object" && value !== null && !Array.isArray(value)
          ? Either.right(value as Record<string, unknown>)
          : Either.left("the JSON body must be an object")
      } catch {
        return Either.left("the body is not valid JSON")
      }
    }
    return Either.right(Wire.decodeForm(text))
  }

  const route = (request: FakeRequest, now: number): Effect.Effect<RawResponse & { endpoint?: string }> => {
    const path = request.url.pathname
    const candidates = (bySegment.get(firstSegment(path)) ?? []).filter((r) => r.pattern.test(path))
    // A literal path wins over a parameter (`/reports/chats/ratings/ranking` over `…/{id}`-like templates).
    const matched = candidates.find((r) => r.endpoint.method === request.method)
    if (matched === undefined) {
      return Effect.succeed(
        candidates.length > 0
          ? failure(405, `method ${request.method} not allowed on ${path}`)
          : failure(404, "Not found")
      )
    }
    const endpoint = matched.endpoint
    const name = Endpoint.fullName(endpoint)
    let caller: string | undefined
    if (endpoint.authenticate) {
      caller = authenticate(request.headers)
      if (caller === undefined) {
        return Effect.succeed({ ...failure(401, "Authentication required: invalid login or API key"), endpoint: name })
      }
    }
    const match = matched.pattern.exec(path)!
    const params = Object.fromEntries(endpoint.pathParams.map((param, i) => [param, decodeURIComponent(match[i + 1])]))
    const query = Wire.decodeForm(request.url.search)
    for (const ignored of ignoredParameters[name] ?? []) delete query[ignored]
    const body = request.method === "GET" ? Either.right({}) : parseBody(request)
    if (Either.isLeft(body)) return Effect.succeed({ ...failure(400, body.left), endpoint: name })
    const input = { ...query, ...body.right, ...params }
    const decoded = matched.decode(input, inputOptions)
    if (Either.isLeft(decoded)) {
      return Effect.succeed({ ...failure(400, reasons(name, decoded.left)), endpoint: name })
    }
    return matched.handler(decoded.right, { state, caller, now }).pipe(
      Effect.flatMap((output): Effect.Effect<RawResponse & { endpoint?: string }> => {
        if (output instanceof EncodedPage) {
          const body = splice(matched, output)
          return Either.isLeft(body)
            ? Effect.die(body.left)
            : Effect.succeed({ status: 200, headers: jsonHeaders, body: body.right, endpoint: name })
        }
        const encoded = matched.encode(output)
        // A fake that cannot encode its answer is a bug.
        return Either.isLeft(encoded)
          ? Effect.die(encoded.left)
          : Effect.succeed({ ...json(200, encoded.right), endpoint: name })
      }),
      Effect.catchTag("Failure", (error) => Effect.succeed({ ...failure(error.status, error.error), endpoint: name }))
    )
  }

  const respond = (request: FakeRequest): Effect.Effect<RawResponse> =>
    Effect.gen(function*() {
      const millis = yield* Clock.currentTimeMillis
      const now = clock(millis)
      const latency = faults.latency()
      if (latency > 0) yield* Effect.sleep(latency)
      const decision: Decision = faults.decide(yield* Clock.currentTimeMillis)
      let response: RawResponse & { endpoint?: string }
      switch (decision._tag) {
        case "Reset":
          response = { status: 0, headers: {}, body: "", fault: "reset" }
          break
        case "RateLimited":
          response = failure(429, "Too many requests", { "retry-after": String(decision.retryAfterSeconds) })
          break
        case "Error":
          response = decision.status === 502
            ? {
              status: 502,
              headers: { "content-type": "text/html" },
              body: "<html><head><title>502 Bad Gateway</title></head></html>"
            }
            : failure(decision.status, "Internal server error")
          break
        case "Pass": {
          response = yield* route(request, now)
          if (decision.truncate && response.status === 200) response = { ...response, fault: "truncate" }
        }
      }
      // New records arrive while the client reads: after each answer.
      drift(now)
      answers++
      hook.current?.({
        endpoint: response.endpoint,
        query: Wire.decodePairs(request.url.search),
        status: response.status,
        count: answers,
        now
      })
      if (options.record) {
        recorded.push({
          method: request.method,
          path: request.url.pathname,
          search: request.url.search,
          headers: request.headers,
          body: request.body,
          endpoint: response.endpoint,
          status: response.status,
          at: millis
        })
      }
      const { endpoint: _, ...answer } = response
      return answer
    })

  const handle = (request: FakeRequest): Effect.Effect<FakeResponse> => Effect.map(respond(request), asText)

  return { respond, handle, requests, clearRequests, clock, hook }
}
