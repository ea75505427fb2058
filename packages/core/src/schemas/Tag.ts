/**
 * Tags: the labels agents put on chats and tickets, per group, with how often each is used.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { Int, Timestamp } from "./Fields.js"

/**
 * How many chats and tickets carry a tag.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Count = Schema.Struct({
  inChats: Int,
  inTickets: Int
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type Count = typeof Count.Type

/**
 * A tag as `GET /tags` lists it and `POST /tags` returns it.
 *
 * @since 0.1.0
 * @category schemas
 */
export class Tag extends Schema.Class<Tag>("@effect-livechat/core/Tag/Tag")({
  /** The tag's name. */
  name: Schema.String,
  /** The login of the agent who created it. */
  author: Schema.String,
  /** When it was created (unix seconds). */
  creation_date: Timestamp,
  count: Count,
  /** The id of the group the tag belongs to. */
  group: Int
}) {}
