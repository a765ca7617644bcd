import { isKnownZone } from './zoned-time.ts';

/**
 * Cities and abbreviations people type that are not the last segment of an IANA name
 * (those — "berlin", "tokyo", "new york" — are found from Intl's own list). Abbreviations map to
 * the zone most people using them mean, with its DST rules (so "EST" in July is New York time).
 */
const ALIASES: Record<string, string> = {
  // Abbreviations
  utc: 'UTC', gmt: 'UTC', z: 'UTC', zulu: 'UTC',
  est: 'America/New_York', edt: 'America/New_York', et: 'America/New_York', eastern: 'America/New_York',
  cst: 'America/Chicago', cdt: 'America/Chicago', ct: 'America/Chicago', central: 'America/Chicago',
  mst: 'America/Denver', mdt: 'America/Denver', mt: 'America/Denver', mountain: 'America/Denver',
  pst: 'America/Los_Angeles', pdt: 'America/Los_Angeles', pt: 'America/Los_Angeles', pacific: 'America/Los_Angeles',
  akst: 'America/Anchorage', hst: 'Pacific/Honolulu',
  bst: 'Europe/London', wet: 'Europe/Lisbon', cet: 'Europe/Berlin', cest: 'Europe/Berlin',
  eet: 'Europe/Athens', eest: 'Europe/Athens', msk: 'Europe/Moscow',
  ist: 'Asia/Kolkata', pkt: 'Asia/Karachi', jst: 'Asia/Tokyo', kst: 'Asia/Seoul', hkt: 'Asia/Hong_Kong',
  sgt: 'Asia/Singapore', wib: 'Asia/Jakarta', aest: 'Australia/Sydney', aedt: 'Australia/Sydney',
  acst: 'Australia/Adelaide', awst: 'Australia/Perth', nzst: 'Pacific/Auckland', nzdt: 'Pacific/Auckland',
  brt: 'America/Sao_Paulo', art: 'America/Argentina/Buenos_Aires',
  // Americas
  nyc: 'America/New_York', 'new york city': 'America/New_York', boston: 'America/New_York',
  washington: 'America/New_York', 'washington dc': 'America/New_York', dc: 'America/New_York',
  philadelphia: 'America/New_York', miami: 'America/New_York', atlanta: 'America/New_York',
  pittsburgh: 'America/New_York', orlando: 'America/New_York', charlotte: 'America/New_York',
  dallas: 'America/Chicago', houston: 'America/Chicago', austin: 'America/Chicago',
  'san antonio': 'America/Chicago', minneapolis: 'America/Chicago', 'new orleans': 'America/Chicago',
  'salt lake city': 'America/Denver', 'las vegas': 'America/Los_Angeles', la: 'America/Los_Angeles',
  'san francisco': 'America/Los_Angeles', sf: 'America/Los_Angeles', seattle: 'America/Los_Angeles',
  'san diego': 'America/Los_Angeles', portland: 'America/Los_Angeles', 'san jose': 'America/Los_Angeles',
  ottawa: 'America/Toronto', montreal: 'America/Toronto', calgary: 'America/Edmonton',
  'mexico city': 'America/Mexico_City', 'rio de janeiro': 'America/Sao_Paulo', rio: 'America/Sao_Paulo',
  'buenos aires': 'America/Argentina/Buenos_Aires', 'sao paulo': 'America/Sao_Paulo', 'são paulo': 'America/Sao_Paulo',
  // Europe
  munich: 'Europe/Berlin', münchen: 'Europe/Berlin', hamburg: 'Europe/Berlin', frankfurt: 'Europe/Berlin',
  cologne: 'Europe/Berlin', köln: 'Europe/Berlin', stuttgart: 'Europe/Berlin', düsseldorf: 'Europe/Berlin',
  leipzig: 'Europe/Berlin', dresden: 'Europe/Berlin', germany: 'Europe/Berlin',
  geneva: 'Europe/Zurich', basel: 'Europe/Zurich', milan: 'Europe/Rome', milano: 'Europe/Rome',
  florence: 'Europe/Rome', naples: 'Europe/Rome', barcelona: 'Europe/Madrid', valencia: 'Europe/Madrid',
  seville: 'Europe/Madrid', porto: 'Europe/Lisbon', lyon: 'Europe/Paris', marseille: 'Europe/Paris',
  manchester: 'Europe/London', edinburgh: 'Europe/London', glasgow: 'Europe/London', birmingham: 'Europe/London',
  rotterdam: 'Europe/Amsterdam', 'the hague': 'Europe/Amsterdam', antwerp: 'Europe/Brussels',
  krakow: 'Europe/Warsaw', kraków: 'Europe/Warsaw', gothenburg: 'Europe/Stockholm',
  kyiv: 'Europe/Kyiv', kiev: 'Europe/Kyiv', 'st petersburg': 'Europe/Moscow', 'saint petersburg': 'Europe/Moscow',
  cork: 'Europe/Dublin',
  // Asia, Africa, Oceania
  mumbai: 'Asia/Kolkata', bombay: 'Asia/Kolkata', delhi: 'Asia/Kolkata', 'new delhi': 'Asia/Kolkata',
  bangalore: 'Asia/Kolkata', bengaluru: 'Asia/Kolkata', chennai: 'Asia/Kolkata', hyderabad: 'Asia/Kolkata',
  pune: 'Asia/Kolkata', calcutta: 'Asia/Kolkata', india: 'Asia/Kolkata',
  beijing: 'Asia/Shanghai', shenzhen: 'Asia/Shanghai', guangzhou: 'Asia/Shanghai', china: 'Asia/Shanghai',
  osaka: 'Asia/Tokyo', kyoto: 'Asia/Tokyo', japan: 'Asia/Tokyo', busan: 'Asia/Seoul',
  hanoi: 'Asia/Ho_Chi_Minh', saigon: 'Asia/Ho_Chi_Minh', 'abu dhabi': 'Asia/Dubai',
  'tel aviv': 'Asia/Jerusalem', istanbul: 'Europe/Istanbul', ankara: 'Europe/Istanbul',
  'cape town': 'Africa/Johannesburg', 'kuala lumpur': 'Asia/Kuala_Lumpur', wellington: 'Pacific/Auckland',
  canberra: 'Australia/Sydney', 'gold coast': 'Australia/Brisbane',
};

