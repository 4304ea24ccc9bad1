import type { Updateable } from 'kysely';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { insertAttachment } from '../../src/modules/documents/attachments.store.js';
import * as store from '../../src/modules/documents/documents.store.js';
import type { DocumentsTable } from '../../src/modules/documents/documents.tables.js';
import { importDocuments } from '../../src/modules/documents/import.service.js';
import { addRelation, expireDocuments, todayInShanghai } from '../../src/modules/documents/validity.service.js';
import { withdrawDocument } from '../../src/modules/documents/workflow.service.js';
import type { TestApp } from './test-app.js';

/*
 * The policy library as the public pages see it, for HTTP tests: published documents come in
 * through importDocuments with the app's publication hooks (so they are in the search index);
 * drafts, 依申请公开 / 不予公开 and 定向公开 ones are written with the store.
 */

export interface ImportInput {
  title: string;
  docNumber?: string;
  issuer?: string | string[];
  type?: string;
  publishedAt?: string;
  body?: string;
  validity?: string;
  expiresAt?: string;
  theme?: string;
  externalId?: string;
}

let sequence = 0;

export function library(t: TestApp) {
  const db = t.database.db;
  const site = () => ({ id: t.siteId, siteCode: t.gk.services.sites.defaultSite()!.footer.siteCode });
  const actor = { id: null, label: '测试', ip: '127.0.0.1', siteId: t.siteId };
  const staff = { ...actor, roles: ['reviewer' as const] };
  const hooks = () => t.gk.services.documentHooks;

  /** Publishes documents (imported as migrated, reviewed) and returns their ids in order. */
  async function publish(...inputs: ImportInput[]): Promise<number[]> {
    const lines = inputs.map((i) => {
      sequence += 1;
      return JSON.stringify({
        issuer: '上海市规划和自然资源局', type: 'normative', publishedAt: '2025-03-01', body: `${i.title}的正文。`, externalId: `t-${sequence}-${Date.now()}`, ...i,
      });
    });
    const report = await importDocuments(t.database, site(), lines, actor, hooks());
    if (report.errors.length) throw new Error(JSON.stringify(report.errors));
    const ids: number[] = [];
    for (const line of lines) ids.push((await store.findByExternalId(db, t.siteId, (JSON.parse(line) as { externalId: string }).externalId))!.id);
    return ids;
  }

  /** A document written straight to the store (draft by default); a "published" one is offered to the index like any other. */
  async function insert(title: string, over: Updateable<DocumentsTable> = {}, recipients: number[] = []): Promise<number> {
    sequence += 1;
    const now = new Date().toISOString();
    const id = await store.insertDocument(db, {
      site_id: t.siteId, type: 'normative', index_number: `3100000000/2025-8${String(sequence).padStart(4, '0')}`, status: 'draft', title,
      doc_number: null, issuers: '["上海市规划和自然资源局"]', theme: null, written_on: null, effective_on: null, expires_on: null,
      validity: 'current', validity_changed_on: null, disclosure: null, disclosure_reason: null, disclosure_method: '政府网站', targeted: 0,
      audience_tags: '[]', needs_interpretation: 0, interpretation_form: null, interprets_id: null, current_version: 1, published_version: null,
      published_at: null, scheduled_at: null, withdrawn_at: null, withdrawn_reason: null, owner_id: null, department_id: null, external_id: null,
      created_at: now, updated_at: now, ...over,
    });
    await store.insertVersion(db, { documentId: id, version: 1, title, bodyHtml: `<p>${title}的正文。</p>`, bodyText: `${title}的正文。`, fields: {}, createdBy: null, note: '测试' });
    if (recipients.length) await store.replaceRecipients(db, id, recipients);
    if (over.status === 'published') await db.transaction().execute((trx) => hooks().published(trx, id));
    return id;
  }

  const published = { status: 'published', disclosure: 'proactive', published_version: 1, published_at: '2025-03-02T01:00:00.000Z' } as const;

  return {
    publish,
    insert,
    /** A 定向公开 document, published to the given accounts only. */
    targeted: (title: string, recipients: number[], over: Updateable<DocumentsTable> = {}) => insert(title, { ...published, targeted: 1, ...over }, recipients),
    /** Rows that must never be public, whatever else they say: draft, 依申请公开, 不予公开, approved, scheduled. */
    async hidden(prefix: string): Promise<number[]> {
      return [
        await insert(`${prefix}草稿`),
        await insert(`${prefix}依申请公开`, { ...published, disclosure: 'on_request' }),
        await insert(`${prefix}不予公开`, { ...published, disclosure: 'withheld', disclosure_reason: 'process_info' }),
        await insert(`${prefix}已审定`, { status: 'approved', disclosure: 'proactive' }),
        await insert(`${prefix}定时发布`, { status: 'scheduled', disclosure: 'proactive', scheduled_at: '2099-01-01T00:00:00.000Z' }),
      ];
    },
    async withdraw(id: number, reason: string) {
      const outcome = await withdrawDocument(t.database, id, reason, staff, hooks());
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    },
    async relate(fromId: number, toId: number, kind: 'repeals' | 'amends' | 'basis' | 'interprets') {
      const outcome = await addRelation(t.database, { fromId, toId, kind }, actor, hooks());
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    },
    expire: () => expireDocuments(t.database, todayInShanghai(), hooks()),
    /** Stores a file for a document as the attachments service would (content-addressed under DATA_DIR). */
    async attach(documentId: number, filename: string, contentType: string, data: Buffer): Promise<number> {
      const sha256 = createHash('sha256').update(data).digest('hex');
      const storageKey = `files/${sha256.slice(0, 2)}/${sha256}`;
      const path = join(t.gk.services.config.dataDir, storageKey);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, data);
      return insertAttachment(db, { documentId, filename, contentType, size: data.length, sha256, storageKey, text: '', createdBy: null });
    },
    async accountId(email: string): Promise<number> {
      return (await db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    },
  };
}

/**
 * A strict enough XML well-formedness check for feeds and sitemaps: one root, balanced and
 * properly nested tags, quoted attributes, only the five predefined entities or character
 * references, no stray '<' or '&', no characters XML 1.0 forbids. Returns the root element's name.
 */
export function assertWellFormedXml(xml: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(xml)) throw new Error('XML holds a forbidden character');
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const token = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|([^<]+)|(<)/g;
  const stack: string[] = [];
  let root = '';
  let match: RegExpExecArray | null;
  while ((match = token.exec(body))) {
    const [whole, closing, name, attributes, selfClosing, text, stray] = match;
    if (stray) throw new Error(`stray '<' at ${match.index}: ${body.slice(match.index, match.index + 40)}`);
    const checkEntities = (s: string) => {
      for (const ref of s.match(/&[^;\s]*;?/g) ?? []) if (!/^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);$/.test(ref)) throw new Error(`bad entity ${ref}`);
    };
    if (text !== undefined) {
      if (stack.length === 0 && text.trim()) throw new Error('text outside the root element');
      checkEntities(text);
      continue;
    }
    if (!name) continue; // comment or CDATA
    checkEntities(attributes ?? '');
    if (closing) {
      if (stack.pop() !== name) throw new Error(`mismatched </${name}>`);
    } else {
      if (stack.length === 0) {
        if (root) throw new Error('more than one root element');
        root = name;
      }
      if (!selfClosing) stack.push(name);
    }
    void whole;
  }
  if (stack.length) throw new Error(`unclosed <${stack.join('>, <')}>`);
  if (!root) throw new Error('no root element');
  return root;
}
