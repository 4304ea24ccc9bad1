import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { consolePage } from '../../../../app/console-page.js';
import { requireStaff } from '../../../../app/guards.js';
import { ChoiceGroup, ErrorSummary, Form, SelectField, TextArea, TextField, type Errors, type Values } from '../../../../platform/views/forms.js';
import { applicantColumns, channels, deliveryForms } from '../../applications.vocabulary.js';
import { todayInShanghai } from '../case-rules.js';
import { caseContext, staffActor } from '../context.js';
import { registerByStaff } from '../intake.service.js';
import { staffIntakeLabels } from '../intake.schemas.js';
import { intakeRoles, type ConsoleContext } from './access.js';
import { fields } from './form.js';

const names = Object.keys(staffIntakeLabels);
const staffChannels = (['letter', 'in_person', 'fax', 'oral'] as const).map((value) => ({ value, label: channels[value] }));

function intakePage(request: FastifyRequest, reply: FastifyReply, values: Values, errors: Errors, status = 200) {
  const csrf = request.csrfToken();
  const p = { values, errors };
  return reply.page(consolePage(request, '登记政府信息公开申请', (
    <>
      <p class="lede">登记以信函、当面、传真或口头方式提出的申请。口头申请的，由工作人员代为填写并经申请人确认（条例第二十九条）。</p>
      <ErrorSummary errors={errors} labels={staffIntakeLabels} />
      <Form action="/console/applications/new" csrfToken={csrf} label="登记申请">
        <ChoiceGroup type="radio" name="channel" label="申请方式" required options={staffChannels} {...p} />
        <fieldset class="field-group">
          <legend>申请人</legend>
          <SelectField name="applicantColumn" label="申请人类型" required options={Object.entries(applicantColumns).map(([value, label]) => ({ value, label: value === 'person' ? label : `法人或其他组织：${label}` }))} placeholder="请选择" {...p} />
          <TextField name="applicantName" label="姓名或名称" required maxLength={200} {...p} />
          <TextField name="idNumber" label="身份证件号码" hint="自然人填写身份证件号码；法人或其他组织填写统一社会信用代码。加密保存，页面上只显示部分号码。" required maxLength={40} {...p} />
          <TextField name="contactPhone" label="联系电话" type="tel" maxLength={30} {...p} />
          <TextField name="contactEmail" label="电子邮箱" type="email" maxLength={254} {...p} />
          <TextField name="contactAddress" label="通信地址" maxLength={300} {...p} />
        </fieldset>
        <TextArea name="description" label="所需政府信息的描述" hint="信息的名称、文号或者便于查询的其他特征描述" required rows={6} maxLength={5000} {...p} />
        <SelectField name="deliveryForm" label="获取信息的方式" required options={deliveryForms.map((f) => ({ value: f, label: f }))} placeholder="请选择" {...p} />
        <TextField name="submittedOn" label="提交日期" hint="申请人当面提交、口头提出或发出传真的日期；信函填写寄达日期（YYYY-MM-DD）" type="date" required {...p} />
        <TextField name="confirmedOn" label="签收或确认日期" hint="信函：本机关签收的日期（平信未签收的，填写与申请人确认的日期），必填；传真：双方确认的日期；当面、口头：不填" type="date" {...p} />
        <button type="submit" class="button">登记并发送受理回执</button>
      </Form>
    </>
  )), status);
}

export function intakeRoutes(app: FastifyInstance, ctx: ConsoleContext) {
  app.get('/console/applications/new', async (request, reply) => {
    requireStaff(request, intakeRoles);
    return intakePage(request, reply, { submittedOn: todayInShanghai(), channel: 'letter' }, {});
  });

  app.post('/console/applications/new', async (request, reply) => {
    const viewer = requireStaff(request, intakeRoles);
    const values = fields(request.body, names);
    const cctx = await caseContext(ctx.services, { hooks: ctx.hooks });
    const outcome = await registerByStaff(cctx, staffActor(viewer, request.auditActor(), request.site.id), values);
    if (!outcome.ok) return intakePage(request, reply, values, outcome.errors, 422);
    return reply.redirect(`/console/applications/${outcome.value.id}?done=registered`, 303);
  });
}