/** Zones whose preferred spelling differs from what older ICU builds report as canonical. */
const PREFERRED: Record<string, string> = {
  'asia/calcutta': 'Asia/Kolkata', 'europe/kiev': 'Europe/Kyiv', 'asia/saigon': 'Asia/Ho_Chi_Minh',
  'asia/katmandu': 'Asia/Kathmandu', 'asia/rangoon': 'Asia/Yangon', 'america/buenos_aires': 'America/Argentina/Buenos_Aires',
  'etc/utc': 'UTC', 'etc/gmt': 'UTC', 'utc': 'UTC', 'gmt': 'UTC',
};

let ianaByKey: Map<string, string> | undefined;

/** Every zone Intl lists, keyed by lowercase full name and by its city ("new york" → America/New_York). */
function ianaIndex(): Map<string, string> {
  if (ianaByKey) return ianaByKey;
  const index = new Map<string, string>();
  for (const raw of Intl.supportedValuesOf('timeZone')) {
    const preferred = PREFERRED[raw.toLowerCase()];
    const zone = preferred !== undefined && isKnownZone(preferred) ? preferred : raw;
    index.set(raw.toLowerCase(), zone);
    const city = normalize(raw.slice(raw.lastIndexOf('/') + 1));
    if (raw.includes('/') && !index.has(city)) index.set(city, zone);
  }
  for (const [alias, zone] of Object.entries(PREFERRED)) if (isKnownZone(zone)) index.set(alias, zone);
  ianaByKey = index;
  return index;
}

function normalize(input: string): string {
  return input.trim().toLowerCase().replace(/[_\s]+/g, ' ').replace(/\.$/, '').replace(/\./g, '');
}

/**
 * Turns what a person types for their timezone into an IANA zone, or undefined when unsure.
 * Accepts IANA names in any case ("europe/berlin"), common cities ("berlin", "New York", "mumbai"),
 * common abbreviations ("CET", "EST", "IST" → Asia/Kolkata) and whole-hour offsets ("GMT+2", "UTC-5").
 *
 * @example resolveZone('new york') // 'America/New_York'
 */
export function resolveZone(input: string): string | undefined {
  const key = normalize(input);
  if (key === '') return undefined;
  const offset = /^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?00)?$/.exec(key);
  if (offset) {
    const hours = Number(offset[2]);
    if (hours === 0) return 'UTC';
    if (hours > 14) return undefined;
    // POSIX sign convention: Etc/GMT-2 is two hours *ahead* of UTC.
    return `Etc/GMT${offset[1] === '+' ? '-' : '+'}${hours}`;
  }
  const found = ALIASES[key] ?? ianaIndex().get(key) ?? ianaIndex().get(key.replace(/ /g, '_'));
  if (found !== undefined && isKnownZone(found)) return found;
  // Intl also knows links missing from supportedValuesOf ("US/Eastern", "Asia/Kolkata" on older ICU): use its canonical name, modernised.
  const candidate = input.trim().replace(/\s+/g, '_');
  if (candidate.includes('/') && isKnownZone(candidate)) {
    const canonical = new Intl.DateTimeFormat('en-US', { timeZone: candidate }).resolvedOptions().timeZone;
    const preferred = PREFERRED[canonical.toLowerCase()];
    return preferred !== undefined && isKnownZone(preferred) ? preferred : canonical;
  }
  return undefined;
}
