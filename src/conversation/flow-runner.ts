import type { OutboundMessage } from '../channels/message.ts'
import type { Session, Sessions } from '../store/sessions.ts'
import type { FlowDefinition } from './flows.ts'
import type { Messages } from '../messages.ts'
import type { FlowRegistry, Slots } from './registry.ts'
import type { Turn } from './turn.ts'

/** The slots the runner keeps for itself inside a session, beside the flow's own. */
const ASKED = '_asked'

/**
 * Intents that lead away from the flow: a message of these kinds answers a step only if it
 * gives the very slot asked for (a resolution can read like an opinion), else the caller
 * sees it as a question or a new start; unless the flow absorbs the intent.
 */
const ELSEWHERE: ReadonlySet<string> = new Set(['submit_opinion', 'query_progress', 'query_opinion'])

/** The session kept after a save: nothing is being asked, but 撤销 may still take the record back. */
export const IDLE_FLOW = 'idle'

export interface RunnerOptions {
  /** An unfinished conversation is dropped (with a note) after this long without a message. */
  readonly idleMinutes: number
  /** 撤销 works this long after a record was saved. */
  readonly undoMinutes: number
  readonly now: () => Date
}

/**
 * Runs the flows of conversations/flows: asks for each missing slot in order, validates the
 * answer, re-asks up to the flow's limit, shows the record to confirm, applies edits, and
 * saves. The session is stored after every step, so a restart loses nothing.
 */
export class FlowRunner {
  constructor(
    private readonly flows: ReadonlyMap<string, FlowDefinition>,
    private readonly registry: FlowRegistry,
    private readonly sessions: Sessions,
    private readonly messages: Messages,
    private readonly options: RunnerOptions,
  ) {}

  flowStartedBy(starter: string): FlowDefinition | undefined {
    return [...this.flows.values()].find((f) => f.starts === starter)
  }

  definition(id: string): FlowDefinition | undefined {
    return this.flows.get(id)
  }

  /** Whether the flow the session is in takes messages of this intent as part of itself. */
  absorbs(session: Session, intent: string): boolean {
    return this.flows.get(session.flow)?.absorbs.includes(intent) ?? false
  }

  /** Whether the message starts the session's flow afresh instead of answering it. */
  startsAnew(session: Session, turn: Turn): boolean {
    return this.flows.has(session.flow) && (this.registry.handlersOf(session.flow).startsAnew?.(turn, session.slots) ?? false)
  }

  async start(flow: FlowDefinition, turn: Turn, preset: Slots = {}): Promise<void> {
    const slots = { ...(await this.registry.handlersOf(flow.id).start(turn)), ...preset, [ASKED]: [] }
    const next = await this.validated(flow, slots, turn, slots)
    if (next) await this.advance(flow, next, turn, 0)
  }

  /**
   * Takes the message as an answer to the step the session is at. False when it answers
   * nothing, so the caller can see whether it starts something else before re-asking.
   */
  async continue(session: Session, turn: Turn): Promise<boolean> {
    const flow = this.flows.get(session.flow)
    if (!flow) return false
    const handlers = this.registry.handlersOf(flow.id)
    const slots: Slots = { ...session.slots }
    const { parsed } = turn
    const leaves = ELSEWHERE.has(parsed.intent) && !flow.absorbs.includes(parsed.intent)
    if (session.step === 'confirm' || session.step === 'edit') {
      if (parsed.intent === 'confirm') {
        await this.save(flow, slots, turn)
        return true
      }
      // In a flow of one slot, whatever follows 修改 is its new value.
      const asking = session.step === 'edit' && flow.slots.length === 1 ? flow.slots[0]!.name : undefined
      const changes = handlers.fill(turn, asking, slots)
      if (!(asking && asking in changes) && leaves) return false
      if (Object.keys(changes).length > 0) {
        const next = await this.validated(flow, { ...slots, ...changes }, turn, changes, slots)
        if (next) await this.advance(flow, next, turn, 0)
        return true
      }
      if (parsed.intent === 'edit') {
        await this.ask(flow, 'edit', slots, turn, 0, { kind: 'text', text: this.messages.text('EDIT_WHAT') })
        return true
      }
      return false
    }
    const asking = session.step.slice('slot:'.length)
    const changes = handlers.fill(turn, asking, slots)
    if (Object.keys(changes).length === 0 || (!(asking in changes) && leaves)) return false
    const next = await this.validated(flow, { ...slots, ...changes }, turn, changes, slots)
    if (!next) return true
    const note = asking in changes ? undefined : handlers.noted?.(changes)
    if (note) await turn.reply(note)
    await this.advance(flow, next, turn, asking in changes ? 0 : session.attempts + 1)
    return true
  }

  /** The message answered nothing: say so and ask again, or give up after the flow's limit. */
  async retry(session: Session, turn: Turn): Promise<void> {
    const flow = this.flows.get(session.flow)
    if (!flow) return
    const attempts = session.attempts + 1
    if (attempts >= flow.max_attempts) {
      await this.sessions.delete(sessionKey(turn))
      await turn.reply({ kind: 'text', text: this.messages.text('GAVE_UP') })
      return
    }
    await turn.reply({ kind: 'text', text: this.messages.text(session.step === 'confirm' ? 'CONFIRM_OR_EDIT' : 'NOT_UNDERSTOOD') })
    await this.advance(flow, { ...session.slots }, turn, attempts)
  }

