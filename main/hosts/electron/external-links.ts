// Runs in: Electron main (plain functions, no electron import). The only pages the app opens in the user's browser:
// links the app itself shows (where the bundled samples come from). A page that asks to open anything else, e.g. an
// injected link to a download or a `file:` / custom-protocol URL, gets nothing.

/** https origins and the path prefixes under them; a link must match one exactly (no user info, no port). */
export const EXTERNAL_LINKS: readonly { origin: string; pathPrefix: string }[] = [
  // "Weather in Szeged 2006-2016", the source of resources/samples/szeged-weather-sample.csv.
  { origin: 'https://www.kaggle.com', pathPrefix: '/datasets/budincsevity/szeged-weather' },
  // Box & Jenkins' airline passengers, via jbrownlee/Datasets (resources/samples/airline-passengers.csv).
  { origin: 'https://github.com', pathPrefix: '/jbrownlee/Datasets' },
  { origin: 'https://raw.githubusercontent.com', pathPrefix: '/jbrownlee/Datasets/' },
];

export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password || parsed.port) return false;
  return EXTERNAL_LINKS.some(
    ({ origin, pathPrefix }) =>
      parsed.origin === origin &&
      (parsed.pathname === pathPrefix || parsed.pathname.startsWith(pathPrefix.endsWith('/') ? pathPrefix : `${pathPrefix}/`)),
  );
}
