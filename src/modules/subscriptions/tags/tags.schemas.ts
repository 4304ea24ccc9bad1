import { z } from 'zod';
import { tagCategories, type TagCategory } from '../subscriptions.vocabulary.js';

/** A tag label: what documents store and people read, so short, without separators the old free-text field split on. */
const label = z
  .string()
  .default('')
  .transform((v) => v.trim())
  .refine((v) => v.length > 0, '请填写标签名称')
  .refine((v) => v.length <= 20, '标签名称不超过 20 个字')
  .refine((v) => !/[、,，;；\s"]/.test(v), '标签名称不能包含空格、顿号、逗号、分号或引号');

export const newTagSchema = z.object({
  category: z.string().default('').refine((v) => Object.hasOwn(tagCategories, v), '请选择标签类别').transform((v) => v as TagCategory),
  label,
});

export const renameTagSchema = z.object({ label });

export const tagLabels = { category: '标签类别', label: '标签名称' };
