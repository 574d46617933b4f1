// 我的述职报告: the campaigns in which the logged-in deputy reports. The server has no "my
// campaigns" call: the page lists the campaigns the user may see and keeps those where the
// deputy's own report answers (the deputy's id comes from their role grant).
import { onMounted, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRouter } from 'vue-router';
import { ApiError } from '@/api/client';
import { listCampaigns } from '@/api/campaigns';
import { getReport } from '@/api/reports';
import type { Campaign, Report } from '@/api/types';
import { showError } from '@/utils/errors';
import { useCampaignAccess } from '@/views/campaigns/shared/labels';

export interface MyReport {
  campaign: Campaign;
  report: Report;
}

export function useMyReports() {
  const { t } = useI18n();
  const router = useRouter();
  const access = useCampaignAccess();
  const rows = ref<MyReport[]>([]);
  const loading = ref(false);

  async function reportOf(campaign: Campaign, deputyId: number): Promise<MyReport | null> {
    try {
      return { campaign, report: await getReport(campaign.id, deputyId) };
    } catch (error) {
      // Not on this campaign's list (or not readable): not one of the deputy's reports.
      if (error instanceof ApiError && (error.status === 404 || error.status === 403 || error.status === 412)) return null;
      throw error;
    }
  }

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const campaigns = (await listCampaigns()).filter((campaign) => campaign.state !== 'draft');
      const found = await Promise.all(campaigns.flatMap((campaign) => access.ownDeputyIds.value.map((id) => reportOf(campaign, id))));
      rows.value = found.filter((row): row is MyReport => row !== null).sort((a, b) => (b.campaign.spec.year ?? 0) - (a.campaign.spec.year ?? 0));
      if (rows.value.length === 1) await router.replace({ name: 'my-report', params: { id: rows.value[0].campaign.id } });
    } catch (error) {
      showError(error);
    } finally {
      loading.value = false;
    }
  }

  function open(row: MyReport): void {
    void router.push({ name: 'my-report', params: { id: row.campaign.id } });
  }

  onMounted(load);
  return { t, rows, loading, open };
}
