import type { Language } from './languages.ts';

/** "pause #3" / "resume the gym one": the person's own pause, by number or by words in the reminder's text. */
export type PauseRequest =
  | { kind: 'pause' | 'resume'; ref: number }
  | { kind: 'pause-words' | 'resume-words'; words: string };

const N = '#?(\\d{1,9})';

interface PauseWords {
  /** Whole requests with the number in group 1. */
  pauseRef: string[];
  resumeRef: string[];
  /** Whole requests with the words in group 1. */
  pauseWords: string[];
  resumeWords: string[];
}

/** Articles and "reminder" words around the matched text, per language. */
const EN_ART = "(?:the |my )?";
const EN_TAIL = '(?: one| reminder)?';

/**
 * Each language's pause and resume wording. Every pattern is anchored at both ends (a word inside a
 * reminder text never pauses anything), and "continue" / "weiter" alone are left out of the words form:
 * "continue reading" is more likely a reminder to write than a resume.
 */
const WORDS: Record<Language, PauseWords> = {
  en: {
    pauseRef: [`(?:pause|suspend|hold|mute)(?: reminder)? ${N}`],
    resumeRef: [`(?:resume|unpause|restart|reactivate|continue|unmute)(?: reminder)? ${N}`],
    pauseWords: [`(?:pause|suspend) ${EN_ART}(.+?)${EN_TAIL}`],
    resumeWords: [`(?:resume|unpause|reactivate) ${EN_ART}(.+?)${EN_TAIL}`],
  },
  de: {
    pauseRef: [`(?:pausiere|pausier|pausieren|pause|stoppe|halte)(?: erinnerung)? ${N}(?: an)?`, `${N} pausieren`],
    resumeRef: [`(?:setze|setz)(?: erinnerung)? ${N} fort`, `(?:reaktiviere|reaktivier|aktiviere|fortsetzen)(?: erinnerung)? ${N}(?: wieder)?`, `mach ${N} weiter`, `${N} fortsetzen`],
    pauseWords: [`(?:pausiere|pausier) (?:die |den |das |meine |meinen )?(.+?)(?: erinnerung)?`],
    resumeWords: [`(?:setze|setz) (?:die |den |das |meine |meinen )?(.+?)(?: erinnerung)? fort`, `(?:reaktiviere|reaktivier) (?:die |den |das |meine |meinen )?(.+?)(?: erinnerung)?`],
  },
  fr: {
    pauseRef: [`(?:mets|met|mettre)(?: le rappel)? ${N} en pause`, `(?:pause|suspends|suspend)(?: le rappel)? ${N}`],
    resumeRef: [`(?:reprends|reprendre|réactive|réactiver|relance|relancer)(?: le rappel)? ${N}`],
    pauseWords: [`(?:mets|met) (?:le |la |les |l'|mon |ma )?(.+?)(?: rappel)? en pause`, `(?:suspends|suspend) (?:le |la |les |l'|mon |ma )?(.+?)(?: rappel)?`],
    resumeWords: [`(?:reprends|réactive|relance) (?:le |la |les |l'|mon |ma )?(.+?)(?: rappel)?`],
  },
  es: {
    pauseRef: [`(?:pausa|pausar|pon en pausa|poner en pausa|suspende)(?: el recordatorio)? ${N}`],
    resumeRef: [`(?:reanuda|reanudar|reactiva|reactivar|continúa|continua)(?: el recordatorio)? ${N}`],
    pauseWords: [`(?:pausa|pon en pausa|suspende) (?:el de la |el del |el de |la de |el |la |mi )?(.+?)(?: recordatorio)?`],
    resumeWords: [`(?:reanuda|reactiva) (?:el de la |el del |el de |la de |el |la |mi )?(.+?)(?: recordatorio)?`],
  },
  pt: {
    pauseRef: [`(?:pausa|pause|pausar|suspende|suspenda)(?: o lembrete)? ${N}`],
    resumeRef: [`(?:retoma|retome|retomar|reativa|reative|reativar|continua|continue)(?: o lembrete)? ${N}`],
    pauseWords: [`(?:pausa|pause|suspende|suspenda) (?:o da |o do |o de |a da |a do |o |a |meu |minha )?(.+?)(?: lembrete)?`],
    resumeWords: [`(?:retoma|retome|reativa|reative) (?:o da |o do |o de |a da |a do |o |a |meu |minha )?(.+?)(?: lembrete)?`],
  },
  nl: {
    pauseRef: [`(?:pauzeer|pauzeren)(?: herinnering)? ${N}`, `zet(?: herinnering)? ${N} op pauze`],
    resumeRef: [`(?:hervat|hervatten|heractiveer|activeer)(?: herinnering)? ${N}`, `zet(?: herinnering)? ${N} (?:weer )?aan`],
    pauseWords: [`pauzeer (?:de |het |mijn )?(.+?)(?: herinnering)?`, `zet (?:de |het |mijn )?(.+?)(?: herinnering)? op pauze`],
    resumeWords: [`hervat (?:de |het |mijn )?(.+?)(?: herinnering)?`],
  },
};

const anchored = (source: string): RegExp => new RegExp(`^(?:${source})$`, 'iu');

/**
 * Reads a pause or resume request in English or `language` from a normalized message (trimmed, end
 * punctuation and "please" removed); `undefined` when it is not one.
 */
export function readPauseRequest(normalized: string, language: Language | undefined): PauseRequest | undefined {
  const sets = language && language !== 'en' ? [WORDS.en, WORDS[language]] : [WORDS.en];
  for (const words of sets) {
    for (const [kind, sources] of [['pause', words.pauseRef], ['resume', words.resumeRef]] as const) {
      for (const source of sources) {
        const m = anchored(source).exec(normalized);
        if (m) return { kind, ref: Number(m[1]) };
      }
    }
  }
  for (const words of sets) {
    for (const [kind, sources] of [['pause-words', words.pauseWords], ['resume-words', words.resumeWords]] as const) {
      for (const source of sources) {
        const m = anchored(source).exec(normalized);
        if (m?.[1]) return { kind, words: m[1] };
      }
    }
  }
  return undefined;
}
