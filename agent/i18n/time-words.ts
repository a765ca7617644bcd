import type { Language } from './languages.ts';

/**
 * What each language says around times, for parse-localized.ts. chrono-node reads one-time dates
 * and times in these languages; the rest is here: how "remind me" is said, relative durations,
 * parts of the day, and the words that start a repeating reminder (those phrases are rewritten
 * into the English time grammar, word by word, touching only time words).
 */
export interface TimeWords {
  /** "erinnere mich (daran)", stripped from the start. */
  remindPrefix: RegExp;
  /** "in 2 Stunden": group 1 = number, group 2 = unit word. */
  relative: RegExp;
  /** Unit word → milliseconds. */
  units: Array<[RegExp, number]>;
  /** Parts of the day → hour, when no clock time is given ("morgen früh"). */
  dayParts: Array<[RegExp, number]>;
  /** The start of a repeating phrase ("jeden", "täglich"). */
  every: RegExp;
  /** Rewrites of a repeating phrase's time words into English, applied in order. */
  toEnglish: Array<[RegExp, string]>;
  /** Connector words left at the start of the text once the time is cut out ("an", "de", "a"). */
  lead: RegExp;
  /** Time words that must not stay in the text: if they do, the time was not fully read. */
  unread: RegExp;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** English weekday names the core grammar reads, Monday first. */
const WEEKDAYS_EN = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** Rewrites per weekday: `[pattern for the local name, english]`. */
function weekdays(names: string[]): Array<[RegExp, string]> {
  return names.map((name, i) => [new RegExp(`\\b(?:${name})\\b`, 'giu'), WEEKDAYS_EN[i] as string]);
}

/** "um 9" / "à 9h30" / "a las 9" / "às 9" / "om 9": the clock words before a number become "at". */
function atClock(words: string): [RegExp, string] {
  return [new RegExp(`\\b(?:${words})\\s+(?=\\d)`, 'giu'), 'at '];
}

/** "9h", "9h30", "9 Uhr", "9 uur" → "9:00" / "9:30". */
export const CLOCK_SUFFIX: Array<[RegExp, string]> = [
  [/\b(\d{1,2})\s?h(\d{2})\b/giu, '$1:$2'],
  [/\b(\d{1,2})\s?(?:h|uhr|uur)\b/giu, '$1:00'],
  [/\b(\d{1,2})\.(\d{2})\b/gu, '$1:$2'],
];

/** English weekday names as a pattern, for rewrites that run after the weekday names were translated. */
const EN_DAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';

/**
 * "every other monday", "every 2 weeks on friday", "every first monday of the month" (#15): rewritten
 * before the generic "every" rewrite, which would otherwise split them; "on" before a weekday comes
 * after the weekday names are English.
 */
function intervals(rules: {
  everyOther: string;
  twoWeeks: string;
  threeWeeks: string;
  /** first, second, third, fourth, last: only before a weekday name (`days`), so "erste Hilfe" in a text stays as written. */
  ordinals: [string, string, string, string, string];
  days: string;
  ofTheMonth: string;
}): Array<[RegExp, string]> {
  const beforeDay = `(?=\\s+(?:${rules.days})\\b)`;
  const [first, second, third, fourth, last] = rules.ordinals.map((ordinal) => `(?:${ordinal})${beforeDay}`);
  return [
    [new RegExp(`\\b(?:${rules.everyOther})\\b`, 'giu'), 'every other'],
    [new RegExp(`\\b(?:${rules.twoWeeks})\\b`, 'giu'), 'every 2 weeks'],
    [new RegExp(`\\b(?:${rules.threeWeeks})\\b`, 'giu'), 'every 3 weeks'],
    [new RegExp(`\\b(?:${first})\\b`, 'giu'), 'first'],
    [new RegExp(`\\b(?:${second})\\b`, 'giu'), 'second'],
    [new RegExp(`\\b(?:${third})\\b`, 'giu'), 'third'],
    [new RegExp(`\\b(?:${fourth})\\b`, 'giu'), 'fourth'],
    [new RegExp(`\\b(?:${last})\\b`, 'giu'), 'last'],
    [new RegExp(`\\b(?:${rules.ofTheMonth})\\b`, 'giu'), 'of the month'],
  ];
}

/** "am monday" → "on monday", once the weekday is English: the grammar reads "every 2 weeks on friday". */
function onWeekday(words: string): [RegExp, string] {
  return [new RegExp(`\\b(?:${words})\\s+(?=${EN_DAY}\\b)`, 'giu'), 'on '];
}

const WORDS: Record<Exclude<Language, 'en'>, TimeWords> = {
  de: {
    remindPrefix: /^(?:bitte\s+)?(?:erinnere?|erinner)\s+mich(?:\s+daran)?[,:]?\s*/iu,
    relative: /\bin\s+(\d{1,4})\s+(minuten?|min|stunden?|std|tagen?)\b/iu,
    units: [[/^min/iu, MINUTE], [/^(?:stunde|std)/iu, HOUR], [/^tag/iu, DAY]],
    dayParts: [[/\b(?:früh|morgens|vormittags)\b/iu, 9], [/\bnachmittags?\b/iu, 15], [/\b(?:abends?|am abend)\b/iu, 19], [/\bnachts\b/iu, 21]],
    every: /^(?:jede[nrs]?|alle|täglich|wöchentlich|werktags|wochentags|montags|dienstags|mittwochs|donnerstags|freitags|samstags|sonntags)\b/iu,
    toEnglish: [
      ...intervals({ everyOther: 'jede[nrs]? zweite[nrs]?', twoWeeks: 'alle (?:zwei|2) wochen', threeWeeks: 'alle (?:drei|3) wochen', ordinals: ['ersten?', 'zweiten?', 'dritten?', 'vierten?', 'letzten?'], days: 'montags?|dienstags?|mittwochs?|donnerstags?|freitags?|samstags?|sonntags?', ofTheMonth: 'im monat|des monats|jeden monats' }),
      [/^(?=(?:montags|dienstags|mittwochs|donnerstags|freitags|samstags|sonntags)\b)/giu, 'every '],
      [/\b(?:werktags|wochentags|jeden werktag|jeden wochentag)\b/giu, 'every weekday'],
      [/\b(?:täglich|jeden tag)\b/giu, 'every day'],
      [/\bjeden morgen\b/giu, 'every morning'],
      [/\bjeden abend\b/giu, 'every evening'],
      [/\b(?:jede[nrs]?|alle)\b/giu, 'every'],
      ...weekdays(['montags?', 'dienstags?', 'mittwochs?', 'donnerstags?', 'freitags?', 'samstags?', 'sonntags?']),
      onWeekday('am'),
      [/\b(minuten?)\b/giu, 'minutes'],
      [/\b(stunden?)\b/giu, 'hours'],
      [/\btage\b/giu, 'days'],
      [/\bwochen?\b/giu, 'weeks'],
      ...CLOCK_SUFFIX,
      atClock('um'),
      [/(?<=day|\d)\s+und\s+(?=\d|monday|tuesday|wednesday|thursday|friday|saturday|sunday)/giu, ' and '],
    ],
    lead: /^(?:(?:an|zu|dass|daran|um)\b|[,:–-])\s*/iu,
    unread: /\b(?:morgen|übermorgen|heute|uhr|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|minuten?|stunden?)\b/iu,
  },
  fr: {
    remindPrefix: /^(?:rappelle[- ]moi|rappelez[- ]moi)(?:\s+(?:de|que)(?=\s)|\s+d['’])?\s*/iu,
    relative: /\bdans\s+(\d{1,4})\s+(minutes?|min|heures?|h|jours?)\b/iu,
    units: [[/^min/iu, MINUTE], [/^h/iu, HOUR], [/^jour/iu, DAY]],
    dayParts: [[/\b(?:le )?matin\b/iu, 9], [/\b(?:l['’])?après[- ]midi\b/iu, 15], [/\b(?:le )?soir\b/iu, 19], [/\bcette nuit\b/iu, 21]],
    every: /^(?:chaque|tous les|toutes les|tous|quotidiennement|un (?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) sur deux)\b/iu,
    toEnglish: [
      [/^un (lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) sur deux\b/giu, 'every other $1'],
      ...intervals({ everyOther: 'tous les deux|toutes les deux(?! semaines)', twoWeeks: 'toutes les (?:deux|2) semaines', threeWeeks: 'toutes les (?:trois|3) semaines', ordinals: ['premiers?|première', 'deuxièmes?|second', 'troisièmes?', 'quatrièmes?', 'derniers?|dernière'], days: 'lundis?|mardis?|mercredis?|jeudis?|vendredis?|samedis?|dimanches?', ofTheMonth: 'du mois|de chaque mois' }),
      [/\b(?:chaque jour ouvré|en semaine|tous les jours de semaine)\b/giu, 'every weekday'],
      [/\b(?:tous les jours|chaque jour|quotidiennement)\b/giu, 'every day'],
      [/\b(?:chaque matin|tous les matins)\b/giu, 'every morning'],
      [/\b(?:chaque soir|tous les soirs)\b/giu, 'every evening'],
      [/\b(?:chaque|tous les|toutes les)\b/giu, 'every'],
      ...weekdays(['lundis?', 'mardis?', 'mercredis?', 'jeudis?', 'vendredis?', 'samedis?', 'dimanches?']),
      onWeekday('le'),
      [/\bminutes\b/giu, 'minutes'],
      [/\bheures\b/giu, 'hours'],
      [/\bjours\b/giu, 'days'],
      ...CLOCK_SUFFIX,
      atClock('à'),
      [/(?<=day|\d)\s+et\s+(?=\d|monday|tuesday|wednesday|thursday|friday|saturday|sunday)/giu, ' and '],
    ],
    lead: /^(?:(?:de|d['’]|que|à)(?=\s|$)|d['’]|[,:–-])\s*/iu,
    unread: /\b(?:demain|aujourd['’]hui|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|heures?)\b/iu,
  },
  es: {
    remindPrefix: /^(?:recuérdame|recuerdame)(?:\s+(?:que|de))?\s*/iu,
    relative: /\ben\s+(\d{1,4})\s+(minutos?|min|horas?|días?|dias?)\b/iu,
    units: [[/^min/iu, MINUTE], [/^hora/iu, HOUR], [/^d[ií]a/iu, DAY]],
    dayParts: [[/\bpor la mañana\b/iu, 9], [/\bpor la tarde\b/iu, 16], [/\bpor la noche\b/iu, 21]],
    every: /^(?:cada|todos los|todas las|diariamente|el (?:primer|último|ultimo) )/iu,
    toEnglish: [
      [/^el (primer|último|ultimo) (\S+) de cada mes\b/giu, 'cada $1 $2 del mes'],
      ...intervals({ everyOther: 'cada dos(?= (?:lunes|martes|miércoles|miercoles|jueves|viernes|sábados?|sabados?|domingos?)\\b)', twoWeeks: 'cada (?:dos|2) semanas', threeWeeks: 'cada (?:tres|3) semanas', ordinals: ['primer', 'segundo', 'tercer', 'cuarto', 'último|ultimo'], days: 'lunes|martes|miércoles|miercoles|jueves|viernes|sábados?|sabados?|domingos?', ofTheMonth: 'del mes|de cada mes' }),
      [/\b(?:entre semana|cada día laborable|todos los días laborables)\b/giu, 'every weekday'],
      [/\b(?:todos los días|cada día|diariamente)\b/giu, 'every day'],
      [/\b(?:cada mañana|todas las mañanas)\b/giu, 'every morning'],
      [/\b(?:cada noche|todas las noches)\b/giu, 'every evening'],
      [/\b(?:cada|todos los|todas las)\b/giu, 'every'],
      ...weekdays(['lunes', 'martes', 'miércoles|miercoles', 'jueves', 'viernes', 'sábados?|sabados?', 'domingos?']),
      onWeekday('el|los'),
      [/\bminutos\b/giu, 'minutes'],
      [/\bhoras\b/giu, 'hours'],
      [/\bdías\b/giu, 'days'],
      ...CLOCK_SUFFIX,
      atClock('a las|a la'),
      [/(?<=day|\d)\s+y\s+(?=\d|monday|tuesday|wednesday|thursday|friday|saturday|sunday)/giu, ' and '],
    ],
    lead: /^(?:(?:que|de|a|el|la)(?=\s|$)|[,:–-])\s*/iu,
    unread: /\b(?:mañana|hoy|lunes|martes|miércoles|jueves|viernes|sábado|domingo|horas?)\b/iu,
  },
  pt: {
    remindPrefix: /^(?:me\s+)?(?:lembra|lembre|lembrar)(?:[- ]me)?(?:\s+(?:de|que))?\s*/iu,
    relative: /\b(?:em|daqui a)\s+(\d{1,4})\s+(minutos?|min|horas?|dias?)\b/iu,
    units: [[/^min/iu, MINUTE], [/^hora/iu, HOUR], [/^dia/iu, DAY]],
    dayParts: [[/\b(?:de|pela) manhã\b/iu, 9], [/\b(?:à|de) tarde\b/iu, 15], [/\b(?:à|de) noite\b/iu, 20]],
    every: /^(?:a cada|cada|todo|toda|todos os|todas as|diariamente)\b/iu,
    toEnglish: [
      [/^a cada\b/giu, 'cada'],
      ...intervals({ everyOther: 'cada (?:duas|2)(?= (?:segundas?|terças?|quartas?|quintas?|sextas?)(?:-feiras?)?\\b| (?:sábados?|domingos?)\\b)', twoWeeks: 'cada (?:duas|2) semanas', threeWeeks: 'cada (?:três|3) semanas', ordinals: ['primeir[ao]', 'segund[ao]', 'terceir[ao]', 'quart[ao]', 'últim[ao]|ultim[ao]'], days: '(?:segunda|terça|quarta|quinta|sexta)(?:-feira)?|sábado|domingo', ofTheMonth: 'do mês|de cada mês' }),
      [/\b(?:dias úteis|todo dia útil|todos os dias úteis)\b/giu, 'every weekday'],
      [/\b(?:todos os dias|todo dia|todo o dia|cada dia|diariamente)\b/giu, 'every day'],
      [/\b(?:toda manhã|todas as manhãs)\b/giu, 'every morning'],
      [/\b(?:toda noite|todas as noites)\b/giu, 'every evening'],
      [/\b(?:cada|todos os|todas as|toda|todo)\b/giu, 'every'],
      ...weekdays(['segundas?(?:-feiras?)?', 'terças?(?:-feiras?)?', 'quartas?(?:-feiras?)?', 'quintas?(?:-feiras?)?', 'sextas?(?:-feiras?)?', 'sábados?', 'domingos?']),
      onWeekday('na|no|às|aos'),
      [/\bminutos\b/giu, 'minutes'],
      [/\bhoras\b/giu, 'hours'],
      [/\bdias\b/giu, 'days'],
      ...CLOCK_SUFFIX,
      atClock('às|as|à'),
      [/(?<=day|\d)\s+e\s+(?=\d|monday|tuesday|wednesday|thursday|friday|saturday|sunday)/giu, ' and '],
    ],
    lead: /^(?:(?:de|que|para|às|a|o)(?=\s|$)|[,:–-])\s*/iu,
    unread: /\b(?:amanhã|hoje|segunda|terça|quarta|quinta|sexta|sábado|domingo|horas?)\b/iu,
  },
  nl: {
    remindPrefix: /^(?:herinner|herinnert)\s+me(?:\s+(?:aan|eraan|om|dat))?\s*/iu,
    relative: /\bover\s+(\d{1,4})\s+(minuten|minuut|min|uur|uren|dagen|dag)\b/iu,
    units: [[/^min/iu, MINUTE], [/^uur|^uren/iu, HOUR], [/^dag/iu, DAY]],
    dayParts: [[/\b(?:'s ochtends|ochtend)\b/iu, 9], [/\b(?:'s middags|middag)\b/iu, 15], [/\b(?:'s avonds|avond)\b/iu, 19]],
    every: /^(?:elke|iedere|elk|ieder|dagelijks|alle|om de)\b/iu,
    toEnglish: [
      ...intervals({ everyOther: 'om de week(?: op)?|om de(?= (?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\\b)', twoWeeks: '(?:elke|iedere|om de) (?:twee|2) weken', threeWeeks: '(?:elke|iedere|om de) (?:drie|3) weken', ordinals: ['eerste', 'tweede', 'derde', 'vierde', 'laatste'], days: 'maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag', ofTheMonth: 'van de maand|van elke maand' }),
      [/\b(?:elke|iedere|om de) (\d+) uur\b/giu, 'every $1 hours'],
      [/\b(?:elke werkdag|iedere werkdag|doordeweeks)\b/giu, 'every weekday'],
      [/\b(?:elke dag|iedere dag|dagelijks)\b/giu, 'every day'],
      [/\b(?:elke ochtend|iedere ochtend)\b/giu, 'every morning'],
      [/\b(?:elke avond|iedere avond)\b/giu, 'every evening'],
      [/\b(?:elke|iedere|elk|ieder)\b/giu, 'every'],
      ...weekdays(['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag']),
      onWeekday('op'),
      [/\bminuten\b/giu, 'minutes'],
      [/\buren\b/giu, 'hours'],
      [/\bdagen\b/giu, 'days'],
      ...CLOCK_SUFFIX,
      atClock('om'),
      [/(?<=day|\d)\s+en\s+(?=\d|monday|tuesday|wednesday|thursday|friday|saturday|sunday)/giu, ' and '],
    ],
    lead: /^(?:(?:aan|om|te|dat|eraan)(?=\s|$)|[,:–-])\s*/iu,
    unread: /\b(?:morgen|vandaag|overmorgen|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|uur)\b/iu,
  },
};

/** JavaScript's `\b` knows only ASCII letters ("\bà" never matches after a space): use Unicode letters. */
const LETTER = '[\\p{L}\\p{N}_]';
const BOUNDARY = `(?:(?<=${LETTER})(?!${LETTER})|(?<!${LETTER})(?=${LETTER}))`;

function unicodeBoundaries(pattern: RegExp): RegExp {
  return new RegExp(pattern.source.replaceAll('\\b', BOUNDARY), pattern.flags.includes('u') ? pattern.flags : `${pattern.flags}u`);
}

function withUnicodeBoundaries(words: TimeWords): TimeWords {
  const pairs = <T>(list: Array<[RegExp, T]>): Array<[RegExp, T]> => list.map(([pattern, value]) => [unicodeBoundaries(pattern), value]);
  return {
    remindPrefix: unicodeBoundaries(words.remindPrefix),
    relative: unicodeBoundaries(words.relative),
    units: pairs(words.units),
    dayParts: pairs(words.dayParts),
    every: unicodeBoundaries(words.every),
    toEnglish: pairs(words.toEnglish),
    lead: unicodeBoundaries(words.lead),
    unread: unicodeBoundaries(words.unread),
  };
}

export const TIME_WORDS = Object.fromEntries(
  Object.entries(WORDS).map(([language, words]) => [language, withUnicodeBoundaries(words)]),
) as Record<Exclude<Language, 'en'>, TimeWords>;
