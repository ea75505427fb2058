/**
 * The shape of the fake's endpoint implementations: one function per endpoint of the table, typed
 * by that endpoint's input and output Schemas, so the fake cannot answer what the client would not
 * decode.
 */
import type { Endpoint } from "@effect-livechat/core"
import type { Endpoints } from "@effect-livechat/resources"
import { Data, type Effect } from "effect"
import type { State } from "./state.js"

type Groups = typeof Endpoints.groups

/** A group of the table (`Agents`). */
export type GroupName = keyof Groups

/* eslint-disable @typescript-eslint/no-explicit-any -- matching any endpoint to read its types */
type InputOf<E> = E extends Endpoint.Endpoint<any, any, infer I, any, any, any> ? I : never
type OutputOf<E> = E extends Endpoint.Endpoint<any, any, any, any, infer O, any> ? O : never
/* eslint-enable @typescript-eslint/no-explicit-any */

/** An answer other than success: a status and the `{"error": …}` text. */
export class Failure extends Data.TaggedError("Failure")<{ readonly status: number; readonly error: string }> {}

export const notFound = (what: string) => new Failure({ status: 404, error: `${what} not found` })
export const badRequest = (error: string) => new Failure({ status: 400, error })

/**
 * A page of records answered as JSON: the records' UTF-8 JSON (each encoded with the record's
 * Schema, kept by the archive) spliced by the server into the page's shell (`field`, `total`,
 * `pages`), which it encodes with the endpoint's output Schema, like every other answer.
 */
export class EncodedPage {
  constructor(
    readonly field: string,
    readonly records: ReadonlyArray<Uint8Array>,
    readonly total: number,
    readonly pages: number
  ) {}
}

/** What a handler is given besides its input. */
export interface Context {
  readonly state: State
  /** The login of the authenticated agent (`undefined` for bearer tokens and unauthenticated endpoints). */
  readonly caller: string | undefined
  /** The fake's clock, in unix seconds. */
  readonly now: number
}

/** The implementations of one group's endpoints. */
export type GroupHandlers<G extends GroupName> = {
  readonly [N in keyof Groups[G]]: (
    input: InputOf<Groups[G][N]>,
    context: Context
  ) => Effect.Effect<OutputOf<Groups[G][N]> | EncodedPage, Failure>
}

/** The implementations of every endpoint. */
export type Handlers = { readonly [G in GroupName]: GroupHandlers<G> }

/** An object without its `undefined` fields (to merge changes under `exactOptionalPropertyTypes`). */
export const defined = <A extends object>(value: A): { [K in keyof A]: Exclude<A[K], undefined> } =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof A]: Exclude<A[K], undefined>
  }
