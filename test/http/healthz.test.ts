import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../support/test-app.ts'

describe('GET /healthz', () => {
  let app: TestApp
  beforeAll(async () => {
    app = await startTestApp()
  })
  afterAll(() => app.close())

  it('reports the version, uptime and a healthy store', async () => {
    const response = await fetch(`${app.url}/healthz`)
    expect(response.status).toBe(200)
    const body = (await response.json()) as { uptimeSeconds: number }
    expect(body).toMatchObject({ status: 'ok', version: '0.1.0', store: { ok: true, kind: 'embedded' } })
    expect(body.uptimeSeconds).toBeGreaterThanOrEqual(0)
  })

  it('lists the channels that are on', async () => {
    const body = (await (await fetch(`${app.url}/healthz`)).json()) as { channels: unknown; outbox: unknown }
    expect(body.channels).toEqual({ ok: true, on: ['local'], adminRobots: [] })
    expect(body.outbox).toEqual({ ok: true, pending: 0, dead: 0 })
  })

  it('answers 503 once the store is down', async () => {
    await app.store.embedded!.close()
    const response = await fetch(`${app.url}/healthz`)
    expect(response.status).toBe(503)
    expect(((await response.json()) as { store: { ok: boolean } }).store.ok).toBe(false)
  })

  it('answers 404 for an unknown path, however large the body, and 405 for a known path with another method', async () => {
    expect((await fetch(`${app.url}/nowhere`)).status).toBe(404)
    expect((await fetch(`${app.url}/nowhere`, { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024) })).status).toBe(404)
    expect((await fetch(`${app.url}/healthz`, { method: 'DELETE' })).status).toBe(405)
  })
})
