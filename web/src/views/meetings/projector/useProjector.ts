// The projector in the hall: what it shows of the state useProjectorState follows (the speaker,
// the stage, the open polls, the latest result (components/ProjectorResult), or the end-of-meeting summary). The countdown ticks locally (250 ms)
// from the server's timer snapshot, corrected for the clock offset, and beeps once when it
// reaches zero.
import { computed, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import type { ProjectorPoll } from '@/api/types';
import { useCountdown } from '../shared/countdown';
import { useProjectorState } from './useProjectorState';

/** A short beep through Web Audio (no audio file). Browsers may refuse before a user gesture. */
function beep(): void {
  try {
    const context = new AudioContext();
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = 880;
    gain.gain.value = 0.3;
    oscillator.connect(gain).connect(context.destination);
    oscillator.start();
    oscillator.stop(context.currentTime + 0.6);
    oscillator.onended = () => void context.close();
  } catch {
    // No audio available: the red countdown still shows the time is up.
  }
}

/** The page fills the screen, or leaves fullscreen. */
async function fullscreen(): Promise<void> {
  try {
    if (document.fullscreenElement) await document.exitFullscreen();
    else await document.documentElement.requestFullscreen();
  } catch {
    // Fullscreen refused (no user gesture, or not supported): the page still works windowed.
  }
}

export function useProjector() {
  const { t } = useI18n();
  const { state, error, reconnecting } = useProjectorState();
  const live = computed(() => state.value?.live ?? null);
  const countdown = useCountdown(live);

  // Beep once when a running countdown crosses zero (not when the page opens already over time).
  watch(
    () => countdown.remainingMs.value,
    (remaining, previous) => {
      if (previous > 0 && remaining <= 0 && live.value?.timer.running) beep();
    },
  );

  const speaker = computed(() => state.value?.speaker ?? null);
  const stageKey = computed(() => state.value?.stage || state.value?.live.stage || '');
  const openPolls = computed(() => (state.value?.polls ?? []).filter((poll) => poll.state === 'open'));
  // A hall screen holds one result: the most recently closed poll's (with
  // one poll per deputy, a meeting of twelve would otherwise scroll off).
  const resultPolls = computed(() => {
    const withResult = (state.value?.polls ?? []).filter(
      (poll): poll is ProjectorPoll & { result: NonNullable<ProjectorPoll['result']> } => !!poll.result,
    );
    if (withResult.length <= 1) return withResult;
    const latest = withResult.reduce((best, poll) =>
      (poll.result.closed_at ?? '') > (best.result.closed_at ?? '') || ((poll.result.closed_at ?? '') === (best.result.closed_at ?? '') && poll.id > best.id) ? poll : best,
    );
    return [latest];
  });

  // The end-of-meeting summary (plan 1: the committee announces every result together): shown while
  // the chair has switched the screen to it from the console, also after the meeting ends. The rows
  // fill the hall screen in large type, each at least 4 % of its height (two columns past 18 deputies,
  // scrolling only beyond 36), at most 9 %.
  const summaryShown = computed(() => state.value?.stage === 'summary');
  const summaryRows = computed(() => state.value?.summary ?? []);
  const summaryLayout = computed(() => {
    const count = summaryRows.value.length;
    const columns = count > 18 ? 2 : 1;
    const perColumn = Math.max(1, Math.ceil(count / columns));
    const rowVh = Math.min(9, Math.max(4, 72 / perColumn));
    return { '--summary-columns': String(columns), '--summary-row': `${rowVh}vh` };
  });

  return { t, state, error, reconnecting, countdown, speaker, stageKey, openPolls, resultPolls, fullscreen, summaryShown, summaryRows, summaryLayout };
}
