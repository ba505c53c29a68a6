export interface FetchedToken {
  readonly token: string
  readonly expiresInSeconds: number
}

export interface TokenCacheOptions {
  /** Refresh this long before the platform's expiry, so a send never carries a token about to lapse. */
  readonly refreshMarginMs?: number
  readonly now?: () => number
}

/**
 * One access token per app secret, fetched once and shared: concurrent callers wait for the
 * same request, because the platforms rate-block apps that ask for tokens too often (§2.1).
 */
export class TokenCache {
  private current: { token: string; refreshAt: number } | undefined
  private pending: Promise<string> | undefined
  private readonly refreshMarginMs: number
  private readonly now: () => number

  constructor(
    private readonly fetchToken: () => Promise<FetchedToken>,
    options: TokenCacheOptions = {},
  ) {
    this.refreshMarginMs = options.refreshMarginMs ?? 5 * 60_000
    this.now = options.now ?? Date.now
  }

  async get(): Promise<string> {
    if (this.current && this.now() < this.current.refreshAt) return this.current.token
    this.pending ??= this.fetchToken()
      .then(({ token, expiresInSeconds }) => {
        this.current = { token, refreshAt: this.now() + Math.max(0, expiresInSeconds * 1000 - this.refreshMarginMs) }
        return token
      })
      .finally(() => {
        this.pending = undefined
      })
    return this.pending
  }

  /** The platform refused this token (revoked early, expired): forget it unless a newer one already replaced it. */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = undefined
  }
}
