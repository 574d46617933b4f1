// The projector in the hall (no login; the token in the link is the capability). It fetches the
// state once, then follows the server-sent `state` events; EventSource reconnects by itself after
// a drop or a server restart, and on reconnecting the state is fetched again so nothing missed
// while away is lost. The countdown ticks locally (250 ms) from the server's timer snapshot,
// corrected for the clock offset, and beeps once when it reaches zero.
import { computed, onBeforeUnmount, onMounted, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute } from 'vue-router';
import { projectorEvents, projectorState } from '@/api/meetings';
import type { ProjectorPoll, ProjectorState } from '@/api/types';
import { errorMessage } from '@/utils/errors';
import { useCountdown } from '../shared/countdown';
import { resultChartOption } from '../shared/resultChart';

function isProjectorState(value: unknown): value is ProjectorState {
  return typeof value === 'object' && value !== null && 'live' in value && 'polls' in value && 'title' in value;
}

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

export function useProjector() {
  const { t } = useI18n();
  const route = useRoute();
  const token = String(route.params.token ?? '');
  const state = ref<ProjectorState | null>(null);
  const error = ref('');
  const reconnecting = ref(false);
  const live = computed(() => state.value?.live ?? null);
  const countdown = useCountdown(live);
  let source: EventSource | null = null;

  function apply(next: ProjectorState): void {
    // Ignore an older snapshot arriving after a newer one.
    if (state.value && next.version < state.value.version) return;
    state.value = next;
  }

  async function fetchState(): Promise<void> {
    try {
      apply(await projectorState(token));
      error.value = '';
    } catch (failure) {
      if (!state.value) error.value = errorMessage(failure);
    }
  }

  function connect(): void {
    source = projectorEvents(token);
    source.addEventListener('state', (event) => {
      try {
        const data: unknown = JSON.parse((event as MessageEvent<string>).data);
        if (isProjectorState(data)) apply(data);
      } catch {
        // A malformed event is skipped; the next one carries the whole state again.
      }
    });
    source.addEventListener('open', () => {
      if (reconnecting.value) {
        reconnecting.value = false;
        void fetchState();
      }
    });
    source.addEventListener('error', () => {
      reconnecting.value = true;
      // A closed source (the server answered with an error) does not retry by itself.
      if (source?.readyState === EventSource.CLOSED) {
        source.close();
        setTimeout(() => {
          if (source?.readyState === EventSource.CLOSED) connect();
        }, 3000);
      }
    });
  }

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

  function chart(poll: ProjectorPoll & { result: NonNullable<ProjectorPoll['result']> }) {
    const scale = poll.result.scale;
    return resultChartOption(poll.result, {
      dark: true,
      fontSize: 22,
      label: (deputy) => {
        if (deputy.withheld) {
          const n = poll.result.min_valid_votes;
          return `${deputy.name}  ${n === undefined ? t('meetings.results.withheld') : t('meetings.results.withheldBelow', { n })}`;
        }
        const grade = scale.find((option) => option.code === deputy.grade)?.label ?? '';
        const rate = deputy.approval_percent ? `${deputy.approval_percent}%` : '';
        return `${deputy.name}  ${rate}  ${grade}`;
      },
    });
  }

  async function fullscreen(): Promise<void> {
    try {
      if (document.fullscreenElement) await document.exitFullscreen();
      else await document.documentElement.requestFullscreen();
    } catch {
      // Fullscreen refused (no user gesture, or not supported): the page still works windowed.
    }
  }

  onMounted(async () => {
    await fetchState();
    connect();
  });
  onBeforeUnmount(() => {
    source?.close();
    source = null;
  });

  return { t, state, error, reconnecting, countdown, speaker, stageKey, openPolls, resultPolls, chart, fullscreen };
}
