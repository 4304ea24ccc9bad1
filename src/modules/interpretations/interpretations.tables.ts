import type { Generated } from 'kysely';

/** One expert's score of one interpretation on the rubric (see rubric.ts); updated in place. */
export interface InterpretationScoresTable {
  id: Generated<number>;
  site_id: number;
  interpretation_id: number;
  expert_id: number;
  accuracy: number;
  clarity: number;
  completeness: number;
  timeliness: number;
  variety: number;
  comment: string;
  created_at: string;
  updated_at: string;
}

export interface InterpretationsTables {
  interpretation_scores: InterpretationScoresTable;
}
