import { defineConfig } from 'vitest/config'

// CI asks for a JSON report beside the usual output so that it can print "N passed, N failed".
const report = process.env.LIAISON_TEST_REPORT

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: report ? ['default', 'json'] : ['default'],
    outputFile: report ? { json: report } : undefined,
  },
})
