import { expect } from 'vitest';
import { submit, visit } from './browser.js';
import type { OpenPage } from './fixture.js';
import { DEMO_PASSWORD } from './server.js';

export const form = (p: OpenPage, name: string) => p.page.getByRole('form', { name });

/** Signs in at /login (members of the public) and lands in the space. */
export async function signInCitizen(p: OpenPage, identifier = 'citizen@example.com', password = DEMO_PASSWORD, path = '/login') {
  await visit(p.page, path);
  await p.a11y.check();
  const login = form(p, '登录');
  await login.getByLabel('手机号或电子邮箱').fill(identifier);
  await login.getByLabel(/^密码/).fill(password);
  const { post, final } = await submit(p.page, login.getByRole('button', { name: '登录' }));
  expect(post.status(), 'sign-in answers with a redirect').toBe(303);
  expect(final?.status()).toBe(200);
  await p.a11y.check();
}

/** Signs in at /console/login and lands on the console. */
export async function signInStaff(p: OpenPage, username = 'admin', password = DEMO_PASSWORD) {
  await visit(p.page, '/console/login');
  await p.a11y.check();
  const login = form(p, '登录');
  await login.getByLabel('登录名或电子邮箱').fill(username);
  await login.getByLabel(/^密码/).fill(password);
  const { post } = await submit(p.page, login.getByRole('button', { name: '登录' }));
  expect(post.status(), 'staff sign-in answers with a redirect').toBe(303);
  expect(new URL(p.page.url()).pathname).toBe('/console');
  await p.a11y.check();
}

export interface NewCitizen {
  name: string;
  email: string;
  password: string;
}

/** Registers a 自然人 account with an e-mail address; ends in the personal space. */
export async function registerCitizen(p: OpenPage, citizen: NewCitizen) {
  await visit(p.page, '/register');
  await p.a11y.check();
  const reg = form(p, '注册');
  await reg.getByLabel('自然人').check();
  await reg.getByLabel('姓名或单位名称').fill(citizen.name);
  await reg.getByLabel('手机号或电子邮箱').fill(citizen.email);
  await reg.getByLabel(/^密码/).fill(citizen.password);
  await reg.getByLabel('确认密码').fill(citizen.password);
  await reg.getByLabel(/我已阅读并同意/).check();
  const { post, final } = await submit(p.page, reg.getByRole('button', { name: '注册' }));
  expect(post.status(), 'registration answers with a redirect').toBe(303);
  expect(final?.status()).toBe(200);
  expect(new URL(p.page.url()).pathname).toBe('/space');
  await p.a11y.check();
}