  /** 返回上一步: forget the last answered slot and ask it again. */
  async back(session: Session, turn: Turn): Promise<void> {
    const flow = this.flows.get(session.flow)
    if (!flow) return
    const asked = [...((session.slots[ASKED] as string[] | undefined) ?? [])]
    const current = session.step.startsWith('slot:') ? session.step.slice(5) : undefined
    if (current && asked[asked.length - 1] === current) asked.pop()
    const previous = asked.pop()
    if (!previous) {
      await turn.reply({ kind: 'text', text: this.messages.text('NO_PREVIOUS_STEP') })
      return this.advance(flow, { ...session.slots, [ASKED]: asked }, turn, 0)
    }
    const { [previous]: _dropped, ...slots } = session.slots
    await this.ask(flow, `slot:${previous}`, { ...slots, [ASKED]: asked }, turn, 0)
  }

  /** Where the conversation stands, asked again (after 帮助 or a question in between). */
  async repeat(session: Session, turn: Turn): Promise<void> {
    const flow = this.flows.get(session.flow)
    if (flow) await this.advance(flow, { ...session.slots }, turn, session.attempts)
  }

  private async advance(flow: FlowDefinition, slots: Slots, turn: Turn, attempts: number): Promise<void> {
    const handlers = this.registry.handlersOf(flow.id)
    const missing = flow.slots.find((s) => !handlers.has(s.name, slots))
    if (missing) {
      const custom = await handlers.ask?.(missing.name, slots, turn)
      const question = custom ?? { kind: 'text' as const, text: this.messages.text(missing.ask, textParams(slots)) }
      return this.ask(flow, `slot:${missing.name}`, slots, turn, attempts, question)
    }
    if (!flow.confirm) return this.save(flow, slots, turn)
    const { title, text } = await handlers.card!(slots, turn)
    const buttons = flow.confirm.buttons.map((b) => ({ label: b, value: b }))
    await this.ask(flow, 'confirm', slots, turn, attempts, { kind: 'card', title, text, buttons })
  }

  private async ask(flow: FlowDefinition, step: string, slots: Slots, turn: Turn, attempts: number, question?: OutboundMessage): Promise<void> {
    const asked = (slots[ASKED] as string[] | undefined) ?? []
    const slot = step.startsWith('slot:') ? step.slice(5) : undefined
    const nextAsked = slot && asked[asked.length - 1] !== slot ? [...asked, slot] : asked
    await this.keep(turn, flow.id, step, { ...slots, [ASKED]: nextAsked }, attempts, this.options.idleMinutes)
    if (question) await turn.reply(question)
    else if (slot) await turn.reply({ kind: 'text', text: this.messages.text(flow.slots.find((s) => s.name === slot)!.ask, textParams(slots)) })
  }

  /**
   * Runs the validators of the slots an answer changed; a refusal is said and the step repeated.
   * A refused change keeps the value the slot had before (时间改成明天 leaves the date as it was).
   */
  private async validated(flow: FlowDefinition, slots: Slots, turn: Turn, changes: Slots, before: Slots = {}): Promise<Slots | undefined> {
    const out = { ...slots }
    for (const slot of flow.slots) {
      if (!slot.validate || !(slot.name in changes) || !this.registry.handlersOf(flow.id).has(slot.name, out)) continue
      const result = await this.registry.validatorNamed(slot.validate)(out[slot.name], out, turn)
      if ('refused' in result) {
        await turn.reply({ kind: 'text', text: this.messages.text(result.refused, result.params) })
        if (slot.name in before) out[slot.name] = before[slot.name]
        else delete out[slot.name]
        await this.advance(flow, out, turn, 0)
        return undefined
      }
      out[slot.name] = result.value
    }
    return out
  }

  private async save(flow: FlowDefinition, slots: Slots, turn: Turn): Promise<void> {
    const result = await this.registry.handlersOf(flow.id).save(slots, turn)
    const undo = result && 'undo' in result ? result.undo : undefined
    if (!undo) return this.sessions.delete(sessionKey(turn))
    await this.keep(turn, IDLE_FLOW, IDLE_FLOW, { undo }, 0, this.options.undoMinutes)
  }

  private async keep(turn: Turn, flow: string, step: string, slots: Slots, attempts: number, minutes: number): Promise<void> {
    const now = this.options.now()
    await this.sessions.save({
      key: sessionKey(turn),
      flow,
      step,
      slots,
      attempts,
      replyTo: turn.message.replyTo as unknown as Record<string, unknown>,
      updatedAt: now,
      expiresAt: new Date(now.getTime() + minutes * 60_000),
    })
  }
}

/** The slots a question may name ({ticketNo} in ASK_RESOLUTION): those that are plain strings or numbers. */
function textParams(slots: Slots): Record<string, string | number> {
  return Object.fromEntries(Object.entries(slots).filter((e): e is [string, string | number] => typeof e[1] === 'string' || typeof e[1] === 'number'))
}

/** One conversation per person and platform, whichever chat they write in. */
export function sessionKey(turn: Pick<Turn, 'message'>): string {
  return `${turn.message.platform}:${turn.message.sender.userId}`
}
