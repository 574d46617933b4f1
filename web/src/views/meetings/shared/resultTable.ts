// The row ResultTable.vue shows: a deputy's line of a poll result, as the meeting's results list it
// and as a deputy's own results carry it.
import type { MyResultRow, ResultDeputy } from '@/api/types';

export type ResultTableRow = ResultDeputy | MyResultRow;
