/** The sizes a standalone MongoDB 7 announces in `hello`; the embedded store enforces them too. */
export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024
export const MAX_MESSAGE_SIZE_BYTES = 48_000_000
export const MAX_WRITE_BATCH_SIZE = 100_000
/** A find's first batch stops here even below batchSize, as mongod's does. */
export const DEFAULT_BATCH_SIZE = 101
export const MAX_WIRE_VERSION = 21
export const SERVER_VERSION = '7.0.0'
export const LOGICAL_SESSION_TIMEOUT_MINUTES = 30
