import type { Connection, Model } from 'mongoose'
import type { Logger } from '../log.ts'
import type { Contact, ContactFields, ContactStatus } from '../domain/contacts/contact.ts'
import { ConfirmedContactWindow, DUTY_FIELDS, dutyContact, type DutyContact } from './confirmed-contact-window.ts'
import { isDuplicateKey } from './is-duplicate-key.ts'
import { contactModel, type ContactDocument } from './models/contact.ts'

export interface NewContact extends ContactFields {
  readonly date: string
  readonly leaderId: string
  readonly enteredById: string
  readonly status: ContactStatus
  readonly text: string
  readonly sourceKey: string
  readonly createdAt: Date
}

/** The contacts collection: every recorded contact with its audit trail. */
export class Contacts {
  private readonly window: ConfirmedContactWindow

  private constructor(
    private readonly model: Model<ContactDocument>,
    log: Logger,
  ) {
    this.window = new ConfirmedContactWindow(model, log)
  }

  static async open(connection: Connection, log: Logger): Promise<Contacts> {
    const model = contactModel(connection)
    await model.createIndexes()
    return new Contacts(model, log)
  }

  /** Saves a contact once per source message; a re-run returns the one saved before. */
  async insert(contact: NewContact): Promise<Contact> {
    const doc = { ...contact, kinds: [...contact.kinds], targets: [...contact.targets], opinions: [...contact.opinions], opinionIds: [], history: [{ at: contact.createdAt, by: contact.enteredById, action: 'created' }] }
    try {
      const created = await this.model.create(doc)
      return toContact(created.toObject())
    } catch (error) {
      if (!isDuplicateKey(error)) throw error
      return toContact((await this.model.findOne({ sourceKey: contact.sourceKey }).lean())!)
    }
  }

  async findById(id: string): Promise<Contact | undefined> {
    if (!/^[0-9a-f]{24}$/.test(id)) return undefined
    const doc = await this.model.findById(id).lean()
    return doc ? toContact(doc) : undefined
  }

  async linkOpinions(id: string, opinionIds: readonly string[]): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { opinionIds: [...opinionIds] } })
  }

  /** Changes the status, recording who did it; undefined when the contact was not in `from`. */
  async changeStatus(id: string, from: readonly ContactStatus[], to: ContactStatus, by: string, at: Date): Promise<Contact | undefined> {
    const doc = await this.model
      .findOneAndUpdate({ _id: id, status: { $in: from } }, { $set: { status: to }, $push: { history: { at, by, action: to } } }, { returnDocument: 'after' })
      .lean()
    return doc ? toContact(doc) : undefined
  }

  /** What secretaries entered for the leader and the leader has not yet confirmed, oldest first. */
  async awaitingLeader(leaderId: string): Promise<Contact[]> {
    const docs = await this.model.find({ leaderId, status: 'awaiting_leader' }).sort({ createdAt: 1 }).lean()
    return docs.map(toContact)
  }

  /** A leader's confirmed contacts with dates in [from, to). */
  async forLeader(leaderId: string, from: string, to: string): Promise<Contact[]> {
    const docs = await this.model.find({ leaderId, status: 'confirmed', date: { $gte: from, $lt: to } }).sort({ date: 1 }).lean()
    return docs.map(toContact)
  }

  /** Confirmed contacts per kind for a leader in [from, to): a contact of two kinds counts for both. */
  async countByKind(leaderId: string, from: string, to: string): Promise<Map<string, number>> {
    const rows = await this.model.aggregate<{ _id: string; n: number }>([
      { $match: { leaderId, status: 'confirmed', date: { $gte: from, $lt: to } } },
      { $unwind: '$kinds' },
      { $group: { _id: '$kinds', n: { $sum: 1 } } },
    ])
    return new Map(rows.map((r) => [r._id, r.n]))
  }

  /**
   * Confirmed contacts dated from `from` to `to` (both included), of these leaders (one indexed
   * query) or of everyone (from the window this instance keeps current): what duties count.
   */
  async confirmedBetween(from: string, to: string, leaderIds?: readonly string[]): Promise<DutyContact[]> {
    if (!leaderIds) return this.window.between(from, to)
    const filter = { status: 'confirmed' as const, date: { $gte: from, $lte: to }, leaderId: { $in: [...leaderIds] } }
    return (await this.model.find(filter, DUTY_FIELDS).lean<ContactDocument[]>()).map(dutyContact)
  }

  async countForLeader(leaderId: string, from: string, to: string): Promise<number> {
    return this.model.countDocuments({ leaderId, status: 'confirmed', date: { $gte: from, $lt: to } })
  }
}

function toContact(doc: ContactDocument): Contact {
  return {
    id: doc._id.toString(),
    ...dutyContact(doc),
    enteredById: doc.enteredById,
    status: doc.status,
    opinions: doc.opinions ?? [],
    opinionIds: doc.opinionIds ?? [],
    createdAt: doc.createdAt,
  }
}
