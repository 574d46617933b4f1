// Display helpers for server values.

/** "2025-11-20T09:30:00+08:00" → "2025-11-20 09:30:00" (the server already sends local time). */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]}` : iso;
}

