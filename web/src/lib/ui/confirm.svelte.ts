/**
 * Asking before an action that cannot be taken back, in the page instead of the browser's `confirm()`:
 * `if (!(await confirmAction({ ... }))) return;`. One `ConfirmDialog` in the root layout shows the
 * question; a second question while one is open answers the first with "no".
 */
export interface ConfirmRequest {
  /** The dialog's heading, a question: "Disable Ada's account?". */
  title: string;
  /** What happens, in a sentence or two. */
  message: string;
  /** The button that goes ahead, named for the action: "Disable account". */
  confirmLabel: string;
  /** Styles the confirm button as destructive; true unless said otherwise. */
  danger?: boolean;
}

interface Pending extends ConfirmRequest {
  answer: (confirmed: boolean) => void;
}

class Confirmations {
  current = $state<Pending | null>(null);

  ask(request: ConfirmRequest): Promise<boolean> {
    this.current?.answer(false);
    return new Promise((resolve) => {
      this.current = { ...request, answer: resolve };
    });
  }

  /** Closes the open question with the user's answer. */
  settle(confirmed: boolean): void {
    const pending = this.current;
    this.current = null;
    pending?.answer(confirmed);
  }
}

export const confirmations = new Confirmations();

export function confirmAction(request: ConfirmRequest): Promise<boolean> {
  return confirmations.ask(request);
}
