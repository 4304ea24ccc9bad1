import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { requireStaff } from '../../app/guards.js';
import type { Services } from '../../app/services.js';
import { notFound } from '../../platform/http/errors.js';
import { fieldErrors, type Outcome } from '../../platform/outcome.js';
import type { Values } from '../../platform/views/forms.js';
import { documentItemSchema, faqItemSchema, linkItemSchema, moveSchema } from './collections.schemas.js';
import { addDocumentItem, addFaqItem, addLinkItem, moveItem, removeItem, type Curator } from './collections.service.js';
import { curatorRoles, renderEditPage } from './collections.console.js';

/** Adding, moving and removing items: plain POST forms, so curating needs no JavaScript. */
export function collectionItemRoutes(app: FastifyInstance, services: Services) {
  const curator = (request: FastifyRequest): Curator => ({ ...request.auditActor(), siteId: request.site.id });

  /** Validates with the schema, runs the command, and answers 303 back to the page, or 422 with the page and the input kept. */
  function adder<S extends z.ZodType>(kind: string, schema: S, command: (id: number, input: z.output<S>, actor: Curator) => Promise<Outcome<number>>) {
    app.post<{ Params: { id: string } }>(`/console/collections/:id/items/${kind}`, async (request, reply) => {
      requireStaff(request, curatorRoles);
      const id = Number(request.params.id);
      const body = (request.body ?? {}) as Values;
      const parsed = schema.safeParse(body);
      const outcome = parsed.success ? await command(id, parsed.data, curator(request)) : undefined;
      if (outcome?.ok) return reply.redirect(`/console/collections/${id}?done=added#item-${outcome.value}`, 303);
      const errors = outcome ? outcome.errors : fieldErrors(parsed.error!.issues);
      if (errors['']) throw notFound('该主题库');
      return reply.page(await renderEditPage(services, request, id, { values: body, errors }), 422);
    });
  }

  adder('document', documentItemSchema, (id, input, actor) => addDocumentItem(services.database, id, input.document, actor));
  adder('faq', faqItemSchema, (id, input, actor) => addFaqItem(services.database, id, input, actor));
  adder('link', linkItemSchema, (id, input, actor) => addLinkItem(services.database, id, input, actor));

  const afterChange = (reply: FastifyReply, id: number, outcome: Outcome<true>, done: string) => {
    if (!outcome.ok) throw notFound(outcome.errors[''] === '该条目不存在' ? '该条目' : '该主题库');
    return reply.redirect(`/console/collections/${id}?done=${done}#items`, 303);
  };

  app.post<{ Params: { id: string; itemId: string } }>('/console/collections/:id/items/:itemId/move', async (request, reply) => {
    requireStaff(request, curatorRoles);
    const id = Number(request.params.id);
    const parsed = moveSchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.page(await renderEditPage(services, request, id, { errors: { '': '请选择上移或下移' } }), 422);
    return afterChange(reply, id, await moveItem(services.database, id, Number(request.params.itemId), parsed.data.direction, curator(request)), 'moved');
  });

  app.post<{ Params: { id: string; itemId: string } }>('/console/collections/:id/items/:itemId/remove', async (request, reply) => {
    requireStaff(request, curatorRoles);
    const id = Number(request.params.id);
    return afterChange(reply, id, await removeItem(services.database, id, Number(request.params.itemId), curator(request)), 'removed');
  });
}
