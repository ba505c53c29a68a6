import type { HandlingContext, InboundMessage, OutboundMessage, Reply } from '../channels/message.ts'
import { identifySpeaker } from '../domain/people/identify.ts'
import { isLeader, LEADER_ROLES, type Person } from '../domain/people/person.ts'
import { canFollowOpinion } from '../domain/permissions.ts'
import { isLiaisonError } from '../errors.ts'
import type { Logger } from '../log.ts'
import type { Outbox } from '../outbox/outbox.ts'
import type { Services } from '../services.ts'
import type { Session } from '../store/sessions.ts'
import { parse, readSubmission } from '../understanding/index.ts'
import { registerAnswerOpinion } from './answer-opinion.ts'
import type { CommandGrammar, CommandMatch, CommandName } from './commands.ts'
import { FlowRunner, IDLE_FLOW, sessionKey } from './flow-runner.ts'
import type { FlowDefinition } from './flows.ts'
import { helpText, notUnderstoodText } from './help.ts'
import { dutyCommands } from './duty-commands.ts'
import { opinionCommands, type CommandHandler } from './opinion-commands.ts'
import { dutyHolder } from './duty-holder.ts'
import { answerProgress } from './query-progress.ts'
import { FlowRegistry, type Undoable } from './registry.ts'
import { registerReportContact } from './report-contact.ts'
import { registerSubmitOpinion } from './submit-opinion.ts'
import { allows, type Turn } from './turn.ts'

export interface ConversationOptions {
  /** An unfinished conversation is dropped (with a note) after this long without a message. */
  readonly idleMinutes: number
  /** 撤销 works this long after a record was saved. */
  readonly undoMinutes: number
  /** How often expired sessions are looked for. */
  readonly sweepIntervalMs?: number
}

export interface ConversationDeps {
  readonly services: Services
  readonly commands: CommandGrammar
  readonly flows: readonly FlowDefinition[]
  /** Where private answers and expiry notes go (replies to the chat go through the inbox's `reply`). */
  readonly outbox: Pick<Outbox, 'enqueue'>
  readonly log: Logger
  readonly now: () => Date
  readonly options: ConversationOptions
}

/** Questions that may come in the middle of a flow: answered, then the flow's question is asked again. */
const QUERIES = new Set(['query_progress', 'query_opinion'])

/**
 * The conversation engine: who is speaking, what they mean, and which flow, command or answer
 * that leads to. Every message is one turn: it answers the step a stored session is at, or
 * interrupts it with a question, or starts something else. Errors with a code are told in
 * Chinese; anything else goes back to the inbox, which logs it and apologises.
 */
export class Conversation {
  private readonly runner: FlowRunner
  private readonly commandHandlers: Partial<Record<CommandName, CommandHandler>>
  private readonly services: Services
  private sweepTimer: NodeJS.Timeout | undefined

  constructor(private readonly deps: ConversationDeps) {
    const services = (this.services = deps.services)
    const registry = new FlowRegistry()
    const { messages, understanding, units } = services
    registerReportContact(registry, { contacts: services.contactService, people: services.people, units, understanding, messages, undoMinutes: deps.options.undoMinutes })
    registerSubmitOpinion(registry, { opinions: services.opinionService, recorded: services.opinions, units, understanding, messages })
    registerAnswerOpinion(registry, { opinions: services.opinions, service: services.opinionService, messages })
    registry.check(deps.flows)
    this.runner = new FlowRunner(new Map(deps.flows.map((f) => [f.id, f])), registry, services.sessions, messages, { ...deps.options, now: deps.now })
    this.commandHandlers = {
      ...opinionCommands({ opinions: services.opinions, service: services.opinionService, units, messages, runner: this.runner }),
      ...dutyCommands({ services, commands: deps.commands }),
      confirm_entry: (args, turn) => this.answerEntry(args.contact!, args.yes !== undefined, turn),
      entry_wrong: async (_args, turn) => ((await this.answerWaitingEntry(turn, false)) ? undefined : 'pass'),
      greeting: (_args, turn) => turn.reply({ kind: 'text', text: helpText(turn.person, services.messages) }),
      thanks: (_args, turn) => this.say(turn, 'YOU_ARE_WELCOME'),
    }
  }

