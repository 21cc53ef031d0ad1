// Pages render on the server too: public pages in full, signed-in pages as their skeleton (the
// session is an in-memory access token the server never has); the browser then signs in and fills them.
export const prerender = false;
