/**
 * Closes a `<details>` popover when the person clicks or focuses elsewhere, or presses Escape,
 * as menus do. Use as `<details use:closeOnOutside>`.
 */
export function closeOnOutside(details: HTMLDetailsElement): { destroy(): void } {
  const onPointer = (e: Event) => {
    if (details.open && !details.contains(e.target as Node)) details.open = false;
  };
  const onKey = (e: KeyboardEvent) => {
    if (details.open && e.key === "Escape") {
      details.open = false;
      details.querySelector("summary")?.focus();
    }
  };
  document.addEventListener("pointerdown", onPointer, true);
  document.addEventListener("focusin", onPointer);
  details.addEventListener("keydown", onKey);
  return {
    destroy() {
      document.removeEventListener("pointerdown", onPointer, true);
      document.removeEventListener("focusin", onPointer);
      details.removeEventListener("keydown", onKey);
    },
  };
}
