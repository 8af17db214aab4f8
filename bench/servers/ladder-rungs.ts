/** The middle rungs of the cost ladder, bottom up; each has every feature of the ones before it. */
export const LADDER_RUNGS = [
  { rung: 'orm', adds: 'MikroORM: request context, pool and session limits, the prepared read, the response DTO' },
  {
    rung: 'validation',
    adds: 'the real CookingModule (IdParam pipe, DTOs), the global ValidationPipe, the exception filter',
  },
  { rung: 'request-log', adds: 'nestjs-pino at info and the per-request line (http/request-log.ts)' },
  { rung: 'deadline', adds: 'the request deadline (http/request-deadline.ts)' },
  { rung: 'headers', adds: "the project's Fastify adapter: security headers, request id, strict JSON, forbidden keys" },
  { rung: 'rate-limit', adds: '@fastify/rate-limit in memory, a limit never reached' },
] as const;

export type LadderRung = (typeof LADDER_RUNGS)[number]['rung'];
