// Labels and tag colours of campaign and report codes, and who may do what with a campaign. The
// server enforces the same scopes; this only decides what to show.
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import type { Campaign } from '@/api/types';
import { useSessionStore } from '@/stores/session';

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger';

const CAMPAIGN_TAG: Record<string, TagType> = { draft: 'info', active: 'success', closed: 'warning', archived: 'info' };
const REPORT_TAG: Record<string, TagType> = {
  not_started: 'info',
  draft: 'warning',
  submitted: 'primary',
  late: 'danger',
  returned: 'danger',
  accepted: 'success',
};

export function useCampaignLabels() {
  const { t, te } = useI18n();
  function enumLabel(group: string, code: string | null | undefined): string {
    if (!code) return '';
    const key = `enums.${group}.${code}`;
    return te(key) ? t(key) : code;
  }
  return {
    campaignState: (code: string | null | undefined) => enumLabel('campaignState', code),
    campaignTag: (code: string | null | undefined): TagType => CAMPAIGN_TAG[code ?? ''] ?? 'info',
    template: (code: string | null | undefined) => enumLabel('campaignTemplate', code),
    reportState: (code: string | null | undefined) => enumLabel('reportState', code),
    reportTag: (code: string | null | undefined): TagType => REPORT_TAG[code ?? ''] ?? 'info',
    source: (code: string | null | undefined) => enumLabel('reportingSource', code),
    occupation: (code: string | null | undefined) => enumLabel('occupation', code),
  };
}

export function useCampaignAccess() {
  const session = useSessionStore();
  const grants = computed(() => session.user?.roles ?? []);
  /** Organizers of the congress (and admins) edit the plan, the list and the state. */
  function canManage(campaign: Pick<Campaign, 'congress_id'> | null): boolean {
    if (!campaign) return false;
    return grants.value.some((g) => g.role === 'admin' || (g.role === 'organizer' && g.congress_id === campaign.congress_id));
  }
  /** Organizers and reviewers of the congress (and admins) read everything in it: the summary, the archives. */
  function canReadAll(campaign: Pick<Campaign, 'congress_id'> | null): boolean {
    if (!campaign) return false;
    return canManage(campaign) || grants.value.some((g) => g.role === 'reviewer' && g.congress_id === campaign.congress_id);
  }
  /** The groups of this campaign the user leads. */
  function ledGroups(campaign: Pick<Campaign, 'group_ids'> | null): number[] {
    if (!campaign) return [];
    const led = new Set(grants.value.filter((g) => g.role === 'group_leader').map((g) => g.group_id));
    return campaign.group_ids.filter((id) => led.has(id));
  }
  /** Congresses where the user may create campaigns (admins: all, given as null). */
  const organizerCongresses = computed(() =>
    grants.value.some((g) => g.role === 'admin') ? null : grants.value.filter((g) => g.role === 'organizer').map((g) => g.congress_id),
  );
  const ownDeputyIds = computed(() =>
    grants.value.filter((g) => g.role === 'deputy' && g.deputy_id !== null && g.deputy_id !== undefined).map((g) => g.deputy_id as number),
  );
  return { canManage, canReadAll, ledGroups, organizerCongresses, ownDeputyIds };
}
