import { shanghaiDate } from '../domain/calendar/shanghai-date.ts'
import { answersFor, type OpinionService } from '../domain/opinions/opinion-service.ts'
import { RATING_LEVELS, RATINGS, canReopen, DISSATISFIED, isWithdrawn, normalizeTicket, ticketsIn, withdrawnBy, type Opinion, type OpinionStatus, type Rating } from '../domain/opinions/opinion.ts'
import { isAdmin } from '../domain/people/person.ts'
import { canFollowOpinion, canHandleOpinion, canViewOpinion, raisedInOwnContact } from '../domain/permissions.ts'
import { isLiaisonError, LiaisonError } from '../errors.ts'
import type { Opinions } from '../store/opinions.ts'
import type { Units } from '../store/units.ts'
import type { CommandName } from './commands.ts'
import type { FlowRunner } from './flow-runner.ts'
import { describeOpinion, statusText } from './notification-texts.ts'
import type { Messages } from '../messages.ts'
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
  async function visible(typed: string, turn: Turn): Promise<Opinion> {
    const ticketNo = normalizeTicket(typed, Number(shanghaiDate(turn.sentAt).slice(0, 4)))
    const opinion = await opinions.findByTicket(ticketNo)
    if (!opinion || !canViewOpinion(turn.speaker, opinion)) throw new LiaisonError('OPINION_NOT_FOUND', `no opinion ${ticketNo} visible to ${turn.message.sender.userId}`, { ticketNo })
    return opinion
  }

  /** The opinion the speaker handles; undefined (and the handler told why) when it was withdrawn. */
  async function handled(ticketNo: string, turn: Turn): Promise<Opinion | undefined> {
    const opinion = await visible(ticketNo, turn)
    if (!canHandleOpinion(turn.speaker, opinion)) throw new LiaisonError('NOT_YOUR_OPINION', `${turn.message.sender.userId} does not handle ${opinion.ticketNo}`, { ticketNo: opinion.ticketNo })
    if (isWithdrawn(opinion)) return void (await sayWithdrawn(opinion, turn))
    return opinion
  }

  /** Tells a handler who took the opinion back: nothing is left to do, and nobody else did it. */
  function sayWithdrawn(opinion: Opinion, turn: Turn): Promise<void> {
    return say(turn, withdrawnBy(opinion) === 'requester' ? 'OPINION_WITHDRAWN_BY_REQUESTER' : 'OPINION_WITHDRAWN_BY_REGISTRAR', { ticketNo: opinion.ticketNo })
  }

  /**
   * Does a command for each ticket named. One alone fails as the command would; of several,
   * each gets its own line, a failure its error's text, so one bad number does not stop the rest.
   */
  async function eachTicket(typed: string, turn: Turn, step: (ticket: string) => Promise<string | undefined>): Promise<void> {
    const tickets = ticketsIn(typed)
    if (tickets.length === 1) {
      const line = await step(tickets[0]!)
      return line === undefined ? undefined : turn.replyPrivately({ kind: 'text', text: line })
    }
    const lines: string[] = []
    for (const ticket of tickets) {
      try {
        const line = await step(ticket)
        if (line !== undefined) lines.push(line)
      } catch (error) {
        if (!isLiaisonError(error) || !messages.has(error.code)) throw error
        lines.push(messages.text(error.code, error.params))
      }
    }
    if (lines.length > 0) await turn.replyPrivately({ kind: 'text', text: lines.join('\n') })
  }

  /** Runs a step; when it lost a race to a withdrawal, says so instead of 状态已经变化. */
  async function unlessWithdrawn<T>(opinion: Opinion, turn: Turn, step: () => Promise<T>): Promise<T | undefined> {
    try {
      return await step()
    } catch (error) {
      if (!isLiaisonError(error) || error.code !== 'OPINION_CHANGED') throw error
      const now = await opinions.findById(opinion.id)
      if (!now || !isWithdrawn(now)) throw error
      await sayWithdrawn(now, turn)
      return undefined
    }
  }

  return {
    async my_opinions(_args, turn) {
      // A leader's own are also those raised in their contacts.
      const sent = await opinions.forRequester(turn.message.platform, turn.message.sender.userId, LIST_LIMIT)
      const collected = turn.person ? await opinions.forLeader(turn.person.id, LIST_LIMIT) : []
      const mine = [...new Map([...sent, ...collected].map((o) => [o.id, o])).values()].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).slice(0, LIST_LIMIT)
      if (mine.length === 0) return say(turn, 'MY_OPINIONS_NONE')
      const lines = mine.map((o) => messages.text('MY_OPINION_LINE', { ticketNo: o.ticketNo, status: statusText(o, messages), content: short(o.content) }))
      await say(turn, 'MY_OPINIONS', { count: mine.length, list: lines.join('\n') })
    },

    async show_opinion({ ticket, withdraw }, turn) {
      const opinion = await visible(ticket!, turn)
      if (withdraw !== undefined) return withdrawOne(opinion, turn)
      await turn.replyPrivately({ kind: 'text', text: await describeOpinion(opinion, turn.speaker, units, messages) })
    },

    async todo({ page: pageArg }, turn) {
      const person = turn.person!
      const unitIds = isAdmin(person) && person.handlerOf.length === 0 ? undefined : person.handlerOf
      const pending = unitIds === undefined ? await opinions.withStatus(TO_DO) : (await Promise.all(unitIds.map((id) => opinions.forUnit(id, TO_DO)))).flat()
      if (pending.length === 0) return say(turn, 'TODO_NONE')
      const today = shanghaiDate(turn.sentAt)
      pending.sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.ticketNo < b.ticketNo ? -1 : 1))
      // Earliest due (the overdue ones) first, a page at a time: 待办 2 shows the next.
      const page = Math.max(1, Number(pageArg ?? 1))
      const shown = pending.slice((page - 1) * LIST_LIMIT, page * LIST_LIMIT)
      if (shown.length === 0) return say(turn, 'TODO_NO_PAGE', { count: pending.length, page })
      const lines = shown.map((o) =>
        messages.text(o.dueDate < today ? 'TODO_LINE_OVERDUE' : 'TODO_LINE', { ticketNo: o.ticketNo, status: statusText(o, messages), due: messages.monthDay(o.dueDate), content: short(o.content) }),
      )
      const more = pending.length - page * LIST_LIMIT
      if (more > 0) lines.push(messages.text('TODO_MORE', { count: more, next: page + 1 }))
      await say(turn, 'TODO', { count: pending.length, list: lines.join('\n') })
    },

    async accept({ tickets }, turn) {
      await eachTicket(tickets!, turn, async (ticket) => {
        const opinion = await handled(ticket, turn)
        if (!opinion) return undefined
        const accepted = await unlessWithdrawn(opinion, turn, () => service.accept(opinion, turn.person!))
        return accepted && messages.text('OPINION_ACCEPTED', { ticketNo: accepted.ticketNo, due: messages.monthDay(accepted.dueDate) })
      })
    },

    async transfer({ ticket, unit, reason }, turn) {
      const opinion = await handled(ticket!, turn)
      if (!opinion) return
      const moved = await unlessWithdrawn(opinion, turn, () => service.transfer(opinion, unit!, reason ?? '', turn.person!))
      if (moved) await say(turn, 'OPINION_TRANSFERRED', { ticketNo: moved.ticketNo, unit: unit! })
    },

    answer: ({ ticket, text }, turn) => answer(ticket!, text, turn),
    answer_bare: ({ ticket, text }, turn) => answer(ticket!, text, turn),

    // A rating never raises an opinion: whatever follows the rating word (and the tickets) is its comment.
    async rate(args, turn) {
      const rating = RATING_LEVELS.map((level, i) => [level, RATINGS[i]!] as const).find(([level]) => args[level] !== undefined)![1]
      const typed = args.comment ?? ''
      // A lone particle (满意的、满意了) is no comment.
      const comment = typed.trim().length >= 2 ? typed.trim() : ''
      if (args.tickets) return eachTicket(args.tickets, turn, async (ticket) => rateOne(await visible(ticket, turn), rating, comment, turn))
      const waiting = await awaitingRating(turn)
      if (waiting.length === 0) return say(turn, comment ? 'RATE_NOTHING_WITH_COMMENT' : 'RATE_NOTHING')
      if (waiting.length > 1) return say(turn, 'RATE_WHICH', { count: waiting.length, tickets: messages.list(waiting.map((o) => o.ticketNo)), example: waiting[0]!.ticketNo })
      await turn.replyPrivately({ kind: 'text', text: await rateOne(waiting[0]!, rating, comment, turn) })
    },

    async reveal({ ticket, reason }, turn) {
      const opinion = await visible(ticket!, turn)
      const requester = await service.reveal(opinion, reason ?? '', turn.person!)
      if (!requester) return say(turn, 'REVEAL_NO_REQUESTER', { ticketNo: opinion.ticketNo })
      await say(turn, 'REVEALED', { ticketNo: opinion.ticketNo, name: requester.name, userId: requester.userId, platform: requester.platform })
    },
  }

  /** Starts the answer flow for an opinion the handler answers for, with the resolution if they wrote it. */
  async function answer(ticket: string, text: string | undefined, turn: Turn): Promise<void> {
    const opinion = await handled(ticket, turn)
    if (!opinion) return
    if (answersFor(opinion, turn.person!) === undefined) throw new LiaisonError('OPINION_NOT_ACCEPTED', `opinion ${opinion.ticketNo} is being transferred`, { ticketNo: opinion.ticketNo })
    if (opinion.status === 'answered' || opinion.status === 'closed') throw new LiaisonError('OPINION_CHANGED', `opinion ${opinion.ticketNo} is ${opinion.status}`, { ticketNo: opinion.ticketNo })
    const flow = deps.runner.definition('answer_opinion')!
    await deps.runner.start(flow, turn, { ticketNo: opinion.ticketNo, ...(text?.trim() ? { resolution: text.trim() } : {}) })
  }

  /** Rates one opinion the speaker sent; what to tell them. */
  async function rateOne(opinion: Opinion, rating: Rating, comment: string, turn: Turn): Promise<string> {
    if (!canFollowOpinion(turn.speaker, opinion)) {
      // The leader whose contact raised it (or their secretary) sees it but does not rate it: say so, not 不归您办理.
      if (raisedInOwnContact(turn.speaker, opinion)) return messages.text('RATE_NOT_FOR_LEADER', { ticketNo: opinion.ticketNo })
      throw new LiaisonError('NOT_YOUR_OPINION', `${turn.message.sender.userId} did not send ${opinion.ticketNo}`, { ticketNo: opinion.ticketNo })
    }
    if (isWithdrawn(opinion)) return messages.text('OPINION_ALREADY_WITHDRAWN', { ticketNo: opinion.ticketNo })
    const lastChance = !canReopen(opinion)
    const rated = await service.rate(opinion, rating, turn.speaker, comment)
    const params = { ticketNo: rated.ticketNo, rating, comment }
    const lines = [messages.text(rated.status !== 'closed' ? 'RATED_REOPENED' : lastChance && rating === DISSATISFIED ? 'RATED_FINAL' : 'RATED', params)]
    if (comment) lines.push(messages.text(rated.status === 'closed' ? 'RATING_COMMENT_KEPT' : 'RATING_COMMENT_FORWARDED', params))
    return lines.join('\n')
  }

  /** 满意 without a number rates the sender's answered opinion when it is the only one waiting. */
  async function awaitingRating(turn: Turn): Promise<Opinion[]> {
    const mine = await opinions.forRequester(turn.message.platform, turn.message.sender.userId, LIST_LIMIT)
    return mine.filter((o) => o.status === 'answered')
  }

  /** 撤回 2026-0012: takes back that opinion only, while nobody has taken it on. */
  async function withdrawOne(opinion: Opinion, turn: Turn): Promise<void> {
    const person = turn.person
    if (!canFollowOpinion(turn.speaker, opinion) && !raisedInOwnContact(turn.speaker, opinion)) {
      throw new LiaisonError('NOT_YOUR_OPINION', `${turn.message.sender.userId} may not withdraw ${opinion.ticketNo}`, { ticketNo: opinion.ticketNo })
    }
    if (isWithdrawn(opinion)) return say(turn, 'OPINION_ALREADY_WITHDRAWN', { ticketNo: opinion.ticketNo })
    const by = canFollowOpinion(turn.speaker, opinion) ? 'requester' : person!
    if (opinion.status === 'open' && (await service.withdraw(opinion, by))) return say(turn, 'UNDONE_OPINIONS', { tickets: opinion.ticketNo })
    const now = (await opinions.findById(opinion.id)) ?? opinion
    await say(turn, 'WITHDRAW_TOO_LATE', { ticketNo: now.ticketNo, status: statusText(now, messages) })
  }
}

const SHORT = 30
function short(text: string): string {
  return text.length > SHORT ? `${text.slice(0, SHORT)}…` : text
}
