// A line chart over time drawn by uPlot (loaded on first use, so only the reports page pays
// for it), with the same figures as a table under a disclosure for screen readers and
// keyboard users: the canvas alone is not accessible. Resizes with its container.
import { useEffect, useRef } from 'preact/hooks';
import type { ChartData } from '../lib/reports';

const palette = ['#1f4f99', '#a40e26', '#116329', '#6b4200', '#6f42c1', '#0a6b74'];

let library: Promise<typeof import('uplot')> | null = null;

/**
 * uPlot and its stylesheet, fetched once. The reports page calls this as it asks for its
 * data, so the library arrives while the service computes, not after.
 */
export function loadChartLibrary(): Promise<typeof import('uplot')> {
  library ??= Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([m]) => m.default);
  return library;
}

export function LineChart({ title, data, unit = '' }: { title: string; data: ChartData; unit?: string }) {
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = box.current;
    if (!element || data.x.length === 0) return;
    let chart: { destroy(): void; setSize(s: { width: number; height: number }): void } | null = null;
    let cancelled = false;
    const observer = new ResizeObserver(() => chart?.setSize({ width: element.clientWidth, height: 220 }));
    void loadChartLibrary().then((UPlot) => {
      if (cancelled) return;
      chart = new UPlot({
        width: element.clientWidth || 320,
        height: 220,
        series: [
          {},
          ...data.series.map((s, i) => ({ label: s.label, stroke: palette[i % palette.length] ?? '#1f4f99', width: 2, points: { show: true, size: 6 }, spanGaps: false })),
        ],
        axes: [{}, { values: (_u: unknown, ticks: number[]) => ticks.map((t) => `${t}${unit}`) }],
        scales: unit === '%' ? { x: { time: true }, y: { range: [0, 100] } } : { x: { time: true } },
      }, [data.x, ...data.series.map((s) => s.values)], element);
      observer.observe(element);
    });
    return () => {
      cancelled = true;
      observer.disconnect();
      chart?.destroy();
    };
  }, [data, unit]);

  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      {data.x.length === 0 || data.series.length === 0 ? <p class="muted">Nothing in this range.</p> : <div ref={box} class="chart-canvas" aria-hidden="true" />}
      {data.series.length > 0 ? (
        <details>
          <summary>{title}: the figures</summary>
          <table class="data">
            <thead><tr><th scope="col">From</th>{data.series.map((s) => <th scope="col" key={s.label}>{s.label}</th>)}</tr></thead>
            <tbody>
              {data.x.map((x, i) => (
                <tr key={x}>
                  <th scope="row">{new Date(x * 1000).toISOString().slice(0, 10)}</th>
                  {data.series.map((s) => <td key={s.label}>{s.values[i] === null || s.values[i] === undefined ? '—' : `${s.values[i]}${unit}`}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </figure>
  );
}
