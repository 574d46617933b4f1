// The speech countdown from the server's timer snapshot: `remaining_ms` at `server_now`, running
// or not. The client's clock may differ from the server's, so the offset is taken when a snapshot
// arrives and the remaining time is extrapolated locally (ticking every 250 ms). Negative is over
// time.
import { computed, onBeforeUnmount, onMounted, ref, type Ref } from 'vue';
import type { MeetingLive } from '@/api/types';

/** At or under this the countdown turns amber. */
export const WARNING_MS = 2 * 60 * 1000;
const TICK_MS = 250;

export type CountdownLevel = 'normal' | 'warning' | 'over';

/** m:ss of a duration (rounded up while counting down, so 0:00 means time is up). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, ms >= 0 ? Math.ceil(ms / 1000) : Math.floor(-ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}

export function useCountdown(live: Readonly<Ref<MeetingLive | null | undefined>>) {
  const now = ref(Date.now());
  // Server clock minus client clock, measured when the snapshot arrived.
  let offset = 0;
  let snapshot: MeetingLive | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;

  function sync(): void {
    const value = live.value ?? null;
    if (value !== snapshot) {
      snapshot = value;
      if (value) offset = value.server_now - Date.now();
    }
  }

  const remainingMs = computed(() => {
    sync();
    const value = live.value;
    if (!value) return 0;
    const { remaining_ms: remaining, running } = value.timer;
    if (!running) return remaining;
    return remaining - (now.value + offset - value.server_now);
  });
  const level = computed<CountdownLevel>(() => (remainingMs.value <= 0 ? 'over' : remainingMs.value <= WARNING_MS ? 'warning' : 'normal'));
  const display = computed(() => formatDuration(remainingMs.value));
  const overtime = computed(() => remainingMs.value < 0);

  onMounted(() => {
    timer = setInterval(() => (now.value = Date.now()), TICK_MS);
  });
  onBeforeUnmount(() => {
    if (timer) clearInterval(timer);
  });
  return { remainingMs, level, display, overtime };
}
