/**
 * The words of a delivered reminder and its buttons in each language Nudge speaks. Here rather than in the
 * agent's catalogs because the sweeper sends delivered reminders and core does not depend on the agent;
 * the language is the one stored on the reminder when it was set (English when none was).
 */
export interface DeliveredWords {
  done: string;
  tenMinutes: string;
  oneHour: string;
  tomorrow: string;
  /** "(was due 3 h ago)": `ago` is the lateness as formatted by the time language ("3 h", "25 min"). */
  wasDue: (ago: string) => string;
  /** On the one re-send after a send Telegram did not confirm. */
  possibleRepeat: string;
}

const EN: DeliveredWords = {
  done: '✅ Done',
  tenMinutes: '⏰ 10 min',
  oneHour: '⏰ 1 h',
  tomorrow: '⏰ Tomorrow 09:00',
  wasDue: (ago) => `(was due ${ago} ago)`,
  possibleRepeat: '(sent again: Telegram did not confirm the first try, so you may see this twice)',
};

const WORDS: Record<string, DeliveredWords> = {
  en: EN,
  de: {
    done: '✅ Erledigt',
    tenMinutes: '⏰ 10 Min.',
    oneHour: '⏰ 1 Std.',
    tomorrow: '⏰ Morgen 09:00',
    wasDue: (ago) => `(war vor ${ago} fällig)`,
    possibleRepeat: '(noch einmal gesendet: Telegram hat den ersten Versuch nicht bestätigt, vielleicht siehst du sie doppelt)',
  },
  fr: {
    done: '✅ Fait',
    tenMinutes: '⏰ 10 min',
    oneHour: '⏰ 1 h',
    tomorrow: '⏰ Demain 09:00',
    wasDue: (ago) => `(prévu il y a ${ago})`,
    possibleRepeat: "(renvoyé : Telegram n'a pas confirmé le premier envoi, tu le verras peut-être deux fois)",
  },
  es: {
    done: '✅ Hecho',
    tenMinutes: '⏰ 10 min',
    oneHour: '⏰ 1 h',
    tomorrow: '⏰ Mañana 09:00',
    wasDue: (ago) => `(era para hace ${ago})`,
    possibleRepeat: '(enviado de nuevo: Telegram no confirmó el primer intento, quizá lo veas dos veces)',
  },
  pt: {
    done: '✅ Feito',
    tenMinutes: '⏰ 10 min',
    oneHour: '⏰ 1 h',
    tomorrow: '⏰ Amanhã 09:00',
    wasDue: (ago) => `(era para ${ago} atrás)`,
    possibleRepeat: '(enviado de novo: o Telegram não confirmou a primeira tentativa, talvez você veja duas vezes)',
  },
  nl: {
    done: '✅ Klaar',
    tenMinutes: '⏰ 10 min',
    oneHour: '⏰ 1 uur',
    tomorrow: '⏰ Morgen 09:00',
    wasDue: (ago) => `(was ${ago} geleden aan de beurt)`,
    possibleRepeat: '(opnieuw verstuurd: Telegram bevestigde de eerste poging niet, misschien zie je hem twee keer)',
  },
};

/** The words for `language` ("de"), English for anything unknown or absent. */
export function deliveredWords(language: string | undefined): DeliveredWords {
  return (language !== undefined ? WORDS[language] : undefined) ?? EN;
}
