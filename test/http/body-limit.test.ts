import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { request } from 'node:http'
import { startTestApp, type TestApp } from '../support/test-app.ts'

/** POSTs a body in chunks without Content-Length (Transfer-Encoding: chunked). */
function postChunked(url: string, chunks: number, chunkBytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', reject)
    for (let i = 0; i < chunks; i++) req.write(Buffer.alloc(chunkBytes, 0x61))
    req.end()
  })
}

describe('body limit', () => {
  let app: TestApp
  beforeAll(async () => {
    app = await startTestApp()
  })
  afterAll(() => app.close())

  it('refuses a declared length over 1 MB before reading it: 413', async () => {
    const response = await fetch(`${app.url}/local/messages`, { method: 'POST', body: Buffer.alloc(1024 * 1024 + 1, 0x61) })
    expect(response.status).toBe(413)
    expect(await response.json()).toEqual({ error: 'PAYLOAD_TOO_LARGE' })
  })

  it('refuses a chunked body once it grows over 1 MB: 413', async () => {
    expect(await postChunked(`${app.url}/local/messages`, 17, 64 * 1024)).toBe(413)
  })

  it('lets a body just under the limit through to the route', async () => {
    expect(await postChunked(`${app.url}/local/messages`, 15, 64 * 1024)).toBe(400)
  })
})
