import type { AccountsTables } from '../../modules/accounts/accounts.tables.js';
import type { PortalTables } from '../../modules/portal/portal.tables.js';
import type { DocumentsTables } from '../../modules/documents/documents.tables.js';
import type { CollectionsTables } from '../../modules/collections/collections.tables.js';
import type { InterpretationsTables } from '../../modules/interpretations/interpretations.tables.js';
import type { ApplicationsTables } from '../../modules/applications/applications.tables.js';
import type { SpaceTables } from '../../modules/space/space.tables.js';
import type { SitesTables } from '../../modules/sites/sites.tables.js';
import type { AuditTables } from '../audit/audit.tables.js';
import type { CalendarTables } from '../calendar/calendar.tables.js';
import type { JobsTables } from '../jobs/jobs.tables.js';
import type { SearchTables } from '../search/search.tables.js';
import type { SmsTables } from '../notify/sms.tables.js';
import type { SettingsTables } from './settings.tables.js';
import type { SubscriptionsTables } from '../../modules/subscriptions/subscriptions.tables.js';
import type { RelayTables } from '../../modules/subscriptions/relay/relay.tables.js';
import type { PushTables } from '../../modules/subscriptions/push/push.tables.js';

/** Every table, as Kysely sees it. Each module owns its part in its *.tables.ts file. */
export interface Schema extends SitesTables, AccountsTables, AuditTables, CalendarTables, JobsTables, PortalTables, SettingsTables, SpaceTables, DocumentsTables, SearchTables, CollectionsTables, InterpretationsTables, ApplicationsTables, SubscriptionsTables, PushTables, RelayTables, SmsTables {}
