// Runs in: renderer. An attachment that reports an element's content width as it changes, so a canvas can be drawn to
// fit; where there is no ResizeObserver (jsdom) it reports the width once.
import type { Attachment } from 'svelte/attachments';

export function observeWidth(report: (width: number) => void): Attachment<HTMLElement> {
  return (node) => {
    report(node.clientWidth);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => report(node.clientWidth));
    observer.observe(node);
    return () => observer.disconnect();
  };
}
