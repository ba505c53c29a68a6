import type { Document } from 'bson'
import { MingoError } from 'mingo/util'
import { badValue, commandNotFound, illegalOperation, MongoError } from '../errors.ts'
import { aggregate } from './aggregate.ts'
import type { CommandContext, CommandHandler } from './context.ts'
import { create, createIndexes, drop, dropDatabase, dropIndexes, listCollections, listDatabases, listIndexes } from './ddl.ts'
import { findAndModify } from './find-and-modify.ts'
import { buildInfo, hello } from './handshake.ts'
import { count, distinct, find, getMore, killCursors } from './read.ts'
import { insert, remove, update } from './write.ts'

const handlers: Record<string, CommandHandler> = {
  ping: () => ({}),
  buildInfo: () => buildInfo(),
  buildinfo: () => buildInfo(),
  endSessions: () => ({}),
  insert,
  update,
  delete: remove,
  find,
  getMore,
  killCursors,
  findAndModify,
  findandmodify: findAndModify,
  aggregate,
  count,
  distinct,
  create,
  drop,
  dropDatabase,
  listCollections,
  listDatabases,
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
}

/** Commands that change data: the reply waits until their journal records are durable. */
export const WRITE_COMMANDS = new Set([
  'insert', 'update', 'delete', 'findAndModify', 'findandmodify', 'create', 'drop', 'dropDatabase', 'createIndexes',
  'dropIndexes', 'deleteIndexes',
])

/**
 * Runs one command and returns MongoDB's reply body (ok: 1, or ok: 0 with code and errmsg).
 * The first field names the command, as in every MongoDB command document.
 */
export function dispatch(command: Document, context: Omit<CommandContext, 'db'>, connectionId: number): Document {
  const name = Object.keys(command)[0] ?? ''
  try {
    if (name === 'hello' || name === 'isMaster' || name === 'ismaster') {
      return { ...hello(command, connectionId, name !== 'hello'), ok: 1 }
    }
    // A standalone mongod refuses transactions with exactly this error.
    if (command.txnNumber !== undefined || command.startTransaction !== undefined || command.autocommit !== undefined) {
      throw illegalOperation('Transaction numbers are only allowed on a replica set member or mongos')
    }
    const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined
    if (!handler) throw commandNotFound(name)
    const db = typeof command.$db === 'string' ? command.$db : 'admin'
    return { ...handler(command, { ...context, db }), ok: 1 }
  } catch (error) {
    if (error instanceof MongoError) return error.toReply()
    // mingo rejects malformed queries, projections and pipelines; MongoDB calls those bad values.
    if (error instanceof MingoError) return badValue(error.message).toReply()
    throw error
  }
}
