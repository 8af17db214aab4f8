import { ValidationPipe } from '@nestjs/common';

/**
 * The global ValidationPipe: unknown body and query keys are refused (400) rather than dropped,
 * and values are converted to the DTOs' types. One message per property, its first problem:
 * a list that is not one is not also checked entry by entry.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    transform: true,
  });
}
