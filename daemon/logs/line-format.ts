/** Formatting of main-log lines (pure): `YYYY-MM-DD HH:MM:SS,mmm LEVL message\n` in local time, as Supervisor writes them. */

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Supervisor's asctime: local time, `,` then milliseconds zero-padded to 3. */
export function formatTimestamp(date: Date): string {
  return (
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1, 2)}-${pad(date.getDate(), 2)} ` +
    `${pad(date.getHours(), 2)}:${pad(date.getMinutes(), 2)}:${pad(date.getSeconds(), 2)},${pad(date.getMilliseconds(), 3)}`
  );
}

/** One main-log record; multi-line messages are written as they are (only one newline is appended). */
export function formatLogLine(date: Date, token: string, message: string): string {
  return `${formatTimestamp(date)} ${token} ${message}\n`;
}
