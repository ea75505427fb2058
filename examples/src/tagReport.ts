/**
 * An example of application code built on effect-livechat: count the chats of a period by tag,
 * streaming the archive, and tag the untagged ones "untriaged". `test/tagReport.test.ts` shows how
 * to test it with LiveChatFake instead of the network.
 */
import type { LiveChatClient, LiveChatError } from "@effect-livechat/core"
import { Archives } from "@effect-livechat/resources"
import { Archives as ArchiveStream, type StreamError } from "@effect-livechat/streams"
import { Effect, Stream } from "effect"

export interface TagReport {
  readonly chats: number
  readonly byTag: Readonly<Record<string, number>>
  readonly triaged: number
}

export const tagReport = (
  dateFrom: string,
  dateTo: string
): Effect.Effect<TagReport, LiveChatError | StreamError, LiveChatClient.LiveChatClient> =>
  ArchiveStream.stream({ date_from: dateFrom, date_to: dateTo }, { concurrency: 4 }).pipe(
    Stream.runFoldEffect(
      { chats: 0, byTag: {} as Record<string, number>, triaged: 0 },
      (report, chat) =>
        Effect.gen(function*() {
          for (const tag of chat.tags) report.byTag[tag] = (report.byTag[tag] ?? 0) + 1
          if (chat.tags.length === 0) {
            yield* Archives.updateTags({ chat_id: chat.id, tag: ["untriaged"] })
            return { ...report, chats: report.chats + 1, triaged: report.triaged + 1 }
          }
          return { ...report, chats: report.chats + 1 }
        })
    )
  )