  readonly handle = async (message: InboundMessage, reply: Reply, context: HandlingContext): Promise<void> => {
    if (message.action?.type === 'open') return
    // The platforms deliver group messages only when they mention the bot; the check keeps it so.
    if (message.chat.type === 'group' && !message.mentions.some((m) => m.isBot)) return
    const text = message.action?.type === 'menu' ? message.action.key : message.text
    if (!text.trim()) return reply({ kind: 'text', text: this.services.messages.text('UNSUPPORTED_MESSAGE') })
    const turn = await this.turnOf(message, text, reply, context)
    try {
      await this.route(turn)
    } catch (error) {
      if (!isLiaisonError(error) || !this.services.messages.has(error.code)) throw error
      this.deps.log.info({ code: error.code, key: context.key }, error.message)
      // A refusal in the middle of a flow ends it: the step it was at may no longer make sense.
      const session = await this.services.sessions.get(sessionKey(turn))
      if (session && session.flow !== IDLE_FLOW) await this.services.sessions.delete(session.key)
      await turn.replyPrivately({ kind: 'text', text: this.services.messages.text(error.code, error.params) })
    }
  }

  /** Looks for expired sessions every minute (or as configured) until stop(). */
  start(): void {
    const interval = this.deps.options.sweepIntervalMs ?? 60_000
    this.sweepTimer = setInterval(() => void this.expireSessions().catch((error: unknown) => this.deps.log.error({ err: error }, 'session sweep failed')), interval)
  }

  stop(): void {
    clearInterval(this.sweepTimer)
  }

  /** Drops the sessions idle past their time, telling each person whose record was left unfinished. */
  async expireSessions(): Promise<number> {
    const expired = await this.services.sessions.takeExpired(this.deps.now())
    for (const session of expired) await this.noteExpired(session)
    return expired.length
  }

  private async route(turn: Turn): Promise<void> {
    const { deps, runner } = this
    const key = sessionKey(turn)
    let session = await this.services.sessions.get(key)
    if (session && session.expiresAt <= deps.now()) {
      await this.services.sessions.delete(key)
      await this.noteExpired(session)
      session = undefined
    }
    const active = session && session.flow !== IDLE_FLOW ? session : undefined

    const command = deps.commands.match(turn.text)
    if (command) {
      const passed = await this.runCommand(command, active, turn)
      if (!passed) return
    } else {
      const near = deps.commands.hint(turn.text)
      if (near && allows(near.allowed, turn)) {
        await this.say(turn, `USAGE_${near.name.toUpperCase()}`)
        if (active) await runner.repeat(active, this.forFlow(active.flow, turn))
        return
      }
    }

    switch (turn.parsed.intent) {
      case 'cancel':
        if (!active) return this.say(turn, 'NOTHING_TO_CANCEL')
        await this.services.sessions.delete(key)
        return this.say(turn, 'CANCELLED')
      case 'back':
        if (!active) return this.say(turn, 'NOTHING_TO_GO_BACK')
        return runner.back(active, this.forFlow(active.flow, turn))
      case 'help':
        await turn.reply({ kind: 'text', text: helpText(turn.person, this.services.messages) })
        if (active) await runner.repeat(active, this.forFlow(active.flow, turn))
        return
      case 'undo':
        if (session?.flow === IDLE_FLOW) return this.undo(session, turn)
        await this.say(turn, 'NOTHING_TO_UNDO')
        if (active) await runner.repeat(active, this.forFlow(active.flow, turn))
        return
    }

    if (active) {
      const flowTurn = this.forFlow(active.flow, turn)
      if (runner.startsAnew(active, flowTurn)) {
        await this.abandon(active, turn)
        return this.begin(turn)
      }
      if (await runner.continue(active, flowTurn)) return
      const { intent } = turn.parsed
      if (QUERIES.has(intent)) {
        await this.answerQuery(turn)
        return runner.repeat(active, flowTurn)
      }
      const other = runner.flowStartedBy(intent)
      // An answer the flow could not use is asked again, never taken for the start of what the flow absorbs.
      if (!other || other.id === active.flow || runner.absorbs(active, intent)) return runner.retry(active, flowTurn)
      await this.abandon(active, turn)
    }
    // A correction after the save (刚才那条时间错了) cannot edit a saved record: say how to redo it.
    if (!active && session?.flow === IDLE_FLOW && turn.parsed.intent === 'edit') return this.say(turn, 'EDIT_AFTER_SAVE', { minutes: deps.options.undoMinutes })
    await this.begin(turn)
  }

