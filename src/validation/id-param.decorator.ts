import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** Largest value of a signed INT column, the type of every id in the schema. */
export const MAX_ID = 2_147_483_647;

/** The id `text` writes plainly (a positive whole number, no sign, no leading zero, fitting an INT), if any. */
export function idOf(text: string): number | undefined {
  return /^[1-9]\d{0,9}$/.test(text) && Number(text) <= MAX_ID ? Number(text) : undefined;
}

/** Accepts only a positive whole number that fits an INT id, written plainly (no sign, no leading zero). */
export function parseId(value: unknown, name = 'id'): number {
  const text = String(value);
  const id = idOf(text);
  if (id === undefined) {
    throw new BadRequestException(`${name} must be a positive integer up to ${MAX_ID} (got "${text.slice(0, 40)}")`);
  }
  return id;
}

/**
 * The `:id` route parameter as a number. A decorator rather than a pipe: global pipes run
 * before parameter pipes and would already have turned "1e3" or "0x1" into numbers.
 */
export const IdParam = createParamDecorator((name: string | undefined, context: ExecutionContext): number => {
  const request = context.switchToHttp().getRequest<FastifyRequest<{ Params: Record<string, string> }>>();
  return parseId(request.params[name ?? 'id'], name ?? 'id');
});
