/**
 * Reference data: the organisations COSINUM decisions are assigned to. Codes are stable and never
 * reused; names are the French names of the 2020-2022 government (Castex), as in the sources.
 */
export type OrganisationKind = 'ministry' | 'operator' | 'directorate';

export interface Organisation {
  readonly code: string;
  readonly name: string;
  readonly shortName: string;
  readonly kind: OrganisationKind;
}

export const ORGANISATIONS: readonly Organisation[] = [
  {
    code: 'SPM',
    kind: 'ministry',
    shortName: 'Premier ministre',
    name: 'Services du Premier ministre',
  },
  {
    code: 'MEAE',
    kind: 'ministry',
    shortName: 'Europe et Affaires étrangères',
    name: "Ministère de l'Europe et des Affaires étrangères",
  },
  {
    code: 'MTE',
    kind: 'ministry',
    shortName: 'Transition écologique',
    name: 'Ministère de la Transition écologique',
  },
  {
    code: 'MCTRCT',
    kind: 'ministry',
    shortName: 'Cohésion des territoires',
    name: 'Ministère de la Cohésion des territoires et des Relations avec les collectivités territoriales',
  },
  {
    code: 'MENJS',
    kind: 'ministry',
    shortName: 'Éducation nationale',
    name: "Ministère de l'Éducation nationale, de la Jeunesse et des Sports",
  },
  {
    code: 'MESRI',
    kind: 'ministry',
    shortName: 'Enseignement supérieur et Recherche',
    name: "Ministère de l'Enseignement supérieur, de la Recherche et de l'Innovation",
  },
  {
    code: 'MEFR',
    kind: 'ministry',
    shortName: 'Économie et Finances',
    name: "Ministère de l'Économie, des Finances et de la Relance",
  },
  { code: 'MINARM', kind: 'ministry', shortName: 'Armées', name: 'Ministère des Armées' },
  { code: 'MI', kind: 'ministry', shortName: 'Intérieur', name: "Ministère de l'Intérieur" },
  {
    code: 'MTEI',
    kind: 'ministry',
    shortName: 'Travail',
    name: "Ministère du Travail, de l'Emploi et de l'Insertion",
  },
  { code: 'MOM', kind: 'ministry', shortName: 'Outre-mer', name: 'Ministère des Outre-mer' },
  { code: 'MJ', kind: 'ministry', shortName: 'Justice', name: 'Ministère de la Justice' },
  { code: 'MC', kind: 'ministry', shortName: 'Culture', name: 'Ministère de la Culture' },
  {
    code: 'MSS',
    kind: 'ministry',
    shortName: 'Solidarités et Santé',
    name: 'Ministère des Solidarités et de la Santé',
  },
  { code: 'MMER', kind: 'ministry', shortName: 'Mer', name: 'Ministère de la Mer' },
  {
    code: 'MAA',
    kind: 'ministry',
    shortName: 'Agriculture',
    name: "Ministère de l'Agriculture et de l'Alimentation",
  },
  {
    code: 'MTFP',
    kind: 'ministry',
    shortName: 'Transformation et Fonction publiques',
    name: 'Ministère de la Transformation et de la Fonction publiques',
  },
  { code: 'POLE_EMPLOI', kind: 'operator', shortName: 'Pôle emploi', name: 'Pôle emploi' },
  {
    code: 'CNAM',
    kind: 'operator',
    shortName: 'Assurance maladie',
    name: "Caisse nationale de l'Assurance maladie",
  },
  {
    code: 'CNAF',
    kind: 'operator',
    shortName: 'Allocations familiales',
    name: 'Caisse nationale des allocations familiales',
  },
  {
    code: 'DINUM',
    kind: 'directorate',
    shortName: 'DINUM',
    name: 'Direction interministérielle du numérique',
  },
];

const BY_CODE = new Map(ORGANISATIONS.map((o) => [o.code, o]));

export const isKnownOrganisation = (code: string): boolean => BY_CODE.has(code);

export const organisation = (code: string): Organisation | undefined => BY_CODE.get(code);

/** What "every ministry" means in a decision: the ministries, not operators nor DINUM. */
export const ALL_MINISTRY_CODES: readonly string[] = ORGANISATIONS.filter(
  (o) => o.kind === 'ministry',
).map((o) => o.code);

export const ORGANISATION_CODES: readonly string[] = ORGANISATIONS.map((o) => o.code);
