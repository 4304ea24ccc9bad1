import { describe, expect, it } from 'vitest';
import { form, signInCitizen, signInStaff } from './support/actions.js';
import { screenshot, submit, visit } from './support/browser.js';
import { unique, useGongkai } from './support/fixture.js';

const gk = useGongkai();

describe('staff console (管理后台)', () => {
  it('an administrator creates a department, then a staff user with a role in it, and sees both listed', async () => {
    const p = await gk.open();
    const { page } = p;
    await signInStaff(p);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('工作台');
    const menu = page.getByRole('navigation', { name: '后台菜单' });

    // 处室管理 → 新建处室
    const dept = { name: `测试处${unique()}`, code: `T${unique().toUpperCase()}`.slice(0, 12) };
    await menu.getByRole('link', { name: '处室管理' }).click();
    await page.waitForURL('**/console/departments');
    await p.a11y.check();
    await page.getByRole('link', { name: '新建处室' }).click();
    await page.waitForURL('**/console/departments/new');
    await p.a11y.check();
    const deptForm = form(p, '处室');
    await deptForm.getByLabel('处室名称').fill(dept.name);
    await deptForm.getByLabel('处室代码').fill(dept.code);
    const savedDept = await submit(page, deptForm.getByRole('button', { name: '保存' }));
    expect(savedDept.post.status()).toBe(303);
    expect(new URL(page.url()).pathname).toBe('/console/departments');
    await p.a11y.check();
    expect(await page.getByRole('status').filter({ hasText: '已保存' }).isVisible()).toBe(true);
    const deptRow = page.getByRole('row').filter({ hasText: dept.name });
    expect(await deptRow.getByRole('cell', { name: dept.code, exact: true }).isVisible()).toBe(true);
    expect(await deptRow.getByRole('cell', { name: '启用', exact: true }).isVisible()).toBe(true);

    // 用户管理 → 新建工作人员 (承办处室 needs the department just created; 编辑 as a second role)
    const user = { name: `测试员${unique().slice(0, 4)}`, username: unique('e2e.'), password: 'Gongkai-staff-2026' };
    await menu.getByRole('link', { name: '用户管理' }).click();
    await page.waitForURL('**/console/users');
    await p.a11y.check();
    await page.getByRole('link', { name: '新建工作人员' }).click();
    await page.waitForURL('**/console/users/new');
    await p.a11y.check();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('新建工作人员');
    const userForm = form(p, '工作人员');
    await userForm.getByLabel(/^姓名/).fill(user.name);
    await userForm.getByLabel(/^登录名/).fill(user.username);
    await userForm.getByLabel('编辑', { exact: true }).check();
    await userForm.getByLabel('承办处室', { exact: true }).check();
    await userForm.getByLabel(/^所属处室/).selectOption({ label: dept.name });
    await userForm.getByLabel(/^初始密码/).fill(user.password);
    const savedUser = await submit(page, userForm.getByRole('button', { name: '保存' }));
    expect(savedUser.post.status()).toBe(303);
    expect(new URL(page.url()).pathname).toBe('/console/users');
    await p.a11y.check();
    const userRow = page.getByRole('row').filter({ hasText: user.username });
    expect(await userRow.count()).toBe(1);
    expect(await userRow.getByRole('cell', { name: user.name, exact: true }).isVisible()).toBe(true);
    expect(await userRow.textContent()).toContain('编辑');
    expect(await userRow.textContent()).toContain('承办处室');
    expect(await userRow.getByRole('cell', { name: dept.name, exact: true }).isVisible()).toBe(true);
    expect(await userRow.getByRole('cell', { name: '正常', exact: true }).isVisible()).toBe(true);
    await screenshot(page, 'console-users');

    // The new colleague can sign in, and sees the menu of an editor, not an administrator's.
    const colleague = await gk.open();
    await signInStaff(colleague, user.username, user.password);
    const theirMenu = colleague.page.getByRole('navigation', { name: '后台菜单' });
    expect(await theirMenu.getByRole('link', { name: '网站纠错' }).isVisible()).toBe(true);
    expect(await theirMenu.getByRole('link', { name: '用户管理' }).count()).toBe(0);
    expect(await colleague.page.locator('.console-user').textContent()).toContain(user.name);
  });

  it('the console asks for a sign-in and refuses a member of the public', async () => {
    const p = await gk.open();
    const { page } = p;
    await page.goto('/console/users');
    expect(new URL(page.url()).pathname).toBe('/console/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/console/users');
    await p.a11y.check();

    await signInCitizen(p);
    const refused = await visit(page, '/console');
    expect(refused.status()).toBe(403);
    await p.a11y.check();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('无权访问');
    expect(await page.getByText('后台仅限工作人员使用').isVisible()).toBe(true);
  });
});
