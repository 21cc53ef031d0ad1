// See https://svelte.dev/docs/kit/types#app.d.ts for what these interfaces are for.
declare global {
  namespace App {
    interface Error {
      message: string;
    }
    interface Locals {
      /** The language the page is rendered in. */
      locale: import("@chalkline/shared").Locale;
    }
  }
}

export {};
