import type { Model } from 'mongoose'
import type { Logger } from '../log.ts'
import type { Contact } from '../domain/contacts/contact.ts'
import type { ContactDocument } from './models/contact.ts'

/** A confirmed contact as the duties read it. */
export type DutyContact = Pick<Contact, 'leaderId' | 'kinds' | 'time' | 'place' | 'targets' | 'faceToFace' | 'summary' | 'text' | 'classHours' | 'days'> & { readonly date: string }

export const DUTY_FIELDS = { leaderId: 1, kinds: 1, date: 1, time: 1, place: 1, targets: 1, faceToFace: 1, summary: 1, text: 1, classHours: 1, days: 1 } as const
type DutyContactDocument = Pick<ContactDocument, '_id' | 'status' | 'leaderId' | 'kinds' | 'date' | 'time' | 'place' | 'targets' | 'faceToFace' | 'summary' | 'text' | 'classHours' | 'days'>

/**
 * Writes in flight while a read ran, and the clocks of other bot instances, can put an
 * updatedAt a little before the moment a refresh starts: each refresh re-reads this much.
 */
const OVERLAP_MS = 10_000

/**
 * Everyone's confirmed contacts since a date, kept in memory and brought up to date before each
 * read from the contacts written since the last one (updatedAt, indexed). The status of every
 * leader of a large university then reads the few contacts changed since it last ran instead of
 * a year of them. Each bot instance keeps its own window; the database stays the only truth.
 */
export class ConfirmedContactWindow {
  private from: string | undefined
  private readonly byId = new Map<string, DutyContact>()
  private syncedAt = 0
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly model: Model<ContactDocument>,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Everyone's confirmed contacts dated from `from` to `to` (both included). */
  async between(from: string, to: string): Promise<DutyContact[]> {
    const run = this.queue.then(() => this.sync(from))
    this.queue = run.catch(() => undefined)
    await run
    const found: DutyContact[] = []
    for (const contact of this.byId.values()) if (contact.date >= from && contact.date <= to) found.push(contact)
    return found
  }

  private async sync(from: string): Promise<void> {
    const started = this.now() - OVERLAP_MS
    if (this.from === undefined || from < this.from) await this.load(from)
    else {
      for (const doc of await this.read({ updatedAt: { $gte: new Date(this.syncedAt) } })) {
        const id = doc._id.toString()
        if (doc.status === 'confirmed' && doc.date >= this.from) this.byId.set(id, dutyContact(doc))
        else this.byId.delete(id)
      }
      if (from > this.from) {
        for (const [id, contact] of this.byId) if (contact.date < from) this.byId.delete(id)
        this.from = from
      }
      // A write that bypassed the model (a script on the collection) sets no updatedAt: the count tells.
      const stored = await this.countSince(this.from)
      if (stored !== this.byId.size) {
        this.log.warn({ stored, kept: this.byId.size }, 'contacts changed without updatedAt: reading the window again')
        await this.load(this.from)
      }
    }
    this.syncedAt = started
  }

  private async load(from: string): Promise<void> {
    this.byId.clear()
    for (const doc of await this.read({ status: 'confirmed', date: { $gte: from } })) this.byId.set(doc._id.toString(), dutyContact(doc))
    this.from = from
  }

  private async countSince(from: string): Promise<number> {
    // The count command, not countDocuments' aggregation: the {status, date} index answers it alone.
    const reply = await this.model.db.db!.command({ count: this.model.collection.collectionName, query: { status: 'confirmed', date: { $gte: from } } })
    return reply.n as number
  }

  private read(filter: Record<string, unknown>): Promise<DutyContactDocument[]> {
    return this.model.find(filter, { ...DUTY_FIELDS, status: 1 }).lean<DutyContactDocument[]>().exec()
  }
}

export function dutyContact(doc: Omit<DutyContactDocument, '_id' | 'status'>): DutyContact {
  return {
    leaderId: doc.leaderId,
    kinds: doc.kinds,
    date: doc.date,
    time: doc.time ?? null,
    place: doc.place ?? null,
    targets: doc.targets,
    faceToFace: doc.faceToFace,
    summary: doc.summary ?? '',
    text: doc.text ?? '',
    ...(doc.classHours !== undefined ? { classHours: doc.classHours } : {}),
    ...(doc.days !== undefined ? { days: doc.days } : {}),
  }
}
