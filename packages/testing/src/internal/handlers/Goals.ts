/**
 * The fake's Goals.
 * @internal
 */
import type { GroupHandlers } from "../handler.js"
import type { State } from "../state.js"

export const handlers: GroupHandlers<"Goals"> = undefined as never

/** Seeds the group's records when the fake starts (none for this group). */
export const initialize = (_state: State): void => {}
