import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { parseFrenchDate, parseFrenchNumber } from '@cosinum/catalogue';
import { DomainError } from '@cosinum/domain';
import type { FormErrors, FormValues } from './form-kit';

/**
 * The dashboard's forms are checked by the API's own DTOs (one rule for a field, whichever way it
 * comes in) and by the domain's decider; this module turns their refusals, written in English for
 * API clients, into French sentences beside the field at fault. A form's own reading of its strings
 * (a French decimal, a date) comes first, with the helpers below.
 */

/**
 * The number a person typed: `85`, `85,5`, `85.5`, `1 234,5`, `85 %`: read as the progress import
 * reads a spreadsheet cell (one rule for both ways of declaring).
 */
export const readFrenchNumber = (text: string | undefined): number | undefined =>
  text === undefined ? undefined : parseFrenchNumber(text.trim());

/**
 * A date from a date input (`AAAA-MM-JJ`, what browsers send) or typed by hand where the browser
 * offers a text box (`JJ/MM/AAAA`), read as the import reads a date cell. Undefined when it is
 * neither, or not a real day.
 */
export const readFormDate = (text: string | undefined): string | undefined => {
  if (text === undefined) return undefined;
  const date = parseFrenchDate(text.trim());
  return typeof date === 'string' ? date : undefined;
};

