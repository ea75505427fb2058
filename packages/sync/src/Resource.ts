/**
 * What a sync can mirror, in a module of its own: the command line lists the resources in its help
 * without loading the sync (and its SQL drivers).
 *
 * @since 0.1.0
 */

/**
 * What can be mirrored: `chats` and `tickets` (incremental), and the snapshot resources.
 *
 * @since 0.1.0
 * @category models
 */
export type Resource =
  | "chats"
  | "tickets"
  | "agents"
  | "groups"
  | "goals"
  | "canned_responses"
  | "greetings"
  | "tags"
  | "webhooks"

/**
 * Every resource, in the order a run syncs them.
 *
 * @since 0.1.0
 * @category constants
 */
export const resources: ReadonlyArray<Resource> = [
  "agents",
  "groups",
  "goals",
  "canned_responses",
  "greetings",
  "tags",
  "webhooks",
  "chats",
  "tickets"
]
