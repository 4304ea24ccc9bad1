import { z } from 'zod';

export interface ApiOperation {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  response: z.ZodType;
  errors: z.ZodType;
}

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' });

/** The OpenAPI 3 document, generated from the same zod schemas the routes validate with. */
export function buildOpenApi(operations: ApiOperation[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const parameters = op.query
      ? Object.entries(op.query.shape).map(([name, schema]) => ({
          name,
          in: 'query',
          required: !(schema as z.ZodType).safeParse(undefined).success,
          schema: jsonSchema(schema as z.ZodType, 'input'),
        }))
      : [];
    paths[op.path] = {
      ...(paths[op.path] ?? {}),
      [op.method]: {
        summary: op.summary,
        parameters,
        ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } } : {}),
        responses: {
          200: { description: '成功', content: { 'application/json': { schema: jsonSchema(op.response, 'output') } } },
          400: { description: '输入有误', content: { 'application/json': { schema: jsonSchema(op.errors, 'output') } } },
        },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Gongkai 政务公开平台 API', version: '1.0.0', description: '公开数据与个人事项的 JSON 接口。状态变更请求需携带会话 Cookie 与 X-CSRF-Token 头。' },
    servers: [{ url: '/' }],
    paths,
  };
}
