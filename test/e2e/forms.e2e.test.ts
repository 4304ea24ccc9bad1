import type { Locator, Response } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { form, registerCitizen, signInCitizen, signInStaff } from './support/actions.js';
import { screenshot, submit, visit } from './support/browser.js';
import { unique, useGongkai, type OpenPage } from './support/fixture.js';

/*
 * Every form, submitted with bad input: the page comes back with 422, a Chinese error summary
 * (role=alert) and the message beside the field, and what the person typed is still there
 * (except passwords, which are never sent back).
 */

const gk = useGongkai();

/** Asserts the re-rendered form: status, summary, per-field message, aria-invalid on the field. */
async function expectRejected(p: OpenPage, result: { post: Response }, fieldErrors: Record<string, string | RegExp>) {
  const { page } = p;
  expect(result.post.status(), `status of POST ${new URL(result.post.url()).pathname}`).toBe(422);
  await p.a11y.check();
  const summary = page.locator('.error-summary[role="alert"]');
  expect(await summary.count()).toBe(1);
  expect(await summary.isVisible()).toBe(true);
  expect(await summary.getByRole('heading').textContent()).toMatch(/^提交的内容有 \d+ 处需要修改$/);
  for (const [name, message] of Object.entries(fieldErrors)) {
    const fieldMessage = page.locator(`[id="e-${name}"].error-message`);
    expect(await fieldMessage.isVisible(), `error message beside ${name}`).toBe(true);
    const text = (await fieldMessage.textContent()) ?? '';
    if (typeof message === 'string') expect(text).toContain(message);
    else expect(text).toMatch(message);
    const summaryText = (await summary.textContent()) ?? '';
    if (typeof message === 'string') expect(summaryText).toContain(message);
    // The summary links to the field, and the field points back at its message.
    expect(await summary.locator(`a[href="#f-${name}"]`).count(), `summary link to ${name}`).toBe(1);
    const field = page.locator(`[id="f-${name}"]`);
    if ((await field.evaluate((el) => (el as unknown as { tagName: string }).tagName)) !== 'FIELDSET') {
      expect(await field.getAttribute('aria-invalid')).toBe('true');
    }
    expect((await field.getAttribute('aria-describedby')) ?? '').toContain(`e-${name}`);
  }
}

const kept = (locator: Locator) => locator.inputValue();

