// 上传 Word 文档: the deputy picks a .docx, the server reads it into paragraphs (nothing is stored),
// and a dialog lets them choose for each paragraph the section it is appended to (or skip it).
// 放入 appends them all; the editor's autosave then saves the report as after typing.
import { ref, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { MAX_DOCX_BYTES, readDocx } from '@/api/reports';
import type { ReportSection } from '@/api/types';
import { showError, showErrorText, showSuccess } from '@/utils/errors';

/** One paragraph of the document and the key of the section it goes to ('' = skip it). */
export interface DocxParagraph {
  text: string;
  target: string;
}

export function useDocxImport(campaignId: Ref<number>, deputyId: Ref<number>, sections: Ref<ReportSection[]>) {
  const { t } = useI18n();
  const reading = ref(false);
  const open = ref(false);
  const paragraphs = ref<DocxParagraph[]>([]);

  async function upload(file: File): Promise<void> {
    if (file.size > MAX_DOCX_BYTES) {
      showErrorText(t('errors.import.too_large'));
      return;
    }
    reading.value = true;
    try {
      const texts = await readDocx(campaignId.value, deputyId.value, file);
      const first = sections.value[0]?.key ?? '';
      paragraphs.value = texts.filter((text) => text.trim() !== '').map((text) => ({ text, target: first }));
      if (paragraphs.value.length === 0) {
        showErrorText(t('reports.docx.empty'));
        return;
      }
      open.value = true;
    } catch (error) {
      showError(error);
    } finally {
      reading.value = false;
    }
  }

  /** 放入: appends every chosen paragraph to its section, in document order. */
  function apply(): void {
    let placed = 0;
    for (const paragraph of paragraphs.value) {
      const section = sections.value.find((s) => s.key === paragraph.target);
      if (!section) continue;
      section.text = section.text ? `${section.text}\n${paragraph.text}` : paragraph.text;
      placed += 1;
    }
    open.value = false;
    paragraphs.value = [];
    if (placed > 0) showSuccess(t('reports.docx.placed', { n: placed }));
  }

  return { reading, open, paragraphs, upload, apply };
}
