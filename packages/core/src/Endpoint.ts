/**
 * Endpoints as data. Each endpoint of the API is described once — group, name, method, path
 * template, input Schema, output Schema — and everything else reads that description: the client
 * functions ({@link call}), the fake server's routing and validation, the catalogue in the docs and
 * the tests. No endpoint has HTTP plumbing of its own.
 *
 * The input is one object: the fields named in the path template go into the path, the others
 * into the query string (`GET`) or the body (`POST`, `PUT`, `DELETE`).
 *
 * @since 0.1.0
 */
import { Effect, Either, ParseResult, type Schema } from "effect"
import * as Compiled from "./Compiled.js"
import { bound, secretValues } from "./internal/secrets.js"
import { LiveChatClient, type Method, type Request } from "./LiveChatClient.js"
import { InvalidInput, type LiveChatError } from "./LiveChatError.js"
import * as Wire from "./Wire.js"

/* eslint-disable @typescript-eslint/no-explicit-any -- the defaults make `Endpoint` the type of any endpoint */
/**
 * @since 0.1.0
 * @category models
 */
export interface Endpoint<
  out Group extends string = string,
  out Name extends string = string,
  in out Input = any,
  in out InputEncoded = any,
  in out Output = any,
  in out OutputEncoded = any
> {
  /** The group, as the reference's section and the resources module (`Agents`). */
  readonly group: Group
  /** The function name in the group's module (`create`). */
  readonly name: Name
  /** One line on what it does, from the reference. */
  readonly summary: string
  readonly method: Method
  /** The path template with `{param}` placeholders (`/agents/{login}`). */
  readonly path: string
  /** The Schema of the whole input object (path, query and body fields). */
  readonly input: Schema.Schema<Input, InputEncoded>
  /** The Schema of a successful answer. */
  readonly output: Schema.Schema<Output, OutputEncoded>
  /** `false` for endpoints that authenticate otherwise (visitor details). */
  readonly authenticate: boolean
  /** The path parameters, derived from `path`. */
  readonly pathParams: ReadonlyArray<string>
  /** Where the other fields go. */
  readonly location: "query" | "body"
  /** Names whose arrays of scalars a form writes with indexes (`agents[0]=a`), as the reference's samples do. */
  readonly indexed: ReadonlyArray<string>
  /** Fields sent in the query string whatever the method (`POST /greetings?group=1`). */
  readonly inQuery: ReadonlyArray<string>
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/**
 * Describes an endpoint.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <
  const Group extends string,
  const Name extends string,
  Input,
  InputEncoded,
  Output,
  OutputEncoded
>(options: {
  readonly group: Group
  readonly name: Name
  readonly summary: string
  readonly method: Method
  readonly path: string
  readonly input: Schema.Schema<Input, InputEncoded>
  readonly output: Schema.Schema<Output, OutputEncoded>
  readonly authenticate?: boolean | undefined
  readonly indexed?: ReadonlyArray<string> | undefined
  readonly inQuery?: ReadonlyArray<string> | undefined
}): Endpoint<Group, Name, Input, InputEncoded, Output, OutputEncoded> => ({
  ...options,
  authenticate: options.authenticate ?? true,
  indexed: options.indexed ?? [],
  inQuery: options.inQuery ?? [],
  pathParams: Wire.pathParameters(options.path),
  location: options.method === "GET" ? "query" : "body"
})

/**
 * The full name of an endpoint (`Agents.create`).
 *
 * @since 0.1.0
 * @category utils
 */
export const fullName = (endpoint: Endpoint): string => `${endpoint.group}.${endpoint.name}`

/**
 * Turns a Schema failure on an input into an {@link InvalidInput} naming the field.
 *
 * @since 0.1.0
 * @category utils
 */
export const invalidInput = (operation: string, error: ParseResult.ParseError): InvalidInput => {
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
  const first = issues[0]
  // At most 20 issues, each bounded, with a count of the rest: the input may be large.
  const shown = issues.slice(0, 20).map((issue) =>
    bound(issue.path.length === 0 || issue === first ? issue.message : `${issue.path.join(".")}: ${issue.message}`, 300)
  )
  const more = issues.length - shown.length
  return new InvalidInput({
    operation,
    field: first === undefined ? "" : bound(first.path.join("."), 300),
    detail: bound(`${shown.join("; ")}${more > 0 ? `; … (${more} more issues omitted)` : ""}`)
  })
}

const isWireRecord = (u: unknown): u is { readonly [key: string]: Wire.FormValue } =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/**
 * The request an input makes (validated and encoded), or the {@link InvalidInput} that refuses it.
 *
 * @since 0.1.0
 * @category utils
 */
export const toRequest = <Input>(
  endpoint: Endpoint<string, string, Input>,
  input: Input
): Effect.Effect<Request, InvalidInput> => Effect.suspend(() => requestOf(endpoint)(input))

// Each endpoint's input encoder, made once (not once per call).
const requestMakers = new WeakMap<Endpoint, (input: unknown) => Either.Either<Request, InvalidInput>>()

/** The function that turns an endpoint's input into its request (or the `InvalidInput`), made once. */
const requestOf = <Input>(
  endpoint: Endpoint<string, string, Input>
): (input: Input) => Either.Either<Request, InvalidInput> => {
  const known = requestMakers.get(endpoint)
  if (known !== undefined) return known
  // Compiled, exact: a field the input Schema does not name is refused with Schema's own error.
  const encode = Compiled.encodeEither(endpoint.input as Schema.Schema<unknown, unknown>, "error")
  const name = fullName(endpoint)
  const make = (input: unknown): Either.Either<Request, InvalidInput> => {
    const result = encode(input)
    if (Either.isLeft(result)) return Either.left(invalidInput(name, result.left))
    const encoded = result.right
    const fields: { [key: string]: Wire.FormValue } = isWireRecord(encoded) ? { ...encoded } : {}
    // What the Schema lets through must still be writable as documented: no NaN or Infinity at
    // any depth, no key that would restructure a form (`a[b]`).
    const problem = Wire.problem(fields)
    if (problem !== undefined) {
      return Either.left(
        new InvalidInput({ operation: name, field: bound(problem.field, 300), detail: problem.detail })
      )
    }
    // Secrets the request sends (a visitor's `token`): scrubbed from everything printed about it.
    const secrets = secretValues(fields)
    const params: { [key: string]: string | number } = {}
    for (const param of endpoint.pathParams) {
      const value = fields[param]
      params[param] = typeof value === "number" ? value : String(value ?? "")
      delete fields[param]
    }
    const queryFields: { [key: string]: Wire.FormValue } = {}
    if (endpoint.location === "body") {
      for (const field of endpoint.inQuery) {
        if (fields[field] !== undefined) queryFields[field] = fields[field]
        delete fields[field]
      }
    }
    const query = endpoint.location === "query" ? fields : queryFields
    return Either.match(Wire.buildPath(endpoint.path, params), {
      onLeft: ({ detail, field }) => Either.left(new InvalidInput({ operation: name, field, detail })),
      onRight: (path) =>
        Either.right<Request>({
          method: endpoint.method,
          template: endpoint.path,
          path,
          query: Object.keys(query).length > 0 ? Wire.toPairs(query, { indexed: endpoint.indexed }) : undefined,
          body: endpoint.location === "body" && Object.keys(fields).length > 0 ? fields : undefined,
          authenticate: endpoint.authenticate,
          indexed: endpoint.indexed,
          ...(secrets.length > 0 ? { secrets } : {})
        })
    })
  }
  requestMakers.set(endpoint, make)
  return make
}

/**
 * Whether an endpoint's input may be left out (every field optional).
 *
 * @since 0.1.0
 * @category utils
 */
export type Call<Input, Output> = {} extends Input
  ? (input?: Input) => Effect.Effect<Output, LiveChatError, LiveChatClient>
  : (input: Input) => Effect.Effect<Output, LiveChatError, LiveChatClient>

/**
 * The function of an endpoint: validates the input (an invalid one fails with
 * {@link InvalidInput} and sends nothing), sends it through the {@link LiveChatClient}, and
 * decodes the answer with the endpoint's output Schema.
 *
 * @since 0.1.0
 * @category constructors
 */
export const call = <Input, InputEncoded, Output, OutputEncoded>(
  endpoint: Endpoint<string, string, Input, InputEncoded, Output, OutputEncoded>
): Call<Input, Output> =>
  ((input?: Input) =>
    Effect.suspend(() => {
      const request = requestOf(endpoint)((input ?? {}) as Input)
      return Either.isLeft(request)
        ? Effect.fail(request.left)
        : Effect.flatMap(LiveChatClient, (client) => client.execute(request.right, endpoint.output))
    })) as Call<Input, Output>
