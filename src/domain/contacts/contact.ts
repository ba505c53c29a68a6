import type { ShanghaiDate } from '../calendar/shanghai-date.ts'

/** The fields a leader reports for one contact (HPU 附件: time, place, target, what was done, opinions). */
export interface ContactFields {
  readonly kinds: readonly string[]
  readonly date: ShanghaiDate | null
  /** HH:mm, when the leader gave a time. */
  readonly time: string | null
  readonly place: string | null
  readonly targets: readonly string[]
  readonly faceToFace: boolean
  /** Problems or suggestions raised, each tracked as an opinion once the contact is saved. */
  readonly opinions: readonly string[]
  readonly summary: string
  /** 课时 taught, when the leader said (讲了2节思政课); amount rules count them. */
  readonly classHours?: number
  /** Days spent, when the leader said (驻点办公半天). */
  readonly days?: number
}

export type ContactField = 'kinds' | 'date' | 'time' | 'place' | 'targets' | 'faceToFace' | 'opinions'

/** Fields a contact cannot be saved without, in the order they are asked for. */
export const REQUIRED_CONTACT_FIELDS = ['kinds', 'date', 'targets'] as const

/**
 * confirmed: counts for the leader. awaiting_leader: entered by a secretary, the leader has not
 * yet confirmed it. withdrawn: undone by whoever entered it.
 */
export type ContactStatus = 'confirmed' | 'awaiting_leader' | 'withdrawn'

export interface Contact extends ContactFields {
  readonly id: string
  readonly leaderId: string
  /** Who typed it: the leader, or their secretary. */
  readonly enteredById: string
  readonly status: ContactStatus
  readonly opinionIds: readonly string[]
  /** What was typed, for the record form and for duties that look for a word (大学第一课). */
  readonly text: string
  readonly createdAt: Date
}

export function missingContactFields(fields: ContactFields): Array<(typeof REQUIRED_CONTACT_FIELDS)[number]> {
  return REQUIRED_CONTACT_FIELDS.filter((f) => (f === 'date' ? fields.date === null : fields[f].length === 0))
}
