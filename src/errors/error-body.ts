import { STATUS_CODES } from 'node:http';

/** The one error shape of the API, whatever went wrong and wherever. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

/**
 * The longest message an error body carries. A body with thousands of unknown keys would
 * otherwise be answered with thousands of "should not exist" lines; the document promises a bound.
 */
export const MAX_MESSAGE_LENGTH = 1000;

export function errorBody(statusCode: number, message: string | string[]): ErrorBody {
  const text = Array.isArray(message) ? message.join('; ') : message;
  return {
    statusCode,
    error: STATUS_CODES[statusCode] ?? 'Error',
    message: text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : text,
  };
}
