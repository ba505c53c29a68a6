import { mongo, Types, type Connection, type Model } from 'mongoose'
import { groupedWrites } from './grouped-writes.ts'
import { insertEach } from './insert-each.ts'
import { outboxMessageModel, type OutboxMessageDocument } from './models/outbox-message.ts'

export type { OutboxMessageDocument }

export interface NewOutboxMessage {
  readonly key: string
  readonly recipient: object
  readonly message: object
  readonly destinationKey: string
  readonly createdAt: Date
  /** Set for a passive reply: nobody else may send it until then. */
  readonly heldUntil?: Date
}

const INDEX_NOT_FOUND = 27

/** Tries kept per message: more than any retry policy makes within the longest rate-limit window. */
const MAX_KEPT_ATTEMPTS = 50

/** A message in one of these states is still to be sent, and the later ones to its destination wait for it. */
const UNSENT = ['pending', 'sending', 'held']

/**
 * The outbox_messages collection. Every state change after the claim names the claiming worker,
 * so a worker whose lease ran out (and whose message another worker took over) changes nothing.
 */
export class OutboxMessages {
  private readonly inserts = groupedWrites<OutboxMessageDocument, 'inserted' | 'duplicate'>((batch) => insertEach(this.model.collection, batch))

  private constructor(private readonly model: Model<OutboxMessageDocument>) {}

  static async open(connection: Connection): Promise<OutboxMessages> {
    const model = outboxMessageModel(connection)
    await model.createIndexes()
    // The rate limits once counted one try per message through this index; nothing reads it now.
    await model.collection.dropIndex('destinationKey_1_lastAttemptAt_1').catch((error: unknown) => {
      if ((error as { code?: number }).code !== INDEX_NOT_FOUND) throw error
    })
    return new OutboxMessages(model)
  }

  /**
   * Stores the message unless its key is already there; either way returns the stored record.
   * Messages stored while the previous insert is on its way go together as the next one.
   */
  async insert(record: NewOutboxMessage): Promise<{ record: OutboxMessageDocument; inserted: boolean }> {
    const document = newDocument(record)
    if ((await this.inserts.load(document)) === 'inserted') return { record: document, inserted: true }
    const existing = await this.findByKey(record.key)
    if (!existing) throw new Error(`outbox: the key ${record.key} was refused as a duplicate but is not stored`)
    return { record: existing, inserted: false }
  }

  /** Stores many in one write, skipping keys already there; whether each one was new, in order. */
  async insertMany(records: readonly NewOutboxMessage[]): Promise<boolean[]> {
    if (records.length === 0) return []
    const outcomes = await insertEach(this.model.collection, records.map(newDocument))
    const failed = outcomes.find((o) => o instanceof Error)
    if (failed) throw failed
    return outcomes.map((o) => o === 'inserted')
  }

  async findByKey(key: string): Promise<OutboxMessageDocument | null> {
    return this.model.collection.findOne({ key }) as Promise<OutboxMessageDocument | null>
  }

