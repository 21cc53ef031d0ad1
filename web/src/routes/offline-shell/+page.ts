// The page the service worker answers a navigation with when it is offline and kept no copy of the
// page asked for: rendered in the browser only, so the app starts at whatever address was asked for.
export const ssr = false;
