/**
 * Now, to the whole second. The timestamp columns are DATETIME without fractions, so a value
 * with milliseconds would be rounded by the server and differ from what the API just returned.
 */
export function wholeSecondNow(): Date {
  return new Date(Math.floor(Date.now() / 1000) * 1000);
}
