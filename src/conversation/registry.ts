import type { OutboundMessage } from '../channels/message.ts'
import type { FlowDefinition } from './flows.ts'
import type { Turn } from './turn.ts'

export type Slots = Record<string, unknown>

/** What 撤销 can take back: the record the last save wrote. */
export type Undoable = { readonly kind: 'contact'; readonly id: string } | { readonly kind: 'opinions'; readonly ids: readonly string[] }

export interface CardContent {
  readonly title: string
  readonly text: string
}

/** A slot value was refused: the code of the Chinese text saying why, with its parameters. */
export interface Refusal {
  readonly refused: string
  readonly params?: Readonly<Record<string, string | number>>
}

export interface FlowHandlers {
  /** Slot values from the message that started the flow. */
  start(turn: Turn): Promise<Slots> | Slots
  /** Slot values an answer gives while `asking` (others it happens to give are taken too). */
  fill(turn: Turn, asking: string | undefined, slots: Slots): Slots
  /** Whether the slot already has a value. */
  has(slot: string, slots: Slots): boolean
  /** The record to confirm; the flow file gives the card's buttons. */
  card?(slots: Slots, turn: Turn): Promise<CardContent> | CardContent
  /** Saves and answers; the flow ends after it. Returns what 撤销 may undo, if anything. */
  save(slots: Slots, turn: Turn): Promise<{ undo?: Undoable } | void>
  /** Whether the message is a record of its own rather than an answer (a second whole report while one waits). */
  startsAnew?(turn: Turn, slots: Slots): boolean
  /** What to say when an answer added to the record but did not give the slot asked for. */
  noted?(changes: Slots): OutboundMessage | undefined
  /** How the question for a slot is worded (defaults to the slot's `ask` text). */
  ask?(slot: string, slots: Slots, turn: Turn): Promise<OutboundMessage | undefined> | OutboundMessage | undefined
}

export type Validator = (value: unknown, slots: Slots, turn: Turn) => Promise<Refusal | { value: unknown }> | Refusal | { value: unknown }

/**
 * Handlers and validators named by the flow files. At start every name a flow uses must be
 * registered and every registration used, so a typo in YAML stops the bot with a clear line.
 */
export class FlowRegistry {
  private readonly flows = new Map<string, FlowHandlers>()
  private readonly validators = new Map<string, Validator>()

  flow(id: string, handlers: FlowHandlers): void {
    this.flows.set(id, handlers)
  }

  validator(name: string, validate: Validator): void {
    this.validators.set(name, validate)
  }

  handlersOf(id: string): FlowHandlers {
    const handlers = this.flows.get(id)
    if (!handlers) throw new Error(`no handlers registered for flow ${id}`)
    return handlers
  }

  validatorNamed(name: string): Validator {
    const validator = this.validators.get(name)
    if (!validator) throw new Error(`no validator registered as ${name}`)
    return validator
  }

  /** Throws naming the first flow file reference without a registration, or registration without a use. */
  check(definitions: readonly FlowDefinition[]): void {
    const usedValidators = new Set<string>()
    for (const flow of definitions) {
      if (!this.flows.has(flow.id)) throw new Error(`flows: ${flow.id}: no handlers are registered for this flow`)
      if (flow.save !== `${flow.id}.save`) throw new Error(`flows: ${flow.id}: save must be ${flow.id}.save`)
      if (flow.confirm && (flow.confirm.show !== `${flow.id}.card` || !this.flows.get(flow.id)!.card)) {
        throw new Error(`flows: ${flow.id}: confirm.show names ${flow.confirm.show}; ${flow.id}.card must be registered and named`)
      }
      for (const slot of flow.slots) {
        if (!slot.validate) continue
        if (!this.validators.has(slot.validate)) throw new Error(`flows: ${flow.id}: slots.${slot.name}.validate names ${slot.validate}, which is not registered`)
        usedValidators.add(slot.validate)
      }
    }
    for (const id of this.flows.keys()) if (!definitions.some((f) => f.id === id)) throw new Error(`flows: handlers are registered for ${id} but no flow file declares it`)
    for (const name of this.validators.keys()) if (!usedValidators.has(name)) throw new Error(`flows: validator ${name} is registered but no flow uses it`)
  }
}
