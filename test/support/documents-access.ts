import type { StaffRole } from '../../src/modules/accounts/roles.js';

const library: StaffRole[] = ['editor', 'reviewer', 'confidentiality', 'disclosure_office', 'head', 'admin'];
const edit: StaffRole[] = ['editor', 'admin'];
const relations: StaffRole[] = ['editor', 'disclosure_office', 'admin'];
/** Who may use each route of the documents console: used by documents-console.test.ts and the route-by-route table. */
export const documentRouteAccess: Record<string, StaffRole[]> = {
  'GET /console/documents': library, 'GET /console/documents/new': edit, 'POST /console/documents/new': edit,
  'GET /console/documents/:id': library, 'GET /console/documents/:id/edit': edit, 'POST /console/documents/:id/edit': edit,
  'POST /console/documents/:id/submit': edit, 'POST /console/documents/:id/review': ['reviewer', 'disclosure_office', 'confidentiality', 'head'],
  'POST /console/documents/:id/publish': ['editor', 'reviewer', 'disclosure_office'], 'POST /console/documents/:id/withdraw': ['reviewer', 'disclosure_office', 'head'],
  'POST /console/documents/:id/findings/:fid/mask': edit, 'POST /console/documents/:id/findings/:fid/override': ['reviewer', 'confidentiality', 'disclosure_office'],
  'POST /console/documents/:id/relations': relations, 'POST /console/documents/:id/relations/remove': relations,
  'POST /console/documents/:id/attachments': edit, 'GET /console/documents/:id/attachments/:aid': library,
  'POST /console/documents/:id/attachments/:aid/remove': edit, 'GET /console/documents/:id/compare': library,
  'GET /console/sensitive-terms': ['admin'], 'POST /console/sensitive-terms': ['admin'], 'POST /console/sensitive-terms/:tid/remove': ['admin'],
};

