import { execFileSync } from 'node:child_process'
import { chromium, type Browser } from 'playwright-core'

/**
 * Debian's Chromium driven by playwright-core: never a browser download. CI installs the
 * package (.ci/run); locally `apt-get install chromium`.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim()
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-gpu', '--no-first-run'],
  })
}