  /** Runs a command; true when a soft one gave way and the message is to be read like any other. */
  private async runCommand(command: CommandMatch, active: Session | undefined, turn: Turn): Promise<boolean> {
    if (!allows(command.allowed, turn)) {
      if (command.soft) return true
      await this.say(turn, 'COMMAND_NOT_ALLOWED')
      return false
    }
    if (active && command.name === 'answer') await this.abandon(active, turn)
    if ((await this.commandHandlers[command.name]!(command.args, turn)) === 'pass') return true
    if (active && command.name !== 'answer') await this.runner.repeat(active, this.forFlow(active.flow, turn))
    return false
  }

  private async begin(turn: Turn): Promise<void> {
    const { intent } = turn.parsed
    const flow = this.runner.flowStartedBy(intent)
    if (flow) {
      if (!allows(flow.allowed, turn)) {
        if (flow.id !== 'report_contact') return this.say(turn, 'COMMAND_NOT_ALLOWED')
        return this.say(turn, turn.person ? 'REPORT_NOT_A_LEADER' : 'REPORT_NOT_ON_ROSTER')
      }
      return this.runner.start(flow, this.forFlow(flow.id, turn))
    }
    if (QUERIES.has(intent)) return this.answerQuery(turn)
    if (intent === 'help') return turn.reply({ kind: 'text', text: helpText(turn.person, this.services.messages) })
    if (intent === 'confirm' && turn.person && isLeader(turn.person) && (await this.answerWaitingEntry(turn, true))) return
    if (intent === 'confirm' || intent === 'edit') return this.say(turn, 'NOTHING_TO_CONFIRM')
    await turn.reply({ kind: 'text', text: notUnderstoodText(turn.person, this.services.messages) })
  }

  private async answerQuery(turn: Turn): Promise<void> {
    const { parsed } = turn
    const handlers = this.commandHandlers
    if (parsed.intent === 'query_opinion') {
      if (parsed.ticketNo) await handlers.show_opinion!({ ticket: parsed.ticketNo }, turn)
      else if (turn.person?.roles.includes('handler') && this.deps.commands.asksForTodo(turn.text)) await handlers.todo!({}, turn)
      else if (!(await this.raisesInstead(turn))) await handlers.my_opinions!({}, turn)
      return
    }
    const leader = await dutyHolder(turn.person, turn.text, this.services, 'first')
    // Someone off the roster has no duties: the progress they can mean is that of their opinions.
    if (!leader) {
      if (turn.person) return this.say(turn, 'PROGRESS_NO_DUTIES')
      await handlers.my_opinions!({}, turn)
      return
    }
    const { contactService, progress, semesters, messages } = this.services
    await turn.replyPrivately({ kind: 'text', text: await answerProgress(turn, leader, this.deps.commands.periodOf(turn.text), { contacts: contactService, progress, semesters, messages }, this.deps.commands.asksPrevious(turn.text)) })
  }

  /**
   * Someone with no opinion on record who asks after one that names a problem (上次反映的宿舍漏水
   * 问题到现在还没修) raises it now: telling them they have none would lose it.
   */
  private async raisesInstead(turn: Turn): Promise<boolean> {
    const flow = this.runner.flowStartedBy('submit_opinion')
    if (!flow || !allows(flow.allowed, turn)) return false
    const { platform, sender } = turn.message
    if ((await this.services.opinions.forRequester(platform, sender.userId, 1)).length > 0) return false
    const submission = readSubmission(turn.text, this.services.understanding)
    if (!submission.named) return false
    const { opinions, category, anonymous } = submission
    await this.runner.start(flow, this.forFlow(flow.id, turn), { text: turn.text, points: opinions, content: opinions.join('；'), category, anonymous })
    return true
  }

