import { ValidationPipe } from '@nestjs/common';

/**
 * The global ValidationPipe: unknown body and query keys are refused (400) rather than dropped,
 * and values are converted to the DTOs' types.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
  });
}
