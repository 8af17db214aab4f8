// Preloaded by test/api/request-log-flush.e2e-spec.ts: on SIGUSR2 the process dies of an uncaught
// exception, as a bug would end it, with no shutdown of its own.
process.on('SIGUSR2', () => {
  setImmediate(() => {
    throw new Error('deliberate crash (test/support/crash-on-signal.mjs)');
  });
});
