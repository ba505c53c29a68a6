import { selectDocuments, sortSpec } from '../engine/select.ts'
import { failedToParse } from '../errors.ts'
import { collectionName, type CommandHandler } from './context.ts'
import { project } from './cursors.ts'
import { documentOption } from './read.ts'
import { updateDocuments } from './write.ts'

/** findAndModify: one document updated, upserted or removed, returned before or after. */
export const findAndModify: CommandHandler = (command, { catalog, db }) => {
  const name = collectionName(command, 'findAndModify' in command ? 'findAndModify' : 'findandmodify')
  const query = documentOption(command, 'query')
  const fields = command.fields ? documentOption(command, 'fields') : undefined
  const remove = command.remove === true
  if (remove && (command.update !== undefined || command.new === true || command.upsert === true)) {
    throw failedToParse('Cannot specify both an update and remove=true')
  }
  if (!remove && command.update === undefined) throw failedToParse('Either an update or remove=true must be specified')
  if (remove) {
    const collection = catalog.get(db, name)
    const doc = collection ? selectDocuments(collection, query, { sort: sortSpec(command.sort), limit: 1 }).docs[0] : undefined
    if (!collection || !doc) return { lastErrorObject: { n: 0 }, value: null }
    collection.remove(doc)
    return { lastErrorObject: { n: 1 }, value: project(doc, fields) }
  }
  const collection = catalog.getOrCreate(db, name)
  const outcome = updateDocuments(collection, {
    q: query,
    u: command.update,
    upsert: command.upsert === true,
    arrayFilters: command.arrayFilters,
    sort: command.sort,
  })
  const lastErrorObject =
    outcome.upsertedId !== undefined
      ? { n: 1, updatedExisting: false, upserted: outcome.upsertedId }
      : { n: outcome.matched, updatedExisting: outcome.matched > 0 }
  const value = command.new === true ? outcome.after : outcome.before
  return { lastErrorObject, value: value ? project(value, fields) : null }
}
