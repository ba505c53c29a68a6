import type { ShanghaiDate } from '../calendar/shanghai-date.ts'

/**
 * open: registered and routed, waiting for the handler unit to accept it.
 * accepted: the handler unit is working on it.
 * transferring: handed to another unit, which has not accepted yet (the first unit stays responsible).
 * answered: the handler unit reported what was done (落实情况); the requester may rate it.
 * closed: rated, or answered and not reopenable.
 */
export type OpinionStatus = 'open' | 'accepted' | 'transferring' | 'answered' | 'closed'

export type Rating = '满意' | '基本满意' | '不满意'
export const RATINGS: readonly Rating[] = ['满意', '基本满意', '不满意']

/** The person who raised it, when they wrote to Liaison themselves (students and teachers). */
export interface RequesterRef {
  readonly platform: string
  readonly userId: string
  readonly name: string
}

export interface OpinionEvent {
  readonly at: Date
  /** A person id, or `requester`. */
  readonly by: string
  readonly action: 'submitted' | 'registered' | 'accepted' | 'transferred' | 'transfer_accepted' | 'answered' | 'rated' | 'reopened' | 'revealed' | 'reminded' | 'escalated' | 'withdrawn'
  readonly detail?: string
}

export interface Opinion {
  readonly id: string
  /** Human-friendly number, e.g. 2026-0042. */
  readonly ticketNo: string
  readonly source: 'contact' | 'direct'
  readonly contactId?: string
  /** The leader whose contact raised it. */
  readonly leaderId?: string
  readonly requester?: RequesterRef
  readonly anonymous: boolean
  readonly category: string
  readonly content: string
  /** The kinds of the contact that raised it; empty for one sent directly. */
  readonly raisedIn: readonly string[]
  /** The day it was raised, from which its due date counts. */
  readonly raisedOn: ShanghaiDate
  /** The deadline rule that set its due date (D01 …), when one did. */
  readonly deadlineRuleId?: string
  /** 首问负责制: the unit that first received it, responsible until another accepts a transfer. */
  readonly responsibleUnitId: string
  /** The unit working on it now (or asked to, while transferring). */
  readonly handlerUnitId: string
  readonly status: OpinionStatus
  readonly dueDate: ShanghaiDate
  /** False when the due date was counted through a year without holiday data. */
  readonly dueDateCertain: boolean
  readonly resolution?: { readonly text: string; readonly by: string; readonly at: Date }
  readonly rating?: Rating
  readonly reopenedCount: number
  readonly history: readonly OpinionEvent[]
  readonly createdAt: Date
}

/** 不满意 reopens an answered opinion once; a second 不满意 closes it and is left to the admins. */
export const MAX_REOPENS = 1

/** The ticket number of the n-th opinion of a year. */
export function ticketNumber(year: number, n: number): string {
  return `${year}-${String(n).padStart(4, '0')}`
}