  /**
   * Atomically takes the next due message for this worker: one whose lease ran out (its worker
   * stopped mid-way, or a passive reply nobody confirmed), else the first pending one that is due.
   * A destination's messages go in the order written: one waits while an earlier one to the same
   * destination is unsent (backing off after a failure, or in another worker's hands), and
   * destinations this worker is busy with are skipped. Each query is answered from an index.
   */
  async claim(now: Date, leaseMs: number, owner: string, busyDestinations: readonly string[]): Promise<OutboxMessageDocument | null> {
    const update = { $set: { status: 'sending', leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs) } }
    for (const due of [
      { status: { $in: ['sending', 'held'] }, leaseUntil: { $lte: now } },
      { status: 'pending', nextAttemptAt: { $lte: now } },
    ]) {
      const skipped = new Set(busyDestinations)
      for (;;) {
        const notSkipped = skipped.size > 0 ? { destinationKey: { $nin: [...skipped] } } : {}
        const candidate = (await this.model.collection.findOne(
          { ...due, ...notSkipped },
          { sort: { nextAttemptAt: 1, _id: 1 }, projection: { destinationKey: 1 } },
        )) as Pick<OutboxMessageDocument, '_id' | 'destinationKey'> | null
        if (!candidate) break
        // Only the destination's earliest unsent message may go, and only if it is due itself.
        const first = (await this.model.collection.findOne(
          { destinationKey: candidate.destinationKey, status: { $in: UNSENT } },
          { sort: { _id: 1 }, projection: { _id: 1 } },
        )) as Pick<OutboxMessageDocument, '_id'> | null
        const claimed = await this.model.collection.findOneAndUpdate({ _id: (first ?? candidate)._id, ...due }, update, { returnDocument: 'after' })
        if (claimed) return claimed as OutboxMessageDocument
        // Not due yet, or taken by another worker in between: the destination waits.
        skipped.add(candidate.destinationKey)
      }
    }
    return null
  }

  /** Records that a try begins (counted by the rate limits); false when the lease was lost. */
  async beginAttempt(id: Types.ObjectId, owner: string, now: Date): Promise<boolean> {
    const collection = this.model.collection as unknown as mongo.Collection<Pick<OutboxMessageDocument, '_id' | 'status' | 'leaseOwner' | 'attemptTimes' | 'attempts'>>
    const result = await collection.updateOne(
      { _id: id, status: 'sending', leaseOwner: owner },
      { $push: { attemptTimes: { $each: [now], $slice: -MAX_KEPT_ATTEMPTS } }, $inc: { attempts: 1 } },
    )
    return result.matchedCount === 1
  }

  async markSent(id: Types.ObjectId, owner: string, now: Date): Promise<void> {
    await this.model.collection.updateOne(
      { _id: id, status: 'sending', leaseOwner: owner },
      { $set: { status: 'sent', sentAt: now, via: 'send' }, $unset: { leaseUntil: '', leaseOwner: '', lastError: '' } },
    )
  }

  /**
   * Back to pending until `at`: after a failed try, or before any try when a rate limit is full.
   * The later messages to its destination wait for it anyway, so they are put off as long: the
   * claim then finds due messages, not ones it would have to skip.
   */
  async reschedule(record: Pick<OutboxMessageDocument, '_id' | 'destinationKey'>, owner: string, at: Date, error?: string): Promise<void> {
    const result = await this.model.collection.updateOne(
      { _id: record._id, status: 'sending', leaseOwner: owner },
      { $set: { status: 'pending', nextAttemptAt: at, ...(error ? { lastError: error } : {}) }, $unset: { leaseUntil: '', leaseOwner: '' } },
    )
    if (result.matchedCount === 0) return
    await this.model.collection.updateMany(
      { destinationKey: record.destinationKey, status: 'pending', _id: { $gt: record._id }, nextAttemptAt: { $lt: at } },
      { $set: { nextAttemptAt: at } },
    )
  }

  async markDead(id: Types.ObjectId, owner: string, error: string): Promise<boolean> {
    const result = await this.model.collection.updateOne(
      { _id: id, status: 'sending', leaseOwner: owner },
      { $set: { status: 'dead', lastError: error }, $unset: { leaseUntil: '', leaseOwner: '' } },
    )
    return result.matchedCount === 1
  }

  /** A held message whose passive reply is being returned: sent, unless a worker already took it. */
  async confirmHeld(id: string, now: Date): Promise<boolean> {
    const result = await this.model.collection.updateOne(
      { _id: new Types.ObjectId(id), status: 'held' },
      { $set: { status: 'sent', sentAt: now, via: 'passive' }, $unset: { leaseUntil: '' } },
    )
    return result.matchedCount === 1
  }

  /** A held message nobody will confirm: its hold ends now, so a worker may take it. */
  async releaseHeld(id: string, now: Date): Promise<boolean> {
    const result = await this.model.collection.updateOne({ _id: new Types.ObjectId(id), status: 'held' }, { $set: { leaseUntil: now } })
    return result.modifiedCount === 1
  }

  /**
   * For each of `sinces`, the tries to one destination that began at or after it (a message's
   * retries each counted) and the earliest of them: every rate-limit window in one query.
   */
  async attemptsSince(destinationKey: string, sinces: readonly Date[]): Promise<Array<{ count: number; earliest: Date | undefined }>> {
    if (sinces.length === 0) return []
    const oldest = new Date(Math.min(...sinces.map((d) => d.getTime())))
    const after = (since: Date) => ({ $gte: ['$attemptTimes', since] })
    const fields = Object.fromEntries(
      sinces.flatMap((since, i) => [
        [`count${i}`, { $sum: { $cond: [after(since), 1, 0] } }],
        [`earliest${i}`, { $min: { $cond: [after(since), '$attemptTimes', null] } }],
      ]),
    )
    const [tries] = (await this.model.collection
      .aggregate([
        { $match: { destinationKey, attemptTimes: { $gte: oldest } } },
        { $unwind: '$attemptTimes' },
        { $match: { attemptTimes: { $gte: oldest } } },
        { $group: { _id: null, ...fields } },
      ])
      .toArray()) as Array<Record<string, number | Date | null>>
    return sinces.map((_, i) => {
      const earliest = tries?.[`earliest${i}`]
      return { count: Number(tries?.[`count${i}`] ?? 0), earliest: earliest instanceof Date ? earliest : undefined }
    })
  }

  async countByStatus(status: OutboxMessageDocument['status']): Promise<number> {
    return this.model.collection.countDocuments({ status })
  }
}

function newDocument(record: NewOutboxMessage): OutboxMessageDocument {
  const { heldUntil, ...fields } = record
  return {
    _id: new Types.ObjectId(),
    ...fields,
    status: heldUntil ? 'held' : 'pending',
    attempts: 0,
    nextAttemptAt: record.createdAt,
    ...(heldUntil ? { leaseUntil: heldUntil } : {}),
  } as OutboxMessageDocument
}
