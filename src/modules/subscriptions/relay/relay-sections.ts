import type { RelayContent } from './relay-content.js';

/*
 * The package as numbered sections of plain paragraphs: the one reading order shared by the
 * .docx and the .pdf (the web page lays the same content out in HTML).
 */

export interface Section {
  heading: string;
  paragraphs: { text: string; bold?: boolean }[];
}

const paragraphsOf = (text: string) => text.split(/\n+/).map((t) => t.trim()).filter(Boolean).map((t) => ({ text: t }));

export function relaySections(content: RelayContent, baseUrl: string): Section[] {
  const p = content.policy;
  const sections: Section[] = [
    {
      heading: '一、政策原文',
      paragraphs: [
        { text: `《${p.title}》${p.docNumber ? `（${p.docNumber}）` : ''}`, bold: true },
        { text: `发文机关：${p.issuers.join('、') || '—'}；发布日期：${p.publishedOn}。` },
        ...paragraphsOf(`原文摘要：${p.summary}`),
        { text: `原文全文：${baseUrl}${p.path}` },
      ],
    },
    {
      heading: '二、政策解读',
      paragraphs: content.interpretations.length === 0
        ? [{ text: '本政策暂无公开的解读。' }]
        : content.interpretations.flatMap((i) => [
            { text: `《${i.title}》（${i.publishedOn}）`, bold: true },
            ...paragraphsOf(i.text),
            ...(i.truncated ? [{ text: `解读全文：${baseUrl}${i.path}` }] : []),
          ]),
    },
    {
      heading: '三、常见问答',
      paragraphs: content.faq.flatMap((item, n) => [{ text: `${n + 1}. 问：${item.q}`, bold: true }, ...paragraphsOf(`答：${item.a}`)]),
    },
    { heading: '四、宣传口径', paragraphs: paragraphsOf(content.script) },
  ];
  return sections;
}
