// 签到: each present evaluator draws one carrier at random from a stack (a phone slip or a paper
// sheet); staff record only which kind, which grows that count — never who holds which carrier.
// Guests (列席) check in without a carrier. New attendees can be added at the door.
import { computed, reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { addAttendee, checkIn } from '@/api/meetings';
import type { Channel, Meeting, MeetingAttendee } from '@/api/types';
import { showError, showErrorText } from '@/utils/errors';
import { useSubmit } from '@/utils/useSubmit';

export function useCheckIn(meeting: () => Meeting, reload: () => void) {
  const { t } = useI18n();
  const busy = ref<number | null>(null);
  const filter = ref('');
  const addOpen = ref(false);
  const addForm = reactive({ name: '', affiliation: '', role: 'evaluator' as MeetingAttendee['role'] });
  const { busy: adding, run: runAdding } = useSubmit();

  const attendees = computed(() => {
    const query = filter.value.trim();
    const list = meeting().attendees;
    return query ? list.filter((a) => a.name.includes(query) || a.affiliation.includes(query)) : list;
  });
  const carriers = computed(() => {
    const c = meeting().carriers;
    return (['phone', 'paper'] as const).map((channel) => ({
      channel,
      printed: c.printed[channel],
      issued: c.issued[channel],
      voided: c.voided[channel],
    }));
  });

  async function checkInAttendee(attendee: MeetingAttendee, channel: Channel | null): Promise<void> {
    busy.value = attendee.id;
    try {
      await checkIn(meeting().id, attendee.id, channel);
      // No toast: at the door they would pile up; the row itself turns to 已签到.
      reload();
    } catch (error) {
      showError(error);
    } finally {
      busy.value = null;
    }
  }

  async function add(): Promise<void> {
    if (!addForm.name.trim()) return showErrorText(t('meetings.checkin.nameRequired'));
    await runAdding(async () => {
      await addAttendee(meeting().id, { name: addForm.name.trim(), affiliation: addForm.affiliation.trim(), role: addForm.role });
      addForm.name = '';
      addForm.affiliation = '';
      addOpen.value = false;
      reload();
    });
  }

  return { t, busy, filter, attendees, carriers, addOpen, addForm, adding, checkInAttendee, add };
}
