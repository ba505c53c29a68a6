import { mongo } from 'mongoose'

export type InsertOutcome = 'inserted' | 'duplicate' | Error

/**
 * Inserts documents in one unordered command and tells each one's fate: a duplicate key fails
 * only its own document. A batch refused as a whole (a document too large to encode, say) is
 * tried again document by document, so that only the offending one fails (after an error that
 * left the batch stored, those come back as duplicates).
 */
export async function insertEach(collection: mongo.Collection, documents: readonly mongo.OptionalId<mongo.Document>[]): Promise<InsertOutcome[]> {
  const outcomes: InsertOutcome[] = documents.map(() => 'inserted')
  try {
    await collection.insertMany([...documents], { ordered: false })
  } catch (error) {
    const writeErrors = error instanceof mongo.MongoBulkWriteError ? [error.writeErrors].flat() : undefined
    if (!writeErrors) return documents.length === 1 ? [error as Error] : Promise.all(documents.map(async (document) => (await insertEach(collection, [document]))[0]!))
    for (const e of writeErrors) outcomes[e.index] = e.code === 11000 ? 'duplicate' : new Error(e.errmsg ?? `insert failed with code ${e.code}`)
  }
  return outcomes
}
