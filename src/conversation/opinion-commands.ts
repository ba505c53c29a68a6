import { shanghaiDate } from '../domain/calendar/shanghai-date.ts'
import type { OpinionService } from '../domain/opinions/opinion-service.ts'
import type { Opinion, OpinionStatus, Rating } from '../domain/opinions/opinion.ts'
import { isAdmin } from '../domain/people/person.ts'
import { canFollowOpinion, canHandleOpinion, canViewOpinion } from '../domain/permissions.ts'
import { LiaisonError } from '../errors.ts'
import type { Opinions } from '../store/opinions.ts'
import type { Units } from '../store/units.ts'
import type { CommandName } from './commands.ts'
import type { FlowRunner } from './flow-runner.ts'
import type { Messages } from '../messages.ts'
import { describeOpinion } from './notification-texts.ts'
import type { Turn } from './turn.ts'

export interface OpinionCommandDeps {
  readonly opinions: Opinions
  readonly service: OpinionService
  readonly units: Units
  readonly messages: Messages
  readonly runner: FlowRunner
}

export type CommandArgs = Readonly<Record<string, string>>
/** A command's work; 'pass' when a soft command finds nothing it knows in the message. */
export type CommandHandler = (args: CommandArgs, turn: Turn) => Promise<void | 'pass'>

/** What a handler still has to do: new, in hand, or handed to their unit and not yet accepted. */
const TO_DO: readonly OpinionStatus[] = ['open', 'accepted', 'transferring']
const LIST_LIMIT = 20

/**
 * The opinion commands of conversations/commands.yaml: requesters follow and rate their
 * opinions; handlers (办理人) list, accept, transfer and answer those of their units; admins
 * may reveal an anonymous sender with a reason. Answers about opinions are private.
 */
