// Entity labels, their Dutch names and the order the page shows them in.

/** @type {{label: import('./pkg/tekstlens.js').EntityLabel, name: string, plural: string}[]} */
export const LABELS = [
  { label: 'ORG', name: 'organisatie', plural: 'Organisaties' },
  { label: 'PER', name: 'persoon', plural: 'Personen' },
  { label: 'LOC', name: 'plaats', plural: 'Plaatsen en landen' },
  { label: 'MISC', name: 'overig', plural: 'Overig (nationaliteiten, programma’s)' },
  { label: 'DATE', name: 'datum', plural: 'Data' },
  { label: 'REF', name: 'verwijzing', plural: 'Verwijzingen' },
];

export const LABEL_NAME = Object.fromEntries(LABELS.map((l) => [l.label, l.name]));

export const SOURCE_NAME = {
  gazetteer: 'naamlijst',
  rule: 'regel',
  model: 'model',
  user: 'eigen lijst',
};

/**
 * Flesch–Douma score to a plain-language band.
 * @param {number} score
 */
export function readabilityBand(score) {
  if (score >= 80) return { band: 'zeer makkelijk', note: 'Makkelijk voor vrijwel iedereen.' };
  if (score >= 70) return { band: 'makkelijk', note: 'Goed te volgen voor de meeste lezers.' };
  if (score >= 60) return { band: 'vrij makkelijk', note: 'Gewone krantentaal.' };
  if (score >= 50) return { band: 'gemiddeld', note: 'Vraagt wat inspanning.' };
  if (score >= 30) return { band: 'moeilijk', note: 'Lange zinnen en lange woorden; niveau hoger onderwijs.' };
  return { band: 'zeer moeilijk', note: 'Zeer lange zinnen en woorden; wetenschappelijk of juridisch niveau.' };
}