describe('forms reject bad input in Chinese and keep what was typed', () => {
  it('/register: bad mobile number, short password', async () => {
    const p = await gk.open();
    const { page } = p;
    await visit(page, '/register');
    await p.a11y.check();
    const reg = form(p, '注册');
    await reg.getByLabel('姓名或单位名称').fill('李四');
    await reg.getByLabel('手机号或电子邮箱').fill('1380013');
    await reg.getByLabel(/^密码/).fill('abc123');
    await reg.getByLabel('确认密码').fill('abc123');
    await reg.getByLabel(/我已阅读并同意/).check();
    const result = await submit(page, reg.getByRole('button', { name: '注册' }));
    await expectRejected(p, result, { contact: '请填写 11 位手机号码或有效的电子邮箱', password: '密码至少 10 位' });
    expect(await kept(reg.getByLabel('姓名或单位名称'))).toBe('李四');
    expect(await kept(reg.getByLabel('手机号或电子邮箱'))).toBe('1380013');
    expect(await reg.getByLabel('自然人').isChecked()).toBe(true);
    expect(await reg.getByLabel(/我已阅读并同意/).isChecked()).toBe(true);
    expect(await kept(reg.getByLabel(/^密码/)), 'passwords are not sent back').toBe('');
    expect(await kept(reg.getByLabel('确认密码'))).toBe('');
    await screenshot(page, 'register-errors');
  });

  it('/register: bad e-mail address, and a password of one character class', async () => {
    const p = await gk.open();
    const { page } = p;
    await visit(page, '/register');
    await p.a11y.check();
    const reg = form(p, '注册');
    await reg.getByLabel('姓名或单位名称').fill('王五');
    await reg.getByLabel('手机号或电子邮箱').fill('wangwu@example');
    await reg.getByLabel(/^密码/).fill('abcdefghijkl');
    await reg.getByLabel('确认密码').fill('abcdefghijkl');
    const result = await submit(page, reg.getByRole('button', { name: '注册' }));
    await expectRejected(p, result, {
      contact: '电子邮箱格式不正确',
      password: '密码须包含字母、数字、符号中的至少两类',
      agree: '请阅读并同意用户协议与隐私政策',
    });
    expect(await kept(reg.getByLabel('手机号或电子邮箱'))).toBe('wangwu@example');
    expect(await kept(reg.getByLabel('姓名或单位名称'))).toBe('王五');
  });

  it('/register: passwords that do not match', async () => {
    const p = await gk.open();
    const { page } = p;
    await visit(page, '/register');
    await p.a11y.check();
    const reg = form(p, '注册');
    const email = `${unique('mismatch-')}@example.com`;
    await reg.getByLabel('姓名或单位名称').fill('赵六');
    await reg.getByLabel('手机号或电子邮箱').fill(email);
    await reg.getByLabel(/^密码/).fill('Kaifang-2026!');
    await reg.getByLabel('确认密码').fill('Kaifang-2027!');
    await reg.getByLabel(/我已阅读并同意/).check();
    const result = await submit(page, reg.getByRole('button', { name: '注册' }));
    await expectRejected(p, result, { passwordConfirm: '两次输入的密码不一致' });
    expect(await kept(reg.getByLabel('手机号或电子邮箱'))).toBe(email);
  });

  it('/register: an organisation without its type and credit code', async () => {
    const p = await gk.open();
    const { page } = p;
    await visit(page, '/register');
    await p.a11y.check();
    const reg = form(p, '注册');
    await reg.getByLabel(/^法人或其他组织/).check();
    await reg.getByLabel('姓名或单位名称').fill('示例规划设计院');
    await reg.getByLabel('统一社会信用代码').fill('123');
    await reg.getByLabel('手机号或电子邮箱').fill('13912345678');
    await reg.getByLabel(/^密码/).fill('Kaifang-2026!');
    await reg.getByLabel('确认密码').fill('Kaifang-2026!');
    await reg.getByLabel(/我已阅读并同意/).check();
    const result = await submit(page, reg.getByRole('button', { name: '注册' }));
    await expectRejected(p, result, { orgType: '请选择单位类型', creditCode: '统一社会信用代码应为 18 位' });
    expect(await reg.getByLabel(/^法人或其他组织/).isChecked()).toBe(true);
    expect(await kept(reg.getByLabel('统一社会信用代码'))).toBe('123');
    expect(await kept(reg.getByLabel('手机号或电子邮箱'))).toBe('13912345678');
  });

  it('/login and /console/login: wrong password → 账号或密码不正确, the account name kept', async () => {
    const p = await gk.open();
    const { page } = p;
    for (const [path, identifierLabel, identifier] of [
      ['/login', '手机号或电子邮箱', 'citizen@example.com'],
      ['/console/login', '登录名或电子邮箱', 'admin'],
    ] as const) {
      await visit(page, path);
      await p.a11y.check();
      const login = form(p, '登录');
      await login.getByLabel(identifierLabel).fill(identifier);
      await login.getByLabel(/^密码/).fill('not-the-password-1');
      const result = await submit(page, login.getByRole('button', { name: '登录' }));
      await expectRejected(p, result, { password: '账号或密码不正确' });
      expect(await kept(login.getByLabel(identifierLabel))).toBe(identifier);
      expect(await kept(login.getByLabel(/^密码/))).toBe('');
      expect(new URL(page.url()).pathname).toBe(path);
    }
  });

  it('/password/forgot: bad e-mail address', async () => {
    const p = await gk.open();
    const { page } = p;
    await visit(page, '/password/forgot');
    await p.a11y.check();
    const forgot = form(p, '找回密码');
    await forgot.getByLabel(/^注册时使用的电子邮箱/).fill('zhangsan.example.com');
    const result = await submit(page, forgot.getByRole('button', { name: '发送重置链接' }));
    await expectRejected(p, result, { email: '电子邮箱格式不正确' });
    expect(await kept(forgot.getByLabel(/^注册时使用的电子邮箱/))).toBe('zhangsan.example.com');
  });

  it('/feedback/site-error: missing description', async () => {
    const p = await gk.open();
    const { page } = p;
    await visit(page, '/feedback/site-error?page=/column/zcwj');
    await p.a11y.check();
    const report = form(p, '网站纠错');
    expect(await kept(report.getByLabel(/^出错页面/))).toBe('/column/zcwj');
    await report.getByLabel(/^问题类型/).selectOption('错别字');
    await report.getByLabel(/^联系方式/).fill('13800138000');
    const result = await submit(page, report.getByRole('button', { name: '提交' }));
    await expectRejected(p, result, { description: '请描述发现的问题（至少 5 个字）' });
    expect(await kept(report.getByLabel(/^出错页面/))).toBe('/column/zcwj');
    expect(await kept(report.getByLabel(/^问题类型/))).toBe('错别字');
    expect(await kept(report.getByLabel(/^联系方式/))).toBe('13800138000');
  });

  it('/space/profile (bad mobile) and /space/password (wrong current password)', async () => {
    const p = await gk.open();
    const { page } = p;
    const citizen = { name: `资料${unique().slice(0, 4)}`, email: `${unique('profile-')}@example.com`, password: 'Kaifang-2026!' };
    await registerCitizen(p, citizen);

    await visit(page, '/space/profile');
    await p.a11y.check();
    const profile = form(p, '账号资料');
    await profile.getByLabel(/^姓名/).fill('新名字');
    await profile.getByLabel('手机号').fill('1234567');
    const result = await submit(page, profile.getByRole('button', { name: '保存' }));
    await expectRejected(p, result, { mobile: '请填写 11 位手机号码' });
    expect(await kept(profile.getByLabel('手机号'))).toBe('1234567');
    expect(await kept(profile.getByLabel(/^姓名/))).toBe('新名字');
    expect(await kept(profile.getByLabel(/^电子邮箱/))).toBe(citizen.email);

    await visit(page, '/space/password');
    await p.a11y.check();
    const change = form(p, '修改密码');
    await change.getByLabel(/^当前密码/).fill('Wrong-password-1');
    await change.getByLabel(/^新密码/).fill('Kaifang-2027!');
    await change.getByLabel(/^确认新密码/).fill('Kaifang-2027!');
    const changed = await submit(page, change.getByRole('button', { name: '修改密码' }));
    await expectRejected(p, changed, { current: '当前密码不正确' });
    for (const label of [/^当前密码/, /^新密码/, /^确认新密码/]) expect(await kept(change.getByLabel(label))).toBe('');

    // The old password still works: nothing was changed.
    const again = await gk.open();
    await signInCitizen(again, citizen.email, citizen.password);
  });

  it('console: new user with a bad login name, new department without a name', async () => {
    const p = await gk.open();
    const { page } = p;
    await signInStaff(p);

    await visit(page, '/console/users/new');
    await p.a11y.check();
    const user = form(p, '工作人员');
    await user.getByLabel(/^姓名/).fill('钱七');
    await user.getByLabel(/^登录名/).fill('Qian Qi!');
    await user.getByLabel(/^电子邮箱/).fill('qianqi@example.com');
    await user.getByLabel('审核', { exact: true }).check();
    await user.getByLabel(/^初始密码/).fill('Gongkai-staff-2026');
    const result = await submit(page, user.getByRole('button', { name: '保存' }));
    await expectRejected(p, result, { username: '登录名为 3–32 位小写字母、数字或 . _ -，以字母开头' });
    expect(await kept(user.getByLabel(/^登录名/))).toBe('Qian Qi!');
    expect(await kept(user.getByLabel(/^姓名/))).toBe('钱七');
    expect(await kept(user.getByLabel(/^电子邮箱/))).toBe('qianqi@example.com');
    expect(await user.getByLabel('审核', { exact: true }).isChecked()).toBe(true);
    expect(await kept(user.getByLabel(/^初始密码/))).toBe('');

    await visit(page, '/console/departments/new');
    await p.a11y.check();
    const dept = form(p, '处室');
    await dept.getByLabel(/^处室代码/).fill('KONG');
    const saved = await submit(page, dept.getByRole('button', { name: '保存' }));
    await expectRejected(p, saved, { name: '请填写处室名称（至少 2 个字）' });
    expect(await kept(dept.getByLabel(/^处室代码/))).toBe('KONG');
  });

  it('console: site settings with a bad 网站标识码', async () => {
    const p = await gk.open();
    const { page } = p;
    await signInStaff(p);
    await visit(page, '/console/site');
    await p.a11y.check();
    const settings = form(p, '站点设置');
    const sponsor = await kept(settings.getByLabel(/^主办单位/));
    expect(sponsor).not.toBe('');
    await settings.getByLabel(/^网站标识码/).fill('31-00');
    await settings.getByLabel(/^联系电话/).fill('021-12345678');
    const result = await submit(page, settings.getByRole('button', { name: '保存' }));
    await expectRejected(p, result, { 'footer.siteCode': '网站标识码应为 6–20 位字母或数字' });
    expect(await kept(settings.getByLabel(/^网站标识码/))).toBe('31-00');
    expect(await kept(settings.getByLabel(/^联系电话/))).toBe('021-12345678');
    expect(await kept(settings.getByLabel(/^主办单位/))).toBe(sponsor);

    // Nothing was saved: the portal footer still shows the old code.
    await visit(page, '/');
    await p.a11y.check();
    expect(await page.locator('.site-footer').textContent()).not.toContain('31-00');
  });

  it('console: 工作日历 add-day form with a bad date, and 期限试算 with a bad start date', async () => {
    const p = await gk.open();
    const { page } = p;
    await signInStaff(p);
    await visit(page, '/console/calendar');
    await p.a11y.check();

    const calc = form(p, '期限试算');
    await calc.getByLabel(/^起算日期/).fill('2026-02-30');
    await calc.getByLabel(/^工作日数/).fill('20');
    const answer = page.waitForResponse((r) => r.request().isNavigationRequest() && new URL(r.url()).pathname === '/console/calendar');
    await calc.getByRole('button', { name: '计算' }).click();
    expect((await answer).status()).toBe(422);
    await page.waitForLoadState('load');
    await p.a11y.check();
    expect(await page.locator('[id="e-start"].error-message').textContent()).toContain('起算日期格式不正确');
    expect(await kept(calc.getByLabel(/^起算日期/))).toBe('2026-02-30');
    expect(await kept(calc.getByLabel(/^工作日数/))).toBe('20');

    const yearLink = page.getByRole('table').getByRole('link', { name: /^\d{4}年$/ }).first();
    const year = ((await yearLink.textContent()) ?? '').slice(0, 4);
    await yearLink.click();
    await page.waitForURL(`**/console/calendar/${year}`);
    await p.a11y.check();
    const day = form(p, '录入或修改一天');
    await day.getByLabel(/^日期/).fill(`${year}-13-01`);
    await day.getByLabel(/^法定节假日/).check();
    await day.getByLabel(/^节日名称/).fill('测试节');
    const result = await submit(page, day.getByRole('button', { name: '保存' }));
    await expectRejected(p, result, { date: '日期格式不正确，应为 YYYY-MM-DD 形式的有效日期' });
    expect(await kept(day.getByLabel(/^日期/))).toBe(`${year}-13-01`);
    expect(await kept(day.getByLabel(/^节日名称/))).toBe('测试节');
    expect(await day.getByLabel(/^法定节假日/).isChecked()).toBe(true);
  });
});
