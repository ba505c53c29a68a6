import { Schema, type Connection, type Model } from 'mongoose'

export interface CounterDocument {
  _id: string
  seq: number
}

const schema = new Schema<CounterDocument>({ _id: String, seq: { type: Number, default: 0 } }, { collection: 'counters', versionKey: false })

export function counterModel(connection: Connection): Model<CounterDocument> {
  return (connection.models.Counter as Model<CounterDocument> | undefined) ?? connection.model<CounterDocument>('Counter', schema)
}