export function opinionCommands(deps: OpinionCommandDeps): Partial<Record<CommandName, CommandHandler>> {
  const { opinions, service, units, messages } = deps
  const say = (turn: Turn, code: string, params?: Record<string, string | number>) => turn.replyPrivately({ kind: 'text', text: messages.text(code, params) })

  /** The opinion the speaker may see, else NOT_FOUND: whether it exists is not for them to learn. */
  async function visible(ticketNo: string, turn: Turn): Promise<Opinion> {
    const opinion = await opinions.findByTicket(ticketNo)
    if (!opinion || !canViewOpinion(turn.speaker, opinion)) throw new LiaisonError('OPINION_NOT_FOUND', `no opinion ${ticketNo} visible to ${turn.message.sender.userId}`, { ticketNo })
    return opinion
  }

  async function handled(ticketNo: string, turn: Turn): Promise<Opinion> {
    const opinion = await visible(ticketNo, turn)
    if (!canHandleOpinion(turn.speaker, opinion)) throw new LiaisonError('NOT_YOUR_OPINION', `${turn.message.sender.userId} does not handle ${ticketNo}`, { ticketNo })
    return opinion
  }

  return {
    async my_opinions(_args, turn) {
      const mine = await opinions.forRequester(turn.message.platform, turn.message.sender.userId, LIST_LIMIT)
      if (mine.length === 0) return say(turn, 'MY_OPINIONS_NONE')
      const lines = mine.map((o) => messages.text('MY_OPINION_LINE', { ticketNo: o.ticketNo, status: statusText(o, messages), content: short(o.content) }))
      await say(turn, 'MY_OPINIONS', { count: mine.length, list: lines.join('\n') })
    },

    async show_opinion({ ticket }, turn) {
      const opinion = await visible(ticket!, turn)
      await turn.replyPrivately({ kind: 'text', text: await describeOpinion(opinion, turn.speaker, units, messages) })
    },

    async todo(_args, turn) {
      const person = turn.person!
      const unitIds = isAdmin(person) && person.handlerOf.length === 0 ? undefined : person.handlerOf
      const pending = unitIds === undefined ? await opinions.withStatus(TO_DO, LIST_LIMIT) : (await Promise.all(unitIds.map((id) => opinions.forUnit(id, TO_DO)))).flat()
      if (pending.length === 0) return say(turn, 'TODO_NONE')
      const today = shanghaiDate(turn.sentAt)
      pending.sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.ticketNo < b.ticketNo ? -1 : 1))
      const lines = pending.slice(0, LIST_LIMIT).map((o) =>
        messages.text(o.dueDate < today ? 'TODO_LINE_OVERDUE' : 'TODO_LINE', { ticketNo: o.ticketNo, status: statusText(o, messages), due: messages.monthDay(o.dueDate), content: short(o.content) }),
      )
      await say(turn, 'TODO', { count: pending.length, list: lines.join('\n') })
    },

    async accept({ ticket }, turn) {
      const accepted = await service.accept(await handled(ticket!, turn), turn.person!)
      await say(turn, 'OPINION_ACCEPTED', { ticketNo: accepted.ticketNo, due: messages.monthDay(accepted.dueDate) })
    },

    async transfer({ ticket, unit, reason }, turn) {
      const moved = await service.transfer(await handled(ticket!, turn), unit!, reason ?? '', turn.person!)
      await say(turn, 'OPINION_TRANSFERRED', { ticketNo: moved.ticketNo, unit: unit! })
    },

    async answer({ ticket, text }, turn) {
      const opinion = await handled(ticket!, turn)
      if (opinion.status === 'transferring') throw new LiaisonError('OPINION_NOT_ACCEPTED', `opinion ${opinion.ticketNo} is being transferred`, { ticketNo: opinion.ticketNo })
      if (opinion.status === 'answered' || opinion.status === 'closed') throw new LiaisonError('OPINION_CHANGED', `opinion ${opinion.ticketNo} is ${opinion.status}`, { ticketNo: opinion.ticketNo })
      const flow = deps.runner.definition('answer_opinion')!
      await deps.runner.start(flow, turn, { ticketNo: opinion.ticketNo, ...(text?.trim() ? { resolution: text.trim() } : {}) })
    },

    async rate({ rating, ticket }, turn) {
      const opinion = ticket ? await visible(ticket, turn) : await lastAnswered(turn)
      if (!opinion) return say(turn, 'RATE_NOTHING')
      if (!canFollowOpinion(turn.speaker, opinion)) throw new LiaisonError('NOT_YOUR_OPINION', `${turn.message.sender.userId} did not send ${opinion.ticketNo}`, { ticketNo: opinion.ticketNo })
      const rated = await service.rate(opinion, rating as Rating, turn.speaker)
      await say(turn, rated.status === 'closed' ? 'RATED' : 'RATED_REOPENED', { ticketNo: rated.ticketNo, rating: rating! })
    },

    async reveal({ ticket, reason }, turn) {
      const opinion = await visible(ticket!, turn)
      const requester = await service.reveal(opinion, reason ?? '', turn.person!)
      if (!requester) return say(turn, 'REVEAL_NO_REQUESTER', { ticketNo: opinion.ticketNo })
      await say(turn, 'REVEALED', { ticketNo: opinion.ticketNo, name: requester.name, userId: requester.userId, platform: requester.platform })
    },
  }

  /** 满意 without a number rates the sender's latest answered opinion. */
  async function lastAnswered(turn: Turn): Promise<Opinion | undefined> {
    const mine = await opinions.forRequester(turn.message.platform, turn.message.sender.userId, LIST_LIMIT)
    return mine.find((o) => o.status === 'answered')
  }
}

export function statusText(opinion: Opinion, messages: Messages): string {
  return messages.text(`STATUS_${opinion.status.toUpperCase()}`)
}

const SHORT = 30
function short(text: string): string {
  return text.length > SHORT ? `${text.slice(0, SHORT)}…` : text
}
