import * as Plot from '@observablehq/plot';
import { useEffect, useRef } from 'preact/hooks';

export { Plot };

interface Props {
  /** What the chart shows, for screen readers (the SVG's aria-label). */
  label: string;
  /** The chart's point in a sentence (aria-description), e.g. the latest value against the target. */
  description: string;
  /** Builds the Plot options; called again when `deps` change. */
  options: () => Plot.PlotOptions;
  deps: unknown[];
}

/**
 * An Observable Plot chart: SVG with real text, an aria-label and description on the figure and
 * one on each mark, drawn into the element after render. Every chart on the pages also has its
 * data as a table next to it.
 */
export function PlotFigure({ label, description, options, deps }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const figure = Plot.plot({
      width: Math.max(320, Math.min(ref.current!.clientWidth || 640, 1100)),
      style: { fontSize: '12px', background: 'transparent' },
      ...options(),
      ariaLabel: label,
      ariaDescription: description,
    });
    ref.current!.replaceChildren(figure);
    return () => figure.remove();
  }, deps);
  return <div ref={ref} class="plot" />;
}

export const STATUS_COLORS = { domain: ['ON_TRACK', 'AT_RISK', 'OFF_TRACK'], range: ['#1b7f3b', '#a15c00', '#b3261e'] };
