/**
 * A reader that stops early (`npm run roster -- list | head`) closes stdout: the tool then
 * stops quietly, as Unix tools do, instead of with an EPIPE stack trace. Imported for its effect.
 */
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})
