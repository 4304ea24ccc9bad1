import type { Client, Reply } from './client.js';

export type Upload = { field: string; name: string; bytes: Uint8Array };

/** Posts a multipart form the way a browser does (FormData serialized by the platform's own Request). */
export async function postMultipart(client: Client, url: string, fields: Record<string, string>, file?: Upload): Promise<Reply> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append(file.field, new Blob([Buffer.from(file.bytes)]), file.name);
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return client.request({ method: 'POST', url, headers: { 'content-type': request.headers.get('content-type')! }, payload: Buffer.from(await request.arrayBuffer()) });
}
