/**
 * A server error as MongoDB reports it: the driver turns `code` and `codeName` into a
 * MongoServerError, so the numbers must be MongoDB's own (src/mongo/base/error_codes.yml).
 */
export class MongoError extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
    /** Extra fields MongoDB puts beside errmsg, e.g. keyPattern and keyValue for E11000. */
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(message)
    this.name = 'MongoError'
  }

  toReply(): Record<string, unknown> {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra }
  }
}

export const badValue = (message: string) => new MongoError(2, 'BadValue', message)
export const failedToParse = (message: string) => new MongoError(9, 'FailedToParse', message)
export const typeMismatch = (message: string) => new MongoError(14, 'TypeMismatch', message)
export const invalidLength = (message: string) => new MongoError(16, 'InvalidLength', message)
export const illegalOperation = (message: string) => new MongoError(20, 'IllegalOperation', message)
export const namespaceNotFound = (message: string) => new MongoError(26, 'NamespaceNotFound', message)
export const indexNotFound = (message: string) => new MongoError(27, 'IndexNotFound', message)
export const conflictingUpdateOperators = (message: string) => new MongoError(40, 'ConflictingUpdateOperators', message)
export const cursorNotFound = (message: string) => new MongoError(43, 'CursorNotFound', message)
export const namespaceExists = (message: string) => new MongoError(48, 'NamespaceExists', message)
export const commandNotFound = (name: string) =>
  new MongoError(59, 'CommandNotFound', `no such command: '${name}'`)
export const immutableField = (message: string) => new MongoError(66, 'ImmutableField', message)
export const invalidOptions = (message: string) => new MongoError(72, 'InvalidOptions', message)
export const invalidNamespace = (message: string) => new MongoError(73, 'InvalidNamespace', message)
export const indexOptionsConflict = (message: string) => new MongoError(85, 'IndexOptionsConflict', message)
export const indexKeySpecsConflict = (message: string) => new MongoError(86, 'IndexKeySpecsConflict', message)
export const cannotIndexParallelArrays = (message: string) => new MongoError(171, 'CannotIndexParallelArrays', message)
export const notSupported = (message: string) => new MongoError(115, 'CommandNotSupported', message)
export const bsonObjectTooLarge = (message: string) => new MongoError(10334, 'BSONObjectTooLarge', message)
export const internalError = (message: string) => new MongoError(1, 'InternalError', message)
