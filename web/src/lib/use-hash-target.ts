import { useEffect } from 'preact/hooks';

/**
 * Once a page has rendered its data, scrolls to the element the URL's hash names (links to a
 * decision, a key result or a report land there) and opens the <details> around it.
 */
export function useHashTarget(ready: boolean): void {
  useEffect(() => {
    if (!ready || !location.hash) return;
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) return;
    for (let node: HTMLElement | null = target; node; node = node.parentElement) {
      if (node instanceof HTMLDetailsElement) node.open = true;
    }
    target.scrollIntoView({ block: 'start' });
    target.classList.add('targeted');
  }, [ready, location.hash]);
}
