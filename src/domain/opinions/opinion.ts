import type { ShanghaiDate } from '../calendar/shanghai-date.ts'

/**
 * open: registered and routed, waiting for the handler unit to accept it.
 * accepted: the handler unit is working on it.
 * transferring: handed to another unit, which has not accepted yet (the first unit stays responsible).
 * answered: the handler unit reported what was done (落实情况); the requester may rate it.
 * closed: rated, or answered and not reopenable, or withdrawn (a `withdrawn` event says which:
 * the status stays closed so that duties and exports, which read closed-without-answer as
 * withdrawn, keep working).
 */
export type OpinionStatus = 'open' | 'accepted' | 'transferring' | 'answered' | 'closed'

export type Rating = '满意' | '基本满意' | '不满意'
export const RATINGS: readonly Rating[] = ['满意', '基本满意', '不满意']
/** The named groups of the rate command (commands.yaml), in the order of RATINGS. */
export const RATING_LEVELS = ['satisfied', 'fair', 'dissatisfied'] as const
/** The rating that reopens an opinion (once). */
export const DISSATISFIED: Rating = '不满意'

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
  /** The day it was raised (the contact's day, for the records); the due date counts from registration. */
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

/** Whether a 不满意 on its current answer would send it back once more. */
export function canReopen(opinion: Opinion): boolean {
  return opinion.reopenedCount < MAX_REOPENS
}

/** Taken back by the requester or whoever registered it (撤回), before anyone took it on. */
export function isWithdrawn(opinion: Opinion): boolean {
  return opinion.status === 'closed' && opinion.history.some((e) => e.action === 'withdrawn')
}

/** Who withdrew it: `requester`, or the id of the person who registered it (a leader undoing a contact). */
export function withdrawnBy(opinion: Opinion): string | undefined {
  return opinion.history.findLast((e) => e.action === 'withdrawn')?.by
}

// A rating's comment is kept in the detail of its rated/reopened event, after the rating word
// (the stored event has no other free field).
const COMMENT_SEPARATOR = '：'

/** The detail of a rated or reopened event: the rating, and the requester's comment if any. */
export function ratingDetail(rating: Rating, comment: string): string {
  return comment.trim() ? `${rating}${COMMENT_SEPARATOR}${comment.trim()}` : rating
}

/** The comment the requester sent with their latest rating, if any. */
export function ratingComment(opinion: Opinion): string | undefined {
  const detail = opinion.history.findLast((e) => e.action === 'rated' || e.action === 'reopened')?.detail ?? ''
  const at = detail.indexOf(COMMENT_SEPARATOR)
  return at >= 0 ? detail.slice(at + 1) : undefined
}

/** The ticket number as people type it: full-width digits and dashes (Chinese IMEs), spaces, no year (this year's). */
export function normalizeTicket(typed: string, year: number): string {
  // NFKC makes full-width digits and － plain; the other dashes an IME offers are not its business.
  const plain = typed.normalize('NFKC').replace(/[—–‐‑]/g, '-').replace(/\s+/g, '')
  return plain.includes('-') ? plain : `${year}-${plain}`
}

/** The ticket numbers in a list a command matched (2026-0002、编号0003), each as typed, for normalizeTicket. */
export function ticketsIn(typed: string): string[] {
  return typed.match(/[0-9０-９]{4}(?:\s*[-－—–‐‑]\s*[0-9０-９]{4})?/gu) ?? []
}

/** The ticket number of the n-th opinion of a year. */
export function ticketNumber(year: number, n: number): string {
  return `${year}-${String(n).padStart(4, '0')}`
}
