import type { Connection, Model } from 'mongoose'
import { groupedWrites } from './grouped-writes.ts'
import { insertEach } from './insert-each.ts'
import { inboundMessageModel, type InboundMessageDocument } from './models/inbound-message.ts'

export type { InboundMessageDocument }

export interface NewInboundMessage {
  readonly key: string
  readonly conversationKey: string
  readonly message: object
  readonly sentAt: Date
  readonly acceptedAt: Date
}

type NewInboundDocument = Omit<InboundMessageDocument, '_id'>

interface Finish {
  readonly key: string
  readonly outcome: 'done' | 'failed'
  readonly now: Date
  readonly error: string | undefined
}

/** The inbound_messages collection: the inbox's record of every accepted message. */
export class InboundMessages {
  private readonly inserts = groupedWrites<NewInboundDocument, 'inserted' | 'duplicate'>((batch) => insertEach(this.model.collection, batch))
  private readonly finishes = groupedWrites<Finish, void>((batch) => this.finishBatch(batch))

  private constructor(private readonly model: Model<InboundMessageDocument>) {}

  /** Compiles the model and builds its indexes: dedupe depends on the unique index existing before the first insert. */
  static async open(connection: Connection): Promise<InboundMessages> {
    const model = inboundMessageModel(connection)
    await model.createIndexes()
    return new InboundMessages(model)
  }

  /**
   * Stores a new message, pending, or already claimed until `leaseUntil` when the caller handles
   * it at once (saving the claim's round trip); 'duplicate' when its key is already there (a re-delivery).
   */
  insert(record: NewInboundMessage, claim?: { leaseUntil: Date }): Promise<'inserted' | 'duplicate'> {
    const base = { ...record, message: record.message as Record<string, unknown> }
    const document: NewInboundDocument = claim
      ? { ...base, status: 'processing', leaseUntil: claim.leaseUntil, attempts: 1 }
      : { ...base, status: 'pending', attempts: 0 }
    return this.inserts.load(document)
  }

  /** Takes the conversation's oldest pending message (by time sent, then accepted) for leaseMs. */
  async claimNext(conversationKey: string, now: Date, leaseMs: number): Promise<InboundMessageDocument | null> {
    return this.model.collection.findOneAndUpdate(
      { conversationKey, status: 'pending' },
      { $set: { status: 'processing', leaseUntil: new Date(now.getTime() + leaseMs) }, $inc: { attempts: 1 } },
      { sort: { sentAt: 1, acceptedAt: 1, _id: 1 }, returnDocument: 'after' },
    ) as Promise<InboundMessageDocument | null>
  }

  /**
   * Hands messages whose handler's lease ran out (its process stopped mid-way) back to pending,
   * where they keep their place in their conversation's order.
   */
  async releaseExpired(now: Date): Promise<number> {
    const result = await this.model.collection.updateMany({ status: 'processing', leaseUntil: { $lte: now } }, { $set: { status: 'pending' }, $unset: { leaseUntil: '' } })
    return result.modifiedCount
  }

  finish(key: string, outcome: 'done' | 'failed', now: Date, error?: string): Promise<void> {
    return this.finishes.load({ key, outcome, now, error })
  }

  /** Conversations with messages waiting: after a restart, and on each sweep. */
  async conversationsWithWork(): Promise<string[]> {
    return (await this.model.collection.distinct('conversationKey', { status: 'pending' })) as string[]
  }

  async findByKey(key: string): Promise<InboundMessageDocument | null> {
    return this.model.collection.findOne({ key }) as Promise<InboundMessageDocument | null>
  }

  async countByStatus(status: InboundMessageDocument['status']): Promise<number> {
    return this.model.collection.countDocuments({ status })
  }

  /**
   * Messages handled without error are marked in one update (stamped with the batch's latest
   * time); failures, rare and each with its own error, one by one.
   */
  private async finishBatch(batch: readonly Finish[]): Promise<Array<void | Error>> {
    const done = batch.filter((f) => f.outcome === 'done')
    const handledAt = new Date(Math.max(...done.map((f) => f.now.getTime())))
    const markDone = done.length > 0 ? this.model.collection.updateMany({ key: { $in: done.map((f) => f.key) } }, { $set: { status: 'done', handledAt }, $unset: { leaseUntil: '' } }) : undefined
    const written = await Promise.allSettled(
      batch.map(({ key, outcome, now, error }) =>
        outcome === 'done' ? markDone : this.model.collection.updateOne({ key }, { $set: { status: 'failed', handledAt: now, ...(error ? { error } : {}) }, $unset: { leaseUntil: '' } }),
      ),
    )
    return written.map((w) => (w.status === 'rejected' ? (w.reason as Error) : undefined))
  }
}
