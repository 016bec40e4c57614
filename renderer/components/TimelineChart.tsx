/**
 * Per-service timeline of healthy, unhealthy and zombie counts (uPlot). Fixed height, width follows the
 * container, colours from the theme's CSS variables (rebuilt when the OS theme flips).
 */
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TimelinePoint } from '../../shared/contract.js';

export const CHART_HEIGHT = 120;

/** Counts are whole numbers: no 2.5 on the axis. */
const INTEGER_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000, 20_000, 50_000, 100_000];

function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

/** At least a minute wide, ending at the newest sample, so a few first samples do not stretch absurdly. */
function xWindow(points: readonly TimelinePoint[]): { min: number; max: number } {
  const last = points[points.length - 1];
  const first = points[0];
  const max = (last ? last.at : Date.now()) / 1000;
  const min = Math.min(first ? first.at / 1000 : max, max - 60);
  return { min, max };
}

function show(plot: uPlot, points: readonly TimelinePoint[]): void {
  plot.setData(toData(points), false);
  plot.setScale('x', xWindow(points));
}

function toData(points: readonly TimelinePoint[]): uPlot.AlignedData {
  return [points.map((point) => point.at / 1000), points.map((point) => point.healthy), points.map((point) => point.unhealthy), points.map((point) => point.zombie)];
}

function useDarkScheme(): boolean {
  const [dark, setDark] = useState(() => window.matchMedia('(prefers-color-scheme: dark)').matches);
  useEffect(() => {
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => setDark(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return dark;
}

export function TimelineChart({ points, label }: { points: readonly TimelinePoint[]; label: string }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const pointsRef = useRef(points);
  pointsRef.current = points;
  const dark = useDarkScheme();

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const axis = cssVar('--text-muted', '#666');
    const grid = cssVar('--border', '#ddd');
    const stepped = uPlot.paths.stepped?.({ align: 1 });
    const series = (name: string, color: string, fill?: string): uPlot.Series => ({
      label: name,
      stroke: color,
      width: 1.5,
      fill,
      points: { show: false },
      ...(stepped ? { paths: stepped } : {}),
    });
    const plot = new uPlot(
      {
        width: Math.max(200, container.clientWidth),
        height: CHART_HEIGHT,
        legend: { show: false },
        cursor: { drag: { x: false, y: false }, points: { show: false } },
        scales: {
          x: { time: true, auto: false },
          y: { range: (_u, _min, max) => [0, Math.max(1, Math.ceil(max * 1.1))] },
        },
        axes: [
          { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: '11px system-ui, sans-serif' },
          { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: '11px system-ui, sans-serif', size: 56, incrs: INTEGER_STEPS },
        ],
        series: [
          {},
          series('healthy', cssVar('--healthy', '#1a7f37'), cssVar('--healthy-fill', 'rgba(26,127,55,0.12)')),
          series('unhealthy', cssVar('--unhealthy', '#cf222e')),
          series('zombie', cssVar('--zombie', '#9a6700')),
        ],
      },
      toData(pointsRef.current),
      container,
    );
    show(plot, pointsRef.current);
    plotRef.current = plot;
    const observer = new ResizeObserver(() => {
      const width = Math.max(200, container.clientWidth);
      if (width !== plot.width) plot.setSize({ width, height: CHART_HEIGHT });
    });
    observer.observe(container);
    return () => {
      observer.disconnect();
      plot.destroy();
      plotRef.current = null;
    };
  }, [dark]);

  useEffect(() => {
    if (plotRef.current) show(plotRef.current, points);
  }, [points]);

  return <div ref={containerRef} className="chart" role="img" aria-label={label} data-testid="timeline-chart" />;
}
