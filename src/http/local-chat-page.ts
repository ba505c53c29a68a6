import { readFileSync } from 'node:fs'
import type Router from '@koa/router'

const FILES = [
  { path: '/', file: 'index.html', type: 'text/html; charset=utf-8' },
  { path: '/local/chat.css', file: 'chat.css', type: 'text/css; charset=utf-8' },
  { path: '/local/chat.js', file: 'chat.js', type: 'text/javascript; charset=utf-8' },
] as const

/** GET / and its two assets: the local chat page, plain files read once at start. */
export function mountLocalChatPage(router: Router): void {
  for (const { path, file, type } of FILES) {
    const body = readFileSync(new URL(`./local-chat/${file}`, import.meta.url))
    router.get(path, (ctx) => {
      ctx.type = type
      ctx.set('Cache-Control', 'no-cache')
      ctx.body = body
    })
  }
}
