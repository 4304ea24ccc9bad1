import type { Generated } from 'kysely';

/** Messages from the bureau to one account's personal / enterprise space. */
export interface InboxMessagesTable {
  id: Generated<number>;
  site_id: number;
  account_id: number;
  category: string;
  title: string;
  body: string;
  link: string | null;
  created_at: string;
  read_at: string | null;
  /** Set when a subscription / push delivery wrote this message (unique). */
  delivery_id: number | null;
}

export interface SpaceTables {
  inbox_messages: InboxMessagesTable;
}
