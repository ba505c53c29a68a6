import type { Connection, Model } from 'mongoose'
import { isDuplicateKey } from './is-duplicate-key.ts'
import { inboundMessageModel, type InboundMessageDocument } from './models/inbound-message.ts'

export type { InboundMessageDocument }

export interface NewInboundMessage {
  readonly key: string
  readonly conversationKey: string
  readonly message: object
  readonly sentAt: Date
  readonly acceptedAt: Date
}

/** Claimable: waiting, or taken by a process whose lease ran out (it stopped or crashed mid-way). */
function claimable(now: Date) {
  return { $or: [{ status: 'pending' }, { status: 'processing', leaseUntil: { $lte: now } }] }
}

/** The inbound_messages collection: the inbox's record of every accepted message. */
export class InboundMessages {
  private constructor(private readonly model: Model<InboundMessageDocument>) {}

  /** Compiles the model and builds its indexes: dedupe depends on the unique index existing before the first insert. */
  static async open(connection: Connection): Promise<InboundMessages> {
    const model = inboundMessageModel(connection)
    await model.createIndexes()
    return new InboundMessages(model)
  }

  /** Stores a new message; 'duplicate' when its key is already there (a re-delivery). */
  async insert(record: NewInboundMessage): Promise<'inserted' | 'duplicate'> {
    try {
      await this.model.collection.insertOne({ ...record, status: 'pending', attempts: 0 })
      return 'inserted'
    } catch (error) {
      if (isDuplicateKey(error)) return 'duplicate'
      throw error
    }
  }

  /**
   * Takes the conversation's next message for leaseMs: one whose handler's lease ran out (it was
   * taken first), else the oldest pending one by time sent, then accepted.
   */
  async claimNext(conversationKey: string, now: Date, leaseMs: number): Promise<InboundMessageDocument | null> {
    const update = { $set: { status: 'processing', leaseUntil: new Date(now.getTime() + leaseMs) }, $inc: { attempts: 1 } }
    const options = { sort: { sentAt: 1, acceptedAt: 1, _id: 1 }, returnDocument: 'after' } as const
    for (const query of [{ conversationKey, status: 'processing', leaseUntil: { $lte: now } }, { conversationKey, status: 'pending' }]) {
      const claimed = await this.model.collection.findOneAndUpdate(query, update, options)
      if (claimed) return claimed as InboundMessageDocument
    }
    return null
  }

  async finish(key: string, outcome: 'done' | 'failed', now: Date, error?: string): Promise<void> {
    await this.model.collection.updateOne(
      { key },
      { $set: { status: outcome, handledAt: now, ...(error ? { error } : {}) }, $unset: { leaseUntil: '' } },
    )
  }

  /** Conversations with messages still to handle: after a restart, and on each sweep. */
  async conversationsWithWork(now: Date): Promise<string[]> {
    return (await this.model.collection.distinct('conversationKey', claimable(now))) as string[]
  }

  async findByKey(key: string): Promise<InboundMessageDocument | null> {
    return this.model.collection.findOne({ key }) as Promise<InboundMessageDocument | null>
  }

  async countByStatus(status: InboundMessageDocument['status']): Promise<number> {
    return this.model.collection.countDocuments({ status })
  }
}
