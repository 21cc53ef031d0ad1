// The app renders in the browser: the session is an in-memory access token plus an httpOnly refresh
// cookie, so a server render would have nothing to show. The server sends the shell, the app does the rest.
export const ssr = false;
export const prerender = false;
