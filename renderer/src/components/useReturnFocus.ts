import { useEffect, useRef } from 'react';

/**
 * Gives focus back to whatever had it when a dialog opened (the button that
 * opened it), once the dialog closes. Fluent restores focus only for dialogs
 * opened through a DialogTrigger; ours open from state.
 */
export function useReturnFocus(open: boolean): void {
  const previous = useRef<HTMLElement | null>(null);
  const wasOpen = useRef(false);
  // Read during render, before the dialog mounts and takes the focus.
  if (open && !wasOpen.current && typeof document !== 'undefined') {
    previous.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  }
  wasOpen.current = open;
  useEffect(() => {
    if (open || !previous.current) return;
    const element = previous.current;
    previous.current = null;
    if (element.isConnected) requestAnimationFrame(() => element.focus());
  }, [open]);
}