  private async undo(session: Session, turn: Turn): Promise<void> {
    const undo = session.slots.undo as Undoable
    await this.services.sessions.delete(session.key)
    if (undo.kind === 'contact') {
      const withdrawn = turn.person && (await this.services.contactService.undo(undo.id, turn.person, this.deps.options.undoMinutes))
      if (!withdrawn) return this.say(turn, 'UNDO_TOO_LATE')
      const { keptTickets, withdrawnTickets } = withdrawn
      if (keptTickets.length > 0) return this.say(turn, 'UNDONE_CONTACT_KEPT', { tickets: this.services.messages.list(keptTickets) })
      return this.say(turn, withdrawnTickets.length > 0 ? 'UNDONE_CONTACT' : 'UNDONE_CONTACT_ONLY')
    }
    const tickets: string[] = []
    for (const id of undo.ids) {
      const opinion = await this.services.opinions.findById(id)
      if (opinion && canFollowOpinion(turn.speaker, opinion) && (await this.services.opinionService.withdraw(opinion, turn.person ?? 'requester'))) tickets.push(opinion.ticketNo)
    }
    await this.say(turn, tickets.length > 0 ? 'UNDONE_OPINIONS' : 'UNDO_TOO_LATE', { tickets: this.services.messages.list(tickets) })
  }

  /**
   * 确认 or 有误 typed rather than pressed: answers the one entry a secretary made that waits for
   * this leader, or asks to press the buttons when several wait. False when none does.
   */
  private async answerWaitingEntry(turn: Turn, confirmed: boolean): Promise<boolean> {
    const waiting = await this.services.contactService.awaitingConfirmation(turn.person!.id)
    if (waiting.length === 0) return false
    if (waiting.length > 1) await this.say(turn, 'ENTRY_WHICH', { count: waiting.length })
    else await this.answerEntry(waiting[0]!.id, confirmed, turn)
    return true
  }

  private async answerEntry(contactId: string, confirmed: boolean, turn: Turn): Promise<void> {
    const contact = await this.services.contactService.confirmEntry(contactId, turn.person!, confirmed)
    await this.say(turn, confirmed ? 'ENTRY_CONFIRMED' : 'ENTRY_REJECTED', { date: contact.date ?? '' })
  }

  /** Another flow starts: the unfinished one is dropped, and the person is told. */
  private async abandon(active: Session, turn: Turn): Promise<void> {
    await this.services.sessions.delete(active.key)
    await this.say(turn, 'ABANDONED')
  }

  private async noteExpired(session: Session): Promise<void> {
    if (session.flow === IDLE_FLOW) return
    const message: OutboundMessage = { kind: 'text', text: this.services.messages.text('SESSION_EXPIRED', { minutes: this.deps.options.idleMinutes }) }
    const target = session.replyTo as unknown as InboundMessage['replyTo']
    await this.deps.outbox.enqueue({ to: { kind: 'reply', target }, message, key: `session:${session.key}:expired:${session.updatedAt.getTime()}` })
  }

  /** A private flow (an opinion) answers one-to-one even when it was started in a group. */
  private forFlow(flowId: string, turn: Turn): Turn {
    return this.runner.definition(flowId)?.private && turn.inGroup ? { ...turn, reply: turn.replyPrivately } : turn
  }

  private say(turn: Turn, code: string, params?: Readonly<Record<string, string | number>>): Promise<void> {
    return turn.reply({ kind: 'text', text: this.services.messages.text(code, params) })
  }

  private async turnOf(message: InboundMessage, text: string, reply: Reply, context: HandlingContext): Promise<Turn> {
    const { deps, services } = this
    const speaker = await identifySpeaker(services.people, message.platform, message.sender.userId, message.sender.name)
    const person = speaker.kind === 'person' ? speaker.person : undefined
    const inGroup = message.chat.type === 'group'
    let privateCount = 0
    let noted = false
    const direct: Reply = async (out) => {
      await deps.outbox.enqueue({ to: { kind: 'person', platform: message.platform, userId: message.sender.userId }, message: out, key: `${context.key}#private${privateCount++}` })
    }
    const replyPrivately: Reply = inGroup
      ? async (out) => {
          if (!noted) {
            noted = true
            await reply({ kind: 'text', text: services.messages.text('ANSWERED_PRIVATELY', { name: person?.name ?? message.sender.name }) })
          }
          await direct(out)
        }
      : reply
    return {
      message,
      text,
      speaker,
      person,
      parsed: parse(text, { now: message.sentAt, role: parserRole(person) }, services.understanding),
      sentAt: message.sentAt,
      inGroup,
      reply,
      replyPrivately,
      sourceKey: context.key,
    }
  }
}

/** The role the parser weighs ties by: a duty role first, then the others; requester when not on the roster. */
function parserRole(person: Person | undefined): string {
  if (!person) return 'requester'
  return person.roles.find((r) => LEADER_ROLES.includes(r)) ?? person.roles[0] ?? 'requester'
}
