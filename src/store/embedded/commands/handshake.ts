import type { Document } from 'bson'
import {
  LOGICAL_SESSION_TIMEOUT_MINUTES,
  MAX_BSON_OBJECT_SIZE,
  MAX_MESSAGE_SIZE_BYTES,
  MAX_WIRE_VERSION,
  MAX_WRITE_BATCH_SIZE,
  SERVER_VERSION,
} from '../limits.ts'

/**
 * hello / isMaster for a standalone server. No topologyVersion: drivers then poll instead of
 * holding an awaitable hello open, which a standalone embedded store has no use for.
 */
export function hello(command: Document, connectionId: number, legacy: boolean): Document {
  return {
    ...(command.helloOk === true ? { helloOk: true } : {}),
    ...(legacy ? { ismaster: true } : { isWritablePrimary: true }),
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE_BYTES,
    maxWriteBatchSize: MAX_WRITE_BATCH_SIZE,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: LOGICAL_SESSION_TIMEOUT_MINUTES,
    connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
  }
}

export function buildInfo(): Document {
  const versionArray = [...SERVER_VERSION.split('.').map(Number), 0]
  return {
    version: SERVER_VERSION,
    versionArray,
    gitVersion: 'liaison-embedded',
    modules: [],
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    storageEngines: ['liaison-journal'],
  }
}
