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
    accessible(figure);
    ref.current!.replaceChildren(figure);
    return () => figure.remove();
  }, deps);
  return <div ref={ref} class="plot" />;
}

/**
 * The chart is one image to assistive technology: the SVG Plot labelled gets role="img" (its
 * aria-label and description say what it shows; the table next to it has the data), the marks
 * inside lose the aria-labels Plot gives their <g> and <path> elements (not allowed on elements
 * without a role), and the legend's swatches are hidden (the legend's text stays).
 */
function accessible(figure: Element): void {
  const svgs = figure instanceof SVGSVGElement ? [figure] : [...figure.querySelectorAll('svg')];
  for (const svg of svgs) {
    if (svg.hasAttribute('aria-label')) svg.setAttribute('role', 'img');
    else svg.setAttribute('aria-hidden', 'true');
    for (const element of svg.querySelectorAll('[aria-label], [aria-description], [aria-hidden]')) {
      element.removeAttribute('aria-label');
      element.removeAttribute('aria-description');
      element.removeAttribute('aria-hidden');
    }
  }
}

export const STATUS_COLORS = { domain: ['ON_TRACK', 'AT_RISK', 'OFF_TRACK'], range: ['#1b7f3b', '#a15c00', '#b3261e'] };
