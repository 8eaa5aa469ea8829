/** A Monday, 10:00 in Paris: week 2021-W12, after the default 09:00 schedule. */
export const MONDAY_W12 = '2021-03-22T09:00:00Z';

/**
 * Rules that make each seeded commitment land in one section of the digest. The decisions take
 * the default monthly cadence from 20 January 2021: with a delay of 60 days, January's value is due
 * on 1 April, so no seeded item is stale on 22 March and none moves to « à risque » for that.
 */
export const REMINDER_RULES_ENV = {
  WARNING_DAYS: '5',
  STALE_DELAY_DAYS: '60',
  TRAJECTORY_RULE: 'false',
};

export const SCRIPT_TITLE = '<script>alert("x")</script> Téléservices & démarches';

type Request = (
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: { id?: string } }>;

const decision = (externalId: string, title: string, deadline: string, ministries: string[]) => ({
  externalId,
  title,
  description: `Décision de test ${externalId}.`,
  source: { document: 'Relevé de décisions du COSINUM', decidedOn: '2021-01-20' },
  metric: { kind: 'percentage', direction: 'increase', target: 100 },
  deadline,
  ministries,
});

/**
 * MI: two overdue (one with a hostile title), one at risk, one due within 30 days, one far off.
 * MJ: the at-risk one. MC: a contact and nothing to report. Other organisations: no contact.
 */
export const seedReminders = async (request: Request): Promise<Record<string, string>> => {
  const ids: Record<string, string> = {};
  const commitments: [string, string, string, string[]][] = [
    ['late', 'Messagerie accessible à distance', '2021-03-01', ['MI']],
    ['script', SCRIPT_TITLE, '2021-03-15', ['MI']],
    ['close', 'Postes de travail nomades', '2021-03-25', ['MI', 'MJ']],
    ['soon', 'Visioconférence de l’État', '2021-04-15', ['MI']],
    ['far', 'Réseau interministériel', '2021-12-31', ['MI']],
  ];
  for (const [key, title, deadline, ministries] of commitments) {
    const response = await request(
      'POST',
      '/api/commitments',
      decision(`reminders-${key}`, title, deadline, ministries),
    );
    if (response.status !== 201) throw new Error(`seed ${key}: ${response.status}`);
    ids[key] = response.body.id as string;
  }
  const progress = await request('POST', `/api/commitments/${ids.close}/progress`, {
    ministry: 'MI',
    value: 85,
    on: '2021-02-01',
  });
  if (progress.status !== 201) throw new Error(`seed progress: ${progress.status}`);
  const contacts: [string, { email: string; name?: string }][] = [
    ['MI', { email: 'referente@interieur.gouv.fr', name: 'Camille Martin' }],
    ['MI', { email: 'Chef.Projet@Interieur.gouv.fr' }],
    ['MJ', { email: 'numerique@justice.gouv.fr' }],
    ['MC', { email: 'numerique@culture.gouv.fr' }],
  ];
  for (const [code, body] of contacts) {
    const response = await request('POST', `/api/ministries/${code}/contacts`, body);
    if (response.status !== 201) throw new Error(`seed contact ${code}: ${response.status}`);
  }
  return ids;
};
