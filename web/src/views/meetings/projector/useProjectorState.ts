// The projector's state (no login; the token in the link is the capability). It fetches the
// state once, then follows the server-sent events: `state` with the whole state, `count` with the
// polls' counts alone while ballots come in (applied to the state of the same version only: a
// newer version always comes whole). EventSource reconnects by itself after a drop or a server
// restart, and on reconnecting the state is fetched again so nothing missed while away is lost.
// An older snapshot arriving after a newer one is ignored.
import { onBeforeUnmount, onMounted, ref } from 'vue';
import { useRoute } from 'vue-router';
import { projectorEvents, projectorState } from '@/api/meetings';
import type { ProjectorCounts, ProjectorState } from '@/api/types';
import { errorMessage } from '@/utils/errors';

function isProjectorState(value: unknown): value is ProjectorState {
  return typeof value === 'object' && value !== null && 'live' in value && 'polls' in value && 'title' in value;
}

function isProjectorCounts(value: unknown): value is ProjectorCounts {
  return typeof value === 'object' && value !== null && 'version' in value && 'polls' in value &&
    Array.isArray((value as { polls: unknown }).polls);
}

export function useProjectorState() {
  const route = useRoute();
  const token = String(route.params.token ?? '');
  const state = ref<ProjectorState | null>(null);
  const error = ref('');
  const reconnecting = ref(false);
  let source: EventSource | null = null;

  function apply(next: ProjectorState): void {
    // Ignore an older snapshot arriving after a newer one.
    if (state.value && next.version < state.value.version) return;
    state.value = next;
  }

  function applyCounts(next: ProjectorCounts): void {
    const current = state.value;
    if (!current || next.version !== current.version) return;
    for (const counted of next.polls) {
      const poll = current.polls.find((p) => p.id === counted.id);
      // A count never goes back within one version (an older event after a fetched state).
      if (poll && counted.voted > poll.voted) poll.voted = counted.voted;
    }
  }

  function listen(source: EventSource, name: string, take: (data: unknown) => void): void {
    source.addEventListener(name, (event) => {
      try {
        take(JSON.parse((event as MessageEvent<string>).data));
      } catch {
        // A malformed event is skipped; the next state carries everything again.
      }
    });
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
    listen(source, 'state', (data) => {
      if (isProjectorState(data)) apply(data);
    });
    listen(source, 'count', (data) => {
      if (isProjectorCounts(data)) applyCounts(data);
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

  onMounted(async () => {
    await fetchState();
    connect();
  });
  onBeforeUnmount(() => {
    source?.close();
    source = null;
  });

  return { state, error, reconnecting };
}
