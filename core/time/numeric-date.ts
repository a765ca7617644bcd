import { MONTH_NAMES } from './vocabulary.ts';

/**
 * Numeric dates ("03.12", "12/03", "3/12/2027") in the order the chat's region writes them. The region is
 * taken from the chat's zone, by this table (everything else is day first, as in most of the world):
 *
 * | order | zones |
 * |---|---|
 * | month first (12/03 = 3 Dec) | the United States' zones (America/New_York, …/Chicago, …/Denver, …/Phoenix, …/Los_Angeles, …/Anchorage, Pacific/Honolulu, America/Indiana/*, America/Kentucky/*, America/North_Dakota/*, …), Asia/Manila |
 * | year first (12/03 = 3 Dec, as month/day) | Asia/Tokyo, Asia/Seoul, Asia/Shanghai, Asia/Taipei |
 * | day first (03.12 = 3 Dec) | all others, e.g. Europe/Berlin, Europe/London, Australia/Sydney, Asia/Kolkata, America/Sao_Paulo, UTC |
 */
export type DateOrder = 'day-first' | 'month-first';

const US_ZONES = new Set([
  'America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage',
  'America/Juneau', 'America/Sitka', 'America/Yakutat', 'America/Nome', 'America/Metlakatla', 'America/Adak', 'America/Boise',
  'America/Detroit', 'America/Menominee', 'Pacific/Honolulu', 'Asia/Manila', 'Asia/Tokyo', 'Asia/Seoul', 'Asia/Shanghai', 'Asia/Taipei',
]);

export function dateOrderFor(tz: string): DateOrder {
  if (US_ZONES.has(tz) || /^America\/(?:Indiana|Kentucky|North_Dakota)\//.test(tz) || tz.startsWith('US/')) return 'month-first';
  return 'day-first';
}

/** Only after a word that introduces a date, or with a year or a slash: "at 8.30" stays a time. */
const NUMERIC_DATE = /(?<=\b(?:on|by|until|till|starting|from|beginning|due)\s+)(?:the\s+)?(\d{1,2})([./])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![\w.:/]|\.\d)|(?<![\w.:/@])(?<!\bat\s)(\d{1,2})(\/)(\d{1,2})(?:\/(\d{4}|\d{2}))?(?![\w.:/])|(?<![\w.:/@])(?<!\bat\s)(\d{1,2})(\.)(\d{1,2})\.(\d{4}|\d{2})(?![\w.:/])/gi;

export interface NumericDateReading {
  /** The text with each numeric date written out ("on 3 december at 10 dentist"). */
  text: string;
  /** What was assumed, for the confirmation: "03.12 read as 3 December (day first, as in Europe/Berlin)…". */
  notes: string[];
  /** Dates that are no date in either order ("31/31"). */
  invalid?: string;
  /** The dates that read as a date in both orders, in the order written, each with the reading not taken. */
  ambiguous: Array<{ written: string; other: { day: number; month: number } }>;
}

const valid = (day: number, month: number): boolean => month >= 1 && month <= 12 && day >= 1 && day <= [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;

/**
 * Rewrites numeric dates in `text` as words chrono reads, in the order `tz`'s region uses. `flip` names one
 * of the ambiguous dates (by its index in `ambiguous`) to read in the other order: the one-tap alternative.
 */
export function readNumericDates(text: string, tz: string, flip?: number): NumericDateReading {
  const order = dateOrderFor(tz);
  const notes: string[] = [];
  const ambiguous: NumericDateReading['ambiguous'] = [];
  let invalid: string | undefined;
  const out = text.replace(NUMERIC_DATE, (whole, ...groups: Array<string | undefined>) => {
    const [a, , b, year] = groups[0] !== undefined ? groups.slice(0, 4) : groups[4] !== undefined ? groups.slice(4, 8) : groups.slice(8, 12);
    const [x, y] = [Number(a), Number(b)];
    const preferred: [number, number] = order === 'day-first' ? [x, y] : [y, x];
    const other: [number, number] = [preferred[1], preferred[0]];
    let [day, month] = preferred;
    if (!valid(day, month)) {
      if (!valid(other[0], other[1])) { invalid = whole; return whole; }
      [day, month] = other;
    } else if (x !== y && valid(other[0], other[1])) {
      const written = whole.replace(/^the\s+/i, '');
      if (ambiguous.push({ written, other: { day: other[0], month: other[1] } }) - 1 === flip) [day, month] = other;
      notes.push(`I read ${written} as ${day} ${MONTH_NAMES[month - 1]} (${order === 'day-first' ? 'day' : 'month'} first, as usual in ${tz}); ` +
        `for ${other[0]} ${MONTH_NAMES[other[1] - 1]} write "${other[0]} ${MONTH_NAMES[other[1] - 1]?.toLowerCase()}".`);
    }
    const fullYear = year === undefined ? '' : ` ${year.length === 2 ? 2000 + Number(year) : Number(year)}`;
    return `${day} ${MONTH_NAMES[month - 1]?.toLowerCase()}${fullYear}`;
  });
  return { text: out, notes, ambiguous, ...(invalid !== undefined ? { invalid } : {}) };
}
