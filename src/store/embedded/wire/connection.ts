import type { Socket } from 'node:net'
import type { Document } from 'bson'
import type { Logger } from '../../../log.ts'
import { MongoError } from '../errors.ts'
import { MAX_MESSAGE_SIZE_BYTES } from '../limits.ts'
import { encodeOpMsg, encodeOpReply, OP_QUERY, parseRequest, readHeader } from './messages.ts'

/** Runs one parsed command and resolves with its reply body once it may be acknowledged. */
export type CommandRunner = (command: Document, connectionId: number) => Promise<Document>

/**
 * One client socket: splits the byte stream into messages, runs them one at a time in
 * arrival order (as mongod does per connection) and writes each reply in the request's format.
 */
export function serveConnection(socket: Socket, connectionId: number, run: CommandRunner, log: Logger): void {
  let buffered: Buffer = Buffer.alloc(0)
  let queue = Promise.resolve()
  socket.setNoDelay(true)
  socket.on('data', (chunk: Buffer) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk])
    while (buffered.length >= 4) {
      const length = buffered.readInt32LE(0)
      if (length < 16 || length > MAX_MESSAGE_SIZE_BYTES) {
        log.warn({ connectionId, length }, 'embedded store: closing connection after a message of invalid size')
        socket.destroy()
        return
      }
      if (buffered.length < length) break
      const message = buffered.subarray(0, length)
      buffered = buffered.subarray(length)
      queue = queue.then(() => handle(message))
    }
  })
  socket.on('error', (error) => log.debug({ connectionId, err: error }, 'embedded store: socket error'))

  async function handle(message: Buffer): Promise<void> {
    const header = readHeader(message)
    let reply: Document
    let moreToCome = false
    let legacy = header.opCode === OP_QUERY
    try {
      const request = parseRequest(message)
      moreToCome = request.moreToCome
      legacy = request.opCode === OP_QUERY
      reply = await run(request.command, connectionId)
    } catch (error) {
      if (error instanceof MongoError) reply = error.toReply()
      else {
        log.error({ connectionId, err: error }, 'embedded store: command failed unexpectedly')
        reply = { ok: 0, errmsg: 'internal error in the embedded store', code: 1, codeName: 'InternalError' }
      }
    }
    if (moreToCome || socket.destroyed) return
    const encode = legacy ? encodeOpReply : encodeOpMsg
    let bytes: Buffer
    try {
      bytes = encode(header.requestId, reply)
    } catch (error) {
      log.error({ connectionId, err: error }, 'embedded store: reply could not be encoded')
      bytes = encode(header.requestId, { ok: 0, errmsg: `reply could not be encoded: ${(error as Error).message}`, code: 1, codeName: 'InternalError' })
    }
    socket.write(bytes)
  }
}
