/**
 * Canned responses: the ready-made answers agents insert into chats.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { Int, Timestamp } from "./Fields.js"

/**
 * A canned response (`GET /canned_responses`, `GET /canned_responses/<ID>`, and the answer of create
 * and update). `modification_date` and `modified_by` appear only once the response has been modified.
 *
 * @since 0.1.0
 * @category schemas
 */
export class CannedResponse
  extends Schema.Class<CannedResponse>("@effect-livechat/core/CannedResponse/CannedResponse")({
    /** The id of the canned response. */
    id: Int,
    /** The id of the group the canned response is assigned to (`0`: all agents). */
    group: Int,
    /** The canned response's text. */
    text: Schema.String,
    /** The canned response's tags (the shortcuts agents type). */
    tags: Schema.Array(Schema.String),
    /** When it was created (unix seconds). */
    creation_date: Timestamp,
    /** The login of its author. */
    created_by: Schema.String,
    /** When it was last modified (unix seconds); only once modified. */
    modification_date: Schema.optional(Timestamp),
    /** The login of the agent who last modified it; only once modified. */
    modified_by: Schema.optional(Schema.String)
  })
{}
