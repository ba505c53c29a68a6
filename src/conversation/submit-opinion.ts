import { shanghaiDate } from '../domain/calendar/shanghai-date.ts'
import type { OpinionService } from '../domain/opinions/opinion-service.ts'
import type { Opinions } from '../store/opinions.ts'
import type { Units } from '../store/units.ts'
import { bare, opinionTickets, parse, type Understanding } from '../understanding/index.ts'
import type { Messages } from '../messages.ts'
import type { FlowRegistry } from './registry.ts'

export interface SubmitOpinionDeps {
  readonly opinions: OpinionService
  /** The requester's opinions on record, so that one sent twice is not registered twice. */
  readonly recorded: Opinions
  readonly units: Units
  readonly understanding: Understanding
  readonly messages: Messages
}

const MIN_CONTENT = 4
const MAX_CONTENT = 1000

/**
 * The submit_opinion flow: a student or teacher writes to the bot one-to-one and gets a ticket
 * number at once, one per distinct point (they may go to different offices).
 */
export function registerSubmitOpinion(registry: FlowRegistry, deps: SubmitOpinionDeps): void {
  const { messages } = deps
  registry.flow('submit_opinion', {
    start(turn) {
      const { parsed } = turn
      if (parsed.intent !== 'submit_opinion') return {}
      return { text: turn.text, points: parsed.opinions, content: parsed.opinions.join('；'), category: parsed.category, anonymous: parsed.anonymous }
    },

    fill(turn, asking, slots) {
      const text = turn.text.trim()
      if (asking !== 'content' || !text) return {}
      const again = parse(text, { now: turn.sentAt, role: 'requester' }, deps.understanding)
      const points = again.intent === 'submit_opinion' && again.opinions.length > 0 ? again.opinions : [text]
      return { text, content: text, points, anonymous: slots.anonymous === true || (again.intent === 'submit_opinion' && again.anonymous) }
    },

    has: (slot, slots) => typeof slots[slot] === 'string' && (slots[slot] as string).length > 0,

    async save(slots, turn) {
      const points = ((slots.points as string[] | undefined) ?? []).length > 0 ? (slots.points as string[]) : [String(slots.content)]
      const anonymous = slots.anonymous === true
      const lines: string[] = []
      const tickets: Array<{ id: string; ticketNo: string }> = []
      // One ticket per problem for one office, as written: the clauses that go with a point stay with it.
      const found = opinionTickets(String(slots.text ?? slots.content), points, deps.understanding, typeof slots.category === 'string' ? slots.category : undefined)
      const { platform, sender } = turn.message
      const earlier = (await deps.recorded.forRequester(platform, sender.userId)).filter((o) => o.status !== 'closed')
      for (const [i, { content, category }] of found.entries()) {
        // The same text sent again (no answer yet, a resend), punctuation aside, is the opinion already on record.
        const same = earlier.find((o) => bare(o.content) === bare(content))
        if (same) {
          lines.push(messages.text('OPINION_ALREADY_RAISED', { ticketNo: same.ticketNo, content }))
          continue
        }
        const opinion = await deps.opinions.register({
          source: 'direct',
          content,
          category,
          anonymous,
          raisedIn: 'direct',
          raisedOn: shanghaiDate(turn.sentAt),
          requester: { platform: turn.message.platform, userId: turn.message.sender.userId, name: turn.person?.name ?? turn.message.sender.name },
          by: turn.person?.id ?? 'requester',
          sourceKey: `${turn.sourceKey}#opinion${i}`,
        })
        tickets.push(opinion)
        const unit = (await deps.units.findById(opinion.handlerUnitId))?.name ?? ''
        lines.push(messages.text('OPINION_RECEIVED', { ticketNo: opinion.ticketNo, unit, due: messages.monthDay(opinion.dueDate), content }))
      }
      if (tickets.length === 0) return turn.reply({ kind: 'text', text: lines.join('\n') })
      lines.push(messages.text(anonymous ? 'OPINION_ANONYMOUS_NOTE' : 'OPINION_NAMED_NOTE'), messages.text('OPINION_FOLLOW_HINT', { ticketNo: tickets[0]!.ticketNo }))
      await turn.reply({ kind: 'text', text: lines.join('\n') })
      return { undo: { kind: 'opinions', ids: tickets.map((t) => t.id) } }
    },
  })

  registry.validator('opinion.content', (value) => {
    const text = String(value).trim()
    if (text.length < MIN_CONTENT) return { refused: 'OPINION_TOO_SHORT' }
    if (text.length > MAX_CONTENT) return { refused: 'OPINION_TOO_LONG', params: { max: MAX_CONTENT } }
    return { value: text }
  })
}
