import { ALL_MINISTRY_CODES, type CommitmentDecided } from '../src';

/**
 * Decisions of data/catalogue/cosinum.catalogue.yaml, as the import records them (ids are the
 * uuid v5 of the externalId, as `commitmentIdFor` computes them). The email decision of
 * 3 December 2020 is in commitment.fixtures.ts.
 */

/** Fiche n°3 of 28 May 2020: every ministry by 30 June 2020, plus the three social operators. */
export const JE_DONNE_MON_AVIS_ID = '5f58a90a-7923-510e-948c-66618bf16387';
export const SOCIAL_OPERATORS = ['POLE_EMPLOI', 'CNAM', 'CNAF'];

export const JE_DONNE_MON_AVIS_DECIDED: CommitmentDecided['data'] = {
  commitmentId: JE_DONNE_MON_AVIS_ID,
  externalId: 'cosinum-2020-05-28-jedonnemonavis-top250',
  title: 'Bouton « JeDonneMonAvis » déployé dans toutes les démarches du Top 250',
  description:
    "S'agissant du déploiement du bouton « JeDonneMonAvis » dans toutes les démarches du top 250 : " +
    "chaque ministère devra l'opérer d'ici le 30 juin 2020. Un délai additionnel est, au regard de " +
    'la situation, possible pour les démarches relevant des opérateurs sociaux Pôle Emploi, CNAM et CNAF.',
  source: {
    document: '000_5777556106af8b3d.txt',
    section: 'Fiche n°3 : Dématérialisation de qualité des démarches administratives',
    decidedOn: '2020-05-28',
  },
  metric: {
    kind: 'percentage',
    unit: '% des démarches du Top 250',
    direction: 'increase',
    target: 100,
  },
  deadline: '2020-06-30',
  deadlineWording: "d'ici le 30 juin 2020",
  ministries: [...ALL_MINISTRY_CODES, ...SOCIAL_OPERATORS],
  allMinistries: false,
  // Followed by the quarterly observatory of online procedures; the rule set's delay applies.
  reporting: { every: 'quarter' },
};

/** TECH.GOUV steering indicator (mission PILOT): slippage of the major projects, 20 % by end 2022. */
export const TECHGOUV_SLIPPAGE_ID = 'a634f91a-2e20-572a-8938-038bd908ec59';

export const TECHGOUV_SLIPPAGE_DECIDED: CommitmentDecided['data'] = {
  commitmentId: TECHGOUV_SLIPPAGE_ID,
  externalId: 'techgouv-kpi-pilot-glissement-grands-projets',
  title:
    'Glissement budgétaire et calendaire des grands projets numériques (panorama) : 20 % fin 2022',
  description:
    'Indicateur de pilotage TECH.GOUV (mission PILOT) : glissement budgétaire et calendaire des ' +
    'grands projets numériques (suivis dans le panorama). Objectif fin 2022 : 20 %. Indicateur à faire baisser.',
  source: {
    document: '004_dc8a99c2b477ef56.txt',
    section: 'Indicateurs de pilotage TECH.GOUV — PILOT',
    decidedOn: '2020-07-01',
  },
  mission: 'PILOT',
  metric: { kind: 'percentage', unit: '% de glissement', direction: 'decrease', target: 20 },
  deadline: '2022-12-31',
  deadlineWording: 'objectif fin 2022',
  ministries: ['DINUM'],
  allMinistries: false,
  // An annual indicator whose figures come out with the yearly update, mid-year (the 2019 ones in
  // the mid-2020 edition): the value of year N is due on 1 July N+1.
  reporting: { every: 'year', delayDays: 182 },
  // The mid-2020 roadmap's projection for the end of 2020: a milestone, never a measured value.
  milestones: [{ on: '2020-12-31', target: 31, label: 'Projection fin 2020' }],
};

/**
 * TECH.GOUV steering indicator (mission DATA): success of the data-sharing service, 80 % by end
 * 2022. Not measured in 2018 and 2019; the mid-2020 roadmap projected 80 % for the end of 2020.
 */
export const TECHGOUV_DECLOISONNEMENT_ID = '551719d0-db99-51d9-a44e-f5906fe20f38';

export const TECHGOUV_DECLOISONNEMENT_DECIDED: CommitmentDecided['data'] = {
  commitmentId: TECHGOUV_DECLOISONNEMENT_ID,
  externalId: 'techgouv-kpi-data-succes-decloisonnement',
  title:
    "Succès du recours au service de décloisonnement de l'information entre administrations : 80 % fin 2022",
  description:
    'Indicateur de pilotage TECH.GOUV (mission DATA) : succès du recours au service de ' +
    "décloisonnement de l'information entre administrations. Non mesuré en 2018 et 2019, " +
    'projection fin 2020 : 80 % ; objectif fin 2022 : 80 %.',
  source: {
    document: '004_dc8a99c2b477ef56.txt',
    section: 'Indicateurs de pilotage TECH.GOUV — DATA',
    decidedOn: '2020-07-01',
  },
  mission: 'DATA',
  metric: { kind: 'percentage', unit: '% de recours réussis', direction: 'increase', target: 80 },
  deadline: '2022-12-31',
  deadlineWording: 'objectif fin 2022',
  ministries: ['DINUM'],
  allMinistries: false,
  reporting: { every: 'year', delayDays: 182 },
  milestones: [{ on: '2020-12-31', target: 80, label: 'Projection fin 2020' }],
};

/** Fiche n°5 of 28 May 2020: the second agents' digital barometer, launched in September 2020. */
export const BNA_ID = '11cdbe06-5916-5234-9610-ac21227dc1db';

export const BNA_DECIDED: CommitmentDecided['data'] = {
  commitmentId: BNA_ID,
  externalId: 'cosinum-2020-05-28-bna-seconde-edition',
  title:
    "Lancement en septembre 2020 de la seconde édition du Baromètre numérique de l'agent (BNA), associant tous les ministères",
  description:
    "La seconde édition du baromètre qui associera l'ensemble des ministères, sera lancée en septembre, " +
    "dans l'objectif de pouvoir intégrer les retours dans les plans d'actions et budgets ministériels 2021.",
  source: {
    document: '000_5777556106af8b3d.txt',
    section: "Fiche n°5 : Baromètre numérique de l'agent (BNA)",
    decidedOn: '2020-05-28',
  },
  metric: { kind: 'boolean', direction: 'increase', target: 1 },
  deadline: '2020-09-30',
  deadlineWording: 'en septembre',
  ministries: ['DINUM'],
  allMinistries: false,
  // A yes/no action: declared once, never expected on a schedule.
  reporting: { every: 'none' },
};
