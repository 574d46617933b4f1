// Display helpers for server values, and the Beijing wall-clock time the date pickers work in.

/** "2025-11-20T09:30:00+08:00" → "2025-11-20 09:30:00" (the server already sends local time). */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]}` : iso;
}

/** Meetings and talks happen in Beijing time (UTC+8); a picker's value is that wall-clock time. */
export const BEIJING_OFFSET = '+08:00';

/** "2025-11-20T09:30:00+08:00" → "2025-11-20T09:30:00", a picker's value (`value-format="YYYY-MM-DDTHH:mm:ss"`). */
export function wallClock(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.exec(iso)?.[0] ?? '';
}

/** The current minute in Beijing as a picker's value, whatever the browser's own time zone. */
export function wallClockNow(): string {
  return `${new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 16)}:00`;
}
