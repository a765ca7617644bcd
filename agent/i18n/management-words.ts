import type { ManagementRequest } from '../management-request.ts';
import type { Language } from './languages.ts';

type Pattern = [RegExp, (m: RegExpExecArray) => ManagementRequest];

const REF = '#?(\\d{1,9})';

/** Builds one language's patterns from its words; every pattern is anchored at both ends. */
function patterns(words: {
  list: string;
  next: string;
  /** "was habe ich (heute|morgen)": group 1 is the day word. */
  day: string;
  today: string;
  cancel: string;
  /** Articles before "the pizza one". */
  article: string;
  /** Words after the matched text ("erinnerung", "one"). */
  tail: string;
  move: string;
  to: string;
  rename: [string, string];
  skip: [string, string];
  skipNext: string;
  done: string;
}): Pattern[] {
  const dayOf = (word: string | undefined): 'today' | 'tomorrow' => (new RegExp(`^(?:${words.today})$`, 'iu').test(word ?? '') ? 'today' : 'tomorrow');
  return [
    [new RegExp(`^(?:${words.list})$`, 'iu'), () => ({ kind: 'list' })],
    [new RegExp(`^(?:${words.next})$`, 'iu'), () => ({ kind: 'next' })],
    [new RegExp(`^(?:${words.day})$`, 'iu'), (m) => ({ kind: 'day', day: dayOf(m[1]) })],
    [new RegExp(`^(?:${words.cancel}) ${REF}$`, 'iu'), (m) => ({ kind: 'cancel', ref: Number(m[1]) })],
    [new RegExp(`^(?:${words.cancel}) (?:(?:${words.article}) )?(.+?)(?: (?:${words.tail}))?$`, 'iu'), (m) => ({ kind: 'cancel-words', words: m[1] ?? '' })],
    [new RegExp(`^(?:${words.move}) ${REF} (?:${words.to}) (.+)$`, 'iu'), (m) => ({ kind: 'move', ref: Number(m[1]), when: m[2] ?? '' })],
    [new RegExp(`^(?:${words.rename[0]}) ${REF} (?:${words.rename[1]}) (.+)$`, 'iu'), (m) => ({ kind: 'rename', ref: Number(m[1]), text: m[2] ?? '' })],
    [new RegExp(`^(?:${words.skip[0]}) ${REF}${words.skip[1]}$`, 'iu'), (m) => ({ kind: 'skip', ref: Number(m[1]) })],
    [new RegExp(`^(?:${words.skipNext})$`, 'iu'), () => ({ kind: 'skip' })],
    [new RegExp(`^(?:(?:${words.done}) ${REF}|${REF} (?:${words.done}))$`, 'iu'), (m) => ({ kind: 'done', ref: Number(m[1] ?? m[2]) })],
  ];
}

/**
 * Management in German, French, Spanish, Portuguese and Dutch: the same requests as the English
 * ones in plain-words.ts ("lösche 2", "supprime la pizza", "mueve #1 a las 21", "o que tenho amanhã").
 */
export const MANAGEMENT_WORDS: Record<Exclude<Language, 'en'>, Pattern[]> = {
  de: patterns({
    list: 'liste|list|meine erinnerungen|erinnerungen|zeig(?:e)? (?:mir )?meine erinnerungen|was habe ich',
    next: 'was kommt als nächstes|was ist als nächstes dran|was steht als nächstes an|nächste erinnerung|was kommt als nächstes dran',
    day: 'was (?:habe ich|steht|ist) (heute|morgen)(?: an)?',
    today: 'heute',
    cancel: 'lösche|lösch|entferne|storniere|streiche',
    article: 'die|den|das|meine|meinen',
    tail: 'erinnerung',
    move: 'verschiebe|verschieb|verlege|verleg',
    to: 'auf|nach|zu',
    rename: ['benenne|nenne', 'um in|in'],
    skip: ['überspringe|überspring', ''],
    skipNext: 'überspringe die nächste|überspring die nächste|die nächste überspringen',
    done: 'erledigt|fertig',
  }),
  fr: patterns({
    list: 'liste|mes rappels|rappels|montre(?:-moi)? mes rappels',
    next: "prochain rappel|c['’]est quoi le prochain(?: rappel)?|quel est le prochain(?: rappel)?|et ensuite",
    day: "qu['’]est-ce que j['’]ai (aujourd['’]hui|demain)|quoi de prévu (aujourd['’]hui|demain)|j['’]ai quoi (aujourd['’]hui|demain)",
    today: "aujourd['’]hui",
    cancel: 'annule|supprime|efface|enlève',
    article: "le|la|les|l['’]|mon|ma",
    tail: 'rappel',
    move: 'déplace|décale|reporte',
    to: 'à|au|pour|a',
    rename: ['renomme', 'en'],
    skip: ['saute', ''],
    skipNext: 'saute le prochain|saute la prochaine',
    done: 'fait|terminé|fini',
  }),
  es: patterns({
    list: 'lista|mis recordatorios|recordatorios|muestra(?:me)? mis recordatorios',
    next: 'cuál es el próximo(?: recordatorio)?|cual es el proximo(?: recordatorio)?|próximo recordatorio|qué sigue|que sigue',
    day: 'qué tengo (hoy|mañana)|que tengo (hoy|mañana)',
    today: 'hoy',
    cancel: 'cancela|borra|elimina|quita',
    article: 'el de la|el del|el de|la de|el|la|los|las|mi',
    tail: 'recordatorio',
    move: 'mueve|cambia|pasa',
    to: 'a|para',
    rename: ['renombra', 'a|como'],
    skip: ['salta|omite', ''],
    skipNext: 'salta el próximo|salta el siguiente|omite el próximo',
    done: 'hecho|listo|terminado',
  }),
  pt: patterns({
    list: 'lista|meus lembretes|lembretes|mostra(?:r)? (?:os )?meus lembretes',
    next: 'qual é o próximo(?: lembrete)?|qual o próximo(?: lembrete)?|próximo lembrete',
    day: 'o que (?:eu )?tenho (hoje|amanhã)',
    today: 'hoje',
    cancel: 'cancela|cancele|apaga|apague|remove|remova|exclui|exclua',
    article: 'o da|o do|o de|a da|a do|o|a|os|as|meu|minha',
    tail: 'lembrete',
    move: 'move|mova|muda|mude|passa|passe',
    to: 'para(?: as| às)?|pra',
    rename: ['renomeia|renomeie|renomear', 'para|como'],
    skip: ['pula|pule', ''],
    skipNext: 'pula o próximo|pule o próximo',
    done: 'feito|concluído|pronto',
  }),
  nl: patterns({
    list: 'lijst|mijn herinneringen|herinneringen|toon(?: mijn)? herinneringen',
    next: 'wat is de volgende(?: herinnering)?|volgende herinnering|wat komt er hierna|wat is het volgende',
    day: 'wat (?:heb ik|staat er) (vandaag|morgen)(?: gepland)?',
    today: 'vandaag',
    cancel: 'annuleer|verwijder|wis|schrap',
    article: 'de|het|mijn',
    tail: 'herinnering',
    move: 'verplaats|verzet|verschuif',
    to: 'naar|tot|op',
    rename: ['hernoem', 'naar|tot|als'],
    skip: ['sla', ' over'],
    skipNext: 'sla de volgende over',
    done: 'klaar|gedaan',
  }),
};
