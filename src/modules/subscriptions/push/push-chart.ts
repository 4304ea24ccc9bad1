import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, LegendComponent, SVGRenderer]);

export interface BarSeries {
  name: string;
  data: number[];
}

/** Distinguishable in greyscale too, and each at least 3:1 against white. */
const palette = ['#1d4ed8', '#15803d', '#b45309', '#b91c1c', '#6d28d9', '#0e7490', '#be185d', '#4d7c0f'];

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The page's Content-Security-Policy allows no inline style: ECharts' SSR output carries a <style>
 * block (hover rules, useless without script) and style="font-…" on text, which become SVG
 * presentation attributes here. Its private ecmeta_* attributes go too.
 */
export function cspSafeSvg(svg: string, label: string): string {
  return svg
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/ style="([^"]*)"/g, (_m, css: string) =>
      css
        .split(';')
        .map((decl) => decl.split(':').map((s) => s.trim()))
        .filter(([k, v]) => k && v && /^[a-z-]+$/.test(k))
        .map(([k, v]) => ` ${k}="${escapeAttr(v!)}"`)
        .join(''),
    )
    .replace(/ ecmeta_[a-z_]+="[^"]*"/g, '')
    .replace(/ class="zr\d+-cls-\d+"/g, '')
    .replace(/^<svg width="\d+" height="\d+"/, `<svg role="img" aria-label="${escapeAttr(label)}" width="100%" focusable="false"`);
}

/** A grouped bar chart as SVG markup, rendered on the server (no script in the page). */
export function barChartSvg(options: { label: string; categories: string[]; series: BarSeries[]; width?: number; height?: number }): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: options.width ?? 720, height: options.height ?? 320 });
  try {
    chart.setOption({
      animation: false,
      color: palette,
      textStyle: { fontFamily: 'sans-serif' },
      legend: { top: 0, textStyle: { color: '#1f2937' } },
      grid: { left: 56, right: 16, top: 48, bottom: 40 },
      xAxis: { type: 'category', data: options.categories, axisLabel: { color: '#1f2937', interval: 0 } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#1f2937' } },
      series: options.series.map((s) => ({ name: s.name, type: 'bar', data: s.data, label: { show: true, position: 'top', color: '#1f2937' } })),
    });
    return cspSafeSvg(chart.renderToSVGString(), options.label);
  } finally {
    chart.dispose();
  }
}
