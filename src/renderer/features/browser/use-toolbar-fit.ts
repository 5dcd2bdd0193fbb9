import { type RefObject, useLayoutEffect, useState } from 'react';
import { fitToolbar, type ToolbarAction, type ToolbarFit, toolbarActions } from './toolbar-fit';

/** Before "More ▾" was ever drawn: about its width in the app's font. */
const MORE_ESTIMATE = 72;
const GAP = 6;
const ADDRESS_MIN = 200;

const sameFit = (a: ToolbarFit, b: ToolbarFit): boolean =>
  a.stacked === b.stacked && a.shown.size === b.shown.size && [...a.shown].every((id) => b.shown.has(id));

/**
 * Measures the toolbar (its width, the navigation group, each action button as drawn, marked
 * `data-action`, and "More ▾", marked `data-more`) and decides what fits, again whenever the
 * pane is resized. Everything is drawn at first, so every button's width is known from then on.
 */
export function useToolbarFit(
  root: RefObject<HTMLElement | null>,
  nav: RefObject<HTMLElement | null>,
): ToolbarFit {
  const [fit, setFit] = useState<ToolbarFit>({ stacked: false, shown: new Set(toolbarActions) });
  const [widths] = useState(() => ({
    actions: {} as Partial<Record<ToolbarAction, number>>,
    more: MORE_ESTIMATE,
  }));

  useLayoutEffect(() => {
    const element = root.current;
    if (!element) return;
    const measure = (): void => {
      for (const button of element.querySelectorAll<HTMLElement>('[data-action]'))
        widths.actions[button.dataset.action as ToolbarAction] = button.offsetWidth;
      const more = element.querySelector<HTMLElement>('[data-more]');
      if (more) widths.more = more.offsetWidth;
      const actions = widths.actions;
      if (!toolbarActions.every((id) => actions[id] !== undefined)) return;
      const style = getComputedStyle(element);
      const next = fitToolbar({
        width:
          element.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight),
        nav: nav.current?.offsetWidth ?? 0,
        actions: actions as Record<ToolbarAction, number>,
        more: widths.more,
        gap: GAP,
        addressMin: ADDRESS_MIN,
      });
      setFit((previous) => (sameFit(previous, next) ? previous : next));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [root, nav, widths]);

  return fit;
}
