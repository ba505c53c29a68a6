import type { OpinionService } from '../domain/opinions/opinion-service.ts'
import type { Opinions } from '../store/opinions.ts'
import type { Messages } from '../messages.ts'
import type { FlowRegistry } from './registry.ts'

export interface AnswerOpinionDeps {
  readonly opinions: Opinions
  readonly service: OpinionService
  readonly messages: Messages
}

const MIN_RESOLUTION = 4

/** The answer_opinion flow: a handler writes what was done (落实情况), confirms, and the people concerned are told. */
export function registerAnswerOpinion(registry: FlowRegistry, deps: AnswerOpinionDeps): void {
  const { messages } = deps
  registry.flow('answer_opinion', {
    start: () => ({}),
    fill(turn, asking) {
      if (asking === 'resolution' && turn.text.trim()) return { resolution: turn.text.trim() }
      // 修改 on the card: the answer has one thing to change, so it is asked for again (not the contact's examples).
      if (asking === undefined && turn.parsed.intent === 'edit') return { resolution: '', rewriting: true }
      return {}
    },
    ask: (slot, slots) => (slot === 'resolution' && slots.rewriting ? { kind: 'text', text: messages.text('ASK_RESOLUTION_AGAIN', { ticketNo: String(slots.ticketNo) }) } : undefined),
    has: (slot, slots) => typeof slots[slot] === 'string' && (slots[slot] as string).length > 0,
    async card(slots) {
      const opinion = await deps.opinions.findByTicket(String(slots.ticketNo))
      return { title: messages.text('ANSWER_CARD_TITLE', { ticketNo: String(slots.ticketNo) }), text: messages.text('ANSWER_CARD_TEXT', { content: opinion?.content ?? '', resolution: String(slots.resolution) }) }
    },
    async save(slots, turn) {
      const opinion = await deps.opinions.findByTicket(String(slots.ticketNo))
      if (!opinion) return turn.reply({ kind: 'text', text: messages.text('OPINION_NOT_FOUND', { ticketNo: String(slots.ticketNo) }) })
      const answered = await deps.service.answer(opinion, String(slots.resolution), turn.person!)
      // Says exactly who was told: a direct opinion has no leader, a contact's opinion no requester.
      const told = answered.requester ? (answered.leaderId ? 'ANSWER_SAVED' : 'ANSWER_SAVED_REQUESTER') : answered.leaderId ? 'ANSWER_SAVED_LEADER' : 'ANSWER_SAVED_NOBODY_TO_TELL'
      await turn.reply({ kind: 'text', text: messages.text(told, { ticketNo: answered.ticketNo }) })
    },
  })

  registry.validator('opinion.resolution', (value) => {
    const text = String(value).trim()
    return text.length < MIN_RESOLUTION ? { refused: 'RESOLUTION_TOO_SHORT' } : { value: text }
  })
}