/** A trimmed text, or undefined when the field was left empty. */
export const filled = (values: FormValues, name: string): string | undefined => {
  const v = values[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
};

/** The first number of an English message (`… shorter than or equal to 2000 characters`). */
const numberIn = (message: string): string => /(-?\d+(?:\.\d+)?)/.exec(message)?.[1] ?? '';

/** French for each class-validator rule our DTOs use; the English message gives the figures. */
const FRENCH_RULES: Record<string, (message: string) => string> = {
  isNumber: () => 'saisissez un nombre, par exemple 85 ou 85,5',
  isInt: () => 'saisissez un nombre entier',
  min: (m) => `saisissez un nombre supérieur ou égal à ${numberIn(m)}`,
  max: (m) => `saisissez un nombre inférieur ou égal à ${numberIn(m)}`,
  isCalendarDate: () => 'saisissez une date réelle, au format JJ/MM/AAAA',
  maxLength: (m) => `${Number(numberIn(m)).toLocaleString('fr-FR')} caractères au plus`,
  minLength: (m) => `${Number(numberIn(m)).toLocaleString('fr-FR')} caractères au moins`,
  isOrganisationCode: () => 'choisissez un ministère de la liste',
  isMinistrySelection: () => 'choisissez au moins un ministère de la liste',
  isCleanText: () =>
    'ce texte contient des caractères invisibles ou de contrôle, ou il est vide\u202f: retirez-les',
  isEvidenceLink: () => 'saisissez une adresse web complète, commençant par https://',
  isUrl: () => 'saisissez une adresse web complète, commençant par https://',
  isEmail: () => 'saisissez une adresse électronique, par exemple prenom.nom@interieur.gouv.fr',
  isIn: () => 'choisissez une des valeurs proposées',
  isEnum: () => 'choisissez une des valeurs proposées',
  isBoolean: () => 'choisissez oui ou non',
  isString: () => 'saisissez un texte',
  arrayMinSize: () => 'choisissez-en au moins un',
  arrayMaxSize: (m) => `${numberIn(m)} au plus`,
  matches: () => 'cette valeur n’a pas la forme attendue',
  isUUID: () => 'cet identifiant n’a pas la forme attendue',
};

/** « saisissez… » → « Saisissez… »: messages start lower-case to be reusable in a sentence. */
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const frenchErrors = (errors: readonly ValidationError[], parent = ''): [string, string][] =>
  errors.flatMap((error) => {
    const field = !parent
      ? error.property
      : /^\d+$/.test(error.property)
        ? `${parent}[${error.property}]`
        : `${parent}.${error.property}`;
    if (error.value === undefined && error.constraints)
      return [[field, 'Ce champ est obligatoire'] as [string, string]];
    // The most telling rule first: a pattern (`matches`) says less than `isEmail` beside it.
    const own = Object.entries(error.constraints ?? {})
      .filter(([rule]) => rule !== 'whitelistValidation')
      .sort(([a], [b]) => Number(a === 'matches') - Number(b === 'matches'))
      .slice(0, 1)
      .map(
        ([rule, message]) =>
          [
            field,
            capitalised(FRENCH_RULES[rule]?.(message) ?? 'cette valeur n’est pas acceptée'),
          ] as [string, string],
      );
    return [...own, ...frenchErrors(error.children ?? [], field)];
  });

/**
 * Checks a form's body, already read into the DTO's types, with the API's DTO: the instance when
 * it passes, else French errors by field (the first rule each field breaks). Errors the form found
 * itself while reading its strings (`known`) win over the DTO's for the same field.
 */
export const checkWithDto = async <T extends object>(
  dto: ClassConstructor<T>,
  body: Record<string, unknown>,
  known: FormErrors = {},
): Promise<{ readonly value?: T; readonly errors: FormErrors }> => {
  const instance = plainToInstance(dto, body);
  const found = frenchErrors(await validate(instance, { whitelist: true }));
  const errors: Record<string, string> = {};
  for (const [field, message] of found) errors[field] ??= message;
  Object.assign(errors, known);
  return Object.keys(errors).length === 0 ? { value: instance, errors } : { errors };
};

/** What a form shows for a domain refusal: on which field, in French. */
export interface FrenchRefusal {
  readonly field: string;
  readonly message: string;
}

/**
 * The decider's refusals, in French. `fieldOf` moves a refusal to the form's field when the form
 * names it differently; `range` words the metric's range (« entre 0 et 100 »).
 */
export const frenchRefusal = (
  error: DomainError,
  context: { readonly range?: string; readonly fallbackField: string },
): FrenchRefusal => {
  const field = error.field ?? context.fallbackField;
  switch (error.code) {
    case 'COMMITMENT.VALUE_OUT_OF_RANGE':
      return {
        field,
        message: context.range
          ? `Saisissez une valeur ${context.range}`
          : 'Cette valeur sort des bornes de l’indicateur',
      };
    case 'COMMITMENT.DATE_IN_FUTURE':
      return {
        field,
        message: 'Cette date est dans le futur\u202f: indiquez une date passée ou celle du jour',
      };
    case 'COMMITMENT.DATE_TOO_EARLY':
      return { field, message: 'Cette date est antérieure à la décision' };
    case 'COMMITMENT.DEADLINE_NOT_LATER':
      return {
        field,
        message: 'La nouvelle échéance doit être postérieure à l’échéance en vigueur',
      };
    case 'COMMITMENT.MINISTRY_NOT_ASSIGNED':
      return { field, message: 'Cet engagement n’est pas assigné à ce ministère' };
    case 'COMMITMENT.MINISTRY_EXEMPTED':
      return { field, message: 'Ce ministère est exempté de cet engagement' };
    case 'COMMITMENT.ALREADY_EXEMPTED':
      return { field, message: 'Ce ministère est déjà exempté de cet engagement' };
    case 'COMMITMENT.UNKNOWN_MINISTRY':
      return { field, message: 'Choisissez un ministère de la liste' };
    case 'COMMITMENT.ALREADY_WITHDRAWN':
      return {
        field,
        message: 'Cet engagement a été retiré\u202f: plus rien ne peut y être enregistré',
      };
    case 'COMMITMENT.TARGET_UNCHANGED':
      return { field, message: 'La cible saisie est déjà celle en vigueur' };
    case 'COMMITMENT.EXTERNAL_ID_TAKEN':
    case 'COMMITMENT.ALREADY_EXISTS':
      return { field, message: 'Un engagement porte déjà cet identifiant' };
    case 'COMMITMENT.NO_MINISTRY':
      return { field, message: 'Choisissez au moins un ministère' };
    case 'COMMITMENT.MILESTONE_EXISTS':
      return { field, message: 'Un autre jalon tombe déjà ce jour-là' };
    case 'CONTACT.ALREADY_REGISTERED':
      return { field, message: 'Cette adresse reçoit déjà le rappel de ce ministère' };
    case 'CONTACT.NOT_FOUND':
      return { field, message: 'Cette adresse ne figure pas parmi les destinataires' };
    default:
      return { field, message: 'Cette valeur n’est pas acceptée' };
  }
};
