import { STATUS_CODES } from 'node:http';

/** The one error shape of the API, whatever went wrong and wherever. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

export function errorBody(statusCode: number, message: string | string[]): ErrorBody {
  return {
    statusCode,
    error: STATUS_CODES[statusCode] ?? 'Error',
    message: Array.isArray(message) ? message.join('; ') : message,
  };
}
